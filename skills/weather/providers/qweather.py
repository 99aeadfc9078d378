"""QWeather (和风天气): the usual choice in China. Needs an account: its API host and a key or a JWT.

Requests, as documented: ``/geo/v2/city/lookup`` (``location`` = a name or ``lon,lat``; ``lang``),
``/v7/weather/now``, ``/v7/weather/7d`` (``/v7/weather/3d`` when the plan has no 7-day forecast),
``/v7/weather/24h``, ``/v7/air/now``, ``/v7/warning/now``, each with ``location`` = the place's id, all
on the account's own API host. Authentication: the ``X-QW-Api-Key`` header, or an Ed25519-signed JWT
as ``Authorization: Bearer`` (the key method is being limited). Answers are gzip-compressed.

Errors come in two forms, both handled: an HTTP status with ``{"error": {"status", "title", "detail"}}``,
and the older HTTP 200 with a string ``code`` other than ``"200"`` (``"204"``: no data for the place,
``"401"``/``"402"``/``"403"``: the key or plan, ``"429"``: too many requests, ``"5xx"``: try later).
Air quality and warnings are niceties: without them (a ``204``, a plan without them) the forecast stands.
"""

from __future__ import annotations

import base64
import json
import logging
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from ting.errors import (
    ConfigError,
    WeatherError,
    WeatherRateLimitError,
    WeatherRequestError,
    WeatherUnavailableError,
)
from ting.skills.weather.conditions import from_qweather
from ting.skills.weather.model import Air, Current, Day, Forecast, Hour, Place
from ting.skills.weather.providers.base import get_json, need, number

_LOGGER = logging.getLogger(__name__)
NAME = "qweather"
JWT_LIFETIME_SECONDS = 900
"""QWeather accepts tokens valid up to 24 h; a short one limits the harm of a leaked token."""


class QWeatherAuth:
    """The headers that authenticate a request: the API key, or a JWT renewed before it expires."""

    def __init__(
        self, *, api_key: str = "", project_id: str = "", key_id: str = "", private_key: str = ""
    ) -> None:
        self._api_key = api_key
        self._project_id = project_id
        self._key_id = key_id
        self._private_key = _load_key(private_key) if private_key else None
        self._token = ""
        self._token_expires = 0.0

    def headers(self) -> dict[str, str]:
        if self._private_key is None:
            return {"X-QW-Api-Key": self._api_key}
        now = time.time()
        if now > self._token_expires - 60:
            self._token = self._jwt(int(now))
            self._token_expires = now + JWT_LIFETIME_SECONDS - 30
        return {"Authorization": f"Bearer {self._token}"}

    def _jwt(self, now: int) -> str:
        assert self._private_key is not None
        header = {"alg": "EdDSA", "kid": self._key_id}
        # iat 30 s in the past: the documentation's allowance for clocks that differ a little
        payload = {"sub": self._project_id, "iat": now - 30, "exp": now - 30 + JWT_LIFETIME_SECONDS}
        signing_input = f"{_b64(json.dumps(header))}.{_b64(json.dumps(payload))}"
        signature = self._private_key.sign(signing_input.encode())
        return f"{signing_input}.{_b64(signature)}"


