"""``[skills.weather]`` in ting.toml: the provider, where home is, units, and the providers' endpoints."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from ting.errors import ConfigError

PROVIDERS = ("open-meteo", "qweather", "demo")
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$")


@dataclass(frozen=True)
class BriefingSettings:
    """One ``[[skills.weather.briefings]]``: a daily weather report."""

    time: str
    """Household time, ``HH:MM`` (24 hours; ``HH:MM:SS`` also works)."""
    push: bool = False
    """To WeChat/WeCom: the channels of a ``[[push_rules]]`` rule for ``weather.briefing``, else those of
    forwarded answers (every channel, unless a rule for ``answer.forwarded`` names some)."""
    sites: tuple[str, ...] = ()
    """Spoken on these sites (device site ids)."""
    lang: Literal["zh", "en"] = "zh"
    place: str = ""
    """A city; home (``city`` / coordinates) when empty."""

    def at(self) -> dt.time:
        found = _CLOCK.match(self.time)
        assert found is not None  # checked by WeatherSettings.check
        return dt.time(int(found[1]), int(found[2]), int(found[3] or 0))


@dataclass(frozen=True)
class WeatherSettings:
    """``[skills.weather]`` in ting.toml."""

    provider: str = "open-meteo"
    """``open-meteo`` (no key), ``qweather`` (和风天气: a key or a JWT), or ``demo`` (bundled demo data)."""
    city: str = ""
    """Home, by name (北京, 杭州西湖区, Paris): looked up once with the provider's geocoder."""
    latitude: float | None = None
    """Home, by coordinates (both or neither; they win over ``city``)."""
    longitude: float | None = None
    units: Literal["celsius", "fahrenheit"] = "celsius"
    """How temperatures are said; "in Fahrenheit" / 华氏 in a question says it that way once."""
    timeout_seconds: float = 5.0
    """One provider request; past it the answer uses the cache (or says the service is unreachable)."""
    cache_minutes: float = 60.0
    """A forecast is fetched again at most this often per place (and at the top of each hour)."""
    failure_backoff_seconds: float = 30.0
    """After a failed request no new one for the place before this (the cache answers meanwhile)."""
    rate_limit_backoff_seconds: float = 300.0
    """After a 429 without ``Retry-After``, no request at all to the provider before this."""
    open_meteo_forecast_url: str = "https://api.open-meteo.com/v1/forecast"
    open_meteo_geocoding_url: str = "https://geocoding-api.open-meteo.com/v1/search"
    open_meteo_air_quality_url: str = "https://air-quality-api.open-meteo.com/v1/air-quality"
    qweather_api_host: str = ""
    """Your account's API host from the QWeather console (``abc1234xyz.re.qweatherapi.com``)."""
    qweather_api_key: str = ""
    """An API key (sent as the ``X-QW-Api-Key`` header); or use the JWT settings below."""
    qweather_project_id: str = ""
    """JWT authentication: the project id (``sub``) ..."""
    qweather_key_id: str = ""
    """... the credential id (``kid``) ..."""
    qweather_private_key: str = ""
    """... and the Ed25519 private key, PEM text or a path to the PEM file."""
    qweather_gzip: bool = True
    """Ask QWeather for gzip-compressed answers (it compresses by default)."""
    briefings: tuple[BriefingSettings, ...] = ()
    """Daily weather reports (docs/weather.md#daily-briefings); more can be set up by voice."""

    def check(self) -> None:
        """``ConfigError`` naming the key when the provider cannot work with these settings."""
        if self.provider not in PROVIDERS:
            raise ConfigError(
                f"skills.weather.provider: unknown weather provider {self.provider!r} "
                f"(one of: {', '.join(PROVIDERS)})"
            )
        if (self.latitude is None) != (self.longitude is None):
            raise ConfigError("skills.weather.latitude and skills.weather.longitude: give both or neither")
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            raise ConfigError(f"skills.weather.latitude: {self.latitude} is not within -90..90")
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            raise ConfigError(f"skills.weather.longitude: {self.longitude} is not within -180..180")
        if self.provider == "qweather":
            self._check_qweather()
        for index, briefing in enumerate(self.briefings):
            key = f"skills.weather.briefings[{index}]"
            if not _CLOCK.match(briefing.time):
                raise ConfigError(
                    f'{key}.time: {briefing.time!r} is not a time of day as HH:MM (e.g. "07:00")'
                )
            if not briefing.push and not briefing.sites:
                raise ConfigError(
                    f'{key}: goes nowhere: set push = true, or sites = ["<site id>", ...], or both'
                )

    def _check_qweather(self) -> None:
        if not self.qweather_api_host:
            raise ConfigError(
                "skills.weather.qweather_api_host: QWeather needs your account's API host "
                "(QWeather console → Settings), e.g. abc1234xyz.re.qweatherapi.com"
            )
        jwt = (self.qweather_project_id, self.qweather_key_id, self.qweather_private_key)
        if not self.qweather_api_key and not all(jwt):
            missing = [
                name
                for name, value in zip(
                    ("qweather_project_id", "qweather_key_id", "qweather_private_key"), jwt, strict=True
                )
                if not value
            ]
            raise ConfigError(
                "skills.weather.qweather_api_key: QWeather needs an API key, or JWT authentication "
                f"(missing: {', '.join('skills.weather.' + name for name in missing)})"
            )
