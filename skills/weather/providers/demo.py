"""The demo provider: bundled demo data (``skills/weather/demo/forecast.yaml``), no network.

Used by ``ting demo`` and for trying ting out; every forecast is marked ``demo`` and every answer
from it starts with "Demo data:" / "演示数据：". Days are counted from the place's today, so the
questions of the demo script ("明天会下雨吗") always have an answer.
"""

from __future__ import annotations

from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from ting.clock import Clock
from ting.skills.weather.conditions import from_wmo
from ting.skills.weather.model import Air, Current, Day, Forecast, Hour, Place

NAME = "demo"
FIXTURE = Path(__file__).resolve().parent.parent / "demo" / "forecast.yaml"


@cache
def _fixture() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    return data


class DemoWeather:
    name = NAME

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self.requests = 0

    async def geocode(self, name: str, lang: str) -> list[Place]:
        wanted = name.strip().lower().removesuffix("市")
        code = "zh" if lang == "zh" else "en"
        return [
            _place(entry, code)
            for entry in _fixture()["places"]
            if wanted in (entry["zh"], entry["en"].lower())
        ]

    async def forecast(self, place: Place) -> Forecast:
        self.requests += 1
        data = _fixture()
        entry = min(
            data["places"],
            key=lambda e: abs(e["latitude"] - place.latitude) + abs(e["longitude"] - place.longitude),
        )
        zone = entry["timezone"]
        now = self._clock.now().astimezone(ZoneInfo(zone))
        today, shift = now.date(), float(entry["offset"])
        days = tuple(
            _day(day, today + timedelta(days=index), shift) for index, day in enumerate(data["days"])
        )
        hours = tuple(
            Hour(
                time=f"{today + timedelta(days=index // 24)}T{index % 24:02d}:00",
                condition=days[index // 24].condition,
                temperature_c=days[index // 24].low_c + (index % 24) / 3,
                rain_chance_percent=days[index // 24].rain_chance_percent if 13 <= index % 24 <= 18 else 5.0,
            )
            for index in range(24 * len(days))
        )
        current = data["current"]
        return Forecast(
            place=place,
            timezone=zone,
            current=Current(
                time=now.strftime("%Y-%m-%dT%H:00"),
                condition=from_wmo(current["code"]),
                temperature_c=current["temperature"] + shift,
                humidity_percent=current["humidity"],
                wind_kmh=current["wind"],
            ),
            days=days,
            hours=hours,
            air=Air(aqi=int(data["aqi"]), daily_max={day.date: int(data["aqi"]) + 10 for day in days}),
            provider=NAME,
            demo=True,
        )


def _place(entry: dict[str, Any], lang: str) -> Place:
    return Place(
        name=entry[lang],
        latitude=entry["latitude"],
        longitude=entry["longitude"],
        country=entry[f"country_{lang}"],
        admin=entry[f"admin_{lang}"],
        timezone=entry["timezone"],
        population=1_000_000,
    )


def _day(day: dict[str, Any], date: Any, shift: float) -> Day:
    text = date.isoformat()
    return Day(
        date=text,
        condition=from_wmo(day["code"]),
        high_c=day["high"] + shift,
        low_c=day["low"] + shift,
        rain_chance_percent=day["rain"],
        snowfall_cm=day.get("snowfall", 0.0),
        wind_max_kmh=day["wind"],
        uv_index=day["uv"],
        humidity_percent=day["humidity"],
        sunrise=f"{text}T{day['sunrise']}",
        sunset=f"{text}T{day['sunset']}",
    )
