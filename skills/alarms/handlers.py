"""Handlers for the alarm, timer and reminder intents, on ``services.alarms`` (the server's durable
alarm service). ``HANDLERS`` maps intent -> handler; the alarms skill registers them."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from ting.errors import LimitError
from ting.skills.sdk import (
    Alarms,
    IntentRequest,
    Item,
    ItemKind,
    ItemState,
    PlayState,
    Response,
    Services,
)
from ting.skills.sdk.alarms import check_timer_seconds
from ting.skills.sdk.skill import Handler
from ting.skills.sdk.speech import join_list, say_duration, say_moment, say_recurring


def _service(services: Services) -> Alarms:
    return services.alarms


def _zh(request: IntentRequest) -> bool:
    return request.lang == "zh"


def _when(service: Alarms, item: Item, lang: str) -> str:
    now = service.now()
    due = datetime.fromtimestamp(item.due_unix, now.tzinfo)
    if item.recurrence:
        return say_recurring(due, item.recurrence, lang)
    return say_moment(due, now.date(), lang)


def _site(request: IntentRequest) -> str:
    """The asking device, unless a room was named (a site whose id is the area id)."""
    area = request.slots.get("area")
    return str(area) if area else request.site_id


def _say(request: IntentRequest, zh: str, en: str, **data: Any) -> Response:
    return Response(text=zh if _zh(request) else en, data=data)


async def set_alarm(request: IntentRequest, services: Services) -> Response:
    service = _service(services)
    if not request.slots.get("time"):
        return Response(text="定几点的闹钟？" if _zh(request) else "For what time?", expect=("alarm.set",))
    when = datetime.fromisoformat(str(request.slots["time"]))
    slots = request.slots
    item = await service.add_alarm(
        site_id=_site(request),
        when=when,
        recurrence=slots.get("recurrence"),
        label=slots.get("label"),
        lang=request.lang,
    )
    spoken = _when(service, item, request.lang)
    return _say(
        request, f"好的，闹钟定在{spoken}。", f"OK, alarm set {spoken}.", id=item.id, due=item.due_unix
    )


async def list_alarms(request: IntentRequest, services: Services) -> Response:
    service = _service(services)
    alarms = await service.items(ItemKind.ALARM)
    if not alarms:
        return _say(request, "你没有定闹钟。", "You have no alarms.", alarms=[])
    spoken = [_when(service, item, request.lang) for item in alarms]
    listing = join_list(spoken, request.lang)
    return _say(request, f"你有{len(alarms)}个闹钟：{listing}。", f"You have {len(alarms)} alarm"
                f"{'s' if len(alarms) != 1 else ''}: {listing}.", alarms=[i.id for i in alarms])  # fmt: skip


async def cancel_alarm(request: IntentRequest, services: Services) -> Response:
    service = _service(services)
    alarms = await service.items(ItemKind.ALARM)
    if request.slots.get("all") in (True, "true"):
        chosen = alarms
    elif request.slots.get("time"):
        when = datetime.fromisoformat(str(request.slots["time"]))
        chosen = [i for i in alarms if _same_clock_time(service, i, when)]
    else:
        chosen = alarms if len(alarms) == 1 else []
        if len(alarms) > 1:
            return Response(
                text="取消哪个闹钟？" if _zh(request) else "Which alarm?", expect=("alarm.cancel",)
            )
    for item in chosen:
        await service.cancel(item.id)
    if not chosen:
        return Response(text="没有找到这个闹钟。" if _zh(request) else "I found no such alarm.", ok=False)
    return _say(request, f"已取消{len(chosen)}个闹钟。", f"Cancelled {len(chosen)} alarm"
                f"{'s' if len(chosen) != 1 else ''}.", cancelled=[i.id for i in chosen])  # fmt: skip


async def change_alarm(request: IntentRequest, services: Services) -> Response:
    service = _service(services)
    alarms = await service.items(ItemKind.ALARM)
    if not request.slots.get("time") or not alarms:
        return Response(text="改到几点？" if _zh(request) else "To what time?", expect=("alarm.change",))
    item = await service.change(alarms[0], datetime.fromisoformat(str(request.slots["time"])))
    spoken = _when(service, item, request.lang)
    return _say(request, f"好的，闹钟改到{spoken}。", f"OK, the alarm is now {spoken}.", id=item.id)


async def stop(request: IntentRequest, services: Services) -> Response:
    item = await _service(services).stop(request.site_id)
    if item is None and await _stop_music(request, services):
        return _say(request, "好的，音乐停了。", "OK, the music is stopped.", stopped=None, music="stopped")
    return _say(request, "好的。", "OK.", stopped=item.id if item else None)


async def _stop_music(request: IntentRequest, services: Services) -> bool:
    """ "Stop" / "停" alone is read as ``alarm.stop`` (``music.stop`` is only its alternative), so with
    nothing ringing it stops the music of the room that asked; True when there was music to stop."""
    site = request.site_id
    playing = services.media.now_playing(site) if site else None
    if site is None or playing is None or playing.state is PlayState.STOPPED:
        return False
    await services.media.control(site, "stop")
    return True


async def snooze(request: IntentRequest, services: Services) -> Response:
    service = _service(services)
    seconds = float(request.slots.get("duration") or service.snooze_seconds)
    item = await service.snooze(request.site_id, seconds)
    if item is None:
        return Response(text="现在没有闹钟在响。" if _zh(request) else "Nothing is ringing.", ok=False)
    spoken = say_duration(seconds, request.lang)
    return _say(request, f"好的，{spoken}后再叫你。", f"OK, snoozing for {spoken}.", id=item.id)


async def set_timer(request: IntentRequest, services: Services) -> Response:
    service = _service(services)
    if not request.slots.get("duration"):
        return Response(text="定多长时间？" if _zh(request) else "For how long?", expect=("timer.set",))
    seconds = float(request.slots["duration"])
    label = request.slots.get("label")
    item = await service.add_timer(site_id=_site(request), seconds=seconds, label=label, lang=request.lang)
    spoken = say_duration(seconds, request.lang)
    name = f"{label} " if label else ""
    return _say(request, f"好的，{name}计时{spoken}。", f"OK, {name}timer set for {spoken}.", id=item.id)


async def timer_status(request: IntentRequest, services: Services) -> Response:
    service = _service(services)
    timers = await _timers(request, service)
    if not timers:
        return _say(request, "没有计时器在走。", "There is no timer running.", timers=[])
    parts = []
    for item in timers:
        left = say_duration(service.remaining_seconds(item), request.lang)
        name = item.label or ""
        parts.append(
            f"{name}计时器还剩{left}" if _zh(request) else f"{name + ' timer: ' if name else ''}{left} left"
        )
    joined = "；".join(parts) if _zh(request) else "; ".join(parts)
    return _say(request, joined + "。", joined + ".", timers=[i.id for i in timers])


async def cancel_timer(request: IntentRequest, services: Services) -> Response:
    service = _service(services)
    timers = await _timers(request, service)
    for item in timers:
        await service.cancel(item.id)
    if not timers:
        return Response(text="没有计时器。" if _zh(request) else "There is no timer.", ok=False)
    return _say(request, "计时器已取消。", "Timer cancelled.", cancelled=[i.id for i in timers])


async def pause_timer(request: IntentRequest, services: Services) -> Response:
    service = _service(services)
    timers = [i for i in await _timers(request, service) if i.state is ItemState.PENDING]
    for item in timers:
        await service.pause(item)
    return _say(request, "计时器已暂停。", "Timer paused.", paused=[i.id for i in timers])


async def resume_timer(request: IntentRequest, services: Services) -> Response:
    service = _service(services)
    timers = [i for i in await _timers(request, service) if i.state is ItemState.PAUSED]
    for item in timers:
        await service.resume(item)
    return _say(request, "计时器继续。", "Timer resumed.", resumed=[i.id for i in timers])


async def add_timer_time(request: IntentRequest, services: Services) -> Response:
    """``timer.add_time`` (skill-owned): ``duration`` seconds more on the running timer (or the one named)."""
    return await _adjust_timer(request, services, +1)


async def remove_timer_time(request: IntentRequest, services: Services) -> Response:
    """``timer.remove_time`` (skill-owned): ``duration`` seconds off; never past zero (that is a cancel)."""
    return await _adjust_timer(request, services, -1)


async def _adjust_timer(request: IntentRequest, services: Services, sign: int) -> Response:
    service = _service(services)
    if not request.slots.get("duration"):
        return Response(text="加减多长时间？" if _zh(request) else "By how much?", expect=(request.intent,))
    timers = await _timers(request, service)
    if not timers:
        return Response(text="没有计时器。" if _zh(request) else "There is no timer.", ok=False)
    if len(timers) > 1:
        names = join_list([t.label or ("计时器" if _zh(request) else "timer") for t in timers], request.lang)
        return Response(
            text=f"有{len(timers)}个计时器：{names}。改哪一个？" if _zh(request) else f"Which one: {names}?",
            ok=False,
            expect=(request.intent,),
        )
    item, delta = timers[0], sign * float(request.slots["duration"])
    left = service.remaining_seconds(item) + delta
    if left <= 0:
        spoken = say_duration(service.remaining_seconds(item), request.lang)
        text = f"计时器只剩{spoken}了。" if _zh(request) else f"The timer only has {spoken} left."
        return Response(text=text, ok=False, data={"id": item.id})
    check_timer_seconds(left)
    changed = await service.change(item, service.now() + timedelta(seconds=left))
    if item.state is ItemState.PAUSED:
        changed = await service.pause(changed)  # it stays paused, with the new time left
    spoken = say_duration(left, request.lang)
    return _say(request, f"好的，计时器还剩{spoken}。", f"OK, {spoken} left on the timer.", id=changed.id)


async def set_reminder(request: IntentRequest, services: Services) -> Response:
    service = _service(services)
    message = request.slots.get("message")
    if not request.slots.get("time") or not message:
        return Response(
            text="什么时候提醒你？" if _zh(request) else "When should I remind you?", expect=("reminder.set",)
        )
    when = datetime.fromisoformat(str(request.slots["time"]))
    item = await service.add_reminder(
        site_id=_site(request), when=when, message=str(message), lang=request.lang
    )
    spoken = _when(service, item, request.lang)
    return _say(
        request, f"好的，{spoken}提醒你{message}。", f"OK, I'll remind you {spoken}: {message}.", id=item.id
    )


async def _timers(request: IntentRequest, service: Alarms) -> list[Item]:
    timers = await service.items(ItemKind.TIMER)
    label = request.slots.get("label")
    return [i for i in timers if i.label == label] if label else timers


def _same_clock_time(service: Alarms, item: Item, when: datetime) -> bool:
    due = datetime.fromtimestamp(item.due_unix, service.now().tzinfo)
    return (due.hour, due.minute) == (when.hour, when.minute)


_LIMITS = {
    "timer_too_long": ("计时器最长可以定七天。", "Timers can be set for up to 7 days."),
    "snooze_too_long": ("最多可以推迟十二个小时。", "Snooze can be up to 12 hours."),
    "time_passed": ("那个时间已经过去了。", "That time has already passed."),
    "too_far_ahead": ("闹钟和提醒最多可以定在一年以内。", "Alarms and reminders go up to a year ahead."),
}  # fmt: skip
"""What is said when ``services.alarms`` refuses a value (``LimitError.limit``)."""


def _within_limits(handler: Handler) -> Handler:
    """``handler``, answering a refused value (a timer of a million hours) with the limit, spoken."""

    async def limited(request: IntentRequest, services: Services) -> Response:
        try:
            return await handler(request, services)
        except LimitError as error:
            zh, en = _LIMITS.get(error.limit, ("这个时间不行。", "I can't set that."))
            return Response(text=zh if _zh(request) else en, ok=False, data={"error": error.limit})

    return limited


HANDLERS: dict[str, Handler] = {
    intent: _within_limits(handler)
    for intent, handler in {
        "alarm.set": set_alarm,
        "alarm.list": list_alarms,
        "alarm.cancel": cancel_alarm,
        "alarm.change": change_alarm,
        "alarm.stop": stop,
        "alarm.snooze": snooze,
        "timer.set": set_timer,
        "timer.status": timer_status,
        "timer.cancel": cancel_timer,
        "timer.pause": pause_timer,
        "timer.resume": resume_timer,
        "timer.add_time": add_timer_time,
        "timer.remove_time": remove_timer_time,
        "reminder.set": set_reminder,
    }.items()
}
