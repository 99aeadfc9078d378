"""Daily weather briefings in the skill kit: set up by voice (both languages) and in config, listed and
cancelled, their text from the fake Open-Meteo's data, once per day and target, the cache when the
provider is down, and bad config naming the key."""

from __future__ import annotations

from datetime import date, time

import pytest

from tests.weather.conftest import NOW, open_meteo_table
from tests.weather.fake_openmeteo import FakeDay, FakeOpenMeteo
from ting.errors import ConfigError
from ting.skills.sdk import ScheduledRun
from ting.skills.sdk.testing import SkillHarness
from ting.skills.weather import skill

Api = tuple[FakeOpenMeteo, str]
UNTIL_SEVEN_NEXT_DAY = (24 - 9.5 + 7) * 3600  # NOW is 09:30 on Thursday 2026-12-03 (Asia/Shanghai)


async def harness_for(api: Api, **settings: object) -> SkillHarness:
    fake, url = api
    fake.set_day("Shanghai", 0, FakeDay(code=61, high=14, low=8, rain_chance=40))
    fake.set_day("Paris", 0, FakeDay(code=73, high=1, low=-4, rain_chance=20, snowfall=3.5))
    return await SkillHarness.create(skill, now=NOW, settings=open_meteo_table(url, **settings))


def next_morning(harness: SkillHarness, fake: FakeOpenMeteo) -> None:
    """Friday 07:00; the fake's forecast now starts on Friday (its weather as Thursday's above)."""
    harness.clock.advance(UNTIL_SEVEN_NEXT_DAY)
    fake.today = date(2026, 12, 4)
    fake.now_hour = 7


async def test_voice_zh_sends_to_wechat_once_a_day(open_meteo: Api) -> None:
    fake, _ = open_meteo
    harness = await harness_for(open_meteo)
    answer = await harness.ask("每天早上七点把天气发到我微信", lang="zh")
    assert answer.text == "好的，每天早上七点把天气发到微信。"
    (job,) = await harness.services.schedules.jobs()
    assert job.at == time(7, 0) and job.data["targets"] == ["push"] and job.data["lang"] == "zh"
    assert await harness.run_schedules() == []  # not before 07:00
    next_morning(harness, fake)
    (run,) = await harness.run_schedules()
    assert run.day == date(2026, 12, 4)
    ((event, text, data),) = harness.push.sent
    assert event == "weather.briefing"
    assert text == "今天天气：小雨，八到十四度，降水概率百分之四十，空气质量优，指数四十二。"
    assert data["id"] == f"weather:{job.key}:2026-12-04:push"
    assert await harness.run_schedules() == []  # once that day
    harness.clock.advance(24 * 3600)
    fake.today = date(2026, 12, 5)
    (tomorrow,) = await harness.run_schedules()
    assert tomorrow.day == date(2026, 12, 5) and harness.push.sent[1][2]["id"].endswith("2026-12-05:push")


async def test_voice_en_spoken_in_a_room(open_meteo: Api) -> None:
    fake, _ = open_meteo
    harness = await harness_for(open_meteo)
    answer = await harness.ask("read me the weather in the bedroom every day at 7 am", lang="en")
    assert answer.text == "OK, you'll get the weather every day at 7:00 AM, spoken in the bedroom."
    assert answer.data["targets"] == ["site:bedroom"]
    next_morning(harness, fake)
    await harness.run_schedules()
    assert harness.announcer.said == [
        ("bedroom", "Today's weather: light rain, 8 to 14 degrees, 40 percent chance of rain, "
         "air quality good, AQI 42.", "en"),
    ]  # fmt: skip
    assert harness.push.sent == []


async def test_spoken_here_by_default_and_english_push(open_meteo: Api) -> None:
    harness = await harness_for(open_meteo)
    spoken = await harness.ask("每天晚上九点播报天气", lang="zh", site_id="kitchen")
    assert spoken.data["targets"] == ["site:kitchen"]
    assert spoken.text == "好的，每天晚上九点在厨房播报天气。"
    pushed = await harness.ask("send me the weather every morning at 7", lang="en")
    assert pushed.data["targets"] == ["push"]
    assert pushed.text == "OK, you'll get the weather every day at 7:00 AM, on WeChat."


