"""The alarms skill: alarms, timers and reminders (understanding only, for now).

The sentences are complete; the scheduler that rings alarms comes with the alarms issue. Until then
each handler says, in the request's language, what it understood (the resolved time said without
ambiguity: "tomorrow at 7:00 AM" / 明天早上七点) and that alarms are not set up yet
(``Response(ok=False)``). ``Response.data`` carries the normalized slots for HTTP and chat clients.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from pathlib import Path
from typing import Any

from skills.alarms import phrases
from skills.sdk import IntentRequest, Response, Services, Skill
from ting.nlu.times import TIME_FORMAT

_LOGGER = logging.getLogger(__name__)

skill = Skill(
    "alarms",
    sentences=Path(__file__).parent / "sentences",
    description="alarms, timers and reminders (understood; the scheduler is not set up yet)",
)


def _lang(request: IntentRequest) -> str:
    return "en" if request.lang == "en" else "zh"


def _moment(value: Any) -> datetime | None:
    try:
        return datetime.strptime(str(value), TIME_FORMAT)
    except ValueError:
        return None


def _today(services: Services) -> date:
    return services.clock.now().date()


def _not_yet(text: str, request: IntentRequest) -> Response:
    return Response(text=text, data={"intent": request.intent, "slots": dict(request.slots)}, ok=False)


@skill.handle("alarm.set")
async def set_alarm(request: IntentRequest, services: Services) -> Response:
    lang = _lang(request)
    moment = _moment(request.slots.get("time"))
    when = phrases.when(moment, _today(services), lang) if moment else request.raw_slots.get("time", "")
    recurrence = request.slots.get("recurrence")
    if recurrence:
        repeat = phrases.repeat(str(recurrence), lang)
        return _not_yet(phrases.say("alarm.set.repeat", lang, when=when, repeat=repeat), request)
    return _not_yet(phrases.say("alarm.set", lang, when=when), request)


@skill.handle("alarm.cancel")
async def cancel_alarm(request: IntentRequest, services: Services) -> Response:
    lang = _lang(request)
    moment = _moment(request.slots.get("time"))
    if moment is not None:
        when = phrases.when(moment, _today(services), lang)
        return _not_yet(phrases.say("alarm.cancel", lang, when=when), request)
    every = request.slots.get("all") is True
    which = ("所有闹钟" if every else "闹钟") if lang == "zh" else ("all alarms" if every else "the alarm")
    return _not_yet(phrases.say("alarm.cancel.any", lang, which=which), request)


@skill.handle("alarm.snooze")
async def snooze(request: IntentRequest, services: Services) -> Response:
    lang = _lang(request)
    seconds = request.slots.get("duration")
    for_ = ""
    if isinstance(seconds, int):
        spoken = phrases.duration(seconds, lang)
        for_ = f"{spoken}后" if lang == "zh" else f" for {spoken}"
    elif lang == "zh":
        for_ = "过一会儿"
    return _not_yet(phrases.say("alarm.snooze", lang, for_=for_), request)


@skill.handle("timer.set")
async def set_timer(request: IntentRequest, services: Services) -> Response:
    lang = _lang(request)
    seconds = request.slots.get("duration")
    spoken = phrases.duration(seconds, lang) if isinstance(seconds, int) else ""
    label = request.slots.get("label")
    said_label = (f"{label}的" if lang == "zh" else f" ({label})") if label else ""
    return _not_yet(phrases.say("timer.set", lang, duration=spoken, label=said_label), request)


@skill.handle("reminder.set")
async def set_reminder(request: IntentRequest, services: Services) -> Response:
    lang = _lang(request)
    moment = _moment(request.slots.get("time"))
    when = phrases.when(moment, _today(services), lang) if moment else request.raw_slots.get("time", "")
    message = str(request.slots.get("message", ""))
    return _not_yet(phrases.say("reminder.set", lang, when=when, message=message), request)


@skill.handle("alarm.list", "alarm.stop", "timer.cancel", "timer.status")
async def not_set_up(request: IntentRequest, services: Services) -> Response:
    return _not_yet(phrases.say(request.intent, _lang(request)), request)
