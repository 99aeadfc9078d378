"""English alarms, timers and reminders: text -> intent + exact normalized slots at a fixed ``now``."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from ting.nlu import IntentRecognizer

SHANGHAI = ZoneInfo("Asia/Shanghai")

NOW = datetime(2026, 11, 24, 9, 15, 0, tzinfo=SHANGHAI)
"""Tuesday 2026-11-24, 09:15. Tomorrow is Wednesday the 25th, Friday the 27th, Saturday the 28th."""
Case = tuple[str, str | None, dict[str, Any]]

ALARM_SET: list[Case] = [
    ("wake me up at 6:30", "alarm.set", {"time": "2026-11-24T18:30:00"}),
    ("wake me up at 6:30 am", "alarm.set", {"time": "2026-11-25T06:30:00"}),
    ("set an alarm for 7 tomorrow", "alarm.set", {"time": "2026-11-25T07:00:00"}),
    ("set an alarm for tomorrow at 7", "alarm.set", {"time": "2026-11-25T07:00:00"}),
    ("set an alarm for 7 am", "alarm.set", {"time": "2026-11-25T07:00:00"}),
    ("set my alarm for 10 pm", "alarm.set", {"time": "2026-11-24T22:00:00"}),
    ("please set an alarm for a quarter past eight", "alarm.set", {"time": "2026-11-24T20:15:00"}),
    ("create an alarm at half past six in the morning", "alarm.set", {"time": "2026-11-25T06:30:00"}),
    ("could you wake me up at seven thirty tomorrow morning", "alarm.set", {"time": "2026-11-25T07:30:00"}),
    ("wake me at noon", "alarm.set", {"time": "2026-11-24T12:00:00"}),
    ("set an alarm for midnight", "alarm.set", {"time": "2026-11-25T00:00:00"}),
    ("set an alarm for 12 am", "alarm.set", {"time": "2026-11-25T00:00:00"}),
    ("set an alarm for 12 pm", "alarm.set", {"time": "2026-11-24T12:00:00"}),
    ("set an alarm for 11:59 pm", "alarm.set", {"time": "2026-11-24T23:59:00"}),
    ("set an alarm for 23:59", "alarm.set", {"time": "2026-11-24T23:59:00"}),
    ("set an alarm for 9:15", "alarm.set", {"time": "2026-11-24T21:15:00"}),
    ("set an alarm for 09:15", "alarm.set", {"time": "2026-11-25T09:15:00"}),
    ("set an alarm for 8", "alarm.set", {"time": "2026-11-24T20:00:00"}),
    ("set an alarm for 10", "alarm.set", {"time": "2026-11-24T10:00:00"}),
    ("alarm for five forty five am", "alarm.set", {"time": "2026-11-25T05:45:00"}),
    ("set an alarm at seven oh five", "alarm.set", {"time": "2026-11-24T19:05:00"}),
    ("set an alarm for twenty to seven tomorrow", "alarm.set", {"time": "2026-11-25T06:40:00"}),
    ("set a 6 am alarm", "alarm.set", {"time": "2026-11-25T06:00:00"}),
    ("wake me up on friday at 6 am", "alarm.set", {"time": "2026-11-27T06:00:00"}),
    ("wake me up at 8 on saturday", "alarm.set", {"time": "2026-11-28T08:00:00"}),
    ("wake me up tuesday at 7 am", "alarm.set", {"time": "2026-12-01T07:00:00"}),
    ("set an alarm for next monday at 6:45 am", "alarm.set", {"time": "2026-11-30T06:45:00"}),
    ("set an alarm this weekend at 9 am", "alarm.set", {"time": "2026-11-28T09:00:00"}),
    ("set an alarm for the day after tomorrow at 5 am", "alarm.set", {"time": "2026-11-26T05:00:00"}),
    ("wake me up tonight at 11", "alarm.set", {"time": "2026-11-24T23:00:00"}),
    ("wake me up in 20 minutes", "alarm.set", {"time": "2026-11-24T09:35:00"}),
    ("wake me up in an hour and a half", "alarm.set", {"time": "2026-11-24T10:45:00"}),
    ("set an alarm for 2 hours from now", "alarm.set", {"time": "2026-11-24T11:15:00"}),
    ("um set an alarm for 7 am please", "alarm.set", {"time": "2026-11-25T07:00:00"}),
    ("i need to get up at 5:30 tomorrow", "alarm.set", {"time": "2026-11-25T05:30:00"}),
    ("i have to be up at 6 am", "alarm.set", {"time": "2026-11-25T06:00:00"}),
    ("i'd like an alarm at 7", "alarm.set", {"time": "2026-11-24T19:00:00"}),
    (
        "set an alarm for 7 am every weekday",
        "alarm.set",
        {"time": "2026-11-25T07:00:00", "recurrence": "weekdays"},
    ),
    ("wake me up every day at 6:30 am", "alarm.set", {"recurrence": "daily", "time": "2026-11-25T06:30:00"}),
    ("set a daily alarm for 6 am", "alarm.set", {"recurrence": "daily", "time": "2026-11-25T06:00:00"}),
    (
        "wake me up at 9 am on weekends",
        "alarm.set",
        {"time": "2026-11-28T09:00:00", "recurrence": "weekends"},
    ),
    (
        "wake me up every monday and wednesday at 7 am",
        "alarm.set",
        {"recurrence": "weekly:MO,WE", "time": "2026-11-25T07:00:00"},
    ),
    (
        "set an alarm for 6:15 am every monday, wednesday and friday",
        "alarm.set",
        {"time": "2026-11-25T06:15:00", "recurrence": "weekly:MO,WE,FR"},
    ),
    (
        "set an alarm at 8 am on saturdays",
        "alarm.set",
        {"time": "2026-11-28T08:00:00", "recurrence": "weekly:SA"},
    ),
    (
        "set an alarm for 7 am called gym",
        "alarm.set",
        {"time": "2026-11-25T07:00:00", "label": "gym"},
    ),
]
ALARM_OTHER: list[Case] = [
    ("what alarms do i have", "alarm.list", {}),
    ("show me my alarms", "alarm.list", {}),
    ("do i have any alarms set", "alarm.list", {}),
    ("when is my next alarm", "alarm.list", {}),
    ("which alarms are on", "alarm.list", {}),
    ("cancel my 7 am alarm", "alarm.cancel", {"time": "2026-11-25T07:00:00"}),
    ("delete the alarm for 6:30 tomorrow", "alarm.cancel", {"time": "2026-11-25T06:30:00"}),
    ("turn off my alarm for friday at 6 am", "alarm.cancel", {"time": "2026-11-27T06:00:00"}),
    ("cancel the alarm", "alarm.cancel", {}),
    ("remove my alarm", "alarm.cancel", {}),
    ("cancel all my alarms", "alarm.cancel", {"all": True}),
    ("delete all alarms", "alarm.cancel", {"all": True}),
    ("don't wake me up tomorrow at 7", "alarm.cancel", {"time": "2026-11-25T07:00:00"}),
    ("stop the alarm", "alarm.stop", {}),
    ("turn off the alarm", "alarm.stop", {}),
    ("turn it off", "alarm.stop", {}),
    ("i'm awake", "alarm.stop", {}),
    ("okay i'm up", "alarm.stop", {}),
    ("silence the alarm", "alarm.stop", {}),
    ("snooze", "alarm.snooze", {}),
    ("snooze for 5 minutes", "alarm.snooze", {"duration": 300}),
    ("snooze it for ten minutes", "alarm.snooze", {"duration": 600}),
    ("five more minutes", "alarm.snooze", {"duration": 300}),
    ("let me sleep a little longer", "alarm.snooze", {}),
    ("let me sleep another 15 minutes", "alarm.snooze", {"duration": 900}),
    ("wake me up again in 10 minutes", "alarm.snooze", {"duration": 600}),
]
TIMERS: list[Case] = [
    ("set a timer for 10 minutes", "timer.set", {"duration": 600}),
    ("set a timer for 90 seconds", "timer.set", {"duration": 90}),
    ("start a timer for an hour and a half", "timer.set", {"duration": 5400}),
    ("set a timer for 1 hour 20 minutes", "timer.set", {"duration": 4800}),
    ("timer for 2 hours and 15 minutes", "timer.set", {"duration": 8100}),
    ("set a 5 minute timer", "timer.set", {"duration": 300}),
    ("please set a timer for half an hour", "timer.set", {"duration": 1800}),
    ("can you set a timer for three minutes", "timer.set", {"duration": 180}),
    ("set a pasta timer for 8 minutes", "timer.set", {"label": "pasta", "duration": 480}),
    ("set a timer for 12 minutes for the eggs", "timer.set", {"duration": 720, "label": "eggs"}),
    ("count down from 30 seconds", "timer.set", {"duration": 30}),
    ("set a timer for one and a half minutes", "timer.set", {"duration": 90}),
    ("cancel the timer", "timer.cancel", {}),
    ("stop the timer", "timer.cancel", {}),
    ("turn off my timer", "timer.cancel", {}),
    ("never mind the timer", "timer.cancel", {}),
    ("how much time is left on the timer", "timer.status", {}),
    ("how long is left", "timer.status", {}),
    ("how much longer", "timer.status", {}),
    ("what's left on the timer", "timer.status", {}),
    ("is the timer done yet", "timer.status", {}),
    ("timer status", "timer.status", {}),
]
REMINDERS: list[Case] = [
    ("remind me to call mom at 8 pm", "reminder.set", {"message": "call mom", "time": "2026-11-24T20:00:00"}),
    (
        "in 10 minutes remind me to take out the pasta",
        "reminder.set",
        {"time": "2026-11-24T09:25:00", "message": "take out the pasta"},
    ),
    (
        "remind me to water the plants tomorrow at 9 am",
        "reminder.set",
        {"message": "water the plants", "time": "2026-11-25T09:00:00"},
    ),
    (
        "remind me at 6 pm to buy milk",
        "reminder.set",
        {"time": "2026-11-24T18:00:00", "message": "buy milk"},
    ),
    (
        "remind me in half an hour to check the oven",
        "reminder.set",
        {"time": "2026-11-24T09:45:00", "message": "check the oven"},
    ),
    (
        "remind me about the dentist on friday at 2 pm",
        "reminder.set",
        {"message": "the dentist", "time": "2026-11-27T14:00:00"},
    ),
    (
        "could you remind me to take my medicine at noon",
        "reminder.set",
        {"message": "take my medicine", "time": "2026-11-24T12:00:00"},
    ),
    (
        "set a reminder to pay the rent tomorrow at 10 am",
        "reminder.set",
        {"message": "pay the rent", "time": "2026-11-25T10:00:00"},
    ),
    (
        "don't let me forget to feed the cat at 7 pm",
        "reminder.set",
        {"message": "feed the cat", "time": "2026-11-24T19:00:00"},
    ),
    (
        "remind me to pick up the kids at quarter to four",
        "reminder.set",
        {"message": "pick up the kids", "time": "2026-11-24T15:45:00"},
    ),
    (
        "remind me to call dad 20 minutes from now",
        "reminder.set",
        {"message": "call dad", "time": "2026-11-24T09:35:00"},
    ),
]
NEGATIVE: list[Case] = [
    ("i love my alarm clock", None, {}),
    ("the timer on the oven is broken", None, {}),
    ("i woke up at seven", None, {}),
    ("remind me", None, {}),
    ("set an alarm", None, {}),
    ("my mom called at 8", None, {}),
    ("set an alarm for 25 o'clock", None, {}),
]
CASES = ALARM_SET + ALARM_OTHER + TIMERS + REMINDERS + NEGATIVE


def check(
    recognizer: IntentRecognizer, text: str, intent: str | None, slots: dict[str, Any], lang: str
) -> None:
    result = recognizer.recognize(text, lang=lang, now=NOW)
    if intent is None:
        assert result is None or not result.intent_name.startswith(("alarm.", "timer.", "reminder.")), (
            f"{text!r} should not be an alarm/timer/reminder, got {result}"
        )
        return
    assert result is not None, f"{text!r} not recognized"
    assert (result.intent_name, result.slot_values()) == (intent, slots), text


@pytest.mark.parametrize(("text", "intent", "slots"), CASES, ids=[case[0] for case in CASES])
def test_catalog_time_en(
    catalog_recognizer: IntentRecognizer, text: str, intent: str | None, slots: dict[str, Any]
) -> None:
    check(catalog_recognizer, text, intent, slots, "en")
