"""Moments as said -> local ``YYYY-MM-DDTHH:MM:SS`` (list kind ``time``, Hermes kind ``InstantTime``).

A moment is a clock time with an optional day and part of the day, in any order ("tomorrow at 7 am",
"at 7 tomorrow morning", 明天早上七点半, 周五晚上八点), or a relative time ("in 20 minutes",
二十分钟后). How a moment is chosen (intents.md, "Normalization rules"):

- the next future moment that fits: a part of the day (am/pm, 早上, 下午, 晚上 ...) fixes the half of the
  day; a bare hour 1–12 takes whichever reading comes first after ``now``; a time already passed today
  (or equal to ``now``) means tomorrow;
- with a day ("tomorrow at 7"), the first reading on that day after ``now``; when the day is today and
  every reading has passed, the moment stays today (in the past; the skill says so);
- 12 am = 00:00, 12 pm / noon / 中午十二点 = 12:00, midnight / 晚上十二点 = the 00:00 that ends the day;
- relative forms add to ``now`` (to the second); clock times have seconds 00.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from ting.clock import later
from ting.nlu.dates import (
    EN_DAYS,
    EN_MONTHS,
    EN_ORDINAL_WORDS,
    EN_PERIODS,
    ZH_DAYS,
    ZH_PERIODS,
    Day,
    Period,
    day_readings,
)
from ting.nlu.durations import duration_readings
from ting.nlu.lists import MatchContext, SlotMatch
from ting.nlu.numbers import EN_NUMBER_WORDS, number_readings, parse_english_number
from ting.nlu.phrasetable import PhraseTable

TIME_FORMAT = "%Y-%m-%dT%H:%M:%S"


@dataclass(frozen=True, slots=True)
class Clock:
    hour: int
    """As said: 0–24 (``24`` is the midnight that ends the day)."""
    minute: int = 0
    fixed: bool = False
    """True when the form leaves no choice of half (18:30, noon, midnight)."""


@dataclass(frozen=True, slots=True)
class Moment:
    clock: Clock
    day: Day | None = None
    period: Period | None = None


def candidate_hours(clock: Clock, period: Period | None) -> tuple[int, ...]:
    """Hours after the start of the day (may be ≥ 24) that ``clock`` can mean, earliest first."""
    hour = clock.hour
    if clock.fixed or hour >= 13 or hour == 0:
        if period in (Period.AM, Period.DAWN) and hour >= 13:
            return ()
        if hour == 0 and period in (Period.PM, Period.NOON):
            return ()
        if hour in (0, 24) and period is Period.EVENING:
            return (24,)
        return (hour,)
    if period is None:
        return (hour, hour + 12)
    if period is Period.DAWN:
        return (0,) if hour == 12 else (hour,)
    if period is Period.AM:
        return (0,) if hour == 12 else (hour,)
    if period is Period.NOON:
        return (hour,) if hour in (11, 12) else (hour + 12,) if hour <= 3 else ()
    if period is Period.PM:
        return (hour if hour == 12 else hour + 12,)
    if hour == 12:
        return (24,)  # 晚上十二点: the midnight ending the evening
    return (hour + 24,) if hour <= 4 else (hour + 12,)  # evening


def resolve_moment(moment: Moment, now: datetime) -> datetime | None:
    """The local datetime ``moment`` means when said at ``now`` (None: no reading fits)."""
    hours = candidate_hours(moment.clock, moment.period)
    if not hours:
        return None
    current = now.replace(tzinfo=None, microsecond=0)
    if moment.day is None:
        days: Sequence[date] = (current.date(), current.date() + timedelta(days=1))
    else:
        days = (moment.day.resolve(current.date()),)
    options = sorted(
        datetime.combine(day, datetime.min.time()) + timedelta(hours=hour, minutes=moment.clock.minute)
        for day in days
        for hour in hours
    )
    future = [option for option in options if option > current]
    return future[0] if future else options[0]


def on_day(time_said: Sequence[str], day_said: Sequence[str], lang: str, now: datetime) -> str | None:
    """The moment ``time_said`` means on the day ``day_said`` names, when the two were said apart ("my 7:45
    alarm for tomorrow"), read as if said together: a bare hour takes the first reading on that day, as in
    "tomorrow at 8". None when the two do not read as one moment."""
    said = [*time_said, *day_said]
    for end, moment in moment_readings(said, 0, lang):
        if end == len(said) and moment.day is not None:
            resolved = resolve_moment(moment, now)
            return None if resolved is None else format_moment(resolved)
    return None


def format_moment(moment: datetime) -> str:
    return moment.strftime(TIME_FORMAT)


# ---- clock readings -------------------------------------------------------------------------------

_EN_FIXED_CLOCKS = PhraseTable(
    [("noon", Clock(12, 0, True)), ("midday", Clock(12, 0, True)), ("midnight", Clock(24, 0, True)),
     ("12 noon", Clock(12, 0, True)), ("twelve noon", Clock(12, 0, True)),
     ("12 midnight", Clock(24, 0, True)), ("twelve midnight", Clock(24, 0, True))]
)  # fmt: skip
_EN_PAST = frozenset({"past", "after"})
_EN_TO = frozenset({"to", "till", "til", "before", "of"})
_ZH_MINUTE_WORDS = PhraseTable(
    [("半", 30), ("一刻", 15), ("三刻", 45), ("整", 0), ("钟", 0), ("正", 0), ("半钟", 30), ("一刻钟", 15)]
)
"""What may follow 点 for the minutes (七点半, 七点半钟, 六点正 said by southern speakers)."""
_ZH_SHORT = "差"
"""Minutes before the hour (round 16): 八点差五分, 八点差一刻, 差五分八点 are 7:55, 7:45, 7:55."""


def _hours(tokens: Sequence[str], start: int, *, words: bool) -> Iterator[tuple[int, int, bool]]:
    """(end, hour 0–24, 24-hour form) readings of an hour number."""
    if start < len(tokens) and tokens[start].isdigit():
        text = tokens[start]
        if len(text) <= 2 and int(text) <= 24:
            yield start + 1, int(text), text.startswith("0") and len(text) == 2
        return
    for end, value in number_readings(tokens, start):
        if isinstance(value, int) and 0 <= value <= 24 and (words or value <= 24):
            yield end, value, False


def _two_digit_minute(token: str) -> int | None:
    return int(token) if len(token) == 2 and token.isdigit() and int(token) <= 59 else None


def _en_minutes(tokens: Sequence[str], start: int) -> Iterator[tuple[int, int]]:
    """Minutes after an hour: "30" (from 7:30), "thirty", "oh five", "forty five"."""
    if start >= len(tokens):
        return
    digits = _two_digit_minute(tokens[start])
    if digits is not None:
        yield start + 1, digits
        return
    if tokens[start] in ("oh", "o") and start + 1 < len(tokens):
        value = parse_english_number(tokens[start + 1 : start + 2])
        if value is not None and 1 <= value <= 9:
            yield start + 2, int(value)
        return
    for end, value in number_readings(tokens, start):
        if isinstance(value, int) and 10 <= value <= 59 and not tokens[start].isdigit():
            yield end, value


def _en_clocks(tokens: Sequence[str], start: int) -> Iterator[tuple[int, Clock]]:
    if start < len(tokens) and tokens[start] == "at":
        start += 1
    yield from _EN_FIXED_CLOCKS.readings(tokens, start)
    if start < len(tokens) and tokens[start].isdigit() and len(tokens[start]) in (3, 4):
        # "730 am", "1915": a recognizer's clock time without its colon
        joined_hour, joined_minute = divmod(int(tokens[start]), 100)
        if joined_hour <= 24 and joined_minute <= 59:
            zero = tokens[start].startswith("0") or joined_hour > 12
            yield start + 1, Clock(joined_hour, joined_minute, zero)
    if start < len(tokens) and "." in tokens[start]:
        hour_text, _, minute_text = tokens[start].partition(".")
        minute = _two_digit_minute(minute_text)
        if hour_text.isdigit() and int(hour_text) <= 24 and minute is not None:
            yield start + 1, Clock(int(hour_text), minute, hour_text.startswith("0") or int(hour_text) > 12)
    yield from _en_relative_clocks(tokens, start)
    for end, hour, zero in _hours(tokens, start, words=True):
        for minute_end, minute in _en_minutes(tokens, end):
            yield minute_end, Clock(hour, minute, zero)
        if end < len(tokens) and tokens[end] == "o'clock" and 1 <= hour <= 12:
            yield end + 1, Clock(hour)
        yield end, Clock(hour, 0, zero)


def _en_relative_clocks(tokens: Sequence[str], start: int) -> Iterator[tuple[int, Clock]]:
    """ "quarter past eight", "half past six", "half six", "twenty to seven", "10 minutes past 5"."""
    first = start + 1 if start < len(tokens) and tokens[start] == "a" else start
    offsets: list[tuple[int, int]] = []
    if first < len(tokens) and tokens[first] == "quarter":
        offsets.append((first + 1, 15))
    if start < len(tokens) and tokens[start] == "half":
        offsets.append((start + 1, 30))
        # British "half six" is half past six
        for hour_end, hour, _zero in _hours(tokens, start + 1, words=True):
            if 1 <= hour <= 12:
                yield hour_end, Clock(hour, 30)
    for end, value in number_readings(tokens, start):
        if isinstance(value, int) and 1 <= value <= 30:
            if end < len(tokens) and tokens[end] in ("minute", "minutes"):
                offsets.append((end + 1, value))
            offsets.append((end, value))
    for end, minutes in offsets:
        if end >= len(tokens) or tokens[end] not in _EN_PAST | _EN_TO:
            continue
        before = tokens[end] in _EN_TO
        if before and minutes == 30:
            continue
        for hour_end, hour, _zero in _hours(tokens, end + 1, words=True):
            if 1 <= hour <= 12 or (hour == 0 and not before):
                if before:
                    yield hour_end, Clock(hour - 1 if hour > 1 else 12, 60 - minutes)
                else:
                    yield hour_end, Clock(hour, minutes)


def _zh_clocks(tokens: Sequence[str], start: int) -> Iterator[tuple[int, Clock]]:
    if start < len(tokens) and tokens[start] == _ZH_SHORT:  # 差五分八点
        for short_end, short in _zh_short(tokens, start + 1):
            for end, hour, _zero in _hours(tokens, short_end, words=True):
                if 1 <= hour <= 24 and end < len(tokens) and tokens[end] in ("点", "时"):
                    yield end + 1, Clock(hour - 1, 60 - short)
        return
    for end, hour, zero in _hours(tokens, start, words=True):
        if end < len(tokens) and tokens[end].isdigit() and tokens[start].isdigit():
            minute = _two_digit_minute(tokens[end])  # 7:30 (the colon is not a token)
            if minute is not None:
                yield end + 1, Clock(hour, minute, zero or hour > 12)
            continue
        if end >= len(tokens) or tokens[end] not in ("点", "时"):
            continue
        after = end + 1
        if 1 <= hour <= 24 and after < len(tokens) and tokens[after] == _ZH_SHORT:  # 八点差五分
            for short_end, short in _zh_short(tokens, after + 1):
                yield short_end, Clock(hour - 1, 60 - short)
        for minute_end, minute in _zh_minutes(tokens, after):
            yield minute_end, Clock(hour, minute)
        yield after, Clock(hour)


def _zh_short(tokens: Sequence[str], start: int) -> Iterator[tuple[int, int]]:
    """How many minutes short of the hour after 差: 五分, 五分钟, 十, 一刻."""
    if tuple(tokens[start : start + 2]) == ("一", "刻"):
        yield start + 2, 15
        return
    for end, value in number_readings(tokens, start):
        if isinstance(value, int) and 1 <= value <= 29:
            if end < len(tokens) and tokens[end] == "分":
                yield (end + 2 if end + 1 < len(tokens) and tokens[end + 1] == "钟" else end + 1), value
            else:
                yield end, value


def _zh_minutes(tokens: Sequence[str], start: int) -> Iterator[tuple[int, int]]:
    """What follows 点: 半, 一刻, 三刻, 整, 钟, 三十[分], 零五[分], 05[分]."""
    yield from _ZH_MINUTE_WORDS.readings(tokens, start)
    for end, value in number_readings(tokens, start):
        if not (isinstance(value, int) and 0 <= value <= 59):
            continue
        if end < len(tokens) and tokens[end] == "分":
            yield end + 1, value
        elif value >= 10 or tokens[start] in ("零", "〇") or tokens[start].startswith("0"):
            yield end, value  # 七点三十 (but 七点三 is not 7:03)
        if 1 <= value <= 11 and tuple(tokens[end : end + 2]) == ("个", "字"):
            yield end + 2, value * 5  # Cantonese: 七点三个字 is 7:15 (a 字 is five minutes on the dial)


# ---- moments ---------------------------------------------------------------------------------------


def moment_readings(tokens: Sequence[str], start: int, lang: str) -> Iterator[tuple[int, Moment]]:
    """Every ``(end, moment)``: day, part of the day and clock time, each at most once, in any order."""
    yield from _parts(tokens, start, lang, _Partial())


@dataclass(frozen=True, slots=True)
class _Partial:
    day: Day | None = None
    period: Period | None = None
    period_said: bool = False
    """False while ``period`` only comes with the day (tonight): "tonight at 8 pm" may still say one."""
    clock: Clock | None = None


def _parts(tokens: Sequence[str], start: int, lang: str, partial: _Partial) -> Iterator[tuple[int, Moment]]:
    if partial.clock is not None:
        yield start, Moment(partial.clock, partial.day, partial.period)
    if start >= len(tokens):
        return
    if partial.day is None:
        for end, day, day_period in day_readings(tokens, start, lang):
            period = partial.period or day_period
            yield from _parts(tokens, end, lang, replace(partial, day=day, period=period))
    if not partial.period_said:
        for end, period in (ZH_PERIODS if lang == "zh" else EN_PERIODS).readings(tokens, start):
            yield from _parts(tokens, end, lang, replace(partial, period=period, period_said=True))
    if partial.clock is None:
        for end, clock in (_zh_clocks if lang == "zh" else _en_clocks)(tokens, start):
            yield from _parts(tokens, end, lang, replace(partial, clock=clock))


_EN_RELATIVE_AFTER: tuple[tuple[str, ...], ...] = (("from", "now"), ("later",))
_ZH_RELATIVE_AFTER: tuple[tuple[str, ...], ...] = (("后",), ("以", "后"), ("之", "后"), ("过", "后"))


def relative_readings(tokens: Sequence[str], start: int, lang: str) -> Iterator[tuple[int, int]]:
    """``(end, seconds from now)``: "in 20 minutes", "20 minutes from now", 二十分钟后, 过半小时."""
    if lang == "zh":
        lead = start
        for prefix in (("再", "过"), ("过",)):
            if tuple(tokens[start : start + len(prefix)]) == prefix:
                lead = start + len(prefix)
                break
        for end, seconds in duration_readings(tokens, lead, lang):
            for suffix in _ZH_RELATIVE_AFTER:
                if tuple(tokens[end : end + len(suffix)]) == suffix:
                    yield end + len(suffix), seconds
            if lead > start:
                yield end, seconds
        return
    if start < len(tokens) and tokens[start] in ("in", "after"):
        yield from duration_readings(tokens, start + 1, lang)
        return
    for end, seconds in duration_readings(tokens, start, lang):
        for suffix in _EN_RELATIVE_AFTER:
            if tuple(tokens[end : end + len(suffix)]) == suffix:
                yield end + len(suffix), seconds


_EN_FIRSTS = (
    EN_DAYS.first_tokens() | EN_PERIODS.first_tokens() | _EN_FIXED_CLOCKS.first_tokens()
    | {"at", "on", "in", "after", "a", "an", "quarter", "half", "oh", "the", "for", "thirtieth"}
    | frozenset(EN_MONTHS) | frozenset(EN_ORDINAL_WORDS)
    | EN_NUMBER_WORDS
)  # fmt: skip
_ZH_FIRSTS = (
    ZH_DAYS.first_tokens() | ZH_PERIODS.first_tokens() | frozenset("零〇一二两三四五六七八九十幺半过再")
)


def can_start(token: str, lang: str) -> bool:
    """A cheap test before parsing: can a time or duration start with ``token``?"""
    return token[:1].isdigit() or token in (_ZH_FIRSTS if lang == "zh" else _EN_FIRSTS)


@dataclass(frozen=True)
class TimeList:
    """Slot list kind ``time``: ``lists: {time: {time: {}}}``; values are ``YYYY-MM-DDTHH:MM:SS``."""

    name: str
    wildcard: bool = False

    def first_tokens(self) -> frozenset[str] | None:
        return None  # digits are open-ended

    def match(self, tokens: Sequence[str], start: int, context: MatchContext) -> Iterator[SlotMatch]:
        if start >= len(tokens) or not can_start(tokens[start], context.lang):
            return
        now = context.now.replace(tzinfo=None, microsecond=0)
        found: dict[int, str] = {}
        for end, seconds in relative_readings(tokens, start, context.lang):
            after = later(context.now.replace(microsecond=0), seconds).replace(tzinfo=None)
            found.setdefault(end, format_moment(after))
        for end, moment in moment_readings(tokens, start, context.lang):
            if end not in found:
                resolved = resolve_moment(moment, now)
                if resolved is not None:
                    found[end] = format_moment(resolved)
        for end in sorted(found, reverse=True):
            yield SlotMatch(end, found[end], "InstantTime")
