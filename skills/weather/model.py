"""The normalized forecast every provider returns: places, current conditions, days, hours, air quality.

Units are fixed (°C, km/h, mm, cm of snow, %); answers convert to °F when asked. Times are the place's
local wall-clock time as ISO text (``2026-12-03T16:00``, dates ``2026-12-03``) with the place's IANA
zone beside them, as the providers send them. Every type round-trips through ``to_dict`` /
``from_dict`` (JSON for the store and ``GET /api/weather``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Place:
    name: str
    """As the geocoder names it in the language asked (上海, Paris)."""
    latitude: float
    longitude: float
    country: str = ""
    admin: str = ""
    """The first-level region (province, state) when known: tells two Springfields apart."""
    timezone: str = ""
    population: int = 0
    provider_id: str = ""
    """The provider's own id for the place (QWeather's location id), when it has one."""

    @property
    def key(self) -> str:
        """The cache key: the coordinates rounded to ~1 km (two askers of 上海 and Shanghai share it)."""
        return f"{self.latitude:.2f},{self.longitude:.2f}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Place:
        return cls(**data)


@dataclass(frozen=True)
class Current:
    time: str
    condition: str
    temperature_c: float
    humidity_percent: float | None = None
    wind_kmh: float | None = None
    apparent_c: float | None = None


@dataclass(frozen=True)
class Day:
    date: str
    condition: str
    high_c: float
    low_c: float
    rain_chance_percent: float | None = None
    precipitation_mm: float | None = None
    snowfall_cm: float | None = None
    wind_max_kmh: float | None = None
    uv_index: float | None = None
    humidity_percent: float | None = None
    sunrise: str | None = None
    """Local ``YYYY-MM-DDTHH:MM``."""
    sunset: str | None = None


@dataclass(frozen=True)
class Hour:
    time: str
    condition: str
    temperature_c: float
    rain_chance_percent: float | None = None


@dataclass(frozen=True)
class Air:
    aqi: int
    """On the US EPA / China HJ 633 0–500 scale (they share the bands read out)."""
    pm2_5: float | None = None
    daily_max: dict[str, int] = field(default_factory=dict)
    """Date -> the highest hourly AQI forecast for that day."""


@dataclass(frozen=True)
class Forecast:
    place: Place
    timezone: str
    """The place's IANA zone: the zone of every time below."""
    current: Current
    days: tuple[Day, ...]
    hours: tuple[Hour, ...] = ()
    air: Air | None = None
    provider: str = ""
    demo: bool = False
    """True for the bundled demo data (``provider = "demo"``): never a real forecast."""
    warnings: tuple[str, ...] = ()
    """Weather warnings in force, as the provider words them (QWeather)."""

    def day(self, date: str) -> Day | None:
        return next((day for day in self.days if day.date == date), None)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Forecast:
        air = data.get("air")
        return cls(
            place=Place.from_dict(data["place"]),
            timezone=data["timezone"],
            current=Current(**data["current"]),
            days=tuple(Day(**day) for day in data["days"]),
            hours=tuple(Hour(**hour) for hour in data.get("hours", ())),
            air=Air(**air) if air else None,
            provider=data.get("provider", ""),
            demo=bool(data.get("demo", False)),
            warnings=tuple(data.get("warnings", ())),
        )
