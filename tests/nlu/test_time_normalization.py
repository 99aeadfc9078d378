"""Each normalization rule of intents.md on its own: list kinds time, date, duration, recurrence."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from ting.nlu.lists import MatchContext, build_list
from ting.nlu.normalize import token_texts
from ting.nlu.recurrence import first_occurrence

SHANGHAI = ZoneInfo("Asia/Shanghai")

NOW = datetime(2026, 11, 24, 9, 15, tzinfo=SHANGHAI)  # Tuesday


def whole(kind: str, text: str, lang: str, now: datetime = NOW) -> Any:
    """The value of the reading of ``kind`` that consumes all of ``text``, or None."""
    tokens = token_texts(text)
    slot_list = build_list("x", {kind: {}})
    for match in slot_list.match(tokens, 0, MatchContext(now, lang)):
        if match.end == len(tokens):
            return match.value
    return None


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # am/pm markers fix the half; a bare hour takes the first reading after now; passed -> tomorrow
        ("7 am", "en", "2026-11-25T07:00:00"),
        ("7 pm", "en", "2026-11-24T19:00:00"),
        ("7", "en", "2026-11-24T19:00:00"),
        ("10", "en", "2026-11-24T10:00:00"),
        ("9:15", "en", "2026-11-24T21:15:00"),  # equal to now -> the next reading
        ("9:15 am", "en", "2026-11-25T09:15:00"),  # equal to now -> tomorrow
        ("21:15", "en", "2026-11-24T21:15:00"),
        ("9:16 am", "en", "2026-11-24T09:16:00"),
        ("23:59", "en", "2026-11-24T23:59:00"),
        ("midnight", "en", "2026-11-25T00:00:00"),
        ("noon", "en", "2026-11-24T12:00:00"),
        ("12 am", "en", "2026-11-25T00:00:00"),
        ("12 pm", "en", "2026-11-24T12:00:00"),
        ("12", "en", "2026-11-24T12:00:00"),
        ("quarter past eight", "en", "2026-11-24T20:15:00"),
        ("half past six", "en", "2026-11-24T18:30:00"),
        ("seven thirty", "en", "2026-11-24T19:30:00"),
        ("ten to nine in the morning", "en", "2026-11-25T08:50:00"),
        ("tonight at 12", "en", "2026-11-25T00:00:00"),
        ("tomorrow at midnight", "en", "2026-11-26T00:00:00"),
        ("today at 7 am", "en", "2026-11-24T07:00:00"),  # said with a day: stays on it (passed)
        ("in 90 seconds", "en", "2026-11-24T09:16:30"),
        ("七点半", "zh", "2026-11-24T19:30:00"),
        ("八点一刻", "zh", "2026-11-24T20:15:00"),
        ("两点", "zh", "2026-11-24T14:00:00"),
        ("十二点", "zh", "2026-11-24T12:00:00"),
        ("零点", "zh", "2026-11-25T00:00:00"),
        ("七点零五分", "zh", "2026-11-24T19:05:00"),
        ("中午十二点", "zh", "2026-11-24T12:00:00"),
        ("中午一点", "zh", "2026-11-24T13:00:00"),
        ("晚上十二点", "zh", "2026-11-25T00:00:00"),
        ("凌晨十二点", "zh", "2026-11-25T00:00:00"),
        ("下午三点", "zh", "2026-11-24T15:00:00"),
        ("早上九点十五", "zh", "2026-11-25T09:15:00"),
        ("明早七点", "zh", "2026-11-25T07:00:00"),
        ("明天晚上十二点", "zh", "2026-11-26T00:00:00"),
        ("二十分钟后", "zh", "2026-11-24T09:35:00"),
        ("半小时以后", "zh", "2026-11-24T09:45:00"),
        ("再过一刻钟", "zh", "2026-11-24T09:30:00"),
    ],
)
def test_times(text: str, lang: str, expected: str) -> None:
    assert whole("time", text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("13 am", "en"),
        ("25:00", "en"),
        ("7:61", "en"),
        ("早上十五点", "zh"),
        ("下午零点", "zh"),
        ("七点三", "zh"),
    ],
)
def test_times_that_do_not_exist(text: str, lang: str) -> None:
    assert whole("time", text, lang) is None


def test_a_time_at_the_end_of_the_day() -> None:
    late = datetime(2026, 11, 24, 23, 59, tzinfo=SHANGHAI)
    assert whole("time", "23:59", "en", late) == "2026-11-25T23:59:00"
    assert whole("time", "midnight", "en", late) == "2026-11-25T00:00:00"
    assert whole("time", "in 2 minutes", "en", late) == "2026-11-25T00:01:00"


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("today", "en", "2026-11-24"),
        ("tomorrow", "en", "2026-11-25"),
        ("the day after tomorrow", "en", "2026-11-26"),
        ("on friday", "en", "2026-11-27"),
        ("tuesday", "en", "2026-12-01"),  # today excluded
        ("this weekend", "en", "2026-11-28"),
        ("next monday", "en", "2026-11-30"),
        ("今天", "zh", "2026-11-24"),
        ("明天", "zh", "2026-11-25"),
        ("后天", "zh", "2026-11-26"),
        ("大后天", "zh", "2026-11-27"),
        ("周五", "zh", "2026-11-27"),
        ("星期五", "zh", "2026-11-27"),
        ("礼拜五", "zh", "2026-11-27"),
        ("周二", "zh", "2026-12-01"),
        ("周末", "zh", "2026-11-28"),
        ("下周三", "zh", "2026-12-02"),
        ("这周日", "zh", "2026-11-29"),
    ],
)
def test_dates(text: str, lang: str, expected: str) -> None:
    assert whole("date", text, lang) == expected


def test_this_weekend_on_a_saturday_is_today() -> None:
    saturday = datetime(2026, 11, 28, 8, 0, tzinfo=SHANGHAI)
    assert whole("date", "this weekend", "en", saturday) == "2026-11-28"
    assert whole("date", "周六", "zh", saturday) == "2026-12-05"


@pytest.mark.parametrize(
    ("text", "lang", "seconds"),
    [
        ("90 seconds", "en", 90),
        ("10 minutes", "en", 600),
        ("an hour and a half", "en", 5400),
        ("one and a half hours", "en", 5400),
        ("1.5 hours", "en", 5400),
        ("1 hour 20 minutes", "en", 4800),
        ("2 hours and 5 minutes", "en", 7500),
        ("half an hour", "en", 1800),
        ("a minute", "en", 60),
        ("一个半小时", "zh", 5400),
        ("两分半", "zh", 150),
        ("三刻钟", "zh", 2700),
        ("半小时", "zh", 1800),
        ("半个小时", "zh", 1800),
        ("十分钟", "zh", 600),
        ("一个小时二十分钟", "zh", 4800),
        ("三分三十秒", "zh", 210),
        ("一分半钟", "zh", 90),
        ("二十秒", "zh", 20),
    ],
)
def test_durations(text: str, lang: str, seconds: int) -> None:
    assert whole("duration", text, lang) == seconds


def test_durations_do_not_take_minutes_before_hours() -> None:
    assert whole("duration", "20 minutes 1 hour", "en") is None


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("every day", "en", "daily"),
        ("daily", "en", "daily"),
        ("every weekday", "en", "weekdays"),
        ("on weekends", "en", "weekends"),
        ("every monday and wednesday", "en", "weekly:MO,WE"),
        ("on mondays and fridays", "en", "weekly:MO,FR"),
        ("every saturday and sunday", "en", "weekends"),
        ("每天", "zh", "daily"),
        ("每个工作日", "zh", "weekdays"),
        ("工作日", "zh", "weekdays"),
        ("周末", "zh", "weekends"),
        ("每周六", "zh", "weekly:SA"),
        ("每周一和周三", "zh", "weekly:MO,WE"),
        ("每周三和周一", "zh", "weekly:MO,WE"),  # Monday first
        ("每周一三五", "zh", "weekly:MO,WE,FR"),
        ("每个星期天", "zh", "weekly:SU"),
    ],
)
def test_recurrences(text: str, lang: str, expected: str) -> None:
    assert whole("recurrence", text, lang) == expected


def test_a_single_weekday_is_a_day_not_a_recurrence() -> None:
    assert whole("recurrence", "on monday", "en") is None
    assert whole("recurrence", "周一", "zh") is None


@pytest.mark.parametrize(
    ("time", "recurrence", "first"),
    [
        ("2026-11-25T07:00:00", "daily", "2026-11-25T07:00:00"),
        ("2026-11-28T07:00:00", "weekdays", "2026-11-30T07:00:00"),
        ("2026-11-25T07:00:00", "weekends", "2026-11-28T07:00:00"),
        ("2026-11-25T07:00:00", "weekly:MO,FR", "2026-11-27T07:00:00"),
        ("2026-11-24T19:00:00", "weekly:TU", "2026-11-24T19:00:00"),
    ],
)
def test_first_occurrence(time: str, recurrence: str, first: str) -> None:
    assert first_occurrence(time, recurrence) == first
