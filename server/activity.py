"""What the dashboard shows live, from the MQTT traffic the server already sees.

- **Turns**: per site, one conversation turn: wake word → transcript → intent and slots → answer, each
  step with the time it arrived and the latency from the step before (server receive times: what a
  user waits for, broker hops included).
- **Sites**: when each site was last heard from and what it is doing (its heartbeat's state, else the
  last step seen: listening after a wake word, speaking after a say, ringing after a ring).

Listeners (the Live page's event streams) get every changed turn; a slow listener loses the oldest
updates, never blocks the MQTT consumer.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from ting.hermes.asr import AsrAudioCaptured, AsrTextCaptured
from ting.hermes.nlu import NluIntent, NluIntentNotRecognized, NluQuery
from ting.hermes.tts import TtsSay, TtsSayFinished
from ting.hermes.wake import HotwordDetected
from ting.messages import AlarmRing, AlarmStop, DeviceHeartbeat
from ting.server.command_audio import CommandAudio
from ting.server.router import Route

_LOGGER = logging.getLogger(__name__)

TURN_OPEN_SECONDS = 60.0
"""A step more than this after a turn began starts a new turn (a lost answer must not glue two turns)."""
MAX_TURNS = 200
MAX_QUEUED_UPDATES = 100


@dataclass(frozen=True)
class Step:
    kind: str
    """``wake``, ``transcript``, ``intent``, ``not_recognized``, ``answer``."""
    text: str
    at_unix: float
    latency_ms: int | None
    """Since the step before in the same turn (None for the first)."""
    detail: dict[str, Any] = field(default_factory=dict)
    """Intent steps: ``intent``, ``confidence``, ``slots`` (name -> value)."""


@dataclass(frozen=True)
class Turn:
    number: int
    """Unique in this server's run; the Live page replaces an entry by it."""
    site_id: str
    started_unix: float
    steps: tuple[Step, ...] = ()
    session_id: str | None = None
    audio_id: str | None = None
    """The command's audio kept by ``command_audio`` (the device sent it), for the page to play."""

    @property
    def answered(self) -> bool:
        return any(step.kind == "answer" for step in self.steps)

    def with_step(self, step: Step) -> Turn:
        return replace(self, steps=(*self.steps, step))


@dataclass(frozen=True)
class SiteSeen:
    site_id: str
    last_seen_unix: float
    doing: str
    """``idle``, ``listening``, ``understanding``, ``speaking``, ``ringing`` (or a heartbeat's state)."""


