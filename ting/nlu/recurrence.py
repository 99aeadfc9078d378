"""Repeating schedules as said -> ``daily`` / ``weekdays`` / ``weekends`` / ``weekly:MO,WE`` (list kind
``recurrence``), and moving a ``time`` slot to the first occurrence of the recurrence said with it.

English: every day, daily, every weekday, on weekdays, every weekend, on weekends, every Monday (and
Wednesday), on Mondays and Wednesdays; with a part of the day (round 17): "every weekday morning", "on
weekday mornings", "Saturday mornings", "every morning" (daily), "weeknights", "on weekdays in the morning",
which also fixes the half of the day of a bare clock time said with it ("for seven on weekday mornings" is
7 am: ``time_in_part``). Chinese: 每天, 天天, 每个工作日, 工作日, 每周六, 每个星期六,
每周一和周三, 每周一三五, 周末 / 每个周末. A bare "this weekend" / 周末 with a clock time is read as a day
(the coming Saturday) by the ``time`` list; the matcher prefers that single slot.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from ting.nlu.dates import ZH_WEEK_WORDS, ZH_WEEKDAY_CHARS, Period
from ting.nlu.lists import MatchContext, SlotMatch
from ting.nlu.phrasetable import PhraseTable
from ting.nlu.result import RecognizedSlot
from ting.nlu.times import TIME_FORMAT, format_moment, moment_readings, resolve_moment

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_EN_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

EN_FIXED = PhraseTable(
    [(text, "daily") for text in ("every day", "daily", "each day", "every single day", "everyday")]
    + [(text, "weekdays") for text in (
        "every weekday", "on weekdays", "weekdays", "each weekday", "every workday", "on workdays",
        "workdays", "monday to friday", "monday through friday", "from monday to friday",
        "every day of the week", "during the week", "on week days", "every week day")]
    + [(text, "weekends") for text in (
        "every weekend", "on weekends", "weekends", "each weekend", "on the weekends",
        "every saturday and sunday", "on saturdays and sundays")]
)  # fmt: skip
ZH_FIXED = PhraseTable(
    [(text, "daily") for text in ("每天", "天天", "每日", "每一天")]
    + [(text, "weekdays") for text in (
        "每个工作日", "工作日", "每逢工作日", "工作日都", "每周一到周五", "周一到周五", "星期一到星期五",
        "每周一至周五", "周一至周五", "礼拜一到礼拜五", "上班的日子", "上班日")]
    + [(text, "weekends") for text in ("周末", "每个周末", "每周末", "周末都", "每逢周末", "双休日")]
)  # fmt: skip
_EN_DAYS = PhraseTable(
    [(name, number) for number, name in enumerate(_EN_WEEKDAYS)]
    + [(name + "s", number) for number, name in enumerate(_EN_WEEKDAYS)]
)
_EN_JOINERS = frozenset({"and", "or"})
_EN_PARTS: dict[str, Period] = {
    **{part: Period.AM for part in ("morning", "mornings")},
    **{part: Period.PM for part in ("afternoon", "afternoons")},
    **{part: Period.EVENING for part in ("evening", "evenings", "night", "nights")},
    **{part: Period.EVENING for part in ("weeknight", "weeknights")},
}
"""A part of the day said with a recurrence ("weekday mornings"), and the half of the day it gives a time."""
_IN_THE_PARTS = frozenset(("in", "the", part) for part in ("morning", "afternoon", "evening"))
_PARTS_OF_A_DAY = ("morning", "afternoon", "evening", "night")
_EN_PART_DAYS = PhraseTable(
    [(text, "weekdays") for text in ("weekday", "week day", "workday", "work day")]
    + [(text, "weekends") for text in ("weekend", "week end")]
)
"""Singular day words that repeat with a plural part of the day after them ("weekday mornings")."""
_EN_PART_ALONE = PhraseTable(
    [(f"{every} {part}", "daily") for every in ("every", "each") for part in _PARTS_OF_A_DAY]
    + [(text, "weekdays") for text in ("weeknights", "on weeknights", "every weeknight", "each weeknight")]
)  # fmt: skip
"""A part of the day alone as the recurrence: "every morning" is daily, "weeknights" are the weekdays'."""
_ZH_EVERY = (("每", "个"), ("每",))
_ZH_JOINERS = frozenset({"和", "跟", "与", "及", "还", "有"})


