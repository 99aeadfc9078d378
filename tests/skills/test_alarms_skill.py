"""The alarms skill's placeholder handlers: they repeat what they understood, unambiguously, in the request's
language, and say that alarms are not set up yet (ok=False). The clock is Tuesday 2026-11-24 19:05."""

from __future__ import annotations

from typing import Any

import pytest

import skills.alarms as alarms
from server.store import SqliteStore
from tests.skills.skill_services import make_services, request
from ting.nlu.registry import Household

CASES: list[tuple[str, str, dict[str, Any], str]] = [
    ("alarm.set", "en", {"time": "2026-11-25T07:00:00"}, "an alarm tomorrow at 7:00 AM."),
    ("alarm.set", "zh", {"time": "2026-11-25T07:00:00"}, "听到了：明天早上七点的闹钟。"),
    ("alarm.set", "en", {"time": "2026-11-24T23:30:00"}, "an alarm today at 11:30 PM."),
    ("alarm.set", "zh", {"time": "2026-11-25T00:00:00"}, "明天凌晨十二点的闹钟"),
    ("alarm.set", "en", {"time": "2026-11-27T06:00:00"}, "an alarm on Friday, November 27 at 6:00 AM."),
    ("alarm.set", "zh", {"time": "2026-11-27T20:15:00"}, "11月27日星期五晚上八点十五分的闹钟"),
    (
        "alarm.set",
        "en",
        {"time": "2026-11-25T07:00:00", "recurrence": "weekly:MO,WE"},
        "an alarm every Monday and Wednesday, the first tomorrow at 7:00 AM.",
    ),
    (
        "alarm.set",
        "zh",
        {"time": "2026-11-25T07:00:00", "recurrence": "weekdays"},
        "每个工作日的闹钟，第一次是明天早上七点。",
    ),
    ("alarm.cancel", "en", {"time": "2026-11-25T07:00:00"}, "cancel the alarm tomorrow at 7:00 AM."),
    ("alarm.cancel", "zh", {"all": True}, "取消所有闹钟。"),
    ("alarm.snooze", "en", {"duration": 300}, "snooze for 5 minutes."),
    ("alarm.snooze", "zh", {"duration": 600}, "十分钟后再叫你。"),
    ("timer.set", "en", {"duration": 5400}, "a timer for 1 hour 30 minutes."),
    ("timer.set", "zh", {"duration": 150, "label": "煮面"}, "煮面的两分钟三十秒的计时器"),
    (
        "reminder.set",
        "en",
        {"time": "2026-11-24T20:00:00", "message": "call mom"},
        "remind you to call mom today at 8:00 PM.",
    ),
    (
        "reminder.set",
        "zh",
        {"time": "2026-11-24T20:00:00", "message": "给妈妈打电话"},
        "今天晚上八点提醒你给妈妈打电话。",
    ),
    ("alarm.list", "en", {}, "not set up yet"),
    ("alarm.stop", "zh", {}, "没有闹钟在响"),
    ("timer.cancel", "en", {}, "no timer to cancel"),
    ("timer.status", "zh", {}, "现在没有在计时"),
]


@pytest.mark.parametrize(("intent", "lang", "slots", "said"), CASES)
async def test_answers_what_it_understood(
    store: SqliteStore, household: Household, intent: str, lang: str, slots: dict[str, Any], said: str
) -> None:
    handler = alarms.skill.handlers[intent]
    response = await handler(request(intent, lang, **slots), make_services(store, "alarms", household))
    assert said in response.text
    assert not response.ok
    assert ("还没做好" in response.text) if lang == "zh" else ("not set up yet" in response.text)
    assert response.data == {"intent": intent, "slots": slots}


def test_every_catalog_intent_has_a_handler() -> None:
    expected = {"alarm.set", "alarm.list", "alarm.cancel", "alarm.stop", "alarm.snooze"}
    expected |= {"timer.set", "timer.cancel", "timer.status", "reminder.set"}
    assert expected <= set(alarms.skill.handlers)
