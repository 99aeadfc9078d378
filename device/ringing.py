"""Ringing: the device's side of ``ting/alarm/<siteId>/ring`` / ``stop`` (``ting.messages.AlarmRing`` /
``AlarmStop``; contract in docs/alarms.md).

On ``ring`` the device cycles until ``stop`` arrives, ``max_ring_seconds`` pass or it is replaced by
another ring::

    alarm sound (generated, rising) → the ring's ``text`` spoken in its ``lang`` → a listening gap → …

The volume rises from cycle to cycle (``start_volume`` → the device volume over ``ramp_seconds``) and
within each sound (every beep louder than the one before). The wake word stays paused the whole time
(the agent hands ``feed`` every chunk heard while a ring went on). There is no echo cancellation, so the
microphone is only *used* in the gaps: audio heard while our own sound plays is dropped. In a gap the
endpointer runs **without a wake word**; while the user is speaking the next cycle waits. What was
said is recognized with a small grammar (``RING_PHRASES``, where the engine takes phrases),
understood by the device NLU limited to ``alarm.stop`` / ``alarm.snooze`` and published as the usual
``hermes/intent/...`` for this site; the server then stops (or snoozes) and publishes ``stop``,
which ends the ringing here.

What was heard when decides, not when it is handled (a microphone running behind hands chunks on seconds
late): each ring is a ``RINGING`` span in the device's record (``ting.device.speaking_spans``, shared with
the speaker), and a chunk is heard in a gap when it was heard during a ring and not over the speaker's own
sound. So a stop said in a gap and handled after the ring ended (its limit) or was replaced is still
understood in that ring's language and published, and audio heard over the beeps or before the ring
began is never taken for an answer to it. A ring the server has stopped (``stop``) takes no more answers.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import cache

import numpy as np

from ting.device.audio_out import encode_wav
from ting.device.command_audio import trim_silence
from ting.device.interfaces import AudioChunk, SpeechEndpointer, SpeechRecognizer
from ting.device.nlu import DeviceNlu
from ting.device.speaker import Speaker
from ting.device.speaking_spans import Playing, Span
from ting.hermes import Message
from ting.messages import AlarmRing, AlarmStop

_LOGGER = logging.getLogger(__name__)

RING_INTENTS = ("alarm.stop", "alarm.snooze")
RING_PHRASES: dict[str, tuple[str, ...]] = {
    "en": (
        "stop",
        "stop it",
        "stop the alarm",
        "stop ringing",
        "turn it off",
        "turn off the alarm",
        "alarm off",
        "i'm up",
        "i'm awake",
        "snooze",
        "snooze it",
        "snooze the alarm",
        *(f"snooze for {n} minutes" for n in ("two", "five", "ten", "fifteen", "twenty", "thirty")),
        "snooze for one minute",
        *(f"give me {n} more minutes" for n in ("five", "ten")),
    ),
    "zh": (
        "别响了",
        "不要响了",
        "别吵了",
        "停",
        "停止",
        "关掉",
        "关掉闹钟",
        "闹钟关掉",
        "我醒了",
        "我起来了",
        "再睡一会儿",
        "再睡一会",
        *(f"再睡{n}分钟" for n in ("两", "五", "十", "十五", "二十", "三十")),
        "贪睡",
    ),
}
"""What the recognizer listens for while ringing (each understood by the alarms skill's sentences)."""

RATE_HZ = 16_000


@cache
def alarm_sound(beeps: int = 4) -> bytes:
    """Beep pairs (880/1320 Hz, soft edges), each louder than the one before, as a 16 kHz WAV file."""
    parts = []
    for index in range(beeps):
        amplitude = 0.25 + 0.6 * index / max(beeps - 1, 1)
        for frequency in (880.0, 1320.0):
            t = np.arange(int(RATE_HZ * 0.12)) / RATE_HZ
            envelope = np.minimum(1.0, np.minimum(t, t[::-1]) / 0.01)
            parts.append(amplitude * envelope * np.sin(2 * np.pi * frequency * t))
        parts.append(np.zeros(int(RATE_HZ * 0.16)))
    signal = np.concatenate(parts)
    return encode_wav((signal * 32767).astype(np.int16), RATE_HZ)


@dataclass
class Ring:
    item_id: str
    text: str
    lang: str
    max_seconds: float
    started: float
    answered: bool = False
    """The server stopped it: what was heard in it and is handled later is not published."""


class Ringing:
    """Owned by the agent: ``on_ring`` / ``on_stop`` for the server's messages, ``feed`` for mic audio."""

    def __init__(
        self,
        *,
        site_id: str,
        speaker: Speaker,
        nlu: DeviceNlu,
        make_endpointer: Callable[[], SpeechEndpointer],
        recognizer: Callable[[str], SpeechRecognizer],
        publish: Callable[[Message], Awaitable[None]],
        emit: Callable[[str, str], None],
        volume: float,
        default_lang: str = "en",
        vad_aggressiveness: int = 2,
    ) -> None:
        self.site_id = site_id
        self._speaker, self._nlu = speaker, nlu
        self._make_endpointer, self._recognizer = make_endpointer, recognizer
        self._publish, self._emit = publish, emit
        self.volume = volume
        self.start_volume = 0.3
        """First cycle's volume, as a share of ``volume``."""
        self.ramp_seconds = 30.0
        self.listen_seconds = 3.0
        """The quiet gap after each cycle in which stop/snooze is heard."""
        self.default_max_seconds = 300.0
        self._default_lang = default_lang
        self._vad_aggressiveness = vad_aggressiveness
        self.ring: Ring | None = None
        self._rings: dict[str, Ring] = {}
        """The last few rings by item id (a chunk heard during one may come after it ended)."""
        self._span: Span | None = None
        self._fed: tuple[Ring, bool] | None = None
        """The ring the last chunk was heard in, and whether that chunk was heard in one of its gaps."""
        self._task: asyncio.Task[None] | None = None
        self._endpointer: SpeechEndpointer | None = None
        self._listening = False
        self._heard: list[bytes] = []
        self._recognizing: asyncio.Task[None] | None = None
        self.stopped_reason: str | None = None
        self._chores: set[asyncio.Task[None]] = set()

    @property
    def active(self) -> bool:
        return self._task is not None and not self._task.done()

    def topics(self) -> tuple[str, str]:
        """This site's ring and stop topics (the agent subscribes to these only)."""
        return AlarmRing.topic(site_id=self.site_id), AlarmStop.topic(site_id=self.site_id)

    # -- messages ----------------------------------------------------------------------------

    def on_ring(self, ring: AlarmRing) -> None:
        if ring.site_id != self.site_id:
            _LOGGER.warning("ring %s is for site %s, not %s: ignored", ring.id, ring.site_id, self.site_id)
            return
        if self.active:
            self.stop("replaced")
        lang = ring.lang or self._default_lang
        max_seconds = ring.max_ring_seconds or self.default_max_seconds
        self.ring = Ring(ring.id, ring.text, lang, max_seconds, time.monotonic())
        self._rings[ring.id] = self.ring
        while len(self._rings) > 8:
            del self._rings[next(iter(self._rings))]
        self._span = self._speaker.spans.begin(Playing.RINGING, ring.id)
        self.stopped_reason = None
        self._emit("ring", f"{ring.text} ({lang}, {ring.kind.value})")
        self._task = asyncio.create_task(self._run(self.ring))

    def on_stop(self, stop: AlarmStop) -> None:
        """Stops the ring if it is the one named (or any, when ``id`` is None) and this site's."""
        if stop.site_id != self.site_id:
            _LOGGER.warning("stop for site %s, not %s: ignored", stop.site_id, self.site_id)
            return
        if self.ring is not None and (stop.id is None or stop.id == self.ring.item_id):
            self.ring.answered = True  # the server closed it: a stop heard in it, handled late, is not news
            self.stop(stop.reason.value)

    def stop(self, reason: str) -> None:
        if self._task is None or self._task.done():
            return
        self._end(reason)
        self._task.cancel()
        quiet = asyncio.create_task(self._speaker.stop())  # interrupts the sound playing now
        self._chores.add(quiet)
        quiet.add_done_callback(self._chores.discard)

    def _end(self, reason: str) -> None:
        if self.stopped_reason is None:
            self.stopped_reason = reason
            self._emit("ring_stopped", reason)
        if self._span is not None:
            self._speaker.spans.end(self._span)
            self._span = None
        self._listening = False

    async def close(self) -> None:
        for task in (self._task, self._recognizing):
            if task is not None:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)

    # -- the sound/speech cycle ----------------------------------------------------------------

    def cycle_volume(self, ring: Ring) -> float:
        share = min(1.0, (time.monotonic() - ring.started) / max(self.ramp_seconds, 1e-6))
        return self.volume * (self.start_volume + (1.0 - self.start_volume) * share)

    async def _run(self, ring: Ring) -> None:
        try:
            async with asyncio.timeout(ring.max_seconds):
                while True:
                    await self._cycle(ring)
        except TimeoutError:
            self._end("limit")
            await self._speaker.stop()

    async def _cycle(self, ring: Ring) -> None:
        self._listening = False
        volume = self.cycle_volume(ring)
        await self._speaker.play(alarm_sound(), volume=volume)
        if ring.text:
            await self._speaker.say(ring.text, ring.lang, volume=max(volume, self.volume * 0.6))
        self._open_gap()
        await asyncio.sleep(self.listen_seconds)
        while self._busy_listening():  # noqa: ASYNC110 (changed by feed(), a plain call per chunk)
            await asyncio.sleep(0.05)

    def _busy_listening(self) -> bool:
        """The user is speaking, or what was said is being worked out."""
        speaking = self._listening and self._endpointer is not None and self._endpointer.heard_speech
        return speaking or (self._recognizing is not None and not self._recognizing.done())

    def _open_gap(self) -> None:
        # the endpointer starts afresh on the first chunk *heard* in the gap (``feed``), not now: a microphone
        # running behind may still be handing on the last gap
        self._listening = True
        self._emit("ring_listening", "")

    # -- listening without the wake word -------------------------------------------------------

    def heard_in(self, heard_monotonic: float) -> Ring | None:
        """The ring going on when a chunk was heard, if one was (and is known still)."""
        span = self._speaker.spans.last(Playing.RINGING, heard_monotonic)
        return self._rings.get(span.ids[0]) if span is not None and span.ids else None

    def feed(self, chunk: AudioChunk, heard_monotonic: float | None = None) -> None:
        """Microphone audio heard while a ring went on (``heard_monotonic``; None: now), never given to the
        wake word detector: used when heard in one of the ring's gaps."""
        heard = time.monotonic() if heard_monotonic is None else heard_monotonic
        ring = self.heard_in(heard)
        if ring is None or ring.answered:
            return
        in_gap = self._speaker.speaking_at(heard) is None
        fed, self._fed = self._fed, (ring, in_gap)
        if not in_gap:
            return  # over our own sound (no echo cancellation)
        if self._recognizing is not None and not self._recognizing.done():
            return
        if self._endpointer is None:
            self._endpointer = self._make_endpointer()
        if fed is None or fed[0] is not ring or not fed[1]:  # the first chunk heard in this gap
            self._endpointer.reset()
            self._heard = []
        self._heard.append(chunk.pcm)
        if not self._endpointer.process(chunk):
            if not self._endpointer.heard_speech and len(self._heard) > 8:
                self._heard = self._heard[-8:]  # keep a little lead-in, not all the silence
            return
        pcm, self._heard = b"".join(self._heard), []
        if self._endpointer.heard_speech:
            self._recognizing = asyncio.create_task(self._understand(ring, pcm))
        self._endpointer.reset()

    async def _understand(self, ring: Ring, pcm: bytes) -> None:
        pcm = trim_silence(pcm, aggressiveness=self._vad_aggressiveness)
        try:
            recognizer = self._recognizer(ring.lang)
            phrases = RING_PHRASES.get(ring.lang)
            transcript = await asyncio.to_thread(recognizer.transcribe, pcm, phrases=phrases)
        except Exception as error:
            _LOGGER.error("speech recognizer (%s) failed while ringing: %s", ring.lang, error)
            return
        self._emit("ring_heard", repr(transcript.text))
        query, recognition = self._nlu.understand(
            transcript.text,
            lang=ring.lang,
            site_id=self.site_id,
            session_id=uuid.uuid4().hex,
            wakeword_id=None,
            asr_confidence=transcript.confidence,
            intent_filter=RING_INTENTS,
        )
        if recognition is None or ring.answered:
            return
        self._emit("ring_intent", recognition.intent_name)
        await self._publish(self._nlu.to_intent(query, recognition))
