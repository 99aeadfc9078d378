"""The SDK's bilingual spoken forms: what a voice says for numbers, times, dates, moments and durations."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from ting.skills.sdk import speech

TUESDAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("moment", "zh", "en"),
    [
        (time(0, 0), "凌晨十二点", "12:00 AM"),  # midnight
        (time(0, 5), "凌晨十二点零五分", "12:05 AM"),
        (time(4, 59), "凌晨四点五十九分", "4:59 AM"),
        (time(7, 0), "早上七点", "7:00 AM"),
        (time(11, 30), "上午十一点半", "11:30 AM"),
        (time(12, 0), "中午十二点", "12:00 PM"),  # noon
        (time(12, 30), "中午十二点半", "12:30 PM"),
        (time(14, 2), "下午两点零二分", "2:02 PM"),
        (time(18, 0), "晚上六点", "6:00 PM"),
        (time(23, 59), "晚上十一点五十九分", "11:59 PM"),
    ],
)
def test_say_time(moment: time, zh: str, en: str) -> None:
    assert speech.say_time(moment, "zh") == zh
    assert speech.say_time(moment, "en") == en


def test_say_date_and_an_unknown_language_is_english() -> None:
    assert speech.say_date(TUESDAY, "zh") == "11月24日，星期二"
    assert speech.say_date(TUESDAY, "en") == "Tuesday, November 24"
    assert speech.say_date(date(2027, 1, 3), "fr") == "Sunday, January 3"


@pytest.mark.parametrize(
    ("moment", "zh", "en"),
    [
        (datetime(2026, 11, 24, 7, 0), "今天早上七点", "today at 7:00 AM"),
        (datetime(2026, 11, 25, 0, 0), "明天凌晨十二点", "tomorrow at 12:00 AM"),
        (datetime(2026, 11, 26, 12, 0), "后天中午十二点", "the day after tomorrow at 12:00 PM"),
        (datetime(2026, 11, 27, 20, 15), "11月27日星期五晚上八点十五分", "on Friday, November 27 at 8:15 PM"),
        (datetime(2026, 11, 23, 9, 0), "11月23日星期一上午九点", "on Monday, November 23 at 9:00 AM"),
    ],
)
def test_say_moment_is_relative_near_today_and_dated_further(moment: datetime, zh: str, en: str) -> None:
    assert speech.say_moment(moment, TUESDAY, "zh") == zh
    assert speech.say_moment(moment, TUESDAY, "en") == en


@pytest.mark.parametrize(
    ("rule", "zh", "en"),
    [
        ("daily", "每天早上七点", "every day at 7:00 AM"),
        ("weekdays", "每个工作日早上七点", "every weekday at 7:00 AM"),
        ("weekends", "每个周末早上七点", "every weekend at 7:00 AM"),
        ("weekly:MO,WE", "每周一和周三早上七点", "every Monday and Wednesday at 7:00 AM"),
        ("weekly:SU", "每周日早上七点", "every Sunday at 7:00 AM"),
    ],
)
def test_say_recurring(rule: str, zh: str, en: str) -> None:
    seven = datetime(2026, 11, 24, 7, 0)
    assert speech.say_recurring(seven, rule, "zh") == zh
    assert speech.say_recurring(seven, rule, "en") == en


@pytest.mark.parametrize(
    ("seconds", "zh", "en"),
    [
        (0, "零秒", "0 seconds"),
        (0.4, "零秒", "0 seconds"),  # rounded to the second
        (-5, "零秒", "0 seconds"),  # never negative
        (1, "一秒", "1 second"),
        (2, "两秒", "2 seconds"),
        (59.6, "一分钟", "1 minute"),
        (61, "一分钟一秒", "1 minute 1 second"),
        (150, "两分钟三十秒", "2 minutes 30 seconds"),
        (3600, "一个小时", "1 hour"),
        (5400, "一个小时三十分钟", "1 hour 30 minutes"),
        (7322, "两个小时两分钟两秒", "2 hours 2 minutes 2 seconds"),
    ],
)
def test_say_duration(seconds: float, zh: str, en: str) -> None:
    assert speech.say_duration(seconds, "zh") == zh
    assert speech.say_duration(seconds, "en") == en


@pytest.mark.parametrize(
    ("value", "zh", "en"),
    [
        (0, "零", "0"),
        (26, "二十六", "26"),
        (26.0, "二十六", "26"),
        (19.5, "十九点五", "19.5"),
        (0.5, "零点五", "0.5"),
        (19.96, "二十", "20"),  # one decimal place at most
        (-5, "负五", "-5"),
        (-2.5, "负二点五", "-2.5"),
        (10_005, "一万零五", "10005"),
        (1_000_000, "一百万", "1000000"),  # not "1e+06"
        (1_234_567, "一百二十三万四千五百六十七", "1234567"),
    ],
)
def test_say_number(value: float, zh: str, en: str) -> None:
    assert speech.say_number(value, "zh") == zh
    assert speech.say_number(value, "en") == en


@pytest.mark.parametrize(
    ("number", "spoken"),
    [(10_000, "一万"), (10_010, "一万零一十"), (10_100, "一万零一百"), (12_000, "一万二千"),
     (110_000, "十一万"), (99_999_999, "九千九百九十九万九千九百九十九"), (100_000_000, "100000000")],
)  # fmt: skip
def test_zh_number_in_wan(number: int, spoken: str) -> None:
    assert speech.zh_number(number) == spoken


@pytest.mark.parametrize(
    ("items", "zh", "en"),
    [
        ([], "", ""),
        (["茶"], "茶", "茶"),
        (["a", "b"], "a和b", "a and b"),
        (["a", "b", "c"], "a、b和c", "a, b and c"),
    ],
)
def test_join_list(items: list[str], zh: str, en: str) -> None:
    assert speech.join_list(items, "zh") == zh
    assert speech.join_list(items, "en") == en