def weekly(days: Sequence[int]) -> str | None:
    chosen = sorted(set(days))
    if chosen == list(range(7)):
        return "daily"
    if chosen == list(range(5)):
        return "weekdays"
    if chosen == [5, 6]:
        return "weekends"
    return "weekly:" + ",".join(DAY_CODES[day] for day in chosen) if chosen else None


def _en_weekly(tokens: Sequence[str], start: int) -> Iterator[tuple[int, str]]:
    """ "every Monday and Wednesday", "on Mondays", "Mondays and Fridays" (plural = repeating)."""
    lead = start
    if start < len(tokens) and tokens[start] in ("every", "each", "on"):
        lead = start + 1
    for end, days in _day_lists(tokens, lead, lambda i: _EN_DAYS.readings(tokens, i), _EN_JOINERS):
        said = tokens[lead:end]
        if tokens[start] in ("every", "each") or any(word.endswith("s") for word in said if word in _PLURALS):
            value = weekly(days)
            if value:
                yield end, value


_PLURALS = frozenset(name + "s" for name in _EN_WEEKDAYS)


def _zh_days(tokens: Sequence[str], start: int) -> Iterator[tuple[int, int]]:
    """周一 / 星期一 / 礼拜一, or a bare 一 after the first (每周一、三、五 / 每周一三五)."""
    for word in ZH_WEEK_WORDS:
        size = len(word)
        if "".join(tokens[start : start + size]) == word and start + size < len(tokens):
            number = ZH_WEEKDAY_CHARS.get(tokens[start + size])
            if number is not None:
                yield start + size + 1, number
    if start < len(tokens) and tokens[start] in ZH_WEEKDAY_CHARS and tokens[start] != "天":
        yield start + 1, ZH_WEEKDAY_CHARS[tokens[start]]


def _zh_weekly(tokens: Sequence[str], start: int) -> Iterator[tuple[int, str]]:
    for every in _ZH_EVERY:
        if tuple(tokens[start : start + len(every)]) != every:
            continue
        lead = start + len(every)
        for end, days in _day_lists(tokens, lead, lambda i: _zh_days(tokens, i), _ZH_JOINERS):
            if any(tokens[lead].startswith(word[0]) for word in ZH_WEEK_WORDS):
                value = weekly(days)
                if value:
                    yield end, value
        return


def _day_lists(
    tokens: Sequence[str],
    start: int,
    read: Callable[[int], Iterator[tuple[int, int]]],
    joiners: frozenset[str],
) -> Iterator[tuple[int, list[int]]]:
    """(end, weekdays) for "A", "A and B", "A, B and C" (a day after the first may follow directly)."""
    stack: list[tuple[int, list[int]]] = [(end, [day]) for end, day in read(start)]
    found: list[tuple[int, list[int]]] = []
    while stack:
        end, days = stack.pop()
        found.append((end, days))
        if len(days) >= 7:
            continue
        following = end + 1 if end < len(tokens) and tokens[end] in joiners else end
        for next_end, day in read(following):
            if day not in days:
                stack.append((next_end, [*days, day]))
    return iter(sorted(found, key=lambda item: -item[0]))


_ZH_EACH_DAY = (("每", "天"), ("天", "天"), ("每", "日"))
"""每天 said again after days that are not every day (工作日每天早上七点, 周一到周五每天): each of those days
(round 12), not a second recurrence."""


def recurrence_readings(tokens: Sequence[str], start: int, lang: str) -> Iterator[tuple[int, str]]:
    if lang == "zh":
        for end, value in (*_zh_weekly(tokens, start), *ZH_FIXED.readings(tokens, start)):
            yield end, value
            if value != "daily" and tuple(tokens[end : end + 2]) in _ZH_EACH_DAY:
                yield end + 2, value
    else:
        for end, value in (*_en_weekly(tokens, start), *EN_FIXED.readings(tokens, start)):
            yield end, value
            yield from _en_with_part(tokens, end, value)
        yield from _en_plural_parts(tokens, start)
        yield from _EN_PART_ALONE.readings(tokens, start)


