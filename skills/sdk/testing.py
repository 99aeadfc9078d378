"""A skill author's kit: run your skill's sentences and handlers in your own tests, no server needed.

Everything here behaves like the server's part it stands for (values in the store go through JSON
and unstorable ones are refused, the home is the same simulation the demo household runs on, the
clock is the household's, settings are checked as a ``[skills.<name>]`` table is), so a test that
passes here means the same on a real server::

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
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from ting.clock import Clock
from ting.errors import SkillError, StoreError
from ting.nlu import IntentRecognizer, Recognition, SentenceFile, detect_language
from ting.nlu.registry import Household, load_household
from ting.settings import SkillTable, skill_settings
from ting.skills.sdk.home import HomeBackend
from ting.skills.sdk.media import Media
from ting.skills.sdk.memory_alarms import MemoryAlarms
from ting.skills.sdk.memory_media import MemoryMedia
from ting.skills.sdk.memory_schedules import MemorySchedules, RecordingAnnouncer
from ting.skills.sdk.request import IntentRequest
from ting.skills.sdk.response import Response
from ting.skills.sdk.schedules import ScheduledRun
from ting.skills.sdk.services import LastAnswer, Services, SkillInfo
from ting.skills.sdk.simulated_home import SimulatedHome
from ting.skills.sdk.skill import Skill

DEFAULT_ZONE = "Asia/Shanghai"


class MemoryStore:
    """``SkillStore`` in memory; values round-trip through JSON as in the server's store, and a value
    JSON cannot hold (a set, a datetime, NaN) is refused with ``StoreError`` as there."""

    def __init__(self) -> None:
        self._values: dict[str, str] = {}

    async def get(self, key: str, default: Any = None) -> Any:
        return json.loads(self._values[key]) if key in self._values else default

    async def put(self, key: str, value: Any) -> None:
        try:
            self._values[key] = json.dumps(value, ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError) as error:
            raise StoreError(f"store {key}: value is not JSON-serializable: {error}") from None

    async def delete(self, key: str) -> None:
        self._values.pop(key, None)

    async def items(self) -> dict[str, Any]:
        return {key: json.loads(value) for key, value in self._values.items()}


@dataclass
class FixedClock:
    """``Clock`` standing still at ``moment`` (aware, in a ``ZoneInfo`` zone) until ``advance`` moves it."""

    moment: datetime

    def __post_init__(self) -> None:
        if not isinstance(self.moment.tzinfo, ZoneInfo):
            raise SkillError(
                f"FixedClock needs a time in a named zone, got {self.moment!r} (use FixedClock.at(...))"
            )

    @classmethod
    def at(cls, moment: str | datetime, zone: str = DEFAULT_ZONE) -> FixedClock:
        """``FixedClock.at("2026-12-02T07:30:00")``: a naive time is household time in ``zone``; an aware
        one is the same instant, seen in ``zone``."""
        parsed = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
        tz = ZoneInfo(zone)
        return cls(parsed.replace(tzinfo=tz) if parsed.tzinfo is None else parsed.astimezone(tz))

    @property
    def zone(self) -> ZoneInfo:
        assert isinstance(self.moment.tzinfo, ZoneInfo)  # checked in __post_init__
        return self.moment.tzinfo

    def now(self) -> datetime:
        return self.moment

    def advance(self, seconds: float) -> None:
        """Move on by ``seconds`` of elapsed time, across a daylight-saving change too (adding to an
        aware datetime moves its wall clock, not the instant)."""
        instant = self.moment.astimezone(UTC) + timedelta(seconds=seconds)
        self.moment = instant.astimezone(self.zone)


@dataclass
class RecordingPush:
    """``PushService`` that keeps what was sent; ``channels`` are the channels every event goes to."""

    channels: tuple[str, ...] = ("family",)
    sent: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)

    async def notify(self, event: str, text: str, data: Mapping[str, Any] | None = None) -> None:
        self.sent.append((event, text, dict(data or {})))

    def channels_for(self, event: str) -> Sequence[str]:
        return self.channels


@dataclass
class StaticSkills:
    """``SkillCatalog`` listing the given skills."""

    infos: list[SkillInfo] = field(default_factory=list)

    def skills(self) -> list[SkillInfo]:
        return list(self.infos)


@dataclass
class MemoryAnswers:
    """``AnswerLog``; the harness records every answer but the push skill's, as the server does, and a
    test may ``record`` what it wants "that" to be."""

    answers: dict[str, LastAnswer] = field(default_factory=dict)

    def last(self, site_id: str) -> LastAnswer | None:
        return self.answers.get(site_id)

    def record(self, site_id: str, text: str, intent: str = "test.answer", lang: str = "zh") -> None:
        self.answers[site_id] = LastAnswer(text=text, intent=intent, lang=lang)


def skill_infos(skills: Sequence[Skill]) -> list[SkillInfo]:
    """What ``services.skills`` lists for ``skills``, as on the server."""
    return [SkillInfo(s.name, s.description, tuple(sorted(s.handlers))) for s in skills]


async def make_services(
    *,
    household: Household | None = None,
    clock: FixedClock | None = None,
    store: MemoryStore | None = None,
    home: HomeBackend | None = None,
    skills: Sequence[Skill] = (),
    settings: object | None = None,
    media: Media | None = None,
) -> Services:
    """Services like a server's: the demo household (``ting/data/demo-home.yaml``) unless one is given, a
    ``FixedClock`` at the current time in Asia/Shanghai, and the simulated home on its own store."""
    household = household or load_household(None)
    clock = clock or FixedClock.at(datetime.now(ZoneInfo(DEFAULT_ZONE)).replace(microsecond=0))
    home = home or await SimulatedHome.load(MemoryStore(), household)
    return Services(
        store=store or MemoryStore(),
        clock=clock,
        household=household,
        home=home,
        alarms=MemoryAlarms(clock),
        push=RecordingPush(),
        skills=StaticSkills(skill_infos(skills)),
        answers=MemoryAnswers(),
        media=media or MemoryMedia(),
        schedules=MemorySchedules(clock),
        announcer=RecordingAnnouncer(),
        settings=settings,
    )


def settings_for(skill: Skill, given: object | Mapping[str, Any] | None) -> object | None:
    """``skill``'s settings as the server would hand them: ``given`` as an instance of the skill's
    settings class, or a mapping checked as its ``[skills.<name>]`` table; None: the class's defaults."""
    if skill.settings is None:
        if given is not None:
            raise SkillError(f"skill {skill.name} declares no settings class (Skill(settings=...))")
        return None
    if given is None or isinstance(given, Mapping):
        table = SkillTable(values=dict(given), origin="test") if given is not None else None
        return skill_settings(skill.name, table, skill.settings)  # ConfigError, as on a server
    if not isinstance(given, skill.settings):
        raise SkillError(
            f"skill {skill.name} takes {skill.settings.__name__} settings, not {type(given).__name__}"
        )
    return given


