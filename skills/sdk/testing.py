"""A skill author's kit: run your skill's sentences and handlers in your own tests, no server needed.

Everything here behaves like the server's part it stands for (values in the store go through JSON,
the home is the same simulation the demo household runs on, the clock is the household's), so a
test that passes here means the same on a real server::

    from ting.skills.sdk.testing import SkillHarness

    async def test_water() -> None:
        harness = await SkillHarness.create(skill, now="2026-12-02T07:30:00")
        answer = await harness.ask("water the plants", lang="en")
        assert answer.text == "Watered."
        assert await harness.services.store.get("last_watered") == "2026-12-02T07:30:00+08:00"

``harness.ask`` runs the utterance through the same NLU as the server (your sentence files and the
household), then your handler, and returns its ``Response``; ``harness.understand`` returns only what
the NLU made of it. The parts (``MemoryStore``, ``FixedClock``, ``MemoryAlarms``, ``RecordingPush``,
``SimulatedHome``) can be used on their own through ``make_services``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from ting.errors import SkillError
from ting.nlu import IntentRecognizer, Recognition, SentenceFile, detect_language
from ting.nlu.registry import Household, load_household
from ting.skills.sdk.alarms import ACTIVE_STATES, Item, ItemKind, ItemState
from ting.skills.sdk.home import HomeBackend
from ting.skills.sdk.request import IntentRequest
from ting.skills.sdk.response import Response
from ting.skills.sdk.services import LastAnswer, Services, SkillInfo
from ting.skills.sdk.simulated_home import SimulatedHome
from ting.skills.sdk.skill import Skill

DEFAULT_ZONE = "Asia/Shanghai"


class MemoryStore:
    """``SkillStore`` in memory; values round-trip through JSON as in the server's store."""

    def __init__(self) -> None:
        self._values: dict[str, str] = {}

    async def get(self, key: str, default: Any = None) -> Any:
        return json.loads(self._values[key]) if key in self._values else default

    async def put(self, key: str, value: Any) -> None:
        self._values[key] = json.dumps(value, ensure_ascii=False)  # TypeError: not storable, as on a server

    async def delete(self, key: str) -> None:
        self._values.pop(key, None)

    async def items(self) -> dict[str, Any]:
        return {key: json.loads(value) for key, value in self._values.items()}


@dataclass
class FixedClock:
    """``Clock`` standing still at ``moment`` until ``advance`` moves it."""

    moment: datetime

    @classmethod
    def at(cls, moment: str | datetime, zone: str = DEFAULT_ZONE) -> FixedClock:
        """``FixedClock.at("2026-12-02T07:30:00")``: a naive time is household time in ``zone``."""
        parsed = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
        tz = ZoneInfo(zone)
        return cls(parsed.replace(tzinfo=tz) if parsed.tzinfo is None else parsed.astimezone(tz))

    @property
    def zone(self) -> ZoneInfo:
        assert isinstance(self.moment.tzinfo, ZoneInfo)
        return self.moment.tzinfo

    def now(self) -> datetime:
        return self.moment

    def advance(self, seconds: float) -> None:
        self.moment += timedelta(seconds=seconds)


@dataclass
class RecordingPush:
    """``PushService`` that keeps what was sent; ``channels`` are the channels every event goes to."""

    channels: tuple[str, ...] = ("family",)
    sent: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)

    async def notify(self, event: str, text: str, data: Mapping[str, Any] | None = None) -> None:
        self.sent.append((event, text, dict(data or {})))

    def channels_for(self, event: str) -> Sequence[str]:
        return self.channels


