"""Days and parts of the day as said, resolved against ``now`` (list kind ``date``: ``YYYY-MM-DD``).

Days: today/tomorrow/the day after tomorrow, 今天/明天/后天/大后天, weekdays ("on Friday", 周五,
星期五, 礼拜五 = the next such day, today excluded; 这周五 / "this Friday" = this week's, 下周五 /
"next Friday" = next week's), "this weekend" / 周末 = the coming Saturday (today when it is
Saturday). Parts of the day (am/pm, 早上, 下午, 晚上 ...) are ``Period`` values that ``times``
uses to fix the half of the day.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ting.nlu.lists import MatchContext, SlotMatch
from ting.nlu.numbers import number_readings
from ting.nlu.phrasetable import PhraseTable


class Period(enum.Enum):
    DAWN = "dawn"
    """凌晨: 0–6 as said, 12 = 00:00."""
    AM = "am"
    NOON = "noon"
    """中午: 11 and 12 as said, 1–3 in the afternoon."""
    PM = "pm"
    EVENING = "evening"
    """晚上 / tonight / at night: 5–11 pm, 12 = the midnight ending the day, 1–4 the small hours after it."""


@dataclass(frozen=True)
class Day:
    """A day relative to ``now``: ``offset`` days ahead, or a weekday (0 = Monday)."""

    offset: int = 0
    weekday: int | None = None
    week: int | None = None
    """With ``weekday``: None = the next such day after today, -1 = the coming one (today included),
    0 = this week's, 1 = next week's."""
    month: int | None = None
    day_of_month: int | None = None
    """A calendar date ("December 5th", 十二月五号, "the 3rd"): the next such date, today included."""

    def resolve(self, today: date) -> date:
        if self.day_of_month is not None:
            return _next_calendar_date(today, self.month, self.day_of_month)
        if self.weekday is None:
            return today + timedelta(days=self.offset)
        if self.week is None:
            return today + timedelta(days=(self.weekday - today.weekday() - 1) % 7 + 1)
        if self.week == -1:
            return today + timedelta(days=(self.weekday - today.weekday()) % 7)
        monday = today - timedelta(days=today.weekday())
        return monday + timedelta(days=7 * self.week + self.weekday)


def _next_calendar_date(today: date, month: int | None, day: int) -> date:
    """The first date on or after ``today`` with that day (and month); months without it are passed."""
    year, at = today.year, today.month
    for _ in range(25):
        if month is None or month == at:
            try:
                found = date(year, at, day)
            except ValueError:
                found = None
            if found is not None and found >= today:
                return found
        year, at = (year + 1, 1) if at == 12 else (year, at + 1)
    return today  # unreachable for valid days: every day 1-31 exists within 25 months


WEEKEND = Day(weekday=5, week=-1)
"""This weekend: the coming Saturday, today included."""

_EN_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ZH_WEEKDAY_CHARS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "七": 6}
ZH_WEEK_WORDS = ("周", "星期", "礼拜")


def _en_days() -> list[tuple[str, tuple[Day, Period | None]]]:
    days: list[tuple[str, tuple[Day, Period | None]]] = [
        ("today", (Day(0), None)),
        ("tomorrow", (Day(1), None)),
        ("the day after tomorrow", (Day(2), None)),
        ("day after tomorrow", (Day(2), None)),
        ("tonight", (Day(0), Period.EVENING)),
        ("today's", (Day(0), None)),
        ("tomorrow's", (Day(1), None)),
        ("tonight's", (Day(0), Period.EVENING)),
        ("this weekend", (WEEKEND, None)),
        ("the weekend", (WEEKEND, None)),
        ("this coming weekend", (WEEKEND, None)),
        ("next weekend", (Day(weekday=5, week=1), None)),
    ]
    for name, period in (("morning", Period.AM), ("afternoon", Period.PM), ("evening", Period.EVENING)):
        days.append((f"this {name}", (Day(0), period)))
        days.append((f"tomorrow {name}", (Day(1), period)))
    days.append(("tomorrow night", (Day(1), Period.EVENING)))
    for number, name in enumerate(_EN_WEEKDAYS):
        days.append((name, (Day(weekday=number), None)))  # "on Mondays" repeats: see recurrence
        days.append((f"this {name}", (Day(weekday=number, week=0), None)))
        days.append((f"next {name}", (Day(weekday=number, week=1), None)))
        days.append((f"{name} morning", (Day(weekday=number), Period.AM)))
        days.append((f"{name} afternoon", (Day(weekday=number), Period.PM)))
        days.append((f"{name} evening", (Day(weekday=number), Period.EVENING)))
        days.append((f"{name} night", (Day(weekday=number), Period.EVENING)))
    return days


def _zh_days() -> list[tuple[str, tuple[Day, Period | None]]]:
    days: list[tuple[str, tuple[Day, Period | None]]] = [
        ("今天", (Day(0), None)),
        ("今日", (Day(0), None)),
        ("今儿", (Day(0), None)),
        ("明儿", (Day(1), None)),
        ("明儿个", (Day(1), None)),
        ("明天", (Day(1), None)),
        ("明日", (Day(1), None)),
        ("后天", (Day(2), None)),
        ("大后天", (Day(3), None)),
        ("今早", (Day(0), Period.AM)),
        ("今晚", (Day(0), Period.EVENING)),
        ("今儿晚上", (Day(0), Period.EVENING)),
        ("明早", (Day(1), Period.AM)),
        ("明晚", (Day(1), Period.EVENING)),
        ("周末", (WEEKEND, None)),
        ("这周末", (WEEKEND, None)),
        ("这个周末", (WEEKEND, None)),
        ("本周末", (WEEKEND, None)),
        ("下周末", (Day(weekday=5, week=1), None)),
        ("下个周末", (Day(weekday=5, week=1), None)),
    ]
    for char, number in ZH_WEEKDAY_CHARS.items():
        for word in ZH_WEEK_WORDS:
            if char == "七" or (char == "天" and word == "周"):
                continue
            days.append((word + char, (Day(weekday=number), None)))
            for this in ("这", "这个", "本"):
                days.append((this + word + char, (Day(weekday=number, week=0), None)))
            for following in ("下", "下个"):
                days.append((following + word + char, (Day(weekday=number, week=1), None)))
    return days


EN_DAYS = PhraseTable(_en_days())
ZH_DAYS = PhraseTable(_zh_days())

EN_PERIODS = PhraseTable(
    [
        ("am", Period.AM), ("a m", Period.AM), ("in the morning", Period.AM), ("morning", Period.AM),
        ("pm", Period.PM), ("p m", Period.PM), ("in the afternoon", Period.PM), ("afternoon", Period.PM),
        ("in the evening", Period.EVENING), ("at night", Period.EVENING), ("tonight", Period.EVENING),
        ("in the night", Period.EVENING), ("evening", Period.EVENING),
    ]
)  # fmt: skip
ZH_PERIODS = PhraseTable(
    [
        ("凌晨", Period.DAWN), ("半夜", Period.DAWN), ("深夜", Period.DAWN), ("夜里", Period.DAWN),
        ("早上", Period.AM), ("早晨", Period.AM), ("清晨", Period.AM), ("一早", Period.AM),
        ("上午", Period.AM), ("早", Period.AM),
        ("中午", Period.NOON),
        ("下午", Period.PM), ("午后", Period.PM), ("傍晚", Period.PM),
        ("晚上", Period.EVENING), ("晚", Period.EVENING), ("夜晚", Period.EVENING),
    ]
)  # fmt: skip


def day_table(lang: str) -> PhraseTable[tuple[Day, Period | None]]:
    return ZH_DAYS if lang == "zh" else EN_DAYS


def period_table(lang: str) -> PhraseTable[Period]:
    return ZH_PERIODS if lang == "zh" else EN_PERIODS


def day_readings(tokens: Sequence[str], start: int, lang: str) -> Iterator[tuple[int, Day, Period | None]]:
    """Every ``(end, day, period)``: "tomorrow", "on Friday", "this weekend", 明天, 周五, 明早."""
    skip = 1 if lang == "en" and start < len(tokens) and tokens[start] in ("on", "for") else 0
    for end, (day, period) in day_table(lang).readings(tokens, start + skip):
        yield end, day, period
    readings = _zh_calendar if lang == "zh" else _en_calendar
    for end, day in readings(tokens, start + skip):
        yield end, day, None


EN_MONTHS = {
    name: number
    for number, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")),
        start=1,
    )
    for name in names
}  # fmt: skip
_EN_ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})
EN_ORDINAL_WORDS = {
    word: number
    for number, word in enumerate(
        ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
         "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
         "eighteenth", "nineteenth", "twentieth"),
        start=1,
    )
}  # fmt: skip


def _en_day_of_month(tokens: Sequence[str], start: int, *, ordinal: bool) -> Iterator[tuple[int, int]]:
    """``(end, day)``: "5th", "5" (unless ``ordinal``), "fifth", "twenty fifth", "thirty first"."""
    if start >= len(tokens):
        return
    token = tokens[start]
    if token.isdigit() and len(token) <= 2 and 1 <= int(token) <= 31:
        if start + 1 < len(tokens) and tokens[start + 1] in _EN_ORDINAL_SUFFIXES:
            yield start + 2, int(token)
        elif not ordinal:
            yield start + 1, int(token)
        return
    tens = {"twenty": 20, "thirty": 30}.get(token)
    if tens is not None and start + 1 < len(tokens):
        unit = EN_ORDINAL_WORDS.get(tokens[start + 1])
        if unit is not None and tens + unit <= 31 and unit < 10:
            yield start + 2, tens + unit
    if token == "thirtieth":
        yield start + 1, 30
    if token in EN_ORDINAL_WORDS:
        yield start + 1, EN_ORDINAL_WORDS[token]


def _en_calendar(tokens: Sequence[str], start: int) -> Iterator[tuple[int, Day]]:
    """ "December 5th", "Dec 5", "the 3rd", "the 5th of December", "5th December"."""
    if start >= len(tokens):
        return
    month = EN_MONTHS.get(tokens[start])
    if month is not None:
        position = start + 1 + (start + 1 < len(tokens) and tokens[start + 1] == "the")
        for end, day in _en_day_of_month(tokens, position, ordinal=False):
            yield end, Day(month=month, day_of_month=day)
        return
    position = start + (tokens[start] == "the")
    for end, day in _en_day_of_month(tokens, position, ordinal=True):
        if end + 1 < len(tokens) and tokens[end] == "of" and tokens[end + 1] in EN_MONTHS:
            yield end + 2, Day(month=EN_MONTHS[tokens[end + 1]], day_of_month=day)
        elif end < len(tokens) and tokens[end] in EN_MONTHS:
            yield end + 1, Day(month=EN_MONTHS[tokens[end]], day_of_month=day)
        elif position > start:
            yield end, Day(day_of_month=day)


def _zh_calendar(tokens: Sequence[str], start: int) -> Iterator[tuple[int, Day]]:
    """十二月二十五号, 12月5日, 下个月三号 is not read; 二十五号 / 5号 = the next 25th / 5th."""

    for end, value in number_readings(tokens, start):
        if not isinstance(value, int) or end >= len(tokens):
            continue
        if tokens[end] == "月" and 1 <= value <= 12:
            for day_end, day in number_readings(tokens, end + 1):
                said_day = isinstance(day, int) and 1 <= day <= 31 and day_end < len(tokens)
                if said_day and tokens[day_end] in ("号", "日"):
                    yield day_end + 1, Day(month=value, day_of_month=int(day))
        elif tokens[end] in ("号", "日") and 1 <= value <= 31:
            yield end + 1, Day(day_of_month=value)


@dataclass(frozen=True)
class DateList:
    """Slot list kind ``date``: a day as said -> ``YYYY-MM-DD`` (kind ``InstantTime``)."""

    name: str
    wildcard: bool = False

    def first_tokens(self) -> frozenset[str] | None:
        return None  # calendar dates start with a number

    def match(self, tokens: Sequence[str], start: int, context: MatchContext) -> Iterator[SlotMatch]:
        today = _today(context.now)
        seen: set[int] = set()
        for end, day, _period in day_readings(tokens, start, context.lang):
            if end not in seen:
                seen.add(end)
                yield SlotMatch(end, day.resolve(today).isoformat(), "InstantTime")


def _today(now: datetime) -> date:
    return now.date()
