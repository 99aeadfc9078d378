"""What alarms say, in Chinese and English: when something is set for, and what rings."""

from __future__ import annotations

from datetime import date, datetime

from ting.skills.sdk import speech
from ting.skills.sdk.alarms import Item, ItemKind


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
        return f"错过了{speech.say_moment(due, today, 'zh')}的{what[0]}{detail}。"
    detail = f": {item.message}" if item.message else ""
    when = speech.say_moment(due, today, "en").removeprefix("on ")  # "for Tuesday, ...", not "for on Tuesday"
    return f"You missed the {what[1]} for {when}{detail}."
