"""End of speech: webrtcvad on 30 ms frames, a silence window, a maximum length and a no-speech timeout."""

from __future__ import annotations

import webrtcvad

from ting.device.interfaces import SAMPLE_RATE_HZ, SAMPLE_WIDTH_BYTES, AudioChunk

FRAME_SECONDS = 0.03
_FRAME_BYTES = int(SAMPLE_RATE_HZ * FRAME_SECONDS) * SAMPLE_WIDTH_BYTES


class VadEndpointer:
    """Speech has ended after ``silence_seconds`` of silence that follows at least ``min_speech_seconds``
    of speech, or after ``max_command_seconds`` in all, or after ``no_speech_timeout_seconds`` of nothing.
    """

    def __init__(
        self,
        *,
        silence_seconds: float = 0.6,
        max_command_seconds: float = 10.0,
        no_speech_timeout_seconds: float = 4.0,
        min_speech_seconds: float = 0.15,
        aggressiveness: int = 2,
    ) -> None:
        self.silence_seconds = silence_seconds
        self.max_command_seconds = max_command_seconds
        self.no_speech_timeout_seconds = no_speech_timeout_seconds
        self.min_speech_seconds = min_speech_seconds
        self._vad = webrtcvad.Vad(aggressiveness)
        self.reset()

    def reset(self) -> None:
        self._pending = b""
        self.elapsed_seconds = 0.0
        self.speech_seconds = 0.0
        """Voiced audio in the current run of speech (or in all, once speech was heard)."""
        self.trailing_silence_seconds = 0.0
        self._heard = False
        self._ended = False

    @property
    def heard_speech(self) -> bool:
        return self._heard

    def process(self, chunk: AudioChunk) -> bool:
        if self._ended:
            return True
        self._pending += chunk.pcm
        while len(self._pending) >= _FRAME_BYTES and not self._ended:
            frame, self._pending = self._pending[:_FRAME_BYTES], self._pending[_FRAME_BYTES:]
            self._ended = self._frame(self._vad.is_speech(frame, SAMPLE_RATE_HZ))
        return self._ended

    def _frame(self, voiced: bool) -> bool:
        self.elapsed_seconds += FRAME_SECONDS
        if voiced:
            self.speech_seconds += FRAME_SECONDS
            self.trailing_silence_seconds = 0.0
            self._heard = self._heard or self.speech_seconds >= self.min_speech_seconds
        else:
            self.trailing_silence_seconds += FRAME_SECONDS
            if not self._heard:
                self.speech_seconds = 0.0  # a click is not speech: voiced frames must be consecutive
        if self._heard and self.trailing_silence_seconds >= self.silence_seconds - 1e-9:
            return True
        if self.elapsed_seconds >= self.max_command_seconds - 1e-9:
            return True
        return not self._heard and self.elapsed_seconds >= self.no_speech_timeout_seconds - 1e-9
