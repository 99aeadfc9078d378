"""A command's audio: without the end of the wake phrase, and trimmed of silence before recognition.

The end of the wake phrase is not part of the command.

Keyphrase spotters fire as soon as the phrase's last sound *starts* matching, often 0.2–0.5 s
before the speaker finished it ("hey t|ing"). Fed to the endpointer, that tail counts as speech;
the usual short pause before the command then ends the "command" at once, and the recognizer gets
nothing but "-ing" (an empty transcript). ``WakeTail`` drops audio after a detection while it is
still voiced, up to a short gap of silence or ``max_seconds`` (a phrase run straight into the
command loses at most that much).

``trim_silence`` keeps the voiced part (plus a margin): grammar decoders (PocketSphinx's FSG search
above all) spend most of their time, and find most of their wrong paths, in leading and trailing silence.
``SpeechTrim`` does the same while the command is spoken, for a recognizer fed as the audio arrives.
"""

from __future__ import annotations

import webrtcvad

from ting.device.interfaces import SAMPLE_RATE_HZ, SAMPLE_WIDTH_BYTES, AudioChunk

FRAME_SECONDS = 0.03
_FRAME_BYTES = int(SAMPLE_RATE_HZ * FRAME_SECONDS) * SAMPLE_WIDTH_BYTES


class WakeTail:
    def __init__(
        self, *, gap_seconds: float = 0.09, max_seconds: float = 0.6, aggressiveness: int = 2
    ) -> None:
        self.gap_seconds = gap_seconds
        self.max_seconds = max_seconds
        self._vad = webrtcvad.Vad(aggressiveness)
        self.reset(active=False)

    def reset(self, *, active: bool = True) -> None:
        """``active``: a wake phrase was just heard (a re-opened session has no tail to skip)."""
        self.active = active
        self.skipped_seconds = 0.0
        self._silence_seconds = 0.0

    def command_audio(self, chunk: AudioChunk) -> AudioChunk | None:
        """The part of ``chunk`` that belongs to the command (None: all of it was the wake tail)."""
        if not self.active:
            return chunk
        pcm = chunk.pcm
        for offset in range(0, len(pcm), _FRAME_BYTES):
            frame = pcm[offset : offset + _FRAME_BYTES]
            voiced = len(frame) == _FRAME_BYTES and self._vad.is_speech(frame, SAMPLE_RATE_HZ)
            self._silence_seconds = 0.0 if voiced else self._silence_seconds + FRAME_SECONDS
            self.skipped_seconds += FRAME_SECONDS
            if self._silence_seconds >= self.gap_seconds - 1e-9 or self.skipped_seconds >= self.max_seconds:
                self.active = False
                rest = pcm[offset + len(frame) :]
                start = chunk.start_seconds + (offset + len(frame)) / (SAMPLE_RATE_HZ * SAMPLE_WIDTH_BYTES)
                return AudioChunk(rest, start) if rest else None
        return None


def trim_silence(pcm: bytes, *, margin_seconds: float = 0.15, aggressiveness: int = 2) -> bytes:
    """``pcm`` from its first to its last voiced 30 ms frame, widened by ``margin_seconds``."""
    vad = webrtcvad.Vad(aggressiveness)
    voiced = [
        offset
        for offset in range(0, len(pcm) - _FRAME_BYTES + 1, _FRAME_BYTES)
        if vad.is_speech(pcm[offset : offset + _FRAME_BYTES], SAMPLE_RATE_HZ)
    ]
    if not voiced:
        return pcm
    margin = int(margin_seconds * SAMPLE_RATE_HZ) * SAMPLE_WIDTH_BYTES
    return pcm[max(0, voiced[0] - margin) : voiced[-1] + _FRAME_BYTES + margin]


class SpeechTrim:
    """``trim_silence`` while the command is spoken: what to hand the recognizer, as it arrives.

    Before the first voiced frame only the last ``margin_seconds`` (the pre-roll) are kept; after it,
    unvoiced frames are held back and released only when speech follows, so a pause inside the command
    is decoded but the trailing silence (the endpointer's window) is not: ``finish()`` releases at most
    ``margin_seconds`` of it.
    """

    def __init__(self, *, margin_seconds: float = 0.15, aggressiveness: int = 2) -> None:
        self.margin_frames = round(margin_seconds / FRAME_SECONDS)
        self._vad = webrtcvad.Vad(aggressiveness)
        self._pending = b""
        self._held: list[bytes] = []
        self.started = False
        """A voiced frame was heard (the pre-roll and everything since are being released)."""

    def push(self, pcm: bytes) -> bytes:
        """Audio of the command as it arrives; returns what may be decoded now (often ``b""``)."""
        self._pending += pcm
        released: list[bytes] = []
        while len(self._pending) >= _FRAME_BYTES:
            frame, self._pending = self._pending[:_FRAME_BYTES], self._pending[_FRAME_BYTES:]
            if self._vad.is_speech(frame, SAMPLE_RATE_HZ):
                self.started = True
                released += [*self._held, frame]
                self._held = []
            else:
                self._held.append(frame)
                if not self.started:
                    del self._held[: -self.margin_frames or len(self._held)]
        return b"".join(released)

    @property
    def pausing(self) -> bool:
        """Speech was heard and at least ``margin_seconds`` of silence followed: if the command ends here,
        ``finish`` releases ``tail()``."""
        return self.started and len(self._held) >= self.margin_frames

    def tail(self) -> bytes:
        """What ``finish`` would release now (without releasing it)."""
        return b"".join(self._held[: self.margin_frames]) if self.started else b""

    def finish(self) -> bytes:
        """The end of the command: the trailing margin (nothing if no speech was heard)."""
        held, self._held, self._pending = self._held, [], b""
        return b"".join(held[: self.margin_frames]) if self.started else b""
