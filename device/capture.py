"""The command being spoken: microphone audio from the end of the wake word to the end of speech, fed to
the recognizer while it arrives.

``CommandCapture`` is the microphone side of a conversation. ``WakeTail`` drops what is left of the wake
phrase, the endpointer decides when the command is over, and ``CommandRecognition`` decodes it on the
recognition worker meanwhile (``ting.device.recognition``). The conversation (``ting.device.conversation``)
opens it when it listens and cancels it when it ends.
"""

from __future__ import annotations

import logging
from concurrent.futures import Executor

from ting.device.command_audio import SpeechTrim, WakeTail
from ting.device.interfaces import AudioChunk, SpeechEndpointer
from ting.device.recognition import CommandRecognition
from ting.device.recognizer_pool import RecognizerPool

_LOGGER = logging.getLogger(__name__)


class CommandCapture:
    def __init__(
        self,
        recognizers: RecognizerPool,
        worker: Executor,
        *,
        vad_aggressiveness: int,
        keep_seconds: float = 0.0,
    ) -> None:
        """``keep_seconds``: each command keeps that much of its audio (``CommandRecognition.audio``)."""
        self._recognizers = recognizers
        self._keep_seconds = keep_seconds
        self._worker = worker
        self._vad_aggressiveness = vad_aggressiveness
        self._wake_tail = WakeTail(aggressiveness=vad_aggressiveness)
        self._endpointer: SpeechEndpointer | None = None
        """The capture loop's; a restarted capture brings a new one (``start``)."""
        self._recognition: CommandRecognition | None = None

    def start(self, endpointer: SpeechEndpointer) -> None:
        """The capture loop (re)started with this endpointer (a command being heard goes on with it)."""
        self._endpointer = endpointer

    def open(self, lang: str, *, after_wake: bool) -> None:
        """A new command in ``lang``; ``after_wake``: its first audio may still hold the wake phrase."""
        self.cancel()
        trim = SpeechTrim(aggressiveness=self._vad_aggressiveness)
        self._recognition = CommandRecognition(
            self._recognizers, lang, self._worker, trim, keep_seconds=self._keep_seconds
        )
        self._wake_tail.reset(active=after_wake)
        if self._endpointer is not None:
            self._endpointer.reset()

    def feed(self, chunk: AudioChunk) -> bool:
        """Microphone audio while listening; True at the end of speech (then ``take`` the command)."""
        if self._endpointer is None:
            return False
        command = self._wake_tail.command_audio(chunk)
        if command is None:
            return False
        if self._recognition is not None:
            self._recognition.feed(command.pcm)
        return self._endpointer.process(command)

    def take(self) -> CommandRecognition | None:
        """At the end of speech: the command's recognition, or None when nothing was said (then it is
        cancelled)."""
        recognition, self._recognition = self._recognition, None
        if recognition is None:
            return None
        if self._endpointer is None or not self._endpointer.heard_speech:
            recognition.cancel()
            return None
        return recognition

    def cancel(self) -> None:
        """Drop the command being captured; its recognizer stream is cancelled on the worker."""
        recognition, self._recognition = self._recognition, None
        if recognition is not None:
            _LOGGER.debug("command capture cancelled after %.2f s", recognition.received_seconds)
            recognition.cancel()
