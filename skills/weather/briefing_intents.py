"""Setting up, listing and cancelling daily weather briefings by voice.

"每天早上七点把天气发到我微信" / "send me the weather every morning at 7" (to WeChat/WeCom),
"每天早上七点在卧室播报天气" / "read me the weather in the bedroom every day at 7" (spoken there; without a
room, where it was asked). Where it goes is read from the words, as the question kinds are: a push
word (微信, send ...) and/or a speaking word (播报, read ...) or a room.
"""

from __future__ import annotations

import uuid
from datetime import datetime, time
from typing import Any

from ting.skills.sdk import IntentRequest, Response, Services
from ting.skills.sdk.speech import say_number
from ting.skills.weather.briefings import (
    CONFIG_PREFIX,
    EVENT,
    FORWARD_EVENT,
    PUSH,
    SITE,
    VOICE_PREFIX,
    describe,
    job_data,
)
from ting.skills.weather.phrases import say

PUSH_WORDS = ("微信", "推送", "发", "wechat", "wecom", "phone", "send", "push", "text")
SPEAK_WORDS = ("播报", "念", "读", "说", "报一下", "read", "tell", "announce", "say", "give")
"""Not 报 alone: 天气预报 has it."""


def _lang(request: IntentRequest) -> str:
    return "zh" if request.lang == "zh" else "en"


def _clock(value: object) -> time | None:
    """The time of day of a ``{time}`` slot (``2026-12-05T07:00:00``)."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value).time().replace(second=0, microsecond=0, tzinfo=None)
    except ValueError:
        return None


def site_names(services: Services, lang: str) -> dict[str, str]:
    """Site id -> the name of its room in ``lang`` (for "spoken in the bedroom")."""
    names = {}
    household = services.household
    for site in {*household.sites, *household.areas, *services.announcer.site_ids()}:
        area = household.area(household.area_for_site(site) or "")
        if area is not None and area.names.get(lang):
            names[site] = area.names[lang][0]
    return names


def sites_in(services: Services, area: str) -> list[str]:
    """The sites in ``area``: mapped there, online there, else the one named like the room."""
    household = services.household
    found = {site for site, room in household.sites.items() if room == area}
    found |= {site for site in services.announcer.site_ids() if household.area_for_site(site) == area}
    return sorted(found) or [area]


def _targets(request: IntentRequest, services: Services) -> list[str]:
    text = request.text.lower()
    area = request.slots.get("area")
    push = any(word in text for word in PUSH_WORDS)
    speak = bool(area) or any(word in text for word in SPEAK_WORDS) or not push
    targets = [PUSH] if push else []
    if speak:
        sites = sites_in(services, str(area)) if area else [request.site_id]
        targets += [SITE + site for site in sites]
    return targets


async def add_briefing(request: IntentRequest, services: Services) -> Response:
    lang = _lang(request)
    at = _clock(request.slots.get("time"))
    if at is None:
        return Response(text=say("briefing_no_time", lang), ok=False, expect=("weather.briefing_add",))
    targets = _targets(request, services)
    if PUSH in targets and not (
        services.push.channels_for(EVENT) or services.push.channels_for(FORWARD_EVENT)
    ):
        return Response(text=say("briefing_no_channel", lang), ok=False)
    place = str(request.raw_slots.get("location") or request.slots.get("location") or "")
    key = VOICE_PREFIX + uuid.uuid4().hex[:10]
    job = await services.schedules.set_daily(key, at, job_data(targets, lang, place, "voice"))
    text = say("briefing_set", lang, job=describe(job, lang, site_names(services, lang)))
    next_due = job.next_due.isoformat() if job.next_due else None
    data: dict[str, Any] = {"key": key, "time": at.isoformat(), "targets": targets, "next": next_due}
    return Response(text=text, data=data)


async def list_briefings(request: IntentRequest, services: Services) -> Response:
    lang = _lang(request)
    jobs = await services.schedules.jobs()
    if not jobs:
        return Response(text=say("briefing_none", lang), data={"briefings": []})
    names = site_names(services, lang)
    listed = say("list_separator", lang).join(describe(job, lang, names) for job in jobs)
    data = [{"key": job.key, "time": job.at.isoformat(), **job.data} for job in jobs]
    return Response(text=say("briefing_list", lang, list=listed), data={"briefings": data})


async def cancel_briefings(request: IntentRequest, services: Services) -> Response:
    """Cancel those set up by voice (at the time said, if one was); those of ting.toml stay."""
    lang = _lang(request)
    at = _clock(request.slots.get("time"))
    jobs = [job for job in await services.schedules.jobs() if at is None or job.at == at]
    spoken = [job for job in jobs if job.key.startswith(VOICE_PREFIX)]
    configured = [job for job in jobs if job.key.startswith(CONFIG_PREFIX)]
    for job in spoken:
        await services.schedules.cancel(job.key)
    stays = say("briefing_config_stays", lang) if configured else ""
    data = {"cancelled": [job.key for job in spoken], "kept": [job.key for job in configured]}
    if not spoken:
        return Response(text=say("briefing_cancel_none", lang) + stays, ok=False, data=data)
    count = len(spoken)
    number = str(count) if lang == "en" else ("两" if count == 2 else say_number(count, "zh"))
    text = say("briefing_cancelled", lang, count=number, s="" if count == 1 else "s") + stays
    return Response(text=text, data=data)
