"""The agent's speech recognition: recognizers built ahead of time, and each command recognized while
it is spoken.

``RecognizerPool`` (``ting.device.recognizer_pool``) keeps one recognizer per language, built ahead of
time; ``CommandRecognition`` is one command: what the capture loop hands it is trimmed (``SpeechTrim``: no
leading silence beyond a short pre-roll, no trailing silence window) and fed to the language's
``SpeechStream`` on the agent's single recognition worker, in order, without the capture loop ever
waiting for the decoder. At the end of speech only the engine's final search is left.

A stream that decodes whole utterances (Whisper) may offer ``speculate(tail)``: at the first pause of a
command (``SpeechTrim.pausing``: the trim's margin of silence after speech) it is handed what ``finish``
would get if the command ended there, and decodes it while the endpointer's silence window runs (0.6 s by
default); if no speech follows, ``finish`` returns that result instead of decoding again.

A grammar update during a command: the command finishes on the stream (and grammar) it opened. When that
yields no transcript and the language's grammar changed since, the command's audio is decoded again by the
newer grammar's recognizer (waiting for its build, at most ``NEWER_GRAMMAR_WAIT_SECONDS``):
``RecognizerPool.newer``.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import Executor

from ting.device.command_audio import SpeechTrim
from ting.device.interfaces import (
    SAMPLE_RATE_HZ,
    SAMPLE_WIDTH_BYTES,
    SpeechRecognizer,
    SpeechStream,
    Transcript,
)
from ting.device.memory import release_freed_memory
from ting.device.recognizer_pool import RecognizerPool

_LOGGER = logging.getLogger(__name__)

NEWER_GRAMMAR_WAIT_SECONDS = 30.0
"""How long a command the old grammar could not say waits for the new grammar's recognizer (PocketSphinx
builds the skills' English grammar in a few seconds; more on a loaded Pi)."""


class CommandRecognition:
    """One command, recognized as it is spoken. Loop side: ``feed``, ``finish``, ``cancel`` never block;
    the engine work runs on ``worker`` (a single thread, so feeds stay in order)."""

    def __init__(
        self,
        pool: RecognizerPool,
        lang: str,
        worker: Executor,
        trim: SpeechTrim,
        *,
        feed_seconds: float = 0.09,
        keep_seconds: float = 0.0,
        speculate: bool = True,
    ) -> None:
        self.lang = lang
        self._keep_bytes = int(keep_seconds * SAMPLE_RATE_HZ) * SAMPLE_WIDTH_BYTES
        self._kept: list[bytes] = []
        self._kept_bytes = 0
        self._pool = pool
        self._worker = worker
        self._trim = trim
        self._feed_bytes = int(feed_seconds * SAMPLE_RATE_HZ) * SAMPLE_WIDTH_BYTES
        self._batch: list[bytes] = []
        self.received_seconds = 0.0
        """Command audio handed to ``feed`` (before trimming)."""
        self._closed = False
        self._cancelled = False
        self._speculate_at_pauses = speculate
        self._speculated = not speculate
        """A decode of the audio so far was asked for since the last speech was released (or never will)."""
        self._recognizer: SpeechRecognizer | None = None
        self._stream: SpeechStream | None = None
        self._fed: list[bytes] = []
        """What the stream was fed (worker side): decoded again when a newer grammar may say it."""
        self._error: Exception | None = None
        """The first failure on the worker; ``finish`` raises it."""
        worker.submit(self._open)

    @property
    def heard_speech(self) -> bool:
        """Voiced audio was heard (and is being decoded)."""
        return self._trim.started

    # -- loop side ---------------------------------------------------------------------------

    def feed(self, pcm: bytes) -> None:
        if self._closed:
            return
        self.received_seconds += len(pcm) / (SAMPLE_RATE_HZ * SAMPLE_WIDTH_BYTES)
        released = self._trim.push(pcm)
        if released:
            self._batch.append(released)
            self._keep(released)
            self._speculated = not self._speculate_at_pauses
        if sum(map(len, self._batch)) >= self._feed_bytes:
            self._flush()
        if not self._speculated and self._trim.pausing:
            self._speculated = True
            self._flush()
            self._worker.submit(self._speculate, self._trim.tail())

    async def finish(self) -> Transcript:
        """The end of speech: the transcript of what was said (raises what the engine raised)."""
        if self._closed:
            raise RuntimeError("this command was already finished or cancelled")
        self._closed = True
        rest = self._trim.finish()
        self._batch.append(rest)
        self._keep(rest)
        self._flush()
        transcript = self._worker.submit(self._finish)
        # after the transcript, on the same worker (never before it): a Whisper decode leaves ~30 MB
        # (base, 10 s window) freed but held by the allocator, on top of the agent's steady size
        self._worker.submit(release_freed_memory)
        return await asyncio.wrap_future(transcript)

    def cancel(self) -> None:
        """Nothing to recognize (nothing said, the session ended): the stream is abandoned."""
        if not self._closed:
            self._closed, self._cancelled, self._batch = True, True, []
            self._worker.submit(self._cancel)

    @property
    def audio(self) -> bytes:
        """What the recognizer was given (16 kHz s16le), up to ``keep_seconds``; empty when not kept."""
        return b"".join(self._kept)

    def _keep(self, pcm: bytes) -> None:
        room = self._keep_bytes - self._kept_bytes
        if room > 0 and pcm:
            self._kept.append(pcm[: room - room % SAMPLE_WIDTH_BYTES])
            self._kept_bytes += len(self._kept[-1])

    def _flush(self) -> None:
        pcm, self._batch = b"".join(self._batch), []
        if pcm:
            self._worker.submit(self._feed, pcm)

    # -- worker side ---------------------------------------------------------------------------

    def _open(self) -> None:
        try:
            self._recognizer = self._pool.get(self.lang)
            self._stream = self._recognizer.stream()
        except Exception as error:
            self._error = error

    def _feed(self, pcm: bytes) -> None:
        if self._stream is None or self._error is not None:
            return
        try:
            self._stream.feed(pcm)
            self._fed.append(pcm)
        except Exception as error:
            self._error = error

    def _speculate(self, tail: bytes) -> None:
        speculate = getattr(self._stream, "speculate", None)
        if speculate is None or self._error is not None or self._cancelled:
            # an engine that decodes as it is fed has nothing to gain; nor a cancelled command (a finished
            # one does: when nothing was said since, this decode is the one finish() returns)
            return
        try:
            speculate(tail)
        except Exception as error:  # only a guess: the decode at the end of speech reports for real
            _LOGGER.warning("speech recognizer (%s) failed on the audio so far: %s", self.lang, error)

    def _finish(self) -> Transcript:
        if self._error is not None:
            raise self._error
        assert self._stream is not None and self._recognizer is not None
        transcript = self._stream.finish()
        if transcript.text.strip() or not self._fed:
            return transcript
        newer = self._pool.newer(self.lang, self._recognizer, NEWER_GRAMMAR_WAIT_SECONDS)
        if newer is None:
            return transcript
        _LOGGER.info("speech recognizer (%s): nothing heard in the old grammar; now the new one's", self.lang)
        audio, self._fed = b"".join(self._fed), []
        return newer.transcribe(audio)

    def _cancel(self) -> None:
        self._fed = []
        if self._error is not None:
            _LOGGER.error("speech recognizer (%s) failed (nothing was said): %s", self.lang, self._error)
            self._pool.drop(self.lang)
        elif self._stream is not None:
            try:
                self._stream.cancel()
            except Exception as error:
                _LOGGER.warning("speech recognizer (%s) failed to cancel: %s", self.lang, error)