def _en_with_part(tokens: Sequence[str], end: int, value: str) -> Iterator[tuple[int, str]]:
    """A recurrence and the part of the day after it: "every weekday morning", "on weekdays in the morning",
    "every Friday at night"."""
    if end < len(tokens) and tokens[end] in _EN_PARTS:
        yield end + 1, value
    if tuple(tokens[end : end + 2]) == ("at", "night"):
        yield end + 2, value
    if tuple(tokens[end : end + 3]) in _IN_THE_PARTS:
        yield end + 3, value


def _en_plural_parts(tokens: Sequence[str], start: int) -> Iterator[tuple[int, str]]:
    """A day said once and a plural part of the day: "weekday mornings", "on Saturday mornings", "Monday
    and Thursday evenings" (a singular part is one day: "on Monday morning" is no recurrence)."""
    lead = start + 1 if start < len(tokens) and tokens[start] in ("on", "every", "each") else start
    found = [*_EN_PART_DAYS.readings(tokens, lead)]
    for end, days in _day_lists(tokens, lead, lambda i: _EN_DAYS.readings(tokens, i), _EN_JOINERS):
        value = weekly(days)
        if value:
            found.append((end, value))
    for end, value in found:
        if end < len(tokens) and tokens[end] in _EN_PARTS and tokens[end].endswith("s"):
            yield end + 1, value


def part_of_day(words: Sequence[str]) -> Period | None:
    """The part of the day a recurrence said, if any ("weekday mornings": morning)."""
    return next((_EN_PARTS[word] for word in reversed(words) if word in _EN_PARTS), None)


def time_in_part(time_said: Sequence[str], part: Period, lang: str, now: datetime) -> str | None:
    """The moment ``time_said`` means in ``part`` of the day, when it said no day or half of its own ("seven"
    with "on weekday mornings": the next 7 am); None when it did, or does not read as one moment."""
    for end, moment in moment_readings(time_said, 0, lang):
        if end == len(time_said) and moment.period is None and moment.day is None and not moment.clock.fixed:
            resolved = resolve_moment(replace(moment, period=part), now)
            return None if resolved is None else format_moment(resolved)
    return None


@dataclass(frozen=True)
class RecurrenceList:
    """Slot list kind ``recurrence``: ``lists: {recurrence: {recurrence: {}}}``."""

    name: str
    wildcard: bool = False

    def first_tokens(self) -> frozenset[str] | None:
        return (
            EN_FIXED.first_tokens() | ZH_FIXED.first_tokens() | _EN_DAYS.first_tokens()
            | _EN_PART_DAYS.first_tokens() | {"every", "each", "on", "weeknights", "每"}
        )  # fmt: skip

    def match(self, tokens: Sequence[str], start: int, context: MatchContext) -> Iterator[SlotMatch]:
        found: dict[int, str] = {}
        for end, value in recurrence_readings(tokens, start, context.lang):
            found.setdefault(end, value)
        for end in sorted(found, reverse=True):
            yield SlotMatch(end, found[end])


def occurs_on(recurrence: str, day: int) -> bool:
    """Whether ``recurrence`` fires on weekday ``day`` (0 = Monday)."""
    if recurrence == "daily":
        return True
    if recurrence == "weekdays":
        return day < 5
    if recurrence == "weekends":
        return day >= 5
    codes = recurrence.removeprefix("weekly:").split(",")
    return DAY_CODES[day] in codes


def first_occurrence(time_value: str, recurrence: str) -> str:
    """The first moment at or after ``time_value`` (same clock time) on a day ``recurrence`` fires."""
    moment = datetime.strptime(time_value, TIME_FORMAT)
    for _ in range(7):
        if occurs_on(recurrence, moment.weekday()):
            break
        moment += timedelta(days=1)
    return moment.strftime(TIME_FORMAT)


def apply_recurrence(slots: Sequence[RecognizedSlot]) -> list[RecognizedSlot]:
    """With a ``recurrence`` slot, the ``time`` slot becomes the recurrence's first occurrence."""
    recurrence = next((slot.value for slot in slots if slot.name == "recurrence"), None)
    if not isinstance(recurrence, str):
        return list(slots)
    return [
        replace(slot, value=first_occurrence(slot.value, recurrence))
        if slot.name == "time" and slot.kind == "InstantTime" and isinstance(slot.value, str)
        else slot
        for slot in slots
    ]
