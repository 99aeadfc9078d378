"""The alarms skill's handlers on a real ``AlarmService`` (SQLite alarm store in tmp_path, fixed
clock: Tuesday 2026-11-24 19:05 in Shanghai): the answer repeats the resolved time without ambiguity
in the request's language, and the item is really scheduled."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any

import pytest

import ting.skills.alarms as alarms
from tests.skills.skill_services import NOW, make_services, request
from ting.hermes import Message
from ting.nlu.registry import Household
from ting.server.alarms.service import AlarmService
from ting.server.alarms.store import SqliteAlarmStore
from ting.server.presence import Presence
from ting.server.store import SqliteStore
from ting.settings import AlarmsSettings
from ting.skills.sdk.alarms import ItemKind, ItemState


@pytest.fixture
async def service(tmp_path: Path) -> AsyncIterator[AlarmService]:
    events: list[tuple[str, str, Mapping[str, Any]]] = []
    published: list[Message] = []

    async def sink(name: str, text: str, data: Mapping[str, Any]) -> None:
        events.append((name, text, data))

    class Recorder:
        async def publish(self, message: Message, **_: Any) -> None:
            published.append(message)

    alarm_store = SqliteAlarmStore(tmp_path / "alarms.db")
    await alarm_store.open()
    running = AlarmService(
        alarm_store,
        AlarmsSettings(),
        timezone="Asia/Shanghai",
        events=sink,
        publisher=Recorder(),
        presence=Presence(),
        now_unix=NOW.timestamp,
    )
    await running.start()
    yield running
    await running.close()
    await alarm_store.close()


CASES: list[tuple[str, str, dict[str, Any], str]] = [
    ("alarm.set", "en", {"time": "2026-11-25T07:00:00"}, "alarm set tomorrow at 7:00 AM."),
    ("alarm.set", "zh", {"time": "2026-11-25T07:00:00"}, "闹钟定在明天早上七点。"),
    ("alarm.set", "en", {"time": "2026-11-24T23:30:00"}, "alarm set today at 11:30 PM."),
    ("alarm.set", "zh", {"time": "2026-11-25T00:00:00"}, "明天凌晨十二点"),
    ("alarm.set", "en", {"time": "2026-11-27T06:00:00"}, "alarm set on Friday, November 27 at 6:00 AM."),
    ("alarm.set", "zh", {"time": "2026-11-27T20:15:00"}, "11月27日星期五晚上八点十五分"),
    (
        "alarm.set",
        "en",
        {"time": "2026-11-25T07:00:00", "recurrence": "weekly:MO,WE"},
        "every Monday and Wednesday at 7:00 AM",
    ),
    ("alarm.set", "zh", {"time": "2026-11-25T07:00:00", "recurrence": "weekdays"}, "每个工作日早上七点"),
    ("alarm.set", "en", {}, "For what time?"),
    ("alarm.snooze", "en", {"duration": 300}, "Nothing is ringing."),
    ("alarm.stop", "zh", {}, "好的"),
    ("timer.set", "en", {"duration": 5400}, "timer set for 1 hour 30 minutes."),
    ("timer.set", "zh", {"duration": 150, "label": "煮面"}, "两分钟三十秒"),
    ("timer.status", "en", {}, "no timer"),
    (
        "reminder.set",
        "en",
        {"time": "2026-11-24T20:00:00", "message": "call mom"},
        "remind you today at 8:00 PM: call mom.",
    ),
    (
        "reminder.set",
        "zh",
        {"time": "2026-11-24T20:00:00", "message": "给妈妈打电话"},
        "今天晚上八点提醒你给妈妈打电话",
    ),
]


async def test_set_then_list_then_cancel(
    store: SqliteStore, household: Household, service: AlarmService
) -> None:
    services = make_services(store, "alarms", household, alarms=service)
    handlers = alarms.skill.handlers
    await handlers["alarm.set"](request("alarm.set", "en", time="2026-11-25T07:00:00"), services)
    await handlers["alarm.set"](request("alarm.set", "en", time="2026-11-25T08:30:00"), services)
    listed = await handlers["alarm.list"](request("alarm.list", "zh"), services)
    assert "明天早上七点" in listed.text and "明天早上八点半" in listed.text
    cancel = await handlers["alarm.cancel"](
        request("alarm.cancel", "en", time="2026-11-25T07:00:00"), services
    )
    assert cancel.ok and len(await service.items(ItemKind.ALARM)) == 1
    cancel_all = await handlers["alarm.cancel"](request("alarm.cancel", "zh", all=True), services)
    assert cancel_all.ok and await service.items(ItemKind.ALARM) == []


@pytest.mark.parametrize(("intent", "lang", "slots", "said"), CASES)
async def test_answers_repeat_the_resolved_time(
    store: SqliteStore,
    household: Household,
    service: AlarmService,
    intent: str,
    lang: str,
    slots: dict[str, Any],
    said: str,
) -> None:
    services = make_services(store, "alarms", household, alarms=service)
    response = await alarms.skill.handlers[intent](request(intent, lang, **slots), services)
    assert said in response.text


def test_every_catalog_intent_has_a_handler() -> None:
    expected = {"alarm.set", "alarm.list", "alarm.cancel", "alarm.stop", "alarm.snooze"}
    expected |= {"timer.set", "timer.cancel", "timer.status", "reminder.set"}
    assert expected <= set(alarms.skill.handlers)


async def test_time_added_to_and_taken_off_a_timer(
    store: SqliteStore, household: Household, service: AlarmService
) -> None:
    """timer.add_time / timer.remove_time (skill-owned) move the running timer's end; never past zero."""
    services = make_services(store, "alarms", household, alarms=service)
    handlers = alarms.skill.handlers
    none = await handlers["timer.add_time"](request("timer.add_time", "en", duration=60), services)
    assert not none.ok and "no timer" in none.text
    await handlers["timer.set"](request("timer.set", "en", duration=600), services)
    added = await handlers["timer.add_time"](request("timer.add_time", "en", duration=300), services)
    (timer,) = await service.items(ItemKind.TIMER)
    assert added.ok and "15 minutes left" in added.text
    assert service.remaining_seconds(timer) == pytest.approx(900, abs=1)
    taken = await handlers["timer.remove_time"](request("timer.remove_time", "zh", duration=120), services)
    (timer,) = await service.items(ItemKind.TIMER)
    assert taken.ok and "十三分钟" in taken.text
    assert service.remaining_seconds(timer) == pytest.approx(780, abs=1)
    too_much = await handlers["timer.remove_time"](
        request("timer.remove_time", "en", duration=3600), services
    )
    assert not too_much.ok and "only has 13 minutes left" in too_much.text
    assert service.remaining_seconds((await service.items(ItemKind.TIMER))[0]) == pytest.approx(780, abs=1)


async def test_a_paused_timer_stays_paused_with_its_new_time(
    store: SqliteStore, household: Household, service: AlarmService
) -> None:
    services = make_services(store, "alarms", household, alarms=service)
    handlers = alarms.skill.handlers
    await handlers["timer.set"](request("timer.set", "zh", duration=300, label="煮面"), services)
    await handlers["timer.set"](request("timer.set", "zh", duration=600, label="烤箱"), services)
    which = await handlers["timer.add_time"](request("timer.add_time", "zh", duration=60), services)
    assert not which.ok and which.expect == ("timer.add_time",) and "煮面" in which.text
    await handlers["timer.pause"](request("timer.pause", "zh", label="煮面"), services)
    added = await handlers["timer.add_time"](
        request("timer.add_time", "zh", duration=60, label="煮面"), services
    )
    assert added.ok and "六分钟" in added.text
    timers = {item.label: item for item in await service.items(ItemKind.TIMER)}
    assert timers["煮面"].state is ItemState.PAUSED
    assert service.remaining_seconds(timers["煮面"]) == pytest.approx(360, abs=1)
    assert service.remaining_seconds(timers["烤箱"]) == pytest.approx(600, abs=1)
