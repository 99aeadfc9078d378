"""The QWeather provider against the fake QWeather on loopback: key and JWT auth, gzip, both error
formats, the 3-day fallback, and the skill answering from it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from tests.fake_http import serving
from tests.weather.conftest import NOW
from tests.weather.fake_qweather import FakeQWeather
from ting.errors import ConfigError, WeatherRateLimitError, WeatherRequestError, WeatherUnavailableError
from ting.skills.sdk.testing import SkillHarness
from ting.skills.weather import skill
from ting.skills.weather.providers.qweather import QWeather, QWeatherAuth

Api = tuple[FakeQWeather, str]


@pytest.fixture
async def qweather() -> AsyncIterator[Api]:
    api = FakeQWeather()
    async with serving(api) as url:
        yield api, url


async def provider(url: str, client: httpx.AsyncClient, **auth: str) -> QWeather:
    return QWeather(client, api_host=url, auth=QWeatherAuth(**(auth or {"api_key": "qw-key"})))


async def test_forecast_with_the_key_header_gzipped(qweather: Api) -> None:
    api, url = qweather
    async with httpx.AsyncClient() as client:
        qw = await provider(url, client)
        places = await qw.geocode("上海", "zh")
        assert [(p.name, p.admin, p.provider_id, p.timezone) for p in places] == [
            ("上海", "上海市", "101020100", "Asia/Shanghai")
        ]
        forecast = await qw.forecast(places[0])
    assert forecast.provider == "qweather" and forecast.timezone == "Asia/Shanghai"
    assert (forecast.current.time, forecast.current.condition, forecast.current.temperature_c) == (
        "2026-12-03T09:30", "overcast", 12.0,
    )  # fmt: skip
    assert [d.condition for d in forecast.days][:3] == ["light_rain", "rain", "clear"]
    tomorrow = forecast.days[1]
    assert (tomorrow.high_c, tomorrow.low_c, tomorrow.rain_chance_percent, tomorrow.wind_max_kmh) == (
        13.0, 7.0, 70.0, 24.0,
    )  # fmt: skip
    assert tomorrow.sunrise == "2026-12-04T06:41" and len(forecast.hours) == 24
    assert forecast.air is not None and forecast.air.aqi == 78
    assert forecast.warnings == ("上海中心气象台发布大风蓝色预警",)
    assert api.gzipped == api.requests.total() and api.gzipped >= 6


async def test_jwt_authentication(qweather: Api) -> None:
    api, url = qweather
    key = Ed25519PrivateKey.generate()
    api.public_key = key.public_key()
    pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()).decode()
    async with httpx.AsyncClient() as client:
        qw = await provider(url, client, project_id="PROJ123", key_id="KID456", private_key=pem)
        assert (await qw.geocode("上海", "zh"))[0].provider_id == "101020100"
        wrong = await provider(url, client, project_id="OTHER", key_id="KID456", private_key=pem)
        with pytest.raises(WeatherRequestError, match=r"HTTP 401 .*Unauthorized"):
            await wrong.geocode("上海", "zh")
    assert len(api.tokens_seen) == 2  # the first token was reused, not made per request


async def test_both_error_formats(qweather: Api) -> None:
    api, url = qweather
    async with httpx.AsyncClient() as client:
        qw = await provider(url, client)
        place = (await qw.geocode("上海", "zh"))[0]
        for legacy in (False, True):
            api.legacy_errors = legacy
            api.fail_code = "403"
            with pytest.raises(WeatherRequestError, match="403"):
                await qw.forecast(place)
            api.fail_code = "429"
            with pytest.raises(WeatherRateLimitError, match="429"):
                await qw.forecast(place)
            api.fail_code = "500"
            with pytest.raises(WeatherUnavailableError, match="500"):
                await qw.forecast(place)
        api.fail_code = ""
        bad_key = await provider(url, client, api_key="wrong")
        with pytest.raises(WeatherRequestError, match="401"):
            await bad_key.forecast(place)
        api.legacy_errors = True
        with pytest.raises(WeatherRequestError, match=r"code 401 \(authentication failed"):
            await bad_key.forecast(place)


async def test_no_air_data_and_a_three_day_plan(qweather: Api) -> None:
    api, url = qweather
    api.air_code, api.plan_days = "204", 3
    async with httpx.AsyncClient() as client:
        qw = await provider(url, client)
        forecast = await qw.forecast((await qw.geocode("上海", "zh"))[0])
    assert forecast.air is None and len(forecast.days) == 3


async def test_the_skill_answers_from_qweather(qweather: Api) -> None:
    _, url = qweather
    table = {"provider": "qweather", "qweather_api_host": url, "qweather_api_key": "qw-key", "city": "上海"}
    harness = await SkillHarness.create(skill, now=NOW, settings=table)
    assert (await harness.ask("明天会下雨吗", lang="zh")).text == "会，明天可能下雨，降水概率百分之七十。"
    assert (await harness.ask("空气质量怎么样", lang="zh")).text == "现在空气质量良，空气质量指数七十八。"
    chaoyang = await harness.ask("查一下朝阳的天气", lang="zh")
    assert chaoyang.ok and chaoyang.data["forecast"]["place"]["admin"] == "北京市"
    # home by coordinates: QWeather's id for them is looked up
    coords = {**table, "city": "", "latitude": 31.23, "longitude": 121.47}
    harness = await SkillHarness.create(skill, now=NOW, settings=coords)
    assert (
        await harness.ask("will it rain tomorrow", lang="en")
    ).text == "Yes, rain is likely tomorrow, 70 percent chance."


def test_a_bad_private_key_names_the_key(tmp_path: object) -> None:
    with pytest.raises(ConfigError, match=r"skills\.weather\.qweather_private_key: not a PEM private key"):
        QWeatherAuth(project_id="p", key_id="k", private_key="-----BEGIN PRIVATE KEY-----\nnope\n-----END")
    with pytest.raises(ConfigError, match=r"skills\.weather\.qweather_private_key: cannot read"):
        QWeatherAuth(project_id="p", key_id="k", private_key="/nonexistent/ed25519.pem")
