"""Mandarin text as a person reads it aloud, for the speech engines: digits, dates, times, units, percentages.

Both Mandarin paths phonemize with espeak-ng's ``cmn`` (Piper's zh voices through the library Piper ships,
and the espeak-ng fallback). It reads a bare number well ("26" → 二十六) but not what surrounds it: "2026年"
comes out as 二千二十六年 where people say 二〇二六年, "7:30" as 七 三十, "26°C" as 二十六 "see", "50%" as
五十 "percent". So this turns them into characters first. ``RESPELLINGS`` fixes the few common polyphones
espeak-ng reads wrongly (measured in tests/device/speaking/test_zh_text.py) by writing a homophone, which
every Mandarin voice reads alike. Latin words inside a Chinese sentence ("打开WiFi") are left as they are:
espeak-ng's ``cmn`` switches to English phonemes for them, so the Mandarin voice says them the English way,
as people here do.
"""

from __future__ import annotations

import re

DIGITS = "零一二三四五六七八九"
YEAR_DIGITS = "〇一二三四五六七八九"
"""Years and digit strings are read digit by digit; 〇 is how a year's zero is written."""
_SMALL_UNITS = ((1000, "千"), (100, "百"), (10, "十"))
_BIG_UNITS = ((10**12, "万亿"), (10**8, "亿"), (10**4, "万"))
MEASURE_WORDS = "个只本件次天台条张位岁杯瓶块首周分秒小座层间辆把点"
"""Before these a lone 2 is 两 (两个, 两岁, 两小时, 两点), not 二 (but 第二个)."""
UNITS = {
    "°C": "度",
    "℃": "度",
    "度": "度",
    "km/h": "公里每小时",
    "m/s": "米每秒",
    "km": "公里",
    "kg": "公斤",
    "cm": "厘米",
    "mm": "毫米",
    "ml": "毫升",
    "mL": "毫升",
    "kW": "千瓦",
    "W": "瓦",
    "m": "米",
    "g": "克",
    "L": "升",
}
RESPELLINGS = {
    "便宜": "骈宜",  # pián yi, not biàn
    "角色": "决色",  # jué sè, not jiǎo
    "行字": "航字",  # 一行字: háng
    "还钱": "环钱",  # huán qián, not hái
}
"""Polyphones espeak-ng's ``cmn`` gets wrong → a homophone it reads right."""

_NUMBER = r"\d+(?:\.\d+)?"
_UNIT_PATTERN = "|".join(re.escape(unit) for unit in sorted(UNITS, key=len, reverse=True))
_DATE_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_YEAR = re.compile(r"(\d{4})(?=年)")
_TIME = re.compile(r"(?<![\d.])(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?(?!\d)")
_PERCENT = re.compile(rf"([-−]?)({_NUMBER})\s*[%％]")
_RANGE = re.compile(rf"({_NUMBER})\s*[-~～至到]\s*([-−]?{_NUMBER})\s*(?=°C|℃|{_UNIT_PATTERN}|[%％])")
_WITH_UNIT = re.compile(rf"([-−]?)({_NUMBER})\s*({_UNIT_PATTERN})(?![A-Za-z])")
_MINUS_NUMBER = re.compile(rf"(?<![\w\d])[-−]({_NUMBER})")
_TWO_MEASURE = re.compile(rf"(?<![\d.第])2(?=[{MEASURE_WORDS}])")
_LONG_DIGITS = re.compile(r"(?<![\d.])(0\d+|\d{11,})(?![\d.])")
_NUMBER_ANY = re.compile(_NUMBER)


def read_integer(number: int) -> str:
    """1005 → 一千零五, 10 → 十, 120000 → 十二万, 100000001 → 一亿零一, 20000 → 两万."""
    if number < 0:
        return "负" + read_integer(-number)
    if number == 0:
        return DIGITS[0]
    spoken = _read_big(number)
    if spoken.startswith("一十"):
        return spoken[1:]
    # 两千, 两万, 两亿 as people say them (二十 and 二百 stay)
    return "两" + spoken[1:] if spoken[:2] in ("二千", "二万", "二亿") else spoken


def _read_big(number: int) -> str:
    for size, name in _BIG_UNITS:
        if number >= size:
            high, low = divmod(number, size)
            rest = "" if low == 0 else ("零" if low < size // 10 else "") + _read_big(low)
            return _read_big(high) + name + rest
    return _read_section(number)


def _read_section(number: int) -> str:
    """1..9999, with one 零 for each run of missing places (1005 → 一千零五)."""
    parts, pending_zero = [], False
    for size, name in _SMALL_UNITS:
        digit, number = divmod(number, size)
        if digit:
            parts.append(("零" if pending_zero else "") + DIGITS[digit] + name)
            pending_zero = False
        elif parts:
            pending_zero = True
    if number:
        parts.append(("零" if pending_zero else "") + DIGITS[number])
    return "".join(parts)


def read_number(text: str) -> str:
    """An integer or decimal as written: 3.14 → 三点一四, 26 → 二十六."""
    whole, _, fraction = text.partition(".")
    spoken = read_integer(int(whole))
    return spoken + ("点" + read_digits(fraction, DIGITS) if fraction else "")


def read_digits(digits: str, names: str = DIGITS) -> str:
    return "".join(names[int(digit)] for digit in digits)


def read_time(hour: int, minute: int, second: int | None = None) -> str:
    """7:30 → 七点半, 7:05 → 七点零五分, 2:00 → 两点."""
    spoken = ("两" if hour == 2 else read_integer(hour)) + "点"
    if minute == 30 and not second:
        spoken += "半"
    elif minute:
        spoken += ("零" if minute < 10 else "") + read_integer(minute) + "分"
    if second:
        spoken += read_integer(second) + "秒"
    return spoken


def _iso_date(match: re.Match[str]) -> str:
    year, month, day = match.groups()
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
        return match.group(0)
    return f"{year}年{read_integer(int(month))}月{read_integer(int(day))}日"


def _time(match: re.Match[str]) -> str:
    hour, minute, second = int(match[1]), int(match[2]), int(match[3]) if match[3] else None
    if hour > 24 or minute > 59 or (second is not None and second > 59):
        return match.group(0)
    return read_time(hour, minute, second)


def _with_unit(match: re.Match[str]) -> str:
    minus, number, unit = match.groups()
    name = UNITS[unit]
    if minus:
        return ("零下" if name == "度" else "负") + read_number(number) + name
    return read_number(number) + name


def normalize_zh(text: str) -> str:
    """Digits, dates, times, units and percentages in ``text`` as characters; Latin words stay as they are."""
    text = text.replace("\u3000", " ")
    for written, spoken in RESPELLINGS.items():
        text = text.replace(written, spoken)
    text = _DATE_ISO.sub(_iso_date, text)
    text = _YEAR.sub(lambda m: read_digits(m[1], YEAR_DIGITS), text)
    text = re.sub(r"(\d{1,2})(?=[月日号])", lambda m: read_integer(int(m[1])), text)
    text = _TIME.sub(_time, text)
    text = _RANGE.sub(lambda m: f"{m[1]}到{m[2]}", text)
    text = _PERCENT.sub(lambda m: ("负" if m[1] else "") + "百分之" + read_number(m[2]), text)
    text = _WITH_UNIT.sub(_with_unit, text)
    text = _MINUS_NUMBER.sub(lambda m: "负" + read_number(m[1]), text)
    text = _TWO_MEASURE.sub("两", text)
    text = _LONG_DIGITS.sub(lambda m: read_digits(m[1]), text)
    return _NUMBER_ANY.sub(lambda m: read_number(m[0]), text)
