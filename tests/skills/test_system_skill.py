"""The system skill's handlers with real services and a fixed clock; the spoken-time helpers."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time

import pytest

import ting.skills.system as system
from tests.skills.skill_services import SHANGHAI, FixedClock, make_services, request
from ting.nlu.registry import Household
from ting.server.store import SqliteStore
from ting.skills.sdk import speech


@pytest.mark.parametrize(("lang", "expected"), [("en", "It's 7:05 PM."), ("zh", "现在是晚上七点零五分。")])
async def test_time(store: SqliteStore, household: Household, lang: str, expected: str) -> None:
    response = await system.tell_time(request("system.time", lang), make_services(store, "system", household))
    assert response.text == expected
    assert response.ok and not response.continues_session


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "Today is Tuesday, November 24."), ("zh", "今天是11月24日，星期二。")],
)
async def test_date(store: SqliteStore, household: Household, lang: str, expected: str) -> None:
    response = await system.tell_date(request("system.date", lang), make_services(store, "system", household))
    assert response.text == expected
    assert response.data == {"date": "2026-11-24"}


async def test_time_follows_the_clock(store: SqliteStore, household: Household) -> None:
    afternoon = FixedClock(datetime(2026, 1, 1, 15, 30, tzinfo=SHANGHAI))
    services = replace(make_services(store, "system", household), clock=afternoon)
    assert (await system.tell_time(request("system.time", "zh"), services)).text == "现在是下午三点半。"
    assert (await system.tell_time(request("system.time", "en"), services)).text == "It's 3:30 PM."


@pytest.mark.parametrize(("lang", "expected"), [("en", "OK."), ("zh", "好的。")])
async def test_cancel(store: SqliteStore, household: Household, lang: str, expected: str) -> None:
    response = await system.cancel(request("system.cancel", lang), make_services(store, "system", household))
    assert response.text == expected
    assert not response.continues_session


async def test_help_lists_loaded_skills(store: SqliteStore, household: Household) -> None:
    import ting.skills.home as home

    services = make_services(store, "system", household, skills=[system.skill, home.skill])
    english = await system.help_(request("system.help", "en"), services)
    assert english.text == "I can tell you the time and control your smart home."
    chinese = await system.help_(request("system.help", "zh"), services)
    assert chinese.text == "我可以报时间和日期，控制家里的灯、空调和场景。"
    assert chinese.data == {"skills": ["system", "home"]}


@pytest.mark.parametrize(
    ("moment", "spoken"),
    [
        (time(19, 5), "晚上七点零五分"),
        (time(15, 30), "下午三点半"),
        (time(12, 0), "中午十二点"),
        (time(0, 0), "凌晨十二点"),
        (time(6, 30), "早上六点半"),
        (time(10, 15), "上午十点十五分"),
        (time(14, 0), "下午两点"),
        (time(22, 45), "晚上十点四十五分"),
    ],
)
def test_zh_time(moment: time, spoken: str) -> None:
    assert speech.zh_time(moment) == spoken


@pytest.mark.parametrize(
    ("number", "spoken"),
    [(0, "零"), (2, "二"), (10, "十"), (12, "十二"), (20, "二十"), (26, "二十六"), (100, "一百"),
     (105, "一百零五"), (110, "一百一十"), (1005, "一千零五"), (2024, "二千零二十四")],
)  # fmt: skip
def test_zh_number(number: int, spoken: str) -> None:
    assert speech.zh_number(number) == spoken


def test_other_spoken_forms() -> None:
    assert speech.zh_decimal(25.5) == "二十五点五"
    assert speech.en_time(time(0, 30)) == "12:30 AM"
    assert speech.en_time(time(12, 0)) == "12:00 PM"
    assert speech.en_date(date(2026, 11, 24)) == "Tuesday, November 24"
    assert speech.zh_duration(5400) == "一个小时三十分钟"
    assert speech.zh_duration(7200) == "两个小时"
    assert speech.en_duration(5400) == "1 hour 30 minutes"
    assert speech.join_list(["a", "b", "c"], "en") == "a, b and c"
    assert speech.join_list(["甲", "乙", "丙"], "zh") == "甲、乙和丙"