class MemoryAlarms:
    """``Alarms`` in memory, on a ``FixedClock``: items are kept and changed as on a server; nothing rings
    by itself (``ring(item_id)`` makes one ring, so ``stop`` and ``snooze`` can be tested). A
    recurring alarm's first time is taken as given."""

    def __init__(self, clock: FixedClock, *, snooze_seconds: float = 300.0) -> None:
        self._clock = clock
        self._snooze_seconds = snooze_seconds
        self._items: dict[str, Item] = {}

    @property
    def snooze_seconds(self) -> float:
        return self._snooze_seconds

    def now(self) -> datetime:
        return self._clock.now()

    async def add_alarm(
        self, *, site_id: str, when: datetime, recurrence: str | None = None, label: str | None = None,
        lang: str = "zh",
    ) -> Item:  # fmt: skip
        wall = self._local(when).time().isoformat() if recurrence else None
        return self._add(ItemKind.ALARM, site_id, self._local(when).timestamp(), lang=lang, label=label,
                         recurrence=recurrence, wall_time=wall)  # fmt: skip

    async def add_timer(
        self, *, site_id: str, seconds: float, label: str | None = None, lang: str = "zh"
    ) -> Item:
        due = self.now().timestamp() + seconds
        return self._add(
            ItemKind.TIMER, site_id, due, lang=lang, label=label, duration_seconds=round(seconds)
        )

    async def add_reminder(self, *, site_id: str, when: datetime, message: str, lang: str = "zh") -> Item:
        return self._add(
            ItemKind.REMINDER, site_id, self._local(when).timestamp(), lang=lang, message=message
        )

    async def items(self, kind: ItemKind | None = None, site_id: str | None = None) -> list[Item]:
        found = [
            item
            for item in self._items.values()
            if item.state in ACTIVE_STATES and kind in (None, item.kind) and site_id in (None, item.site_id)
        ]
        return sorted(found, key=lambda item: item.due_unix)

    async def get(self, item_id: str) -> Item | None:
        return self._items.get(item_id)

    async def cancel(self, item_id: str) -> bool:
        return self._items.pop(item_id, None) is not None

    async def change(self, item: Item, when: datetime) -> Item:
        return self._put(item.with_(due_unix=self._local(when).timestamp(), state=ItemState.PENDING))

    async def pause(self, item: Item) -> Item:
        remaining = self.remaining_seconds(item)
        return self._put(item.with_(state=ItemState.PAUSED, remaining_seconds=remaining))

    async def resume(self, item: Item) -> Item:
        due = self.now().timestamp() + (item.remaining_seconds or 0.0)
        return self._put(item.with_(state=ItemState.PENDING, due_unix=due, remaining_seconds=None))

    def remaining_seconds(self, item: Item) -> float:
        if item.state is ItemState.PAUSED:
            return item.remaining_seconds or 0.0
        return max(0.0, item.due_unix - self.now().timestamp())

    def ring(self, item_id: str) -> Item:
        """Make an item ring now (a test's stand-in for its time coming)."""
        return self._put(self._items[item_id].with_(state=ItemState.RINGING))

    async def stop(self, site_id: str) -> Item | None:
        ringing = self._ringing(site_id)
        return self._put(ringing.with_(state=ItemState.DONE)) if ringing else None

    async def snooze(self, site_id: str, seconds: float | None = None) -> Item | None:
        ringing = self._ringing(site_id)
        if ringing is None:
            return None
        due = self.now().timestamp() + (seconds or self._snooze_seconds)
        return self._put(ringing.with_(state=ItemState.PENDING, due_unix=due, snoozed=True))

    def _ringing(self, site_id: str) -> Item | None:
        return next(
            (i for i in self._items.values() if i.site_id == site_id and i.state is ItemState.RINGING), None
        )

    def _local(self, when: datetime) -> datetime:
        zone = self._clock.zone
        return when.replace(tzinfo=zone) if when.tzinfo is None else when.astimezone(zone)

    def _add(self, kind: ItemKind, site_id: str, due_unix: float, **fields: Any) -> Item:
        created = self.now().timestamp()
        item = Item(kind=kind, site_id=site_id, due_unix=due_unix, zone=self._clock.zone.key,
                    created_unix=created, **fields)  # fmt: skip
        return self._put(item)

    def _put(self, item: Item) -> Item:
        self._items[item.id] = item
        return item


@dataclass
class StaticSkills:
    """``SkillCatalog`` listing the given skills."""

    infos: list[SkillInfo] = field(default_factory=list)

    def skills(self) -> list[SkillInfo]:
        return list(self.infos)


@dataclass
class MemoryAnswers:
    """``AnswerLog``; ``record`` what a test wants "that" to be."""

    answers: dict[str, LastAnswer] = field(default_factory=dict)

    def last(self, site_id: str) -> LastAnswer | None:
        return self.answers.get(site_id)

    def record(self, site_id: str, text: str, intent: str = "test.answer", lang: str = "zh") -> None:
        self.answers[site_id] = LastAnswer(text=text, intent=intent, lang=lang)


