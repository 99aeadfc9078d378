"""Durations said in words -> whole seconds (list kind ``duration``, Hermes kind ``Duration``).

English: "90 seconds", "10 minutes", "an hour and a half", "1 hour 20 minutes", "half an hour",
"one and a half hours", "1.5 hours". Chinese: 十分钟, 半小时, 一个半小时, 两分半, 三刻钟,
一个小时二十分钟, 三分三十秒. Parts may follow each other in falling units ("1 hour and 20 minutes").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from ting.nlu.lists import MatchContext, SlotMatch
from ting.nlu.numbers import Number, number_readings
from ting.nlu.phrasetable import PhraseTable

HOUR, MINUTE, SECOND = 3600, 60, 1
_Part = Callable[[Sequence[str], int], Iterator[tuple[int, int, int]]]
MAX_PARTS = 3

_EN_UNITS = PhraseTable(
    [(word, HOUR) for word in ("hour", "hours", "hr", "hrs")]
    + [(word, MINUTE) for word in ("minute", "minutes", "min", "mins")]
    + [(word, SECOND) for word in ("second", "seconds", "sec", "secs")]
)
_EN_FIXED = PhraseTable(
    [
        ("half an hour", (1800, HOUR)),
        ("half a hour", (1800, HOUR)),
        ("half hour", (1800, HOUR)),
        ("a half hour", (1800, HOUR)),
        ("quarter of an hour", (900, HOUR)),
        ("a quarter of an hour", (900, HOUR)),
        ("quarter hour", (900, HOUR)),
        ("a quarter hour", (900, HOUR)),
        ("three quarters of an hour", (2700, HOUR)),
        ("half a minute", (30, MINUTE)),
        ("half minute", (30, MINUTE)),
    ]
)
_EN_FRACTIONS = {("and", "a", "half"): 0.5, ("and", "a", "quarter"): 0.25}
"""A fraction said after a unit: "an hour and a quarter" is 75 minutes."""
_ZH_UNITS = PhraseTable(
    [
        *[("个小时", HOUR), ("小时", HOUR), ("个钟头", HOUR), ("钟头", HOUR), ("个钟", HOUR)],
        *[("分钟", MINUTE), ("分", MINUTE)],
        *[("秒钟", SECOND), ("秒", SECOND)],
        # how recognizers print 钟 (zhōng) after a unit: 再睡十分中, 一个中头, 三十秒中
        *[("分中", MINUTE), ("秒中", SECOND), ("个中头", HOUR), ("中头", HOUR)],
    ]
)
_ZH_FIXED = PhraseTable(
    [
        ("半小时", (1800, HOUR)),
        ("半个小时", (1800, HOUR)),
        ("半个钟头", (1800, HOUR)),
        ("半个钟", (1800, HOUR)),
        ("半分钟", (30, MINUTE)),
        ("一刻钟", (900, HOUR)),
        ("一刻", (900, HOUR)),
        ("三刻钟", (2700, HOUR)),
        ("三刻", (2700, HOUR)),
        ("两刻钟", (1800, HOUR)),
    ]
)
_EN_JOINERS = frozenset({"and"})


@dataclass(frozen=True)
class DurationList:
    """Slot list kind ``duration``: ``lists: {length: {duration: {}}}``."""

    name: str
    wildcard: bool = False

    def first_tokens(self) -> frozenset[str] | None:
        return None  # digits are open-ended

    def match(self, tokens: Sequence[str], start: int, context: MatchContext) -> Iterator[SlotMatch]:
        seen: set[int] = set()
        for end, seconds in duration_readings(tokens, start, context.lang):
            if end not in seen and seconds > 0:
                seen.add(end)
                yield SlotMatch(end, seconds, "Duration")


def duration_readings(tokens: Sequence[str], start: int, lang: str) -> Iterator[tuple[int, int]]:
    """Every ``(end, seconds)`` reading a duration from ``start``, longest first."""
    part = _zh_part if lang == "zh" else _en_part
    found = sorted(_sequences(tokens, start, part, HOUR * 1000, 0, 0), key=lambda item: -item[0])
    return iter(found)


def _sequences(
    tokens: Sequence[str], start: int, part: _Part, below: int, total: int, depth: int
) -> Iterator[tuple[int, int]]:
    if depth >= MAX_PARTS:
        return
    for end, seconds, unit in part(tokens, start):
        if unit >= below:
            continue
        yield end, total + seconds
        following = end + 1 if end < len(tokens) and tokens[end] in _EN_JOINERS else end
        yield from _sequences(tokens, following, part, unit, total + seconds, depth + 1)


def _whole(value: Number) -> int:
    return round(value)


def _en_numbers(tokens: Sequence[str], start: int) -> Iterator[tuple[int, Number]]:
    if start < len(tokens) and tokens[start] in ("a", "an", "one"):
        yield start + 1, 1
    yield from number_readings(tokens, start)


def _en_part(tokens: Sequence[str], start: int) -> Iterator[tuple[int, int, int]]:
    """(end, seconds, unit) of one part: "20 minutes", "an hour and a half", "one and a half hours"."""
    for end, (seconds, unit) in _EN_FIXED.readings(tokens, start):
        yield end, seconds, unit
    for end, count in _en_numbers(tokens, start):
        if tuple(tokens[end : end + 3]) == ("and", "a", "half"):
            for unit_end, unit in _EN_UNITS.readings(tokens, end + 3):
                yield unit_end, _whole((count + 0.5) * unit), unit
        for unit_end, unit in _EN_UNITS.readings(tokens, end):
            after = tuple(tokens[unit_end : unit_end + 3])
            if after in _EN_FRACTIONS:  # "an hour and a half", "an hour and a quarter" (round 16)
                yield unit_end + 3, _whole((count + _EN_FRACTIONS[after]) * unit), unit
            yield unit_end, _whole(count * unit), unit


def _zh_part(tokens: Sequence[str], start: int) -> Iterator[tuple[int, int, int]]:
    """(end, seconds, unit) of one part: 十分钟, 一个半小时, 两分半, 三刻钟, 半小时."""
    for end, (seconds, unit) in _ZH_FIXED.readings(tokens, start):
        yield end, seconds, unit
    for end, count in number_readings(tokens, start):
        if tuple(tokens[end : end + 2]) == ("个", "半"):
            for unit_end, unit in _ZH_UNITS.readings(tokens, end + 2):
                if unit == HOUR:
                    yield unit_end, _whole((count + 0.5) * unit), unit  # 一个半小时
        if tuple(tokens[end : end + 2]) in (("刻", "钟"),):
            yield end + 2, _whole(count * 900), HOUR
        for unit_end, unit in _ZH_UNITS.readings(tokens, end):
            if unit_end < len(tokens) and tokens[unit_end] == "半" and unit in (MINUTE, HOUR):
                # 两分半 / 两分半钟 / 两小时半
                stop = unit_end + 1
                if unit == MINUTE and stop < len(tokens) and tokens[stop] == "钟":
                    stop += 1
                yield stop, _whole((count + 0.5) * unit), unit
            yield unit_end, _whole(count * unit), unit
