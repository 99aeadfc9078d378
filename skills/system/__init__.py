"""The system skill: time, date, help and cancel, answered in the request's language."""

from __future__ import annotations

import logging
from pathlib import Path

from ting.skills.sdk import IntentRequest, Response, Services, Skill, speech
from ting.skills.system.phrases import CAPABILITIES, say

_LOGGER = logging.getLogger(__name__)

skill = Skill(
    "system",
    sentences=Path(__file__).parent / "sentences",
    description="tells the time and the date, lists what ting can do, cancels the conversation",
)


@skill.handle("system.time")
async def tell_time(request: IntentRequest, services: Services) -> Response:
    now = services.clock.now()
    spoken = speech.zh_time(now.time()) if request.lang == "zh" else speech.en_time(now.time())
    return Response(text=say("time", request.lang, time=spoken), data={"now": now.isoformat()})


@skill.handle("system.date")
async def tell_date(request: IntentRequest, services: Services) -> Response:
    today = services.clock.now().date()
    spoken = speech.zh_date(today) if request.lang == "zh" else speech.en_date(today)
    return Response(text=say("date", request.lang, date=spoken), data={"date": today.isoformat()})


@skill.handle("system.help")
async def help_(request: IntentRequest, services: Services) -> Response:
    names = _skill_names(services)
    lang = "zh" if request.lang == "zh" else "en"
    abilities = [CAPABILITIES[name][lang] for name in names if name in CAPABILITIES]
    spoken = "，".join(abilities) if lang == "zh" else speech.join_list(abilities, lang)
    return Response(
        text=say("help", request.lang, abilities=spoken),
        data={"skills": names},
    )


@skill.handle("system.cancel")
async def cancel(request: IntentRequest, services: Services) -> Response:
    return Response(text=say("cancel", request.lang), data={"cancelled": True})


def _skill_names(services: Services) -> list[str]:
    # Skills without a phrase of their own are not listed (help_): a help answer stays short.
    return [info.name for info in services.skills.skills()]
