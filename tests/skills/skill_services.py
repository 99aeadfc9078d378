"""Building ``Services`` for skill tests from the SDK's kit, state in a real SQLite store."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from ting.nlu.registry import Household
from ting.server.store import SqliteStore
from ting.skills.sdk import Alarms, IntentRequest, Services, Skill
from ting.skills.sdk.memory_media import MemoryMedia
from ting.skills.sdk.memory_schedules import MemorySchedules, RecordingAnnouncer
from ting.skills.sdk.simulated_home import SimulatedHome, initial_state
from ting.skills.sdk.testing import (
    FixedClock,
    MemoryAlarms,
    MemoryAnswers,
    RecordingPush,
    StaticSkills,
    skill_infos,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 24, 19, 5, tzinfo=SHANGHAI)
"""A Tuesday evening."""


def make_services(
    store: SqliteStore,
    namespace: str,
    household: Household,
    *,
    alarms: Alarms | None = None,
    skills: Sequence[Skill] = (),
    settings: object | None = None,
) -> Services:
    clock = FixedClock(NOW)
    states = {device.id: initial_state(device) for device in household.devices.values()}
    return Services(
        store=store.view(namespace),
        clock=clock,
        household=household,
        home=SimulatedHome(store.view("home"), household, states),
        alarms=alarms or MemoryAlarms(clock),
        push=RecordingPush(),
        skills=StaticSkills(skill_infos(skills)),
        answers=MemoryAnswers(),
        media=MemoryMedia(),
        schedules=MemorySchedules(clock, namespace),
        announcer=RecordingAnnouncer(),
        settings=settings,
    )


def request(intent: str, lang: str = "en", *, area: str | None = None, **slots: Any) -> IntentRequest:
    return IntentRequest(intent=intent, slots=slots, lang=lang, area=area)
