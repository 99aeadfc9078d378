"""A fake Open-Meteo (forecast, geocoding and air-quality APIs) on 127.0.0.1, answering as documented.

Requests are checked as the real API checks them: an unknown variable in ``current`` / ``hourly`` /
``daily``, a latitude out of range or more than 16 forecast days is HTTP 400 with
``{"error": true, "reason": "..."}``; switches make it rate-limit (429 with the same body), fail (503),
stall, or answer something that is not JSON. Its weather is deterministic per place, and tests set the
days they assert on with ``set_day``.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

CURRENT = {"temperature_2m", "relative_humidity_2m", "apparent_temperature", "weather_code",
           "wind_speed_10m", "precipitation", "is_day", "cloud_cover"}  # fmt: skip
HOURLY = {"temperature_2m", "relative_humidity_2m", "precipitation_probability", "weather_code",
          "precipitation", "wind_speed_10m", "uv_index"}  # fmt: skip
DAILY = {"weather_code", "temperature_2m_max", "temperature_2m_min", "precipitation_probability_max",
         "precipitation_sum", "snowfall_sum", "wind_speed_10m_max", "uv_index_max", "sunrise", "sunset",
         "rain_sum"}  # fmt: skip
AIR = {"us_aqi", "european_aqi", "pm2_5", "pm10"}


@dataclass(frozen=True)
class FakePlace:
    id: int
    names: dict[str, str]
    """Language -> name (``zh``, ``en``)."""
    latitude: float
    longitude: float
    timezone: str
    country: dict[str, str]
    admin1: dict[str, str]
    population: int


PLACES = (
    FakePlace(1796236, {"zh": "上海", "en": "Shanghai"}, 31.22222, 121.45806, "Asia/Shanghai",
              {"zh": "中国", "en": "China"}, {"zh": "上海", "en": "Shanghai"}, 24874500),
    FakePlace(1816670, {"zh": "北京", "en": "Beijing"}, 39.9075, 116.39723, "Asia/Shanghai",
              {"zh": "中国", "en": "China"}, {"zh": "北京", "en": "Beijing"}, 18960744),
    FakePlace(1808926, {"zh": "杭州", "en": "Hangzhou"}, 30.29365, 120.16142, "Asia/Shanghai",
              {"zh": "中国", "en": "China"}, {"zh": "浙江", "en": "Zhejiang"}, 6241971),
    FakePlace(2988507, {"zh": "巴黎", "en": "Paris"}, 48.85341, 2.3488, "Europe/Paris",
              {"zh": "法国", "en": "France"}, {"zh": "法兰西岛", "en": "Île-de-France"}, 2138551),
    FakePlace(4250542, {"zh": "斯普林菲尔德", "en": "Springfield"}, 39.80172, -89.64371, "America/Chicago",
              {"zh": "美国", "en": "United States"}, {"zh": "伊利诺伊州", "en": "Illinois"}, 116565),
    FakePlace(4951788, {"zh": "斯普林菲尔德", "en": "Springfield"}, 42.10148, -72.58981, "America/New_York",
              {"zh": "美国", "en": "United States"}, {"zh": "马萨诸塞州", "en": "Massachusetts"}, 153606),
    FakePlace(4409896, {"zh": "斯普林菲尔德", "en": "Springfield"}, 37.21533, -93.29824, "America/Chicago",
              {"zh": "美国", "en": "United States"}, {"zh": "密苏里州", "en": "Missouri"}, 166810),
    FakePlace(1808940, {"zh": "西湖区", "en": "Xihu"}, 30.25961, 120.13026, "Asia/Shanghai",
              {"zh": "中国", "en": "China"}, {"zh": "浙江", "en": "Zhejiang"}, 820000),
    FakePlace(1816408, {"zh": "朝阳区", "en": "Chaoyang"}, 39.92149, 116.44373, "Asia/Shanghai",
              {"zh": "中国", "en": "China"}, {"zh": "北京", "en": "Beijing"}, 3450000),
    FakePlace(2038432, {"zh": "朝阳", "en": "Chaoyang"}, 41.57028, 120.45861, "Asia/Shanghai",
              {"zh": "中国", "en": "China"}, {"zh": "辽宁", "en": "Liaoning"}, 340000),
)  # fmt: skip


@dataclass
class FakeDay:
    code: int
    high: float
    low: float
    rain_chance: int
    precipitation: float = 0.0
    snowfall: float = 0.0
    wind_max: float = 12.0
    uv: float = 3.0
    sunrise: str = "06:52"
    sunset: str = "16:58"


@dataclass
class FakeOpenMeteo:
    today: date = date(2026, 12, 3)
    """The first forecast day (the place's local date); tests match it to the household clock."""
    now_hour: int = 9
    days: dict[tuple[str, int], FakeDay] = field(default_factory=dict)
    """(place name in English, day offset) -> weather set by a test; others are generated."""
    current_temperature: float = 12.0
    current_humidity: int = 65
    current_code: int = 3
    aqi: int = 42
    rate_limited: bool = False
    down: bool = False
    air_down: bool = False
    malformed: bool = False
    delay_seconds: float = 0.0
    requests: Counter[str] = field(default_factory=Counter)
    """Path -> requests received (answered or not)."""

    def set_day(self, place: str, offset: int, day: FakeDay) -> None:
        self.days[(place, offset)] = day

    def day(self, place: FakePlace, offset: int) -> FakeDay:
        if (place.names["en"], offset) in self.days:
            return self.days[(place.names["en"], offset)]
        # deterministic, differing by place and day, dry by default
        base = round(place.latitude) % 7 + offset
        return FakeDay(code=(0, 1, 2, 3)[offset % 4], high=10.0 + base, low=2.0 + base, rain_chance=10)

    def nearest(self, latitude: float, longitude: float) -> FakePlace | None:
        return next(
            (p for p in PLACES if abs(p.latitude - latitude) < 0.05 and abs(p.longitude - longitude) < 0.05),
            None,
        )

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.middleware("http")
        async def switches(request: Request, call_next: Any) -> Any:
            self.requests[request.url.path] += 1
            if self.delay_seconds:
                await asyncio.sleep(self.delay_seconds)
            if self.down or (self.air_down and request.url.path == "/v1/air-quality"):
                return PlainTextResponse("Service Unavailable", status_code=503)
            if self.rate_limited:
                return _error("Minutely API request limit exceeded. Please try again in one minute.", 429)
            if self.malformed:
                return Response(b'{"latitude": 31.2, "current": {', media_type="application/json")
            return await call_next(request)

        @app.get("/v1/search")
        async def search(name: str = "", count: int = 10, language: str = "en") -> Any:
            if not name:
                return _error("Parameter 'name' is required", 400)
            lang = "zh" if language.startswith("zh") else "en"
            wanted = name.strip().lower()
            found = [p for p in PLACES if wanted in (p.names["zh"].lower(), p.names["en"].lower())]
            found += [p for p in PLACES if p not in found and p.names["zh"].rstrip("区") == wanted]
            found.sort(key=lambda p: -p.population)
            if not found:
                return {"generationtime_ms": 0.5}  # as documented: no "results" key at all
            return {"results": [_result(p, lang) for p in found[:count]], "generationtime_ms": 0.6}

        @app.get("/v1/forecast")
        async def forecast(request: Request) -> Any:
            query = request.query_params
            problem = _check(query, {"current": CURRENT, "hourly": HOURLY, "daily": DAILY}, 16)
            if problem:
                return _error(problem, 400)
            place = self.nearest(float(query["latitude"]), float(query["longitude"]))
            if place is None:
                place = PLACES[0]
            return self._forecast(place, query)

        @app.get("/v1/air-quality")
        async def air(request: Request) -> Any:
            query = request.query_params
            problem = _check(query, {"current": AIR, "hourly": AIR}, 7)
            if problem:
                return _error(problem, 400)
            times = [f"{self.today + timedelta(days=d)}T{h:02d}:00" for d in range(5) for h in range(24)]
            return {
                "latitude": float(query["latitude"]),
                "longitude": float(query["longitude"]),
                "timezone": "Asia/Shanghai",
                "current": {"time": f"{self.today}T{self.now_hour:02d}:00", "interval": 3600,
                            "us_aqi": self.aqi, "pm2_5": round(self.aqi * 0.4, 1)},
                "hourly_units": {"time": "iso8601", "us_aqi": "USAQI"},
                "hourly": {"time": times, "us_aqi": [self.aqi + (i % 24) for i in range(len(times))]},
            }  # fmt: skip

        return app

    def _forecast(self, place: FakePlace, query: Any) -> dict[str, Any]:
        count = int(query.get("forecast_days", 7))
        days = [self.day(place, offset) for offset in range(count)]
        dates = [str(self.today + timedelta(days=offset)) for offset in range(count)]
        hours = [f"{d}T{h:02d}:00" for d in dates for h in range(24)]
        hourly_rain = [
            days[i // 24].rain_chance if 13 <= i % 24 <= 18 else min(days[i // 24].rain_chance, 20)
            for i in range(len(hours))
        ]
        return {
            "latitude": place.latitude,
            "longitude": place.longitude,
            "generationtime_ms": 0.1,
            "utc_offset_seconds": 28800,
            "timezone": place.timezone if query.get("timezone") == "auto" else query.get("timezone", "GMT"),
            "timezone_abbreviation": "CST",
            "elevation": 10.0,
            "current_units": {"temperature_2m": "°C"},
            "current": {
                "time": f"{self.today}T{self.now_hour:02d}:00",
                "interval": 900,
                "temperature_2m": self.current_temperature,
                "relative_humidity_2m": self.current_humidity,
                "apparent_temperature": self.current_temperature - 2,
                "weather_code": self.current_code,
                "wind_speed_10m": 9.4,
            },
            "hourly": {
                "time": hours,
                "temperature_2m": [days[i // 24].low + (i % 24) / 3 for i in range(len(hours))],
                "relative_humidity_2m": [60 + (i % 24) // 4 for i in range(len(hours))],
                "precipitation_probability": hourly_rain,
                "weather_code": [days[i // 24].code for i in range(len(hours))],
            },
            "daily": {
                "time": dates,
                "weather_code": [d.code for d in days],
                "temperature_2m_max": [d.high for d in days],
                "temperature_2m_min": [d.low for d in days],
                "precipitation_probability_max": [d.rain_chance for d in days],
                "precipitation_sum": [d.precipitation for d in days],
                "snowfall_sum": [d.snowfall for d in days],
                "wind_speed_10m_max": [d.wind_max for d in days],
                "uv_index_max": [d.uv for d in days],
                "sunrise": [f"{dt}T{d.sunrise}" for dt, d in zip(dates, days, strict=True)],
                "sunset": [f"{dt}T{d.sunset}" for dt, d in zip(dates, days, strict=True)],
            },
        }


def _result(place: FakePlace, lang: str) -> dict[str, Any]:
    return {
        "id": place.id,
        "name": place.names[lang],
        "latitude": place.latitude,
        "longitude": place.longitude,
        "elevation": 10.0,
        "feature_code": "PPLA",
        "country_code": "CN" if place.country["en"] == "China" else "XX",
        "timezone": place.timezone,
        "population": place.population,
        "country": place.country[lang],
        "admin1": place.admin1[lang],
    }


def _check(query: Any, lists: dict[str, set[str]], max_days: int) -> str | None:
    for key in ("latitude", "longitude"):
        if key not in query:
            return f"Parameter '{key}' is required"
    latitude = float(query["latitude"])
    if not -90 <= latitude <= 90:
        return f"Latitude must be in range of -90 to 90°. Given: {latitude}."
    for key, known in lists.items():
        for variable in filter(None, query.get(key, "").split(",")):
            if variable not in known:
                return f"Cannot initialize WeatherVariable from invalid String value {variable} for key {key}"
    if int(query.get("forecast_days", 7)) > max_days:
        return f"Forecast days is invalid. Allowed range 0 to {max_days}."
    return None


def _error(reason: str, status: int) -> JSONResponse:
    return JSONResponse({"error": True, "reason": reason}, status_code=status)