async def make_services(
    *,
    household: Household | None = None,
    clock: FixedClock | None = None,
    store: MemoryStore | None = None,
    home: HomeBackend | None = None,
    skills: Sequence[Skill] = (),
    settings: object | None = None,
) -> Services:
    """Services like a server's: the demo household (``ting/data/demo-home.yaml``) unless one is given, a
    ``FixedClock`` at the current time in Asia/Shanghai, and the simulated home on its own store."""
    household = household or load_household(None)
    clock = clock or FixedClock.at(datetime.now(ZoneInfo(DEFAULT_ZONE)).replace(microsecond=0))
    home = home or await SimulatedHome.load(MemoryStore(), household)
    infos = [SkillInfo(s.name, s.description, tuple(sorted(s.handlers))) for s in skills]
    return Services(
        store=store or MemoryStore(),
        clock=clock,
        household=household,
        home=home,
        alarms=MemoryAlarms(clock),
        push=RecordingPush(),
        skills=StaticSkills(infos),
        answers=MemoryAnswers(),
        settings=settings,
    )


class SkillHarness:
    """A skill (or several) with its sentences compiled and its services, as a server would run it."""

    def __init__(self, skills: Sequence[Skill], services: Services, recognizer: IntentRecognizer) -> None:
        self.skills = tuple(skills)
        self.services = services
        self.recognizer = recognizer

    @classmethod
    async def create(
        cls,
        *skills: Skill,
        now: str | datetime | None = None,
        zone: str = DEFAULT_ZONE,
        household: Household | None = None,
        settings: object | None = None,
    ) -> SkillHarness:
        """Compile the skills' sentences, build the services, run the skills' start hooks."""
        clock = FixedClock.at(now, zone) if now is not None else None
        services = await make_services(household=household, clock=clock, skills=skills, settings=settings)
        files = [
            SentenceFile(skill.name, lang, path)
            for skill in skills
            for lang, path in skill.sentence_files().items()
        ]
        recognizer = IntentRecognizer.from_files(files, services.household)
        for skill in skills:
            for hook in skill.start_hooks:
                await hook(services)
        return cls(skills, services, recognizer)

    @property
    def clock(self) -> FixedClock:
        assert isinstance(self.services.clock, FixedClock)
        return self.services.clock

    def understand(
        self, text: str, *, lang: str | None = None, site_id: str = "default"
    ) -> Recognition | None:
        """What the NLU makes of ``text`` said on ``site_id`` (None: not understood)."""
        household_now = self.services.clock.now().replace(tzinfo=None)
        area = self.services.household.area_for_site(site_id)
        return self.recognizer.recognize(text, lang=lang, area=area, now=household_now)

    async def ask(self, text: str, *, lang: str | None = None, site_id: str = "default") -> Response:
        """``text`` through the NLU and the handler, as if said on ``site_id``; ``SkillError`` when
        nothing is understood (a test of a refusal asserts ``understand(...) is None`` instead)."""
        recognition = self.understand(text, lang=lang, site_id=site_id)
        if recognition is None:
            raise SkillError(f"not understood: {text!r}")
        request = IntentRequest(
            intent=recognition.intent_name,
            slots=recognition.slot_values(),
            raw_slots={slot.name: slot.raw_value for slot in recognition.slots},
            text=text,
            lang=lang or recognition.lang or detect_language(text),
            site_id=site_id,
            area=self.services.household.area_for_site(site_id),
        )
        return await self.handle(request)

    async def handle(self, request: IntentRequest) -> Response:
        """Run the handler of ``request.intent`` (bypassing the NLU)."""
        for skill in self.skills:
            handler = skill.handlers.get(request.intent)
            if handler is not None:
                return await handler(request, self.services)
        raise SkillError(f"no skill here handles {request.intent}")

    def with_settings(self, settings: object) -> SkillHarness:
        """The same skills and state with other settings (``services.config(...)``)."""
        return SkillHarness(self.skills, replace(self.services, settings=settings), self.recognizer)


__all__ = [
    "FixedClock",
    "MemoryAlarms",
    "MemoryAnswers",
    "MemoryStore",
    "RecordingPush",
    "SimulatedHome",
    "SkillHarness",
    "StaticSkills",
    "make_services",
]
