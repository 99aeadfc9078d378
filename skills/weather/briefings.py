"""Daily weather briefings: the day's forecast said once a day to WeChat/WeCom and/or on a site.

Each briefing is a daily job of the SDK's ``services.schedules`` (durable, in the household's time zone):
``config:<n>`` for the n-th ``[[skills.weather.briefings]]`` table, ``voice:<id>`` for one set up by voice.
A job's data names its targets (``push``, ``site:<site id>``), language and place. Each run sends every
target once per day: the push goes with ``run.idempotency_key("push")`` as its id (the outbox queues one
message per id and channel, also when a killed server runs the occurrence again), and a spoken target is
marked in the skill's store once said (a run again skips it).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date, time, timedelta
from typing import Any

from ting.errors import WeatherError
from ting.skills.sdk import DailyJob, ScheduledRun, Services
from ting.skills.sdk.speech import say_moment, say_number, say_time
from ting.skills.weather.answers import Speaker
from ting.skills.weather.conditions import word
from ting.skills.weather.model import Forecast
from ting.skills.weather.phrases import WHERE, say
from ting.skills.weather.places import resolve
from ting.skills.weather.service import WeatherService
from ting.skills.weather.settings import BriefingSettings, WeatherSettings

_LOGGER = logging.getLogger(__name__)

EVENT = "weather.briefing"
"""The push event; a ``[[push_rules]]`` rule naming it decides where briefings go."""
FORWARD_EVENT = "answer.forwarded"
"""Without such a rule a briefing goes where "send that to my WeChat" goes (every channel by default)."""
PUSH = "push"
SITE = "site:"
CONFIG_PREFIX = "config:"
VOICE_PREFIX = "voice:"
SAID_PREFIX = "said:"
KEEP_MARKS_DAYS = 7


def job_data(targets: list[str], lang: str, place: str, source: str) -> dict[str, Any]:
    return {"targets": targets, "lang": lang, "place": place, "source": source}


def config_targets(briefing: BriefingSettings) -> list[str]:
    return ([PUSH] if briefing.push else []) + [SITE + site for site in briefing.sites]


async def sync_config(services: Services, settings: WeatherSettings) -> None:
    """Make the ``config:`` jobs what ``ting.toml`` says. A job that did not change is left alone: its
    next run (maybe due already, while the server was off) and any run a killed server left unfinished
    must survive the restart."""
    wanted: dict[str, tuple[time, dict[str, Any]]] = {}
    for index, briefing in enumerate(settings.briefings):
        data = job_data(config_targets(briefing), briefing.lang, briefing.place, "config")
        wanted[f"{CONFIG_PREFIX}{index}"] = (briefing.at(), data)
    existing = {job.key: job for job in await services.schedules.jobs() if job.key.startswith(CONFIG_PREFIX)}
    for key in existing.keys() - wanted.keys():
        await services.schedules.cancel(key)
    for key, (at, data) in wanted.items():
        job = existing.get(key)
        if job is None or job.at != at or job.data != data:
            await services.schedules.set_daily(key, at, data)


async def run_briefing(run: ScheduledRun, services: Services, service: WeatherService) -> None:
    """One day's briefing to each of its targets (each at most once per day)."""
    lang = "en" if run.data.get("lang") == "en" else "zh"
    targets = [str(target) for target in run.data.get("targets", [])]
    text = await briefing_for(services, service, lang, str(run.data.get("place") or ""))
    for target in targets:
        if target == PUSH:
            await _push(run, services, text)
        elif target.startswith(SITE):
            await _speak(run, services, target, text, lang)
        else:
            _LOGGER.warning("briefing %s: unknown target %r skipped", run.key, target)
    await _forget_old_marks(services, run.day)


async def _push(run: ScheduledRun, services: Services, text: str) -> None:
    event = EVENT if services.push.channels_for(EVENT) else FORWARD_EVENT
    if not services.push.channels_for(event):
        _LOGGER.warning("briefing %s: no push channel is configured; not sent", run.key)
        return
    data = {"id": run.idempotency_key(PUSH), "briefing": run.key, "day": run.day.isoformat()}
    await services.push.notify(event, text, data)


async def _speak(run: ScheduledRun, services: Services, target: str, text: str, lang: str) -> None:
    mark = SAID_PREFIX + run.idempotency_key(target)
    if await services.store.get(mark) is not None:
        _LOGGER.info("briefing %s: already said on %s today", run.key, target)
        return
    await services.announcer.say(target.removeprefix(SITE), text, lang=lang)
    await services.store.put(mark, run.day.isoformat())


async def _forget_old_marks(services: Services, today: date) -> None:
    oldest = (today - timedelta(days=KEEP_MARKS_DAYS)).isoformat()
    for key, day in (await services.store.items()).items():
        if key.startswith(SAID_PREFIX) and isinstance(day, str) and day < oldest:
            await services.store.delete(key)


async def briefing_for(services: Services, service: WeatherService, lang: str, place: str) -> str:
    """Today's briefing for ``place`` (home when empty): from the cache, with its age, when the provider
    cannot be reached; a spoken sentence, never an error text, when there is nothing at all."""
    settings = services.config(WeatherSettings)
    where = WHERE[lang].format(place) if place else ""
    try:
        found = await resolve(place or None, lang, settings, service)
        if found.place is None:
            return found.problem
        lookup = await service.forecast(found.place)
    except WeatherError as error:
        _LOGGER.warning("briefing: no forecast for %r: %s", place or "home", error)
        return say("unreachable", lang, where=where)
    today = services.clock.now().date()
    text = briefing_text(lookup.forecast, lang, today, where, fahrenheit=settings.units == "fahrenheit")
    if lookup.stale:
        text = say("stale", lang, time=say_moment(lookup.fetched_at, today, lang)) + text
    if lookup.forecast.demo:
        text = say("demo", lang) + text
    return text


def briefing_text(forecast: Forecast, lang: str, today: date, where: str, *, fahrenheit: bool) -> str:
    """今天杭州天气：小雨，八到十四度，降水概率百分之四十，空气质量优，指数四十二。"""
    speaker = Speaker(forecast, lang, fahrenheit=fahrenheit, today=today, where=where)
    day = forecast.day(today.isoformat())
    if day is None:
        return say("out_of_range", lang, count=say_number(len(forecast.days), lang))
    rain = (
        say("briefing_rain", lang, chance=speaker.percent(day.rain_chance_percent))
        if day.rain_chance_percent is not None
        else ""
    )
    air = forecast.air
    aqi = air.aqi if air is not None else None
    quality = (
        "" if aqi is None else say("briefing_air", lang, band=speaker.band(aqi), aqi=say_number(aqi, lang))
    )
    return say(
        "briefing",
        lang,
        where=where,
        condition=word(day.condition, lang),
        range=speaker.temperature_range(day.low_c, day.high_c),
        rain=rain,
        air=quality,
    )


def describe(job: DailyJob, lang: str, site_names: Mapping[str, str]) -> str:
    """每天早上七点发到微信 / every day at 7:00 AM to WeChat (for listing and confirming)."""
    parts = []
    for target in job.data.get("targets", []):
        if target == PUSH:
            parts.append(say("briefing_to_push", lang))
        elif str(target).startswith(SITE):
            site = str(target).removeprefix(SITE)
            parts.append(say("briefing_to_site", lang, site=site_names.get(site, site)))
    joined = say("and", lang).join(parts)
    return say("briefing_item", lang, time=say_time(job.at, lang), targets=joined)
