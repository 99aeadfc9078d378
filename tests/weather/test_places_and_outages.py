"""Places (home missing, unknown, ambiguous, 朝阳 in China), the cache per place and hour, outages
answered from the cache with its time, 429 backoff, one request per place at a time, bad config."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tests.weather.conftest import NOW, open_meteo_table
from tests.weather.fake_openmeteo import FakeOpenMeteo
from ting.clock import Clock
from ting.errors import ConfigError
from ting.skills.sdk.testing import FixedClock, MemoryStore, SkillHarness
from ting.skills.weather import skill
from ting.skills.weather.model import Place
from ting.skills.weather.providers.openmeteo import OpenMeteo
from ting.skills.weather.service import WeatherService

Api = tuple[FakeOpenMeteo, str]


async def test_no_home_says_how_to_set_it(open_meteo: Api) -> None:
    _, url = open_meteo
    harness = await SkillHarness.create(skill, now=NOW, settings=open_meteo_table(url, city=""))
    zh = await harness.ask("明天天气怎么样", lang="zh")
    assert not zh.ok and "还不知道家在哪里" in zh.text and "city" in zh.text
    en = await harness.ask("will it rain tomorrow", lang="en")
    assert not en.ok and en.text.startswith("I don't know where home is yet. Set city")
    paris = await harness.ask("what's the weather like in Paris", lang="en")  # a city said still works
    assert paris.ok and "in Paris" in paris.text


async def test_home_by_coordinates_needs_no_geocoding(open_meteo: Api) -> None:
    api, url = open_meteo
    table = open_meteo_table(url, city="", latitude=39.9075, longitude=116.39723)
    harness = await SkillHarness.create(skill, now=NOW, settings=table)
    assert (await harness.ask("明天天气怎么样", lang="zh")).ok
    assert api.requests["/v1/search"] == 0 and api.requests["/v1/forecast"] == 1


async def test_places_unknown_ambiguous_and_chinese_districts(open_meteo: Api) -> None:
    _, url = open_meteo
    harness = await SkillHarness.create(skill, now=NOW, settings=open_meteo_table(url))
    unknown = await harness.ask("what's the weather in Atlantis", lang="en")
    assert (unknown.ok, unknown.text) == (False, "I couldn't find a place called Atlantis.")
    which = await harness.ask("what's the weather in Springfield", lang="en")
    assert not which.ok
    assert which.text == (
        "Which Springfield do you mean: Springfield, Missouri or Springfield, Massachusetts "
        "or Springfield, Illinois?"
    )
    chosen = await harness.ask("what's the weather in Springfield Illinois tomorrow", lang="en")
    assert chosen.ok and chosen.data["forecast"]["place"]["admin"] == "Illinois"
    chaoyang = await harness.ask("查一下朝阳的天气", lang="zh")  # 北京朝阳区, not 辽宁朝阳
    assert chaoyang.ok and chaoyang.data["forecast"]["place"]["admin"] == "北京"
    district = await harness.ask("明天杭州西湖区的天气怎么样", lang="zh")
    assert district.ok and district.text.startswith("西湖区明天")
    here = await harness.ask("外面的天气怎么样", lang="zh")  # not a place: home, not named
    assert here.ok and here.text.startswith("现在十二度")


async def test_one_request_per_place_and_hour(open_meteo: Api) -> None:
    api, url = open_meteo
    harness = await SkillHarness.create(skill, now=NOW, settings=open_meteo_table(url))
    for text in ("今天天气怎么样", "明天会下雨吗", "上海明天多少度", "will it rain tomorrow in Shanghai"):
        assert (await harness.ask(text, lang="zh" if text[0] > "~" else "en")).ok
    assert api.requests["/v1/forecast"] == 1  # 上海 (home), 上海 and Shanghai share the cache
    assert api.requests["/v1/search"] == 2  # 上海 once (zh), Shanghai once (en): kept for good
    harness.clock.advance(40 * 60)  # 10:10: another hour
    assert (await harness.ask("今天天气怎么样", lang="zh")).ok
    assert api.requests["/v1/forecast"] == 2


async def test_outage_answers_from_the_cache_with_its_time(open_meteo: Api) -> None:
    api, url = open_meteo
    harness = await SkillHarness.create(skill, now=NOW, settings=open_meteo_table(url))
    assert (await harness.ask("明天会下雨吗", lang="zh")).ok
    api.down = True
    harness.clock.advance(2 * 3600)
    zh = await harness.ask("明天会下雨吗", lang="zh")
    assert zh.ok and zh.data["stale"] is True
    assert zh.text.startswith("天气服务暂时连不上，这是今天上午九点半的预报：")
    en = await harness.ask("will it rain tomorrow", lang="en")
    assert en.text.startswith("The weather service can't be reached; as of today at 9:30 AM: ")
    # the second question within the backoff did not ask the provider again
    assert api.requests["/v1/forecast"] == 2


async def test_nothing_at_all_is_a_clear_sentence(open_meteo: Api) -> None:
    api, url = open_meteo
    harness = await SkillHarness.create(skill, now=NOW, settings=open_meteo_table(url))
    api.down = True
    zh = await harness.ask("明天天气怎么样", lang="zh")
    assert (zh.ok, zh.text) == (False, "现在连不上天气服务，也没有之前的预报。")
    en = await harness.ask("what's the weather in Paris", lang="en")
    assert (en.ok, en.text) == (
        False,
        "I can't reach the weather service right now, and I have no earlier forecast in Paris.",
    )


async def test_rate_limit_backs_off(open_meteo: Api) -> None:
    api, url = open_meteo
    harness = await SkillHarness.create(
        skill, now=NOW, settings=open_meteo_table(url, latitude=31.22222, longitude=121.45806)
    )
    api.rate_limited = True
    assert not (await harness.ask("明天天气怎么样", lang="zh")).ok
    for _ in range(5):
        await harness.ask("明天天气怎么样", lang="zh")
    assert api.requests["/v1/forecast"] == 1  # no request while backing off (300 s without Retry-After)
    api.rate_limited = False
    harness.clock.advance(301)
    assert (await harness.ask("明天天气怎么样", lang="zh")).ok
    assert api.requests["/v1/forecast"] == 2


async def test_many_askers_at_once_make_one_request(open_meteo: Api) -> None:
    api, url = open_meteo
    api.delay_seconds = 0.3
    clock: Clock = FixedClock.at(NOW)
    async with httpx.AsyncClient(timeout=10) as client:
        provider = OpenMeteo(
            client, forecast_url=f"{url}/v1/forecast", air_quality_url=f"{url}/v1/air-quality"
        )
        service = WeatherService(provider, MemoryStore(), clock)
        place = Place("上海", 31.22222, 121.45806)
        lookups = await asyncio.gather(*(service.forecast(place) for _ in range(20)))
    assert all(lookup.forecast == lookups[0].forecast for lookup in lookups)
    assert api.requests["/v1/forecast"] == 1 and service.requests == 1


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"provider": "accuweather"}, r"skills\.weather\.provider: unknown weather provider 'accuweather'"),
        (
            {"provider": "qweather", "qweather_api_host": "abc.re.qweatherapi.com"},
            r"skills\.weather\.qweather_api_key",
        ),
        ({"provider": "qweather", "qweather_api_key": "k"}, r"skills\.weather\.qweather_api_host"),
        ({"latitude": 31.2}, r"skills\.weather\.latitude and skills\.weather\.longitude"),
    ],
)
async def test_bad_config_names_the_key(table: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        await SkillHarness.create(skill, now=NOW, settings=table)
