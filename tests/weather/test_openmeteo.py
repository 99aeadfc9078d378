"""The Open-Meteo provider against the fake Open-Meteo on loopback: documented answers and errors."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from tests.fake_http import serving
from tests.weather.fake_openmeteo import FakeDay, FakeOpenMeteo
from ting.errors import WeatherRateLimitError, WeatherRequestError, WeatherUnavailableError
from ting.skills.weather.model import Forecast, Place
from ting.skills.weather.providers.openmeteo import OpenMeteo

SHANGHAI = Place("上海", 31.22222, 121.45806, timezone="Asia/Shanghai")


@pytest.fixture
async def fake() -> AsyncIterator[tuple[FakeOpenMeteo, OpenMeteo]]:
    api = FakeOpenMeteo()
    async with serving(api) as url, httpx.AsyncClient(timeout=5.0) as client:
        yield (
            api,
            OpenMeteo(
                client,
                forecast_url=f"{url}/v1/forecast",
                geocoding_url=f"{url}/v1/search",
                air_quality_url=f"{url}/v1/air-quality",
            ),
        )


async def test_geocoding_in_both_languages(fake: tuple[FakeOpenMeteo, OpenMeteo]) -> None:
    _, provider = fake
    zh = await provider.geocode("上海", "zh")
    en = await provider.geocode("Shanghai", "en")
    assert [(p.name, p.country, p.timezone) for p in zh] == [("上海", "中国", "Asia/Shanghai")]
    assert [(p.name, p.country) for p in en] == [("Shanghai", "China")]
    assert zh[0].key == en[0].key == "31.22,121.46"
    assert await provider.geocode("Atlantis", "en") == []  # the documented answer has no "results"
    springfields = await provider.geocode("Springfield", "en")
    assert [p.admin for p in springfields] == ["Missouri", "Massachusetts", "Illinois"]  # by population


async def test_forecast_is_normalized(fake: tuple[FakeOpenMeteo, OpenMeteo]) -> None:
    api, provider = fake
    api.set_day("Shanghai", 1, FakeDay(code=63, high=14.2, low=8.1, rain_chance=80, precipitation=6.5,
                                       wind_max=30.0, uv=1.0, sunrise="06:53", sunset="16:57"))  # fmt: skip
    forecast = await provider.forecast(SHANGHAI)
    assert forecast.timezone == "Asia/Shanghai" and forecast.provider == "open-meteo"
    assert (forecast.current.condition, forecast.current.temperature_c) == ("overcast", 12.0)
    assert forecast.current.humidity_percent == 65
    assert len(forecast.days) == 7 and forecast.days[0].date == "2026-12-03"
    tomorrow = forecast.day("2026-12-04")
    assert tomorrow is not None
    assert (tomorrow.condition, tomorrow.high_c, tomorrow.low_c) == ("rain", 14.2, 8.1)
    assert (tomorrow.rain_chance_percent, tomorrow.wind_max_kmh, tomorrow.uv_index) == (80, 30.0, 1.0)
    assert (tomorrow.sunrise, tomorrow.sunset) == ("2026-12-04T06:53", "2026-12-04T16:57")
    assert len(forecast.hours) == 7 * 24
    assert forecast.air is not None and forecast.air.aqi == 42 and forecast.air.daily_max["2026-12-04"] == 65
    assert Forecast.from_dict(forecast.to_dict()) == forecast  # the cache and the HTTP API round-trip it


async def test_air_quality_outage_leaves_air_out(fake: tuple[FakeOpenMeteo, OpenMeteo]) -> None:
    api, provider = fake
    api.air_down = True
    forecast = await provider.forecast(SHANGHAI)
    assert forecast.air is None and forecast.days


async def test_errors_as_documented(fake: tuple[FakeOpenMeteo, OpenMeteo]) -> None:
    api, provider = fake
    with pytest.raises(WeatherRequestError, match=r"HTTP 400 .*Latitude must be in range"):
        await provider.forecast(Place("nowhere", 91.0, 0.0))
    api.rate_limited = True
    with pytest.raises(WeatherRateLimitError, match="429"):
        await provider.forecast(SHANGHAI)
    api.rate_limited, api.malformed = False, True
    with pytest.raises(WeatherUnavailableError, match="not JSON"):
        await provider.forecast(SHANGHAI)
    api.malformed, api.down = False, True
    with pytest.raises(WeatherUnavailableError, match="HTTP 503"):
        await provider.geocode("上海", "zh")


async def test_an_unknown_variable_is_refused_with_the_reason(fake: tuple[FakeOpenMeteo, OpenMeteo]) -> None:
    _, provider = fake
    url = str(provider._forecast_url)
    async with httpx.AsyncClient() as client:
        answer = await client.get(url, params={"latitude": 31.2, "longitude": 121.5, "daily": "bogus"})
    assert answer.status_code == 400
    assert answer.json() == {
        "error": True,
        "reason": "Cannot initialize WeatherVariable from invalid String value bogus for key daily",
    }


async def test_a_stalled_provider_is_a_timeout(fake: tuple[FakeOpenMeteo, OpenMeteo]) -> None:
    api, _ = fake
    api.delay_seconds = 1.0
    async with httpx.AsyncClient(timeout=0.2) as client:
        provider = OpenMeteo(client, forecast_url=fake[1]._forecast_url)
        with pytest.raises(WeatherUnavailableError, match=r"no answer .* in time"):
            await provider.forecast(SHANGHAI)
