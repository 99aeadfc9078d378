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

    def resolve(self, today: date) -> date:
        if self.weekday is None:
            return today + timedelta(days=self.offset)
        if self.week is None:
            return today + timedelta(days=(self.weekday - today.weekday() - 1) % 7 + 1)
        if self.week == -1:
            return today + timedelta(days=(self.weekday - today.weekday()) % 7)
        monday = today - timedelta(days=today.weekday())
        return monday + timedelta(days=7 * self.week + self.weekday)


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
    skip = 1 if lang == "en" and start < len(tokens) and tokens[start] == "on" else 0
    for end, (day, period) in day_table(lang).readings(tokens, start + skip):
        yield end, day, period


@dataclass(frozen=True)
class DateList:
    """Slot list kind ``date``: a day as said -> ``YYYY-MM-DD`` (kind ``InstantTime``)."""

    name: str
    wildcard: bool = False

    def first_tokens(self) -> frozenset[str] | None:
        return EN_DAYS.first_tokens() | ZH_DAYS.first_tokens() | {"on"}

    def match(self, tokens: Sequence[str], start: int, context: MatchContext) -> Iterator[SlotMatch]:
        today = _today(context.now)
        seen: set[int] = set()
        for end, day, _period in day_readings(tokens, start, context.lang):
            if end not in seen:
                seen.add(end)
                yield SlotMatch(end, day.resolve(today).isoformat(), "InstantTime")


def _today(now: datetime) -> date:
    return now.date()
