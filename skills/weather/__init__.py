"""The weather skill: forecasts from a provider (Open-Meteo by default, no key), answered in speech.

``weather.get`` keeps the catalog's slots (``location``: the city as said, ``date``: ``YYYY-MM-DD``);
what is asked (rain, temperature, wind, AQI ...) is read from the words (``questions.yaml``). Home is
``city`` or ``latitude``/``longitude`` in ``[skills.weather]``; forecasts are cached per place and
hour in the skill's store and answer, marked with their time, when the provider is down. Daily
briefings (``weather.briefing_add|list|cancel``, ``[[skills.weather.briefings]]``) run on the SDK's
``services.schedules``. See docs/weather.md.
"""

from __future__ import annotations

import logging
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ting.errors import WeatherError, WeatherRequestError
from ting.skills.sdk import IntentRequest, Response, ScheduledRun, Services, Skill
from ting.skills.sdk.speech import say_moment
from ting.skills.weather.answers import Speaker
from ting.skills.weather.briefing_intents import add_briefing, cancel_briefings, list_briefings
from ting.skills.weather.briefings import run_briefing, sync_config
from ting.skills.weather.phrases import WHERE, say
from ting.skills.weather.places import resolve
from ting.skills.weather.providers.factory import build_provider, http_client
from ting.skills.weather.questions import classify
from ting.skills.weather.service import WeatherService
from ting.skills.weather.settings import WeatherSettings

_LOGGER = logging.getLogger(__name__)

skill = Skill(
    "weather",
    sentences=Path(__file__).parent / "sentences",
    description="answers weather questions (today, tomorrow, the week; rain, temperature, wind, UV, air)",
    settings=WeatherSettings,
)


@dataclass(frozen=True)
class _Running:
    settings: WeatherSettings
    service: WeatherService


_RUNNING: weakref.WeakKeyDictionary[object, _Running] = weakref.WeakKeyDictionary()
"""Per skill store (one per server, or per test harness): the provider, its client and the cache."""


def weather_service(services: Services) -> WeatherService:
    """The skill's ``WeatherService`` for these services, built on first use (``ConfigError`` naming the
    key when the settings do not make a provider)."""
    settings = services.config(WeatherSettings)
    running = _RUNNING.get(services.store)
    if running is None or running.settings != settings:
        provider = build_provider(settings, http_client(settings), services.clock)
        service = WeatherService(
            provider,
            services.store,
            services.clock,
            cache_minutes=settings.cache_minutes,
            failure_backoff_seconds=settings.failure_backoff_seconds,
            rate_limit_backoff_seconds=settings.rate_limit_backoff_seconds,
        )
        running = _Running(settings, service)
        _RUNNING[services.store] = running
    return running.service


@skill.on_start
async def start(services: Services) -> None:
    # Bad settings (an unknown provider, a missing key) stop the skill here, with the key named.
    service = weather_service(services)
    _LOGGER.info("weather provider: %s", service.provider.name)
    await sync_config(services, services.config(WeatherSettings))


@skill.on_schedule
async def briefing(run: ScheduledRun, services: Services) -> None:
    """A daily briefing's occurrence (``briefings.py``)."""
    await run_briefing(run, services, weather_service(services))


skill.handle("weather.briefing_add")(add_briefing)
skill.handle("weather.briefing_list")(list_briefings)
skill.handle("weather.briefing_cancel")(cancel_briefings)


@skill.handle("weather.get")
async def get_weather(request: IntentRequest, services: Services) -> Response:
    settings = services.config(WeatherSettings)
    service = weather_service(services)
    lang = "zh" if request.lang == "zh" else "en"
    said = str(request.raw_slots.get("location") or request.slots.get("location") or "") or None
    try:
        found = await resolve(said, lang, settings, service)
    except WeatherError as error:
        _LOGGER.warning("weather: place %r not looked up: %s", said, error)
        return _failure(error, lang, said)
    if found.place is None:
        return Response(text=found.problem, ok=False, data={"location": said})
    today = services.clock.now().date()
    question = classify(request.text, lang, _date(request.slots.get("date")), today)
    try:
        lookup = await service.forecast(found.place)
    except WeatherError as error:
        _LOGGER.warning("weather: no forecast for %s: %s", found.place.key, error)
        return _failure(error, lang, said)
    forecast = lookup.forecast
    fahrenheit = "fahrenheit" in question.flags or (
        settings.units == "fahrenheit" and "celsius" not in question.flags
    )
    where = WHERE[lang].format(found.place.name) if found.asked else ""
    text = Speaker(forecast, lang, fahrenheit=fahrenheit, today=today, where=where).answer(question)
    if lookup.stale:
        text = say("stale", lang, time=say_moment(lookup.fetched_at, today, lang)) + text
    if forecast.demo:
        text = say("demo", lang) + text
    data: dict[str, Any] = {
        "location": found.place.name,
        "date": question.days[0].isoformat(),
        "kind": question.kind,
        "provider": forecast.provider,
        "fetched_at": lookup.fetched_at.isoformat(),
        "stale": lookup.stale,
        "demo": forecast.demo,
        "forecast": lookup.data or forecast.to_dict(),
    }
    return Response(text=text, data=data)


def _failure(error: WeatherError, lang: str, said: str | None) -> Response:
    where = WHERE[lang].format(said) if said else ""
    key = "refused" if isinstance(error, WeatherRequestError) else "unreachable"
    return Response(text=say(key, lang, where=where), ok=False, data={"error": str(error), "location": said})


def _date(value: object) -> str | None:
    return value if isinstance(value, str) and len(value) == 10 else None
