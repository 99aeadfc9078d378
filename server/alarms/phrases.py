"""What alarms say, in Chinese and English: when something is set for, and what rings."""

from __future__ import annotations

from datetime import date, datetime

from server.alarms.model import Item, ItemKind
from skills.system import speech

_DAY_WORDS = {0: ("今天", "today"), 1: ("明天", "tomorrow"), 2: ("后天", "the day after tomorrow")}
_RULES = {
    "daily": ("每天", "every day"),
    "weekdays": ("每个工作日", "every workday"),
    "weekends": ("每个周末", "every weekend day"),
}
_DAYS_ZH = "一二三四五六日"
_DAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def moment(when: datetime, today: date, lang: str) -> str:
    """Unambiguous: 明天早上七点 / tomorrow at 7:00 AM; further away with the date."""
    offset = (when.date() - today).days
    if lang == "zh":
        day = (
            _DAY_WORDS[offset][0]
            if offset in _DAY_WORDS
            else f"{when.month}月{when.day}日{speech.zh_weekday(when)}"
        )
        return day + speech.zh_time(when.time())
    day = _DAY_WORDS[offset][1] if offset in _DAY_WORDS else speech.en_date(when.date())
    return f"{day} at {speech.en_time(when.time())}"


def rule(recurrence: str, lang: str) -> str:
    if recurrence in _RULES:
        return _RULES[recurrence][0 if lang == "zh" else 1]
    codes = recurrence.removeprefix("weekly:").split(",")
    indexes = [_CODES.index(code) for code in codes if code in _CODES]
    if lang == "zh":
        return "每周" + "、".join(_DAYS_ZH[i] for i in indexes)
    return "every " + speech.join_list([_DAYS_EN[i] for i in indexes], "en")


def recurring_moment(when: datetime, recurrence: str, lang: str) -> str:
    """每个工作日早上七点 / every workday at 7:00 AM."""
    if lang == "zh":
        return rule(recurrence, lang) + speech.zh_time(when.time())
    return f"{rule(recurrence, lang)} at {speech.en_time(when.time())}"


def duration(seconds: float, lang: str) -> str:
    whole = round(seconds)
    return speech.zh_duration(whole) if lang == "zh" else speech.en_duration(whole)


def ring_text(item: Item, now: datetime, *, late_seconds: float, late: bool) -> str:
    """现在是早上七点 / It's 7:00 AM; 提醒你：给妈妈打电话; 计时器时间到了."""
    zh = item.lang == "zh"
    if item.kind is ItemKind.REMINDER:
        text = f"提醒你：{item.message}" if zh else f"Reminder: {item.message}"
    elif item.kind is ItemKind.TIMER:
        name = item.label or ""
        text = f"{name}计时器时间到了" if zh else f"Your {name + ' ' if name else ''}timer is done"
    else:
        text = f"现在是{speech.zh_time(now.time())}" if zh else f"It's {speech.en_time(now.time())}"
        if item.label:
            text += f"，{item.label}" if zh else f": {item.label}"
    if late:
        minutes = max(1, round(late_seconds / 60))
        if zh:
            return f"抱歉，晚了{speech.zh_number(minutes)}分钟。{text}"
        return f"Sorry, this is {minutes} minute{'s' if minutes != 1 else ''} late. {text}"
    return text


def missed_text(item: Item, due: datetime, today: date) -> str:
    what = {
        ItemKind.ALARM: ("闹钟", "alarm"),
        ItemKind.TIMER: ("计时器", "timer"),
        ItemKind.REMINDER: ("提醒", "reminder"),
    }[item.kind]
    if item.lang == "zh":
        detail = f"：{item.message}" if item.message else ""
        return f"错过了{moment(due, today, 'zh')}的{what[0]}{detail}。"
    detail = f": {item.message}" if item.message else ""
    return f"You missed the {what[1]} for {moment(due, today, 'en')}{detail}."
