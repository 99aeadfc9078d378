"""Spoken forms of numbers, times, dates and durations, as a voice would say them, in Chinese and English.

For skills: an answer never reads "2026-12-02T05:55+08:00". The bilingual helpers take the request's
language (``zh`` or anything else for English):

- ``say_time(time(15, 30), lang)`` -> 下午三点半 / 3:30 PM
- ``say_date(date(2026, 11, 24), lang)`` -> 11月24日，星期二 / Tuesday, November 24
- ``say_moment(when, today, lang)`` -> 明天早上七点 / tomorrow at 7:00 AM (the date when further away)
- ``say_recurring(when, "weekdays", lang)`` -> 每个工作日早上七点 / every weekday at 7:00 AM
- ``say_duration(5400, lang)`` -> 一小时三十分钟 / 1 hour 30 minutes
- ``say_number(26.5, lang)`` -> 二十六点五 / 26.5 (one decimal place at most; 负五 / -5)
- ``join_list(["a", "b", "c"], lang)`` -> a、b和c / a, b and c

The one-language forms (``zh_time``, ``en_date`` ...) are here too.
"""

from __future__ import annotations

from datetime import date, datetime, time

_DIGITS = "零一二三四五六七八九"
_UNITS = ((1000, "千"), (100, "百"), (10, "十"))
_WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def zh_number(number: int) -> str:
    """A whole number in Chinese numerals: 10 -> 十, 26 -> 二十六, 105 -> 一百零五, 12000 -> 一万二千,
    -5 -> 负五 (digits beyond 99,999,999)."""
    if number < 0:
        return "负" + zh_number(-number)
    if number >= 10_000:
        return _zh_wan(number)
    if number < 10:
        return _DIGITS[number]
    if 10 <= number < 20:
        return "十" + (_DIGITS[number - 10] if number > 10 else "")
    parts: list[str] = []
    rest = number
    pending_zero = False
    for unit_value, unit in _UNITS:
        digit, rest = divmod(rest, unit_value)
        if digit:
            if pending_zero:
                parts.append("零")
            parts.append(_DIGITS[digit] + unit)
            pending_zero = False
        elif parts:
            pending_zero = True
    if rest:
        parts.append(("零" if pending_zero and parts else "") + _DIGITS[rest])
    return "".join(parts)


def _zh_wan(number: int) -> str:
    """10,000 and up: 万 groups (10005 -> 一万零五, 110000 -> 十一万)."""
    high, low = divmod(number, 10_000)
    if high >= 10_000:
        return str(number)
    if not low:
        return zh_number(high) + "万"
    gap = "零" if low < 1000 else ""
    return zh_number(high) + "万" + gap + ("一" if 10 <= low < 20 else "") + zh_number(low)


def zh_decimal(value: float) -> str:
    """26 -> 二十六, 25.5 -> 二十五点五, -0.5 -> 负零点五 (one decimal place at most)."""
    tenths = round(abs(value) * 10)
    if tenths == 0:
        return _DIGITS[0]
    whole, tenth = divmod(tenths, 10)
    sign = "负" if value < 0 else ""
    return sign + zh_number(whole) + (f"点{_DIGITS[tenth]}" if tenth else "")


def zh_hour(hour_12: int) -> str:
    """An hour on the clock face: 2 -> 两点, 12 -> 十二点."""
    return ("两" if hour_12 == 2 else zh_number(hour_12)) + "点"


def zh_day_period(hour: int) -> str:
    """凌晨 (0–4), 早上 (5–8), 上午 (9–11), 中午 (12), 下午 (13–17), 晚上 (18–23)."""
    for last_hour, period in ((4, "凌晨"), (8, "早上"), (11, "上午"), (12, "中午"), (17, "下午")):
        if hour <= last_hour:
            return period
    return "晚上"


def zh_clock_time(moment: time) -> str:
    """Without the part of the day: 七点零五分, 三点半, 十二点, 八点十五分."""
    hour_12 = moment.hour % 12 or 12
    minute = moment.minute
    if minute == 0:
        return zh_hour(hour_12)
    if minute == 30:
        return zh_hour(hour_12) + "半"
    return zh_hour(hour_12) + ("零" if minute < 10 else "") + zh_number(minute) + "分"


def zh_time(moment: time) -> str:
    """With the part of the day: 晚上七点零五分, 下午三点半, 中午十二点."""
    return zh_day_period(moment.hour) + zh_clock_time(moment)


def zh_date(day: date) -> str:
    """11月24日，星期二."""
    return f"{day.month}月{day.day}日，{zh_weekday(day)}"


def zh_weekday(day: date) -> str:
    return _WEEKDAYS_ZH[day.weekday()]