class SkillHarness:
    """Skills with their sentences compiled and their services, as a server would run them.

    Each skill has its own store and settings (``services_of(name)``); the clock, household, home,
    alarms, push, skill list and answer log are shared. ``services`` is the first skill's."""

    def __init__(
        self, skills: Sequence[Skill], services: Mapping[str, Services], recognizer: IntentRecognizer
    ) -> None:
        if not skills:
            raise SkillError("a SkillHarness needs at least one skill")
        self.skills = tuple(skills)
        self._services = dict(services)
        self.recognizer = recognizer

    @classmethod
    async def create(
        cls,
        *skills: Skill,
        now: str | datetime | None = None,
        zone: str = DEFAULT_ZONE,
        household: Household | None = None,
        settings: object | Mapping[str, Any] | None = None,
        media: Media | None = None,
    ) -> SkillHarness:
        """Compile the skills' sentences (``SkillError`` naming the file when they do not), build the
        services, run the skills' start hooks. ``settings`` are the first skill's: an instance of its
        settings class or a mapping checked like its ``[skills.<name>]`` table (``ConfigError``); the
        other skills, and the first without ``settings``, get their settings class's defaults. ``media``:
        the library and players (a ``MemoryMedia`` with no tracks when None)."""
        if not skills:
            raise SkillError("SkillHarness.create needs at least one skill")
        clock = FixedClock.at(now, zone) if now is not None else None
        shared = await make_services(household=household, clock=clock, skills=skills, media=media)
        services = {
            skill.name: replace(
                shared,
                store=MemoryStore(),
                schedules=MemorySchedules(shared.clock, skill.name),
                settings=settings_for(skill, settings if i == 0 else None),
            )
            for i, skill in enumerate(skills)
        }
        recognizer = _compile(skills, shared.household, shared.clock)
        for skill in skills:
            for hook in skill.start_hooks:
                await hook(services[skill.name])
        return cls(skills, services, recognizer)

    @property
    def services(self) -> Services:
        """The first skill's services."""
        return self._services[self.skills[0].name]

    def services_of(self, name: str) -> Services:
        try:
            return self._services[name]
        except KeyError:
            raise SkillError(f"no skill {name!r} in this harness") from None

    @property
    def clock(self) -> FixedClock:
        assert isinstance(self.services.clock, FixedClock)
        return self.services.clock

    @property
    def alarms(self) -> MemoryAlarms:
        assert isinstance(self.services.alarms, MemoryAlarms)
        return self.services.alarms

    @property
    def push(self) -> RecordingPush:
        assert isinstance(self.services.push, RecordingPush)
        return self.services.push

    @property
    def announcer(self) -> RecordingAnnouncer:
        assert isinstance(self.services.announcer, RecordingAnnouncer)
        return self.services.announcer

    async def run_schedules(self) -> list[ScheduledRun]:
        """Run every skill's daily jobs due at the clock's now (``clock.advance`` first), as the server
        would; the runs made."""
        done = []
        for skill in self.skills:
            services = self._services[skill.name]
            assert isinstance(services.schedules, MemorySchedules)
            for run in services.schedules.due_runs():
                if skill.schedule_handler is not None:
                    await skill.schedule_handler(run, services)
                done.append(run)
        return done

    def understand(
        self, text: str, *, lang: str | None = None, site_id: str = "default"
    ) -> Recognition | None:
        """What the NLU makes of ``text`` said on ``site_id`` (None: not understood)."""
        household_now = self.services.clock.now()
        area = self.services.household.area_for_site(site_id)
        return self.recognizer.recognize(text, lang=_language(text, lang), area=area, now=household_now)

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
            lang=_language(text, lang),
            site_id=site_id,
            area=self.services.household.area_for_site(site_id),
        )
        return await self.handle(request)

    async def handle(self, request: IntentRequest) -> Response:
        """Run the handler of ``request.intent`` (bypassing the NLU); the answer is remembered for
        ``services.answers`` as on the server."""
        for skill in self.skills:
            handler = skill.handlers.get(request.intent)
            if handler is not None:
                response = await handler(request, self._services[skill.name])
                if response.text and not request.intent.startswith("push."):
                    answers = self.services.answers
                    assert isinstance(answers, MemoryAnswers)
                    answers.record(request.site_id, response.text, request.intent, request.lang)
                return response
        raise SkillError(f"no skill here handles {request.intent} (a sentences-only skill? use understand)")

    def with_settings(self, settings: object | Mapping[str, Any]) -> SkillHarness:
        """The same skills and state with other settings for the first skill (``services.config(...)``)."""
        first = self.skills[0]
        services = {
            **self._services,
            first.name: replace(self.services, settings=settings_for(first, settings)),
        }
        return SkillHarness(self.skills, services, self.recognizer)


def _language(text: str, lang: str | None) -> str:
    """As the server picks it: the language given (zh or en), else the one the text is in."""
    return lang if lang in ("zh", "en") else detect_language(text)


def _compile(skills: Sequence[Skill], household: Household, clock: Clock) -> IntentRecognizer:
    files = []
    for skill in skills:
        found = skill.sentence_files()
        if not found:
            raise SkillError(
                f"skill {skill.name}: sentence folder {skill.sentences} has no <lang>.yaml files"
            )
        files += [SentenceFile(skill.name, lang, path) for lang, path in found.items()]
    recognizer = IntentRecognizer.from_files(files, household, clock=clock)
    if recognizer.skipped:  # a server would skip the skill; in its own tests that is an error
        name, problem = next(iter(recognizer.skipped.items()))
        raise SkillError(f"skill {name}: {problem}")
    return recognizer


__all__ = [
    "FixedClock",
    "MemoryAlarms",
    "MemoryAnswers",
    "MemoryMedia",
    "MemorySchedules",
    "MemoryStore",
    "RecordingAnnouncer",
    "RecordingPush",
    "SimulatedHome",
    "SkillHarness",
    "StaticSkills",
    "make_services",
    "settings_for",
    "skill_infos",
]
