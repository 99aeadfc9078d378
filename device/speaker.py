"""The speaker part of the agent: synthesize (off the event loop), then play on the sink, one at a time.

While an answer or a ``playBytes`` sound plays, ``busy`` is true: the agent does not feed the wake word
detector then, so the device never wakes itself. ``spans`` (the device's one record of what played when,
``ting.device.speaking_spans``) keeps when it was busy (``speaking_at``) and whose says it spoke: a
microphone chunk is routed by what the device did when it was heard, which a microphone running behind hands
on seconds later (``ting.device.microphone_router``). Earcons do not pause listening (the command follows the
"listening" earcon at once). A failing synthesizer or sink is rebuilt with back-off and the sound tried once
more; then the failure is logged and the sound dropped.

Streaming (``streaming=True``): an answer of several sentences is synthesized one sentence at a time, and
the first plays while the next are synthesized, so speech starts after one sentence's synthesis rather than
the whole text's. When the voice would take longer than ``first_audio_target_seconds`` for the first
sentence (judged from its speed on earlier pieces; unknown at first), the first sentence is cut at its
commas too. ``say`` returns after the last piece has played (``hermes/tts/sayFinished`` follows it);
``stop()`` ends the piece playing and drops the rest of the answer.

``prepare`` (the agent calls it at start) loads the voice and synthesizes a word with it: a Piper voice takes
seconds to load and its first inference is slower than the next, which the first answer would pay.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

import numpy as np
import numpy.typing as npt

from ting.device.audio_out import AudioOutError, decode_wav
from ting.device.earcons import Earcon, earcon_wav
from ting.device.interfaces import AudioSink, Synthesizer
from ting.device.output_trace import OutputTrace, Piece, to_16k_mono
from ting.device.sentences import clauses, sentences
from ting.device.speaking_spans import Playing, Span, SpeakingSpans
from ting.supervise import Backoff

_LOGGER = logging.getLogger(__name__)

WARM_UP_TEXT = {"zh": "好的。", "en": "OK."}


class Speaker:
    def __init__(
        self,
        make_synthesizer: Callable[[], Synthesizer],
        make_sink: Callable[[], AudioSink],
        *,
        volume: float,
        earcons: bool,
        backoff: Backoff,
        restarts: dict[str, int],
        streaming: bool = False,
        first_audio_target_seconds: float = 0.15,
        spans: SpeakingSpans | None = None,
    ) -> None:
        self._make_synthesizer, self._make_sink = make_synthesizer, make_sink
        self._synthesizer: Synthesizer | None = None
        self._sink: AudioSink | None = None
        self.volume = volume
        self.earcons = earcons
        """Play the earcons (``device.earcons``; ``hermes/feedback/sound/toggleOn|Off`` switch it)."""
        self._backoff = backoff
        self._restarts = restarts
        self._lock = asyncio.Lock()
        self._busy = 0
        self.spans = SpeakingSpans() if spans is None else spans
        """What played when (shared with the ringing and the music): the speaker's spans are ``ANSWER``
        ones, open while it is busy, named by the sessions of the says spoken in them."""
        self._span: Span | None = None
        self.last_audio_monotonic = 0.0
        """When the last answer or sound started playing (for latency figures)."""
        self.streaming = streaming
        self.first_audio_target_seconds = first_audio_target_seconds
        self._seconds_per_char: dict[str, float] = {}
        """Language -> the voice's synthesis time per character so far (smoothed)."""
        self._generation = 0
        """Bumped by ``stop()``: an answer started before it plays no further piece."""
        self.trace = OutputTrace()
        """What was played lately: barge-in hits are checked against it (``ting.device.barge_in``)."""
        self._making = asyncio.Lock()

    @property
    def busy(self) -> bool:
        """Speaking an answer or playing a sound (the wake word is paused)."""
        return self._busy > 0

    def speaking_at(self, monotonic: float | None) -> Span | None:
        """The busy span going on at ``monotonic`` (None: now), if it was busy then."""
        if monotonic is None:
            return self._span
        return self.spans.last(Playing.ANSWER, monotonic)

    def _enter(self, session_id: str = "") -> None:
        self._busy += 1
        if self._span is None:
            self._span = self.spans.begin(Playing.ANSWER)
        if session_id:
            self._span.ids.append(session_id)

    def _leave(self) -> None:
        self._busy -= 1
        if self._busy == 0 and self._span is not None:
            self.spans.end(self._span)
            self._span = None

    @property
    def sink(self) -> AudioSink:
        if self._sink is None:
            self._sink = self._make_sink()
        return self._sink

    async def say(self, text: str, lang: str, *, volume: float | None = None, session_id: str = "") -> None:
        """``session_id``: the say's session, kept in the busy span (a stop heard late ends it)."""
        self._enter(session_id)
        generation = self._generation
        try:
            pieces = self.pieces(text, lang)
            if len(pieces) <= 1:
                wav = await self._retry("synthesizer", lambda: self._synthesize(text, lang))
                if wav is not None and generation == self._generation:  # not stopped meanwhile
                    await self._play(wav, volume)
                return
            await self._say_streaming(pieces, lang, volume, generation)
        finally:
            self._leave()

    def pieces(self, text: str, lang: str) -> list[str]:
        """What ``say`` synthesizes one after another: the whole text, or (streaming) its sentences, the first
        cut at commas when the voice is too slow for the latency target."""
        if not self.streaming:
            return [text]
        cut = sentences(text)
        if not cut:
            return [text]
        first_clauses = clauses(cut[0])
        per_char = self._seconds_per_char.get(lang)
        if len(first_clauses) > 1 and (
            per_char is None or per_char * len(cut[0]) > self.first_audio_target_seconds
        ):
            return [first_clauses[0], " ".join(first_clauses[1:]), *cut[1:]]
        return cut

    async def _say_streaming(
        self, pieces: list[str], lang: str, volume: float | None, generation: int
    ) -> None:
        ready: asyncio.Queue[bytes | None] = asyncio.Queue()

        async def synthesize_all() -> None:
            for piece in pieces:
                wav = await self._retry("synthesizer", functools.partial(self._synthesize, piece, lang))
                if wav is not None:
                    ready.put_nowait(wav)

        producer = asyncio.create_task(synthesize_all())
        producer.add_done_callback(lambda _task: ready.put_nowait(None))  # ends the loop however it ends
        try:
            while (wav := await ready.get()) is not None and generation == self._generation:
                await self._play(wav, volume)
        finally:
            producer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await producer

    async def play(self, wav: bytes, *, volume: float | None = None) -> None:
        self._enter()
        try:
            await self._play(wav, volume)
        finally:
            self._leave()

    async def earcon(self, earcon: Earcon) -> None:
        if self.earcons:
            await self._play(earcon_wav(earcon), None)

    async def stop(self) -> None:
        self._generation += 1
        if self._sink is not None:
            await self._sink.stop()

    async def prepare(self, lang: str) -> None:
        """Load the synthesizer and its voice for ``lang``, and synthesize a word with it (not played, and not
        counted in the voice's speed: a first inference is slower). A failure is logged: answers retry."""
        try:
            synthesizer = await self._synthesizer_made()
            started = time.monotonic()
            await asyncio.to_thread(synthesizer.synthesize, WARM_UP_TEXT.get(lang, "OK."), lang)
        except Exception as error:
            _LOGGER.warning("speech not prepared (%r); the first answer loads it", error)
            return
        _LOGGER.info("speech in %s prepared (%.2f s)", lang, time.monotonic() - started)

    async def _synthesizer_made(self) -> Synthesizer:
        async with self._making:  # an answer arriving during prepare() waits for the same synthesizer
            if self._synthesizer is None:
                self._synthesizer = await asyncio.to_thread(self._make_synthesizer)
            return self._synthesizer

    async def _synthesize(self, text: str, lang: str) -> bytes:
        synthesizer = await self._synthesizer_made()
        started = time.monotonic()
        wav = await asyncio.to_thread(synthesizer.synthesize, text, lang)
        per_char = (time.monotonic() - started) / max(len(text), 1)
        known = self._seconds_per_char.get(lang)
        self._seconds_per_char[lang] = per_char if known is None else (known + per_char) / 2
        return wav

    async def _play(self, wav: bytes, volume: float | None) -> None:
        async def play() -> None:
            async with self._lock:
                self.last_audio_monotonic = time.monotonic()
                level = self.volume if volume is None else volume
                audio = self._reference(wav, level)
                pieces: list[Piece] = []

                def started(at: float) -> None:  # stamped by the sink, on the output's clock
                    if audio is not None:
                        pieces.append(self.trace.add(audio, at))

                try:
                    await self.sink.play(wav, volume=level, started=started)
                finally:
                    for piece in pieces:
                        self.trace.cut(piece)

        await self._retry("speaker", play)

    @staticmethod
    def _reference(wav: bytes, volume: float) -> npt.NDArray[np.float32] | None:
        try:
            sound = decode_wav(wav)
        except AudioOutError:
            return None  # the sink says so
        return to_16k_mono(sound.samples, sound.rate_hz) * np.float32(volume)

    async def _retry(self, part: str, attempt: Callable[[], Awaitable[Any]]) -> Any:
        for tries in (1, 2):
            try:
                return await attempt()
            except asyncio.CancelledError:
                raise
            except Exception as error:
                self._restarts[part] = self._restarts.get(part, 0) + 1
                if part == "speaker":
                    self._sink = None
                else:
                    self._synthesizer = None
                if tries == 2:
                    _LOGGER.error("%s failed again (%r); sound dropped", part, error)
                    return None
                wait = self._backoff.next_seconds()
                _LOGGER.error("%s failed (%r); restarting it in %.1f s", part, error, wait)
                await asyncio.sleep(wait)
        return None
