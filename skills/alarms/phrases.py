"""What the alarms skill says, per language, and how it says when something will happen."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from ting.skills.sdk.phrases import Phrases
from ting.skills.system import speech

PHRASES: Mapping[str, Mapping[str, str]] = {
    "alarm.set": {
        "en": "I understood: an alarm {when}. Alarms are not set up yet, so I haven't set it.",
        "zh": "听到了：{when}的闹钟。不过闹钟功能还没做好，这次没有设上。",
    },
    "alarm.set.repeat": {
        "en": "I understood: an alarm {repeat}, the first {when}. "
        "Alarms are not set up yet, so I haven't set it.",
        "zh": "听到了：{repeat}的闹钟，第一次是{when}。不过闹钟功能还没做好，这次没有设上。",
    },
    "alarm.list": {
        "en": "Alarms are not set up yet, so there are none to list.",
        "zh": "闹钟功能还没做好，现在没有闹钟。",
    },
    "alarm.cancel": {
        "en": "I understood: cancel the alarm {when}. "
        "Alarms are not set up yet, so there is nothing to cancel.",
        "zh": "听到了：取消{when}的闹钟。不过闹钟功能还没做好，没有可以取消的闹钟。",
    },
    "alarm.cancel.any": {
        "en": "I understood: cancel {which}. Alarms are not set up yet, so there is nothing to cancel.",
        "zh": "听到了：取消{which}。不过闹钟功能还没做好，没有可以取消的闹钟。",
    },
    "alarm.stop": {
        "en": "No alarm is ringing: alarms are not set up yet.",
        "zh": "没有闹钟在响：闹钟功能还没做好。",
    },
    "alarm.snooze": {
        "en": "I understood: snooze{for_}. Alarms are not set up yet, so there is nothing to snooze.",
        "zh": "听到了：{for_}再叫你。不过闹钟功能还没做好，没有可以推迟的闹钟。",
    },
    "timer.set": {
        "en": "I understood: a timer for {duration}{label}. "
        "Timers are not set up yet, so I haven't started it.",
        "zh": "听到了：{label}{duration}的计时器。不过计时器功能还没做好，这次没有开始计时。",
    },
    "timer.cancel": {
        "en": "Timers are not set up yet, so there is no timer to cancel.",
        "zh": "计时器功能还没做好，没有可以取消的计时器。",
    },
    "timer.status": {
        "en": "Timers are not set up yet, so no timer is running.",
        "zh": "计时器功能还没做好，现在没有在计时。",
    },
    "reminder.set": {
        "en": "I understood: remind you to {message} {when}. "
        "Reminders are not set up yet, so I haven't set it.",
        "zh": "听到了：{when}提醒你{message}。不过提醒功能还没做好，这次没有设上。",
    },
}

_REPEAT_EN = {"daily": "every day", "weekdays": "every weekday", "weekends": "every weekend"}
_REPEAT_ZH = {"daily": "每天", "weekdays": "每个工作日", "weekends": "每个周末"}
_DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAYS_ZH = "一二三四五六日"
_RELATIVE_DAYS = {0: ("today", "今天"), 1: ("tomorrow", "明天"), 2: ("the day after tomorrow", "后天")}


say = Phrases(PHRASES).say
"""The phrase ``key`` in ``lang`` (Chinese when the language is unknown), filled in."""


def when(moment: datetime, today: date, lang: str) -> str:
    """Said without ambiguity: "tomorrow at 7:00 AM", "on Friday, November 27 at 8:00 PM";
    明天早上七点, 11月27日星期五晚上八点."""
    days = (moment.date() - today).days
    if lang == "zh":
        day = _RELATIVE_DAYS[days][1] if days in _RELATIVE_DAYS else speech.zh_date(moment.date())
        return day.replace("，", "") + speech.zh_time(moment.time())
    clock = speech.en_time(moment.time())
    if days in _RELATIVE_DAYS:
        return f"{_RELATIVE_DAYS[days][0]} at {clock}"
    return f"on {speech.en_date(moment.date())} at {clock}"


def repeat(recurrence: str, lang: str) -> str:
    """daily -> "every day" / 每天; weekly:MO,WE -> "every Monday and Wednesday" / 每周一和周三."""
    if recurrence.startswith("weekly:"):
        days = [_DAY_CODES.index(code) for code in recurrence.removeprefix("weekly:").split(",")]
        if lang == "zh":
            return "每" + speech.join_list([f"周{_WEEKDAYS_ZH[day]}" for day in days], "zh")
        return "every " + speech.join_list([_WEEKDAYS_EN[day] for day in days], "en")
    return (_REPEAT_ZH if lang == "zh" else _REPEAT_EN).get(recurrence, recurrence)


def recurring(moment: datetime, recurrence: str, lang: str) -> str:
    """每个工作日早上七点 / every weekday at 7:00 AM."""
    if lang == "zh":
        return repeat(recurrence, lang) + speech.zh_time(moment.time())
    return f"{repeat(recurrence, lang)} at {speech.en_time(moment.time())}"


def duration(seconds: int, lang: str) -> str:
    return speech.zh_duration(seconds) if lang == "zh" else speech.en_duration(seconds)