class Activity:
    def __init__(self, clock: Callable[[], float] = time.time, *, kept_audio: int = 0) -> None:
        self._clock = clock
        self.audio = CommandAudio(kept_audio)
        self._turns: deque[Turn] = deque(maxlen=MAX_TURNS)
        self._open: dict[str, Turn] = {}
        self._sites: dict[str, SiteSeen] = {}
        self._listeners: set[asyncio.Queue[Turn]] = set()
        self._numbers = 0

    def routes(self) -> list[Route]:
        handlers = {
            HotwordDetected.subscription(): self._on_hotword,
            AsrTextCaptured.TOPIC: self._on_transcript,
            AsrAudioCaptured.subscription(): self._on_audio,
            NluQuery.TOPIC: self._on_query,
            NluIntent.subscription(): self._on_intent,
            NluIntentNotRecognized.TOPIC: self._on_not_recognized,
            TtsSay.TOPIC: self._on_say,
            TtsSayFinished.TOPIC: self._on_say_finished,
            DeviceHeartbeat.subscription(): self._on_heartbeat,
            AlarmRing.subscription(): self._on_ring,
            AlarmStop.subscription(): self._on_stop,
        }
        return [Route(topic_filter, handler) for topic_filter, handler in handlers.items()]

    # -- reading ----------------------------------------------------------------------------

    def turns(self, site_id: str | None = None) -> list[Turn]:
        """Newest first."""
        return [t for t in reversed(self._turns) if site_id is None or t.site_id == site_id]

    def sites(self) -> dict[str, SiteSeen]:
        return dict(self._sites)

    @contextmanager
    def listening(self) -> Iterator[asyncio.Queue[Turn]]:
        """A queue of changed turns while the block runs."""
        queue: asyncio.Queue[Turn] = asyncio.Queue(MAX_QUEUED_UPDATES)
        self._listeners.add(queue)
        try:
            yield queue
        finally:
            self._listeners.discard(queue)

    # -- handlers ---------------------------------------------------------------------------

    async def _on_hotword(self, topic: str, payload: bytes) -> None:
        message = HotwordDetected.from_mqtt(topic, payload)
        self._seen(message.site_id, "listening")
        turn = self._new_turn(message.site_id, message.session_id)
        self._add(turn, "wake", message.wakeword_id, {})

    async def _on_transcript(self, topic: str, payload: bytes) -> None:
        message = AsrTextCaptured.from_mqtt(topic, payload)
        self._seen(message.site_id, "understanding")
        self._add(self._turn(message.site_id, message.session_id), "transcript", message.text, {})

    async def _on_audio(self, topic: str, payload: bytes) -> None:
        """The command's audio goes with its turn (the one of its session, else the site's open one)."""
        clip = self.audio.add(AsrAudioCaptured.from_mqtt(topic, payload))
        if clip is None:
            return
        turn = next((t for t in reversed(self._turns) if t.session_id == clip.session_id), None)
        turn = turn or self._turn(clip.site_id, clip.session_id)
        changed = replace(turn, audio_id=clip.id)
        self._replace(turn, changed)
        self._tell(changed)

    async def _on_query(self, topic: str, payload: bytes) -> None:
        """Typed text (a chat bridge, the demo) is a transcript; after a satellite's ``textCaptured`` the
        dialogue manager's query repeats the transcript and adds no step."""
        message = NluQuery.from_mqtt(topic, payload)
        turn = self._turn(message.site_id, message.session_id)
        if not any(step.kind == "transcript" for step in turn.steps):
            self._add(turn, "transcript", message.input, {})

    async def _on_intent(self, topic: str, payload: bytes) -> None:
        message = NluIntent.from_mqtt(topic, payload)
        self._seen(message.site_id, "understanding")
        slots = {slot.slot_name: slot.value.get("value", slot.raw_value) for slot in message.slots}
        detail = {
            "intent": message.intent.intent_name,
            "confidence": message.intent.confidence_score,
            "slots": slots,
        }
        self._add(self._turn(message.site_id, message.session_id), "intent", message.input, detail)

    async def _on_not_recognized(self, topic: str, payload: bytes) -> None:
        message = NluIntentNotRecognized.from_mqtt(topic, payload)
        self._seen(message.site_id, "understanding")
        self._add(self._turn(message.site_id, message.session_id), "not_recognized", message.input, {})

    async def _on_say(self, topic: str, payload: bytes) -> None:
        message = TtsSay.from_mqtt(topic, payload)
        self._seen(message.site_id, "speaking", heard=False)
        turn = self._open.get(message.site_id)
        if turn is None or not self._fits(turn, message.session_id):
            turn = self._new_turn(message.site_id, message.session_id)
        self._add(turn, "answer", message.text, {})
        self._open.pop(message.site_id, None)

    async def _on_say_finished(self, topic: str, payload: bytes) -> None:
        self._seen(TtsSayFinished.from_mqtt(topic, payload).site_id, "idle")

    async def _on_heartbeat(self, topic: str, payload: bytes) -> None:
        message = DeviceHeartbeat.from_mqtt(topic, payload)
        self._seen(message.site_id, message.state)

    async def _on_ring(self, topic: str, payload: bytes) -> None:
        self._seen(AlarmRing.from_mqtt(topic, payload).site_id, "ringing", heard=False)

    async def _on_stop(self, topic: str, payload: bytes) -> None:
        self._seen(AlarmStop.from_mqtt(topic, payload).site_id, "idle", heard=False)

    # -- bookkeeping ------------------------------------------------------------------------

    def _seen(self, site_id: str, doing: str, *, heard: bool = True) -> None:
        """``heard``: the site itself sent this (a say or a ring is the server's, not a sign of life)."""
        before = self._sites.get(site_id)
        last = self._clock() if heard or before is None else before.last_seen_unix
        self._sites[site_id] = SiteSeen(site_id, last, doing)

    def _fits(self, turn: Turn, session_id: str | None) -> bool:
        fresh = self._clock() - turn.started_unix < TURN_OPEN_SECONDS
        same = session_id is None or turn.session_id is None or session_id == turn.session_id
        return fresh and same

    def _turn(self, site_id: str, session_id: str | None) -> Turn:
        turn = self._open.get(site_id)
        if turn is not None and self._fits(turn, session_id):
            return turn
        return self._new_turn(site_id, session_id)

    def _new_turn(self, site_id: str, session_id: str | None) -> Turn:
        self._numbers += 1
        turn = Turn(number=self._numbers, site_id=site_id, started_unix=self._clock(), session_id=session_id)
        self._open[site_id] = turn
        self._turns.append(turn)
        return turn

    def _add(self, turn: Turn, kind: str, text: str, detail: dict[str, Any]) -> None:
        now = self._clock()
        latency = round((now - turn.steps[-1].at_unix) * 1000) if turn.steps else None
        changed = turn.with_step(Step(kind, text, now, latency, detail))
        if changed.session_id is None:
            changed = replace(changed, session_id=turn.session_id)
        self._replace(turn, changed)
        self._tell(changed)

    def _replace(self, old: Turn, new: Turn) -> None:
        for index in range(len(self._turns) - 1, -1, -1):
            if self._turns[index].number == old.number:
                self._turns[index] = new
                break
        if self._open.get(old.site_id) is old:
            self._open[old.site_id] = new

    def _tell(self, turn: Turn) -> None:
        for queue in self._listeners:
            if queue.full():  # a stalled page loses its oldest update, the consumer never waits
                queue.get_nowait()
            queue.put_nowait(turn)