async def test_a_run_again_sends_nothing_twice(open_meteo: Api) -> None:
    """A server killed during a run runs it again: the spoken target is marked, the push keeps its id
    (the outbox takes one message per id and channel; tests/weather/test_briefing_processes.py)."""
    fake, _ = open_meteo
    harness = await harness_for(open_meteo)
    await harness.ask("每天早上七点在卧室播报天气并发到我微信", lang="zh")
    next_morning(harness, fake)
    (run,) = await harness.run_schedules()
    assert skill.schedule_handler is not None
    again = ScheduledRun(run.skill, run.key, run.day, run.due, run.data, redelivery=True)
    await skill.schedule_handler(again, harness.services)
    assert len(harness.announcer.said) == 1
    ids = [data["id"] for _, _, data in harness.push.sent]
    assert len(ids) == 2 and ids[0] == ids[1]


async def test_list_and_cancel_in_both_languages(open_meteo: Api) -> None:
    harness = await harness_for(open_meteo, briefings=[{"time": "06:30", "push": True, "lang": "en"}])
    await harness.ask("每天早上七点把天气发到我微信", lang="zh")
    listed = await harness.ask("我设了哪些天气播报", lang="zh")
    assert listed.text == "天气播报：每天早上六点半把天气发到微信；每天早上七点把天气发到微信。"
    cancelled = await harness.ask("取消天气播报", lang="zh")
    assert cancelled.text == (
        "好的，已取消一个天气播报。ting.toml 里设置的播报还在，要在 skills.weather.briefings 里删除。"
    )
    assert [job.key for job in await harness.services.schedules.jobs()] == ["config:0"]
    await harness.ask("send me the weather every morning at 7", lang="en")
    await harness.ask("read me the weather in the kitchen every day at 8 am", lang="en")
    listed_en = await harness.ask("what weather briefings do I have", lang="en")
    assert listed_en.text == (
        "Weather briefings: every day at 6:30 AM, on WeChat; every day at 7:00 AM, on WeChat; "
        "every day at 8:00 AM, spoken in the kitchen."
    )
    stopped = await harness.ask("stop the morning weather", lang="en")
    assert stopped.text.startswith("OK, 2 weather briefings cancelled.")
    nothing = await harness.ask("取消天气播报", lang="zh")
    assert nothing.ok is False and nothing.text.startswith("没有可以取消的天气播报。")


async def test_config_briefing_to_a_city_and_a_site(open_meteo: Api) -> None:
    fake, _ = open_meteo
    table = {"time": "07:00", "push": True, "sites": ["kitchen"], "lang": "en", "place": "Paris"}
    harness = await harness_for(open_meteo, briefings=[table])
    (job,) = await harness.services.schedules.jobs()
    assert job.key == "config:0" and job.at == time(7, 0)
    assert job.data["targets"] == ["push", "site:kitchen"]
    next_morning(harness, fake)
    await harness.run_schedules()
    text = (
        "Today's weather in Paris: snow, -4 to 1 degree, 20 percent chance of rain, air quality good, AQI 42."
    )
    assert harness.announcer.said == [("kitchen", text, "en")]
    assert [sent[1] for sent in harness.push.sent] == [text]


async def test_provider_down_uses_the_cache_and_says_its_age(open_meteo: Api) -> None:
    fake, _ = open_meteo
    harness = await harness_for(open_meteo)
    fake.set_day("Shanghai", 1, FakeDay(code=63, high=11, low=6, rain_chance=80))
    await harness.ask("今天天气怎么样", lang="zh")  # Thursday 09:30: the forecast is stored
    await harness.ask("每天早上七点把天气发到我微信", lang="zh")
    next_morning(harness, fake)
    fake.down = True
    await harness.run_schedules()
    ((_, text, _),) = harness.push.sent
    assert text == (
        "天气服务暂时连不上，这是12月3日星期四上午九点半的预报：今天天气：中雨，六到十一度，降水概率百分之八十，"
        "空气质量优，指数四十二。"
    )


@pytest.mark.parametrize(
    ("briefing", "named"),
    [
        ({"time": "7am", "push": True}, "skills.weather.briefings[0].time"),
        ({"time": "07:00"}, "skills.weather.briefings[0]: goes nowhere"),
        ({"time": "07:00", "push": True, "channel": "x"}, "skills.weather.briefings.0.channel"),
        ({"push": True}, "skills.weather.briefings.0.time: required"),
        ({"time": "07:00", "push": True, "lang": "fr"}, "skills.weather.briefings.0.lang"),
    ],
)
async def test_bad_config_names_the_key(open_meteo: Api, briefing: dict[str, object], named: str) -> None:
    with pytest.raises(ConfigError, match=named.replace("[", r"\[").replace("]", r"\]")):
        await harness_for(open_meteo, briefings=[briefing])
