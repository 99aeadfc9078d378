"""The provider ``[skills.weather]`` names, built with its endpoints and an HTTP client."""

from __future__ import annotations

import httpx

from ting.clock import Clock
from ting.errors import ConfigError
from ting.skills.weather.providers.base import WeatherProvider
from ting.skills.weather.providers.demo import DemoWeather
from ting.skills.weather.providers.openmeteo import OpenMeteo
from ting.skills.weather.providers.qweather import QWeather, QWeatherAuth
from ting.skills.weather.settings import WeatherSettings


def http_client(settings: WeatherSettings) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        timeout=settings.timeout_seconds, headers={"User-Agent": "ting-weather/0.1"}, follow_redirects=False
    )


def build_provider(settings: WeatherSettings, client: httpx.AsyncClient, clock: Clock) -> WeatherProvider:
    """``ConfigError`` naming the key when the settings do not make a working provider."""
    settings.check()
    if settings.provider == "demo":
        return DemoWeather(clock)
    if settings.provider == "open-meteo":
        return OpenMeteo(
            client,
            forecast_url=settings.open_meteo_forecast_url,
            geocoding_url=settings.open_meteo_geocoding_url,
            air_quality_url=settings.open_meteo_air_quality_url,
        )
    if settings.provider == "qweather":
        auth = QWeatherAuth(
            api_key=settings.qweather_api_key,
            project_id=settings.qweather_project_id,
            key_id=settings.qweather_key_id,
            private_key=settings.qweather_private_key,
        )
        return QWeather(client, api_host=settings.qweather_api_host, auth=auth, gzip=settings.qweather_gzip)
    raise ConfigError(f"skills.weather.provider: {settings.provider!r} is not available in this version")
