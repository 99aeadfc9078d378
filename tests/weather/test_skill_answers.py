"""Sentence in, spoken answer out: the weather skill through the NLU and the fake Open-Meteo."""

from __future__ import annotations

import pytest

from tests.weather.conftest import NOW, open_meteo_table
from tests.weather.fake_openmeteo import FakeDay, FakeOpenMeteo
from ting.skills.sdk.testing import SkillHarness
from ting.skills.weather import skill

Api = tuple[FakeOpenMeteo, str]


async def harness_for(api: Api, **settings: object) -> SkillHarness:
    fake, url = api
    # Shanghai: today overcast now 12°, Friday (tomorrow) rain, Saturday clear, Sunday showers
    fake.set_day("Shanghai", 0, FakeDay(code=61, high=14, low=8, rain_chance=40, wind_max=18, uv=2,
                                        sunrise="06:41", sunset="16:53"))  # fmt: skip
    fake.set_day("Shanghai", 1, FakeDay(code=63, high=11, low=6, rain_chance=80, wind_max=33, uv=1,
                                        sunrise="06:42", sunset="16:53"))  # fmt: skip
    fake.set_day("Shanghai", 2, FakeDay(code=0, high=13, low=3, rain_chance=5, uv=4, snowfall=0))
    fake.set_day("Shanghai", 3, FakeDay(code=80, high=10, low=5, rain_chance=60, uv=3))
    fake.set_day("Paris", 1, FakeDay(code=73, high=1, low=-4, rain_chance=20, snowfall=3.5))
    return await SkillHarness.create(skill, now=NOW, settings=open_meteo_table(url, **settings))


CASES = [
    # condition: today with the current conditions, then other days
    ("今天天气怎么样", "zh", "现在十二度，阴；今天小雨，八到十四度，降水概率百分之四十。"),
    ("what's the weather like", "en",
     "Right now it's 12 degrees and overcast; today light rain, 8 to 14 degrees, 40 percent chance of rain."),
    ("明天天气怎么样", "zh", "明天中雨，六到十一度，降水概率百分之八十。"),
    ("weather tomorrow", "en", "Tomorrow: rain, 6 to 11 degrees, 80 percent chance of rain."),
    ("后天天气怎么样", "zh", "后天晴，三到十三度。"),
    ("周日的天气", "zh", "周日阵雨，五到十度，降水概率百分之六十。"),
    ("what's the weather like on Sunday", "en",
     "Sunday: showers, 5 to 10 degrees, 60 percent chance of rain."),
    # rain and umbrella: yes or no first
    ("明天会下雨吗", "zh", "会，明天可能下雨，降水概率百分之八十。"),
    ("will it rain tomorrow", "en", "Yes, rain is likely tomorrow, 80 percent chance."),
    ("后天会下雨吗", "zh", "不会，后天应该不下雨，降水概率百分之五。"),
    ("will it rain the day after tomorrow", "en", "No, the day after tomorrow looks dry, 5 percent chance."),
    ("明天要带伞吗", "zh", "要带伞，明天可能下雨，降水概率百分之八十。"),
    ("do i need an umbrella tomorrow", "en",
     "Yes, take an umbrella: rain is likely tomorrow, 80 percent chance."),
    ("do i need an umbrella", "en", "No, you won't need one: today looks dry, 40 percent chance."),
    ("明天什么时候下雨", "zh", "明天下午一点前后可能下雨。"),
    ("when will it rain tomorrow", "en", "Rain is likely tomorrow from about 1:00 PM."),
    # snow, in a city said
    ("明天巴黎会下雪吗", "zh", "会，巴黎明天有中雪。"),
    ("will it snow in Paris tomorrow", "en", "Yes, snow is expected tomorrow in Paris."),
    ("明天会下雪吗", "zh", "不会，明天不会下雪。"),
    # temperature
    ("外面多少度", "zh", "现在十二度，今天最高十四度，最低八度。"),
    ("what's the temperature", "en",
     "Right now it's 12 degrees; today's high is 14 degrees, the low 8 degrees."),
    ("明天最高温度多少", "zh", "明天最高十一度。"),
    ("what's the low tomorrow", "en", "The low tomorrow is 6 degrees."),
    ("明天多少华氏度", "zh", "明天最高华氏五十二度，最低华氏四十三度。"),
    # wind, humidity, UV, sun, air
    ("明天风大吗", "zh", "明天风力五级，最大风速每小时三十三公里。"),
    ("how windy will it be tomorrow", "en", "Tomorrow: breezy, wind up to 33 kilometers per hour."),
    ("湿度多少", "zh", "现在湿度百分之六十五。"),
    ("what's the humidity tomorrow", "en", "Tomorrow: humidity around 63 percent."),
    ("后天紫外线强吗", "zh", "后天紫外线指数四，中等。"),
    ("what's the uv index the day after tomorrow", "en", "The day after tomorrow: UV index 4, moderate."),
    ("明天几点日落", "zh", "明天日落时间是下午四点五十三分。"),
    ("when is sunrise tomorrow", "en", "Sunrise tomorrow is at 6:42 AM."),
    ("空气质量怎么样", "zh", "现在空气质量优，空气质量指数四十二。"),
    ("what's the air quality tomorrow", "en", "Tomorrow: air quality moderate, AQI up to 65."),
    # the weekend and the week
    ("周末天气怎么样", "zh", "周末：周六晴，三到十三度；周日阵雨，五到十度，降水概率百分之六十。"),
    ("will it rain this weekend", "en", "Yes, rain is likely on Sunday, 60 percent chance."),
]  # fmt: skip


@pytest.mark.parametrize(("text", "lang", "expected"), CASES, ids=[case[0] for case in CASES])
async def test_answers(open_meteo: Api, text: str, lang: str, expected: str) -> None:
    harness = await harness_for(open_meteo)
    answer = await harness.ask(text, lang=lang)
    assert answer.ok, answer
    assert answer.text == expected


async def test_the_week_ahead(open_meteo: Api) -> None:
    harness = await harness_for(open_meteo)
    zh = await harness.ask("这周天气怎么样", lang="zh")
    assert zh.text.startswith("未来七天：今天小雨，八到十四度，降水概率百分之四十；明天中雨，六到十一度")
    assert zh.text.count("；") == 6
    en = await harness.ask("what's the weather like this week", lang="en")
    assert en.text.startswith("The next seven days: today light rain, 8 to 14 degrees")
    assert "Saturday clear, 3 to 13 degrees" in en.text


async def test_fahrenheit_by_config(open_meteo: Api) -> None:
    harness = await harness_for(open_meteo, units="fahrenheit")
    assert (await harness.ask("weather tomorrow", lang="en")).text == (
        "Tomorrow: rain, 43 to 52 degrees Fahrenheit, 80 percent chance of rain."
    )
    assert (await harness.ask("what's the high tomorrow in celsius", lang="en")).text == (
        "The high tomorrow is 11 degrees."
    )


async def test_the_answer_carries_the_normalized_forecast(open_meteo: Api) -> None:
    harness = await harness_for(open_meteo)
    answer = await harness.ask("明天上海天气怎么样", lang="zh")
    assert answer.text == "上海明天中雨，六到十一度，降水概率百分之八十。"  # a place said is named
    assert answer.data["location"] == "上海" and answer.data["date"] == "2026-12-04"
    assert answer.data["forecast"]["days"][1]["high_c"] == 11
    assert answer.data["stale"] is False and answer.data["provider"] == "open-meteo"
