"""Recurrence with an injected 'now': daily/weekdays/weekends/weekly, DST, and China's official workdays."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from ting.server.alarms.recurrence import RecurrenceError, WorkdayCalendar, next_occurrence

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")
SEVEN = time(7, 0)


def at(text: str, zone: ZoneInfo = SHANGHAI) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=zone)


@pytest.mark.parametrize(
    ("rule", "now", "expected"),
    [
        ("daily", "2024-06-03T06:00", "2024-06-03T07:00"),  # Monday, before 7
        ("daily", "2024-06-03T07:00", "2024-06-04T07:00"),  # exactly at 7: the next one
        ("weekdays", "2024-06-07T08:00", "2024-06-10T07:00"),  # Friday after 7 -> Monday
        ("weekends", "2024-06-03T08:00", "2024-06-08T07:00"),  # Monday -> Saturday
        ("weekly:WE,SU", "2024-06-06T08:00", "2024-06-09T07:00"),  # Thursday -> Sunday
        ("weekly:MO", "2024-06-03T06:59", "2024-06-03T07:00"),
    ],
)
def test_rules_outside_china(rule: str, now: str, expected: str) -> None:
    found = next_occurrence(rule, SEVEN, SHANGHAI, at(now), WorkdayCalendar())
    assert found == at(expected)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # National Day 2024: Oct 1-7 off; Sunday Sep 29 and Saturday Oct 12 are make-up workdays.
        ("2024-09-28T08:00", "2024-09-29T07:00"),  # Saturday -> the make-up Sunday
        ("2024-09-30T08:00", "2024-10-08T07:00"),  # skips the whole holiday week
        ("2024-10-11T08:00", "2024-10-12T07:00"),  # Friday -> the make-up Saturday
        ("2025-01-27T08:00", "2025-02-05T07:00"),  # Spring Festival 2025 (Jan 28 - Feb 4 off)
    ],
)
def test_china_official_workdays(now: str, expected: str) -> None:
    found = next_occurrence("weekdays", SEVEN, SHANGHAI, at(now), WorkdayCalendar("CN"))
    assert found == at(expected)


def test_china_past_the_known_years_falls_back_to_monday_to_friday() -> None:
    found = next_occurrence("weekdays", SEVEN, SHANGHAI, at("2099-01-02T08:00"), WorkdayCalendar("CN"))
    assert found == at("2099-01-05T07:00")  # Friday -> Monday


def test_public_holidays_skipped_when_asked() -> None:
    calendar = WorkdayCalendar("US", skip_holidays=True)
    assert next_occurrence("weekdays", SEVEN, NEW_YORK, at("2024-12-24T08:00", NEW_YORK), calendar) == at(
        "2024-12-26T07:00", NEW_YORK
    )
    plain = WorkdayCalendar("US")
    assert next_occurrence("weekdays", SEVEN, NEW_YORK, at("2024-12-24T08:00", NEW_YORK), plain) == at(
        "2024-12-25T07:00", NEW_YORK
    )


def test_wall_time_survives_dst() -> None:
    # New York springs forward on 2024-03-10: 07:00 stays 07:00 local (UTC offset -5 -> -4).
    before = next_occurrence("daily", SEVEN, NEW_YORK, at("2024-03-09T08:00", NEW_YORK), WorkdayCalendar())
    assert before.utcoffset() is not None and before.utcoffset().total_seconds() == -4 * 3600  # type: ignore[union-attr]
    assert (before.hour, before.minute) == (7, 0)
    # 02:30 does not exist that day: it rings right after the gap (03:30 EDT), not an hour early.
    gap = next_occurrence("daily", time(2, 30), NEW_YORK, at("2024-03-09T08:00", NEW_YORK), WorkdayCalendar())
    assert gap.astimezone(ZoneInfo("UTC")) == datetime(2024, 3, 10, 7, 30, tzinfo=ZoneInfo("UTC"))


def test_bad_rule() -> None:
    with pytest.raises(RecurrenceError, match="weekly:MO,WE"):
        next_occurrence("weekly:XX", SEVEN, SHANGHAI, at("2024-06-03T06:00"), WorkdayCalendar())
