"""Open-Meteo: forecast, geocoding and air-quality APIs; no key. The default provider.

Requests as documented: ``/v1/forecast`` with ``current``, ``hourly``, ``daily`` variable lists and
``timezone=auto`` (times come back in the place's zone, ``timezone`` names it); ``/v1/search`` with
``name``, ``count``, ``language``; ``/v1/air-quality`` with ``current`` / ``hourly`` ``us_aqi``.
Errors: HTTP 400 with ``{"error": true, "reason": "..."}``, 429 when over the limit. Air quality is a
nicety: when only its API fails, the forecast comes without it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from typing import Any

import httpx

from ting.errors import WeatherError, WeatherRateLimitError, WeatherUnavailableError
from ting.skills.weather.conditions import from_wmo
from ting.skills.weather.model import Air, Current, Day, Forecast, Hour, Place
from ting.skills.weather.providers.base import get_json, need, number

_LOGGER = logging.getLogger(__name__)
NAME = "open-meteo"
FORECAST_URL = "https://api.open-meteo.com/v1/forecast"
GEOCODING_URL = "https://geocoding-api.open-meteo.com/v1/search"
AIR_QUALITY_URL = "https://air-quality-api.open-meteo.com/v1/air-quality"

CURRENT = "temperature_2m,relative_humidity_2m,apparent_temperature,weather_code,wind_speed_10m"
HOURLY = "temperature_2m,relative_humidity_2m,precipitation_probability,weather_code"
DAILY = (
    "weather_code,temperature_2m_max,temperature_2m_min,precipitation_probability_max,precipitation_sum,"
    "snowfall_sum,wind_speed_10m_max,uv_index_max,sunrise,sunset"
)
FORECAST_DAYS = 7


class OpenMeteo:
    name = NAME

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        forecast_url: str = FORECAST_URL,
        geocoding_url: str = GEOCODING_URL,
        air_quality_url: str = AIR_QUALITY_URL,
    ) -> None:
        self._client = client
        self._forecast_url = forecast_url
        self._geocoding_url = geocoding_url
        self._air_quality_url = air_quality_url

    async def geocode(self, name: str, lang: str) -> list[Place]:
        params = {"name": name, "count": 10, "language": "zh" if lang == "zh" else "en", "format": "json"}
        body = await get_json(self._client, NAME, self._geocoding_url, params)
        need(isinstance(body, dict), NAME, "geocoding answer is not an object")
        results = body.get("results") or []  # no match: the answer has no "results" at all
        need(isinstance(results, list), NAME, "geocoding results are not a list")
        return [place for place in map(_place, results) if place is not None]

    async def forecast(self, place: Place) -> Forecast:
        params = {
            "latitude": place.latitude,
            "longitude": place.longitude,
            "current": CURRENT,
            "hourly": HOURLY,
            "daily": DAILY,
            "timezone": "auto",
            "forecast_days": FORECAST_DAYS,
        }
        # both APIs at once: a cold answer waits for one round trip, not two
        air_task = asyncio.create_task(self._air(place))
        try:
            body = await get_json(self._client, NAME, self._forecast_url, params)
            forecast = _forecast(body, place)
        except BaseException:
            air_task.cancel()
            with contextlib.suppress(BaseException):
                await air_task
            raise
        air = await air_task
        return Forecast(
            place=forecast.place,
            timezone=forecast.timezone,
            current=forecast.current,
            days=forecast.days,
            hours=forecast.hours,
            air=air,
            provider=NAME,
        )

    async def _air(self, place: Place) -> Air | None:
        params = {
            "latitude": place.latitude,
            "longitude": place.longitude,
            "current": "us_aqi,pm2_5",
            "hourly": "us_aqi",
            "timezone": "auto",
            "forecast_days": 5,
        }
        try:
            body = await get_json(self._client, NAME, self._air_quality_url, params)
            return _air(body)
        except WeatherRateLimitError:
            raise  # the limit is per caller across Open-Meteo's APIs: the forecast would be refused too
        except WeatherError as error:
            _LOGGER.warning("air quality left out: %s", error)
            return None


def _place(result: Any) -> Place | None:
    if not isinstance(result, dict):
        return None
    latitude, longitude = number(result.get("latitude")), number(result.get("longitude"))
    if latitude is None or longitude is None or not isinstance(result.get("name"), str):
        return None
    return Place(
        name=result["name"],
        latitude=latitude,
        longitude=longitude,
        country=str(result.get("country") or result.get("country_code") or ""),
        admin=str(result.get("admin1") or ""),
        timezone=str(result.get("timezone") or ""),
        population=int(result.get("population") or 0),
        provider_id=str(result.get("id") or ""),
    )


def _forecast(body: Any, place: Place) -> Forecast:
    need(isinstance(body, dict), NAME, "forecast answer is not an object")
    current, daily, hourly = body.get("current"), body.get("daily"), body.get("hourly")
    need(isinstance(current, dict) and isinstance(daily, dict), NAME, "no current or daily block")
    need(isinstance(body.get("timezone"), str), NAME, "no timezone")
    try:
        hours = _hours(hourly if isinstance(hourly, dict) else {})
        now = Current(
            time=str(current["time"]),
            condition=from_wmo(current.get("weather_code")),
            temperature_c=float(current["temperature_2m"]),
            humidity_percent=number(current.get("relative_humidity_2m")),
            wind_kmh=number(current.get("wind_speed_10m")),
            apparent_c=number(current.get("apparent_temperature")),
        )
        humidity = _daily_humidity(hourly if isinstance(hourly, dict) else {})
        days = tuple(_day(daily, index, humidity) for index in range(len(daily["time"])))
    except (KeyError, TypeError, ValueError, IndexError) as error:
        raise WeatherUnavailableError(f"{NAME}: malformed forecast: {error!r}") from None
    need(bool(days), NAME, "no days")
    return Forecast(place=place, timezone=body["timezone"], current=now, days=days, hours=hours)


def _day(daily: dict[str, Any], index: int, humidity: dict[str, float]) -> Day:
    def at(key: str) -> Any:
        values = daily.get(key)
        return values[index] if isinstance(values, list) and index < len(values) else None

    date = str(daily["time"][index])
    return Day(
        date=date,
        condition=from_wmo(at("weather_code")),
        high_c=float(at("temperature_2m_max")),
        low_c=float(at("temperature_2m_min")),
        rain_chance_percent=number(at("precipitation_probability_max")),
        precipitation_mm=number(at("precipitation_sum")),
        snowfall_cm=number(at("snowfall_sum")),
        wind_max_kmh=number(at("wind_speed_10m_max")),
        uv_index=number(at("uv_index_max")),
        humidity_percent=humidity.get(date),
        sunrise=at("sunrise") if isinstance(at("sunrise"), str) else None,
        sunset=at("sunset") if isinstance(at("sunset"), str) else None,
    )


def _hours(hourly: dict[str, Any]) -> tuple[Hour, ...]:
    times = hourly.get("time") or []
    temperatures = hourly.get("temperature_2m") or []
    chances = hourly.get("precipitation_probability") or []
    codes = hourly.get("weather_code") or []
    hours = []
    for index, time in enumerate(times):
        temperature = number(temperatures[index]) if index < len(temperatures) else None
        if temperature is None:
            continue
        hours.append(
            Hour(
                time=str(time),
                condition=from_wmo(codes[index] if index < len(codes) else None),
                temperature_c=temperature,
                rain_chance_percent=number(chances[index]) if index < len(chances) else None,
            )
        )
    return tuple(hours)


def _daily_humidity(hourly: dict[str, Any]) -> dict[str, float]:
    by_day: dict[str, list[float]] = defaultdict(list)
    for time, value in zip(hourly.get("time") or [], hourly.get("relative_humidity_2m") or [], strict=False):
        if number(value) is not None:
            by_day[str(time)[:10]].append(float(value))
    return {day: int(sum(values) / len(values) + 0.5) for day, values in by_day.items()}  # half up, as said


def _air(body: Any) -> Air | None:
    if not isinstance(body, dict) or not isinstance(body.get("current"), dict):
        raise WeatherUnavailableError(f"{NAME}: malformed air-quality answer")
    aqi = number(body["current"].get("us_aqi"))
    if aqi is None:
        return None
    daily_max: dict[str, int] = {}
    hourly = body.get("hourly") if isinstance(body.get("hourly"), dict) else {}
    assert isinstance(hourly, dict)
    for time, value in zip(hourly.get("time") or [], hourly.get("us_aqi") or [], strict=False):
        if number(value) is not None:
            day = str(time)[:10]
            daily_max[day] = max(daily_max.get(day, 0), round(value))
    return Air(aqi=round(aqi), pm2_5=number(body["current"].get("pm2_5")), daily_max=daily_max)
