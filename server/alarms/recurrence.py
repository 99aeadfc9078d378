"""Recurring wall-clock rules: the next occurrence, computed in the household's zone.

A recurring alarm keeps its local wall time (``07:00:00``) and zone, never a fixed offset,
so 07:00 stays 07:00 across DST changes. Each occurrence is made with ``zoneinfo``: a wall
time that does not exist on a spring-forward day rings at the first moment after the gap
(02:30 -> 03:30); one that exists twice rings at the first of the two.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ting.errors import TingError

_LOGGER = logging.getLogger(__name__)

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_MAX_DAYS_AHEAD = 400
"""A rule with no occurrence within this many days (e.g. a calendar with no workdays) fails."""


class RecurrenceError(TingError):
    """A recurrence string that is not one of the catalogue's forms."""


class WorkdayCalendar:
    """Which days are workdays for the ``weekdays`` rule.

    ``region="CN"``: the official calendar from ``chinese-calendar`` (holidays off, weekend
    make-up days on). Past the package's last known year: Monday–Friday, with a warning once.
    Other regions: Monday–Friday, minus the ``holidays`` package's public holidays of the region
    when ``skip_holidays`` is set.
    """

    def __init__(self, region: str | None = None, *, skip_holidays: bool = False) -> None:
        self.region = region.upper() if region else None
        self._is_workday: Callable[[date], bool] = _monday_to_friday
        self._warned_years: set[int] = set()
        if self.region == "CN":
            self._is_workday = self._chinese
        elif self.region and skip_holidays:
            import holidays

            table = holidays.country_holidays(self.region)
            self._is_workday = lambda day: _monday_to_friday(day) and day not in table

    def is_workday(self, day: date) -> bool:
        return self._is_workday(day)

    def _chinese(self, day: date) -> bool:
        import chinese_calendar

        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:  # a year the installed package does not know yet
            if day.year not in self._warned_years:
                self._warned_years.add(day.year)
                _LOGGER.warning(
                    "chinese-calendar has no official holidays for %d; workdays are Monday-Friday "
                    "(upgrade the chinese-calendar package)",
                    day.year,
                )
            return _monday_to_friday(day)


def _monday_to_friday(day: date) -> bool:
    return day.weekday() < 5


def validate(rule: str) -> str:
    """The rule itself, or ``RecurrenceError`` naming what is wrong."""
    if rule in ("daily", "weekdays", "weekends"):
        return rule
    if rule.startswith("weekly:"):
        codes = rule.removeprefix("weekly:").split(",")
        if codes and all(code in DAY_CODES for code in codes):
            return rule
    raise RecurrenceError(f"recurrence {rule!r}: expected daily, weekdays, weekends or weekly:MO,WE")


def matches(rule: str, day: date, calendar: WorkdayCalendar) -> bool:
    if rule == "daily":
        return True
    if rule == "weekdays":
        return calendar.is_workday(day)
    if rule == "weekends":
        return day.weekday() >= 5
    return DAY_CODES[day.weekday()] in validate(rule).removeprefix("weekly:").split(",")


def local_moment(day: date, wall_time: time, zone: ZoneInfo) -> datetime:
    """``day`` at ``wall_time`` in ``zone``; a time in a DST gap moves past the gap."""
    naive = datetime.combine(day, wall_time)
    aware = naive.replace(tzinfo=zone, fold=0)
    round_trip = aware.astimezone(ZoneInfo("UTC")).astimezone(zone)
    if round_trip.replace(tzinfo=None) != naive:  # does not exist: take the same UTC instant
        return round_trip
    return aware


def next_occurrence(
    rule: str, wall_time: time, zone: ZoneInfo, after: datetime, calendar: WorkdayCalendar
) -> datetime:
    """The first moment strictly after ``after`` that fits ``rule`` at ``wall_time`` in ``zone``."""
    validate(rule)
    start = after.astimezone(zone).date()
    for offset in range(_MAX_DAYS_AHEAD):
        day = start + timedelta(days=offset)
        if not matches(rule, day, calendar):
            continue
        moment = local_moment(day, wall_time, zone)
        if moment > after:
            return moment
    raise RecurrenceError(f"recurrence {rule!r} has no day within {_MAX_DAYS_AHEAD} days of {start}")
