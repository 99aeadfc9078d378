"""What every weather provider does, and the HTTP helpers they share.

A provider answers two questions: where is a place called X (``geocode``), and what is the forecast
there (``forecast``). It raises only ``ting.errors`` weather errors: ``WeatherUnavailableError``
(try later: network, timeout, 5xx, malformed JSON), ``WeatherRateLimitError`` (a 429: back off) and
``WeatherRequestError`` (the request as made is refused: a bad key, a bad parameter).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Protocol

import httpx

from ting.errors import WeatherRateLimitError, WeatherRequestError, WeatherUnavailableError
from ting.skills.weather.model import Forecast, Place


class WeatherProvider(Protocol):
    name: str

    async def geocode(self, name: str, lang: str) -> list[Place]:
        """Places called ``name`` (best match first; empty when there is none), named in ``lang``."""
        ...

    async def forecast(self, place: Place) -> Forecast:
        """Current conditions, the coming days (today first) and hours, and air quality where offered."""
        ...


async def get_json(
    client: httpx.AsyncClient,
    provider: str,
    url: str,
    params: Mapping[str, Any],
    headers: Mapping[str, str] | None = None,
) -> Any:
    """GET ``url`` and decode its JSON; transport failures become weather errors naming ``provider``.

    Status handling common to the providers: 429 → ``WeatherRateLimitError`` (with ``Retry-After``),
    5xx → ``WeatherUnavailableError``. Other statuses are left to the caller, with the decoded body."""
    try:
        answer = await client.get(url, params=dict(params), headers=dict(headers or {}))
    except httpx.TimeoutException:
        raise WeatherUnavailableError(f"{provider}: no answer from {_path(url)} in time") from None
    except httpx.HTTPError as error:
        raise WeatherUnavailableError(f"{provider}: {_path(url)} unreachable: {error!r}") from None
    if answer.status_code == 429:
        raise WeatherRateLimitError(
            f"{provider}: too many requests (HTTP 429) on {_path(url)}",
            retry_after_seconds=_retry_after(answer.headers.get("retry-after")),
        )
    if answer.status_code >= 500:
        raise WeatherUnavailableError(f"{provider}: HTTP {answer.status_code} on {_path(url)}")
    try:
        body = json.loads(answer.content)
    except (ValueError, UnicodeDecodeError):
        raise WeatherUnavailableError(
            f"{provider}: {_path(url)} answered HTTP {answer.status_code} with something that is not JSON"
        ) from None
    if answer.status_code >= 400:
        raise WeatherRequestError(f"{provider}: HTTP {answer.status_code} on {_path(url)}: {_reason(body)}")
    return body


def _reason(body: Any) -> str:
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict):  # QWeather: {"error": {"status", "type", "title", "detail"}}
            return f"{error.get('title', '')}: {error.get('detail', '')}"[:300]
        for key in ("reason", "error", "detail", "message"):
            value = body.get(key)
            if isinstance(value, str | dict):
                return str(value)[:300]
    return str(body)[:300]


def _retry_after(value: str | None) -> float | None:
    try:
        return max(float(value), 0.0) if value else None
    except ValueError:
        return None  # an HTTP date: the caller's own backoff applies


def _path(url: str) -> str:
    """The URL without its query (a key in it never reaches a log)."""
    return url.split("?", 1)[0]


def need(condition: bool, provider: str, what: str) -> None:
    """``WeatherUnavailableError`` when an answer lacks what the documentation promises."""
    if not condition:
        raise WeatherUnavailableError(f"{provider}: malformed answer: {what}")


def number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