def _b64(data: str | bytes) -> str:
    raw = data.encode() if isinstance(data, str) else data
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _load_key(text_or_path: str) -> Ed25519PrivateKey:
    text = text_or_path
    if "BEGIN" not in text:
        path = Path(text).expanduser()
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise ConfigError(
                f"skills.weather.qweather_private_key: cannot read {path}: {error.strerror}"
            ) from None
    try:
        key = load_pem_private_key(text.encode(), password=None)
    except ValueError:
        raise ConfigError(
            "skills.weather.qweather_private_key: not a PEM private key (expected the Ed25519 key "
            "made with `openssl genpkey -algorithm ED25519`)"
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise ConfigError("skills.weather.qweather_private_key: the key is not an Ed25519 key")
    return key


class QWeather:
    name = NAME

    def __init__(
        self, client: httpx.AsyncClient, *, api_host: str, auth: QWeatherAuth, gzip: bool = True
    ) -> None:
        self._client = client
        self._encoding = {"Accept-Encoding": "gzip" if gzip else "identity"}
        self._base = api_host if api_host.startswith(("http://", "https://")) else f"https://{api_host}"
        self._base = self._base.rstrip("/")
        self._auth = auth

    async def _get(
        self, path: str, params: dict[str, Any], *, optional: bool = False
    ) -> dict[str, Any] | None:
        """The answer of ``path``; None for a documented "no data" (``204``) when ``optional``."""
        headers = {**self._encoding, **self._auth.headers()}
        body: dict[str, Any] = await get_json(self._client, NAME, self._base + path, params, headers)
        need(isinstance(body, dict), NAME, f"{path} answer is not an object")
        code = str(body.get("code", "200"))
        if code == "200":
            return body
        if code == "204" and optional:
            return None
        message = f"{NAME}: {path} answered code {code} ({_CODES.get(code, 'see the error code list')})"
        if code == "429":
            raise WeatherRateLimitError(message)
        if code.startswith("5"):
            raise WeatherUnavailableError(message)
        raise WeatherRequestError(message)

    async def geocode(self, name: str, lang: str) -> list[Place]:
        body = await self._get(
            "/geo/v2/city/lookup",
            {"location": name, "lang": "zh" if lang == "zh" else "en", "number": 10},
            optional=True,
        )
        results = (body or {}).get("location") or []
        need(isinstance(results, list), NAME, "city lookup 'location' is not a list")
        return [place for place in map(_place, results) if place is not None]

    async def forecast(self, place: Place) -> Forecast:
        if not place.provider_id:
            found = await self.geocode(f"{place.longitude:.2f},{place.latitude:.2f}", "zh")
            need(bool(found), NAME, f"no QWeather location at {place.key}")
            place = Place(**{**place.to_dict(), "provider_id": found[0].provider_id,
                             "timezone": found[0].timezone})  # fmt: skip
        params = {"location": place.provider_id}
        now = await self._get("/v7/weather/now", params)
        try:
            daily = await self._get("/v7/weather/7d", params)
        except WeatherRequestError as error:
            _LOGGER.info("%s; asking for 3 days", error)  # a plan without the 7-day forecast
            daily = await self._get("/v7/weather/3d", params)
        hourly = await self._get("/v7/weather/24h", params)
        air = await self._optional("/v7/air/now", params)
        warnings = await self._optional("/v7/warning/now", params)
        assert now is not None and daily is not None and hourly is not None
        return _forecast(place, now, daily, hourly, air, warnings)

    async def _optional(self, path: str, params: dict[str, Any]) -> dict[str, Any] | None:
        try:
            return await self._get(path, params, optional=True)
        except WeatherRateLimitError:
            raise
        except WeatherError as error:
            _LOGGER.warning("left out: %s", error)
            return None


_CODES = {
    "204": "no data for this place",
    "400": "a request parameter is wrong",
    "401": "authentication failed: check qweather_api_key or the JWT settings",
    "402": "the account is over its quota or in arrears",
    "403": "no permission: the key's plan or its host, IP or app restrictions",
    "404": "no such data or place",
    "429": "too many requests",
    "500": "the service failed",
}


def _place(result: Any) -> Place | None:
    if not isinstance(result, dict):
        return None
    try:
        latitude, longitude = float(result["lat"]), float(result["lon"])
    except (KeyError, TypeError, ValueError):
        return None
    rank = int(result.get("rank") or 99) if str(result.get("rank") or "").isdigit() else 99
    admin = str(result.get("adm1") or "")
    return Place(
        name=str(result.get("name") or ""),
        latitude=latitude,
        longitude=longitude,
        country=str(result.get("country") or ""),
        admin=admin,
        timezone=str(result.get("tz") or ""),
        # QWeather ranks places (lower: more important) instead of counting people
        population=max(100 - rank, 1) ** 3,
        provider_id=str(result.get("id") or ""),
    )


def _local(moment: str) -> str:
    """``2021-02-16T15:00+08:00`` → ``2021-02-16T15:00`` (the place's wall clock)."""
    return moment[:16]


def _forecast(
    place: Place,
    now: dict[str, Any],
    daily: dict[str, Any],
    hourly: dict[str, Any],
    air: dict[str, Any] | None,
    warnings: dict[str, Any] | None,
) -> Forecast:
    try:
        current = now["now"]
        hours = tuple(
            Hour(
                time=_local(hour["fxTime"]),
                condition=from_qweather(hour.get("icon")),
                temperature_c=float(hour["temp"]),
                rain_chance_percent=_float(hour.get("pop")),
            )
            for hour in hourly.get("hourly") or []
        )
        chances: dict[str, float] = defaultdict(float)
        for hour in hours:
            if hour.rain_chance_percent is not None:
                chances[hour.time[:10]] = max(chances[hour.time[:10]], hour.rain_chance_percent)
        days = tuple(_day(day, chances.get(day["fxDate"])) for day in daily["daily"])
        forecast = Forecast(
            place=place,
            timezone=place.timezone or "Asia/Shanghai",
            current=Current(
                time=_local(current["obsTime"]),
                condition=from_qweather(current.get("icon")),
                temperature_c=float(current["temp"]),
                humidity_percent=_float(current.get("humidity")),
                wind_kmh=_float(current.get("windSpeed")),
                apparent_c=_float(current.get("feelsLike")),
            ),
            days=days,
            hours=hours,
            air=_air(air),
            provider=NAME,
            warnings=tuple(
                str(item.get("title") or item.get("text") or "")
                for item in (warnings or {}).get("warning") or []
            ),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise WeatherUnavailableError(f"{NAME}: malformed answer: {error!r}") from None
    need(bool(forecast.days), NAME, "no days")
    return forecast


def _day(day: dict[str, Any], chance: float | None) -> Day:
    date = day["fxDate"]
    return Day(
        date=date,
        condition=from_qweather(day.get("iconDay")),
        high_c=float(day["tempMax"]),
        low_c=float(day["tempMin"]),
        # the daily forecast has no chance of rain; the hourly one has it for the next 24 hours
        rain_chance_percent=chance,
        precipitation_mm=_float(day.get("precip")),
        wind_max_kmh=max(
            filter(None, (_float(day.get("windSpeedDay")), _float(day.get("windSpeedNight")))), default=None
        ),
        uv_index=_float(day.get("uvIndex")),
        humidity_percent=_float(day.get("humidity")),
        sunrise=f"{date}T{day['sunrise']}" if day.get("sunrise") else None,
        sunset=f"{date}T{day['sunset']}" if day.get("sunset") else None,
    )


def _air(body: dict[str, Any] | None) -> Air | None:
    if not body or not isinstance(body.get("now"), dict):
        return None
    aqi = _float(body["now"].get("aqi"))
    return Air(aqi=round(aqi), pm2_5=_float(body["now"].get("pm2p5"))) if aqi is not None else None


def _float(value: Any) -> float | None:
    """QWeather sends numbers as strings ("24", "0.0"); missing or empty is None."""
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return number(value)