def zh_duration(seconds: int) -> str:
    """5400 -> 一个小时三十分钟, 150 -> 两分钟三十秒, 45 -> 四十五秒."""
    hours, rest = divmod(max(seconds, 0), 3600)
    minutes, secs = divmod(rest, 60)
    parts = [
        f"{'两' if hours == 2 else zh_number(hours)}个小时" if hours else "",
        f"{'两' if minutes == 2 else zh_number(minutes)}分钟" if minutes else "",
        f"{'两' if secs == 2 else zh_number(secs)}秒" if secs or not (hours or minutes) else "",
    ]
    return "".join(parts)


def en_time(moment: time) -> str:
    """7:05 PM, 12:00 PM (noon), 12:30 AM."""
    suffix = "AM" if moment.hour < 12 else "PM"
    return f"{moment.hour % 12 or 12}:{moment.minute:02d} {suffix}"


def en_date(day: date) -> str:
    """Tuesday, November 24."""
    return f"{_WEEKDAYS_EN[day.weekday()]}, {_MONTHS_EN[day.month - 1]} {day.day}"


def en_duration(seconds: int) -> str:
    """5400 -> 1 hour 30 minutes, 61 -> 1 minute 1 second."""
    hours, rest = divmod(max(seconds, 0), 3600)
    minutes, secs = divmod(rest, 60)
    units = ((hours, "hour"), (minutes, "minute"), (secs, "second"))
    parts = [f"{count} {unit}{'' if count == 1 else 's'}" for count, unit in units if count]
    return " ".join(parts) or "0 seconds"


def join_list(items: list[str], lang: str) -> str:
    """en: "a, b and c"; zh: "a、b和c"."""
    if len(items) <= 1:
        return "".join(items)
    if lang == "zh":
        return "、".join(items[:-1]) + "和" + items[-1]
    return ", ".join(items[:-1]) + " and " + items[-1]


_REPEAT_EN = {"daily": "every day", "weekdays": "every weekday", "weekends": "every weekend"}
_REPEAT_ZH = {"daily": "每天", "weekdays": "每个工作日", "weekends": "每个周末"}
_DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_RELATIVE_DAYS = {0: ("today", "今天"), 1: ("tomorrow", "明天"), 2: ("the day after tomorrow", "后天")}


def say_number(value: float, lang: str) -> str:
    """二十六 / 26; 十九点五 / 19.5; 一百万 / 1000000 (one decimal place at most, as ``zh_decimal``)."""
    if lang == "zh":
        return zh_decimal(value)
    return en_number(value)


def en_number(value: float) -> str:
    """26, 19.5, -3, 1000000: digits, as English TTS reads them (never ``1e+06``)."""
    tenths = round(value * 10)
    whole, tenth = divmod(abs(tenths), 10)
    return ("-" if tenths < 0 else "") + str(whole) + (f".{tenth}" if tenth else "")


def say_time(moment: time, lang: str) -> str:
    """下午三点半 / 3:30 PM."""
    return zh_time(moment) if lang == "zh" else en_time(moment)


def say_date(day: date, lang: str) -> str:
    """11月24日星期二 / Tuesday, November 24."""
    return zh_date(day) if lang == "zh" else en_date(day)


def say_duration(seconds: float, lang: str) -> str:
    """一小时三十分钟 / 1 hour 30 minutes (rounded to the second)."""
    whole = round(seconds)
    return zh_duration(whole) if lang == "zh" else en_duration(whole)


def say_moment(moment: datetime, today: date, lang: str) -> str:
    """Said without ambiguity: "tomorrow at 7:00 AM", "on Friday, November 27 at 8:00 PM";
    明天早上七点, 11月27日星期五晚上八点. ``today`` is the household's date (``services.clock``)."""
    days = (moment.date() - today).days
    if lang == "zh":
        day = _RELATIVE_DAYS[days][1] if days in _RELATIVE_DAYS else zh_date(moment.date())
        return day.replace("，", "") + zh_time(moment.time())
    clock = en_time(moment.time())
    if days in _RELATIVE_DAYS:
        return f"{_RELATIVE_DAYS[days][0]} at {clock}"
    return f"on {en_date(moment.date())} at {clock}"


def say_repeat(recurrence: str, lang: str) -> str:
    """daily -> "every day" / 每天; weekly:MO,WE -> "every Monday and Wednesday" / 每周一和周三."""
    if recurrence.startswith("weekly:"):
        days = [_DAY_CODES.index(code) for code in recurrence.removeprefix("weekly:").split(",")]
        if lang == "zh":
            return "每" + join_list([_WEEKDAYS_ZH[day].replace("星期", "周") for day in days], "zh")
        return "every " + join_list([_WEEKDAYS_EN[day] for day in days], "en")
    return (_REPEAT_ZH if lang == "zh" else _REPEAT_EN).get(recurrence, recurrence)


def say_recurring(moment: datetime, recurrence: str, lang: str) -> str:
    """每个工作日早上七点 / every weekday at 7:00 AM."""
    if lang == "zh":
        return say_repeat(recurrence, lang) + zh_time(moment.time())
    return f"{say_repeat(recurrence, lang)} at {en_time(moment.time())}"
