"""Forecasts through a cache in the skill's store: one provider request per place and hour at most.

- A forecast is fresh while it was fetched in the same household hour and less than
  ``cache_minutes`` ago; then it is fetched again.
- One request in flight per place: many devices asking at once wait for the same answer.
- A failed request backs off for ``failure_backoff_seconds`` for that place; a 429 stops every
  request to the provider for its ``Retry-After`` (or ``rate_limit_backoff_seconds``). Meanwhile, and
  whenever the provider cannot be reached, the last stored forecast answers, marked stale with the
  time it was fetched (the answer says "as of HH:MM").
- Geocoder answers are kept for good (place names do not move).

Time is the household clock (``services.clock``), so tests and the benchmark drive it.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from ting.clock import Clock
from ting.errors import WeatherError, WeatherRateLimitError, WeatherUnavailableError
from ting.skills.sdk import SkillStore
from ting.skills.weather.model import Forecast, Place
from ting.skills.weather.providers.base import WeatherProvider

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class Lookup:
    forecast: Forecast
    fetched_at: datetime
    """When the provider gave it (household time)."""
    stale: bool
    """The provider could not be asked or did not answer: this is the last forecast stored."""
    data: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """``forecast.to_dict()``, made once per fetch (it is the slow part of a warm answer: ~170 hours)."""


class WeatherService:
    def __init__(
        self,
        provider: WeatherProvider,
        store: SkillStore,
        clock: Clock,
        *,
        cache_minutes: float = 60.0,
        failure_backoff_seconds: float = 30.0,
        rate_limit_backoff_seconds: float = 300.0,
    ) -> None:
        self.provider = provider
        self._store = store
        self._clock = clock
        self._cache = timedelta(minutes=cache_minutes)
        self._failure_backoff = timedelta(seconds=failure_backoff_seconds)
        self._rate_limit_backoff = timedelta(seconds=rate_limit_backoff_seconds)
        self._inflight: dict[str, asyncio.Future[Forecast]] = {}
        self._retry_at: dict[str, datetime] = {}
        self._blocked_until: datetime | None = None
        self._last_error: dict[str, WeatherError] = {}
        self._memory: dict[str, Lookup] = {}
        """The store's forecasts as last read or written: a warm answer reads no row and decodes no JSON."""
        self.requests = 0
        """Forecast requests sent to the provider (the benchmark counts them)."""

    async def forecast(self, place: Place) -> Lookup:
        """The forecast for ``place``: cached, fetched, or (provider down) the last one stored.

        ``WeatherError`` only when there is no forecast at all for the place."""
        now = self._clock.now()
        stored = await self._stored(place)
        if stored is not None and self._fresh(stored.fetched_at, now):
            return stored
        reason = self._waiting(place, now)
        if reason is None:
            try:
                forecast = await self._fetch_once(place)
                fetched_at = self._clock.now()
                await self._store.put(
                    _forecast_key(place),
                    {"fetched_at": fetched_at.isoformat(), "forecast": forecast.to_dict()},
                )
                return Lookup(forecast, fetched_at, stale=False)
            except WeatherError as error:
                reason = error
        if stored is not None:
            _LOGGER.info("weather for %s from the cache of %s: %s", place.key, stored.fetched_at, reason)
            return replace(stored, stale=True)
        raise reason

    async def geocode(self, name: str, lang: str) -> list[Place]:
        """Places called ``name`` (kept in the store for good once found)."""
        key = f"geo:{lang}:{name.strip().lower()}"
        cached = await self._store.get(key)
        if isinstance(cached, list):
            return [Place.from_dict(item) for item in cached]
        blocked = self._blocked_until is not None and self._clock.now() < self._blocked_until
        if blocked:
            raise WeatherRateLimitError(f"{self.provider.name}: backing off after a 429")
        try:
            places = await self.provider.geocode(name, lang)
        except WeatherRateLimitError as error:
            self._rate_limited(error)
            raise
        await self._store.put(key, [place.to_dict() for place in places])
        return places

    async def _stored(self, place: Place) -> Lookup | None:
        if place.key in self._memory:
            return self._memory[place.key]
        value = await self._store.get(_forecast_key(place))
        if not isinstance(value, dict):
            return None
        try:
            fetched_at = datetime.fromisoformat(value["fetched_at"]).astimezone(self._clock.zone)
            forecast = Forecast.from_dict(value["forecast"])
            self._memory[place.key] = Lookup(forecast, fetched_at, stale=False, data=value["forecast"])
            return self._memory[place.key]
        except (KeyError, TypeError, ValueError) as error:  # written by an older version: fetch anew
            _LOGGER.warning("cached forecast for %s unreadable, ignored: %r", place.key, error)
            return None

    def _fresh(self, fetched_at: datetime, now: datetime) -> bool:
        same_hour = fetched_at.replace(minute=0, second=0, microsecond=0) == now.replace(
            minute=0, second=0, microsecond=0
        )
        return same_hour and timedelta(0) <= now - fetched_at < self._cache

    def _waiting(self, place: Place, now: datetime) -> WeatherError | None:
        """Why no request may go out now (a backoff in force), or None."""
        if self._blocked_until is not None and now < self._blocked_until:
            return WeatherRateLimitError(f"{self.provider.name}: backing off after a 429")
        retry_at = self._retry_at.get(place.key)
        if retry_at is not None and now < retry_at:
            return self._last_error.get(place.key) or WeatherUnavailableError("backing off")
        return None

    async def _fetch_once(self, place: Place) -> Forecast:
        """One request per place at a time: a second asker awaits the first one's answer."""
        pending = self._inflight.get(place.key)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[Forecast] = asyncio.get_running_loop().create_future()
        self._inflight[place.key] = future
        try:
            self.requests += 1
            forecast = await self.provider.forecast(place)
            self._retry_at.pop(place.key, None)
            future.set_result(forecast)
            return forecast
        except WeatherError as error:
            if isinstance(error, WeatherRateLimitError):
                self._rate_limited(error)
            self._retry_at[place.key] = self._clock.now() + self._failure_backoff
            self._last_error[place.key] = error
            future.set_exception(error)
            future.exception()  # retrieved: no "never retrieved" warning when nobody else waited
            raise
        finally:
            del self._inflight[place.key]
            if not future.done():  # cancelled (the handler timed out): the others must not wait forever
                future.cancel()

    def _rate_limited(self, error: WeatherRateLimitError) -> None:
        wait = (
            timedelta(seconds=error.retry_after_seconds)
            if error.retry_after_seconds is not None
            else self._rate_limit_backoff
        )
        self._blocked_until = self._clock.now() + wait
        _LOGGER.warning("%s; no requests for %s", error, wait)


def _forecast_key(place: Place) -> str:
    return f"forecast:{place.key}"
