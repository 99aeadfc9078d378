"""Handlers for the device kinds of real homes: positions, locks, colours, fan speeds, climate modes,
vacuums, sensor readings, "which lights are on", and the yes/no of a confirmation.

``register(skill)`` adds them to the home skill (``ting.skills.home``); the intents are documented in
docs/home-intents.md.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from functools import partial

from ting.errors import HomeError
from ting.nlu.registry import Device, Household
from ting.skills.home import describe
from ting.skills.home.actions import CONFIRMED, act, data, number, refuse, take_pending
from ting.skills.home.kind_phrases import HVAC_MODE_NAMES, MEASURE_NAMES, mode_name
from ting.skills.home.phrases import say
from ting.skills.home.targets import resolve
from ting.skills.sdk import DeviceState, IntentRequest, Response, Services, Skill
from ting.skills.sdk.colors import COLORS, WHITE_KELVIN
from ting.skills.sdk.home import fan_step_percent

_LOGGER = logging.getLogger(__name__)

DEFAULT_FAN_SPEEDS = 3
"""Fans without ``fan_speed_count`` take "speed 2" as 2 of 3 (low, medium, high)."""
OPEN_KINDS = frozenset({"cover", "binary_sensor", "window", "door", "garage", "lock"})
"""Kinds whose "on" is said as "open" in "which windows are open"."""


def register(skill: Skill) -> None:
    skill.handle("home.set_position")(set_position)
    skill.handle("home.set_tilt")(set_tilt)
    skill.handle("home.set_volume")(set_volume)
    skill.handle("home.lock", "home.unlock")(lock)
    skill.handle("home.set_color")(set_color)
    skill.handle("home.set_color_temp")(set_color_temp)
    skill.handle("home.set_fan_speed")(set_fan_speed)
    skill.handle("home.set_oscillation")(set_oscillation)
    skill.handle("home.set_hvac_mode")(set_hvac_mode)
    skill.handle("home.return_home")(return_home)
    skill.handle("home.get_reading")(get_reading)

    @skill.handle("home.confirm")
    async def confirm(request: IntentRequest, services: Services) -> Response:
        pending = await take_pending(request, services)
        if pending is None:
            return refuse("nothing_to_confirm", request.lang)
        if request.slots.get("answer") != "yes":
            return Response(text=say("cancelled", request.lang), data={"confirmed": False})
        handler = skill.handlers[str(pending["intent"])]
        confirmed = replace(request, intent=str(pending["intent"]), slots=dict(pending["slots"]))
        token = CONFIRMED.set(True)
        try:
            return await handler(confirmed, services)
        finally:
            CONFIRMED.reset(token)


def _said(lang: str, key: str, **values: str) -> partial[str]:
    """A ``Done`` saying ``key`` about the devices."""

    def done(devices: tuple[Device, ...], changed: dict[str, DeviceState]) -> str:
        return say(key, lang, devices=describe.devices_name(devices, lang), **values)

    return partial(done)


async def set_position(request: IntentRequest, services: Services) -> Response:
    percent = number(request.slots.get("position"))
    if percent is None or not 0 <= percent <= 100:
        return refuse("which_position", request.lang)
    value = round(percent)
    shown = describe.number(value, request.lang)
    return await act(
        request,
        services,
        lambda home, device: home.set_position(device.id, value),
        _said(request.lang, "position_set", percent=shown),
    )


async def set_tilt(request: IntentRequest, services: Services) -> Response:
    percent = number(request.slots.get("tilt"))
    if percent is None or not 0 <= percent <= 100:
        return refuse("which_position", request.lang)
    value = round(percent)
    return await act(
        request,
        services,
        lambda home, device: home.set_tilt(device.id, value),
        _said(request.lang, "tilt_set", percent=describe.number(value, request.lang)),
    )


async def set_volume(request: IntentRequest, services: Services) -> Response:
    percent = number(request.slots.get("volume"))
    if percent is None or not 0 <= percent <= 100:
        return refuse("which_volume", request.lang)
    value = round(percent)
    return await act(
        request,
        services,
        lambda home, device: home.set_volume(device.id, value),
        _said(request.lang, "volume_set", percent=describe.number(value, request.lang)),
    )


async def lock(request: IntentRequest, services: Services) -> Response:
    locking = request.intent == "home.lock"
    return await act(
        request,
        services,
        lambda home, device: (home.lock if locking else home.unlock)(device.id),
        _said(request.lang, "locked" if locking else "unlocked"),
    )


async def set_color(request: IntentRequest, services: Services) -> Response:
    color = COLORS.get(str(request.slots.get("color", "")))
    if color is None:
        return refuse("which_color", request.lang)
    name = color.zh if request.lang == "zh" else color.en
    return await act(
        request,
        services,
        lambda home, device: home.set_color(device.id, color.rgb),
        _said(request.lang, "color_set", color=name),
    )


async def set_color_temp(request: IntentRequest, services: Services) -> Response:
    white = request.slots.get("white")
    kelvin = WHITE_KELVIN.get(str(white)) if white is not None else number(request.slots.get("kelvin"))
    if kelvin is None:
        return refuse("which_color", request.lang)

    def clamped(device: Device) -> int:
        low, high = device.color_temp_range_kelvin()
        return round(min(max(kelvin, low), high)) if white is not None else round(kelvin)

    def done(devices: tuple[Device, ...], changed: dict[str, DeviceState]) -> str:
        shown = changed[devices[0].id].color_temp_kelvin or round(kelvin)
        names = describe.devices_name(devices, request.lang)
        return say("color_temp_set", request.lang, devices=names, kelvin=str(shown))

    return await act(
        request, services, lambda home, device: home.set_color_temperature(device.id, clamped(device)), done
    )


async def set_fan_speed(request: IntentRequest, services: Services) -> Response:
    said = request.slots.get("speed")
    step = number(said)
    if said is None or (step is None and said != "max"):
        return refuse("which_speed", request.lang)
    resolution = resolve(request.intent, request.slots, request.area, services.household)
    for device in resolution.devices:
        count = device.fan_speed_count or DEFAULT_FAN_SPEEDS
        if step is not None and not 1 <= step <= count:
            name = describe.device_name(device, request.lang)
            return refuse(
                "speed_range", request.lang, device=name, count=describe.number(count, request.lang)
            )

    def percent(device: Device) -> int:
        count = device.fan_speed_count or DEFAULT_FAN_SPEEDS
        chosen = count if step is None else round(step)
        return fan_step_percent(replace(device, fan_speed_count=count), chosen)

    shown = (
        describe.number(step, request.lang)
        if step is not None
        else ("最大" if request.lang == "zh" else "max")
    )
    return await act(
        request,
        services,
        lambda home, device: home.set_fan_speed(device.id, percent(device)),
        _said(request.lang, "fan_step_set", step=shown),
    )


async def set_oscillation(request: IntentRequest, services: Services) -> Response:
    oscillate = request.slots.get("oscillate") in (True, "true", "True")
    return await act(
        request,
        services,
        lambda home, device: home.set_oscillation(device.id, oscillate),
        _said(request.lang, "oscillating" if oscillate else "not_oscillating"),
    )


async def set_hvac_mode(request: IntentRequest, services: Services) -> Response:
    mode = str(request.slots.get("hvac_mode", ""))
    if not mode:
        return refuse("which_mode", request.lang)
    name = mode_name(HVAC_MODE_NAMES, mode, request.lang)
    resolution = resolve(request.intent, request.slots, request.area, services.household)
    for device in resolution.devices:
        if mode not in device.hvac_modes:
            return refuse(
                "no_such_mode", request.lang, device=describe.device_name(device, request.lang), mode=name
            )
    return await act(
        request,
        services,
        lambda home, device: home.set_hvac_mode(device.id, mode),
        _said(request.lang, "hvac_mode_set", mode=name),
    )


async def return_home(request: IntentRequest, services: Services) -> Response:
    return await act(
        request, services, lambda home, device: home.return_home(device.id), _said(request.lang, "returning")
    )


async def get_reading(request: IntentRequest, services: Services) -> Response:
    """ "客厅温度多少度": the area's sensors of that measure, else (temperature) its climate devices'
    reading; with no area said, the site's area, else the whole home."""
    measure = str(request.slots.get("measure", ""))
    household = services.household
    device_id = request.slots.get("device")
    if device_id is not None:
        sensors = _sensors_of(household, household.device(str(device_id)), measure)
    else:
        sensors = _sensors(household, measure, request)
    if not sensors:
        place = _place(household, request)
        what = MEASURE_NAMES.get(measure, {}).get(request.lang, measure)
        return refuse("no_sensor", request.lang, measure=what, place=place)
    states = await _states(services, sensors)
    sentences = []
    for device in sensors:
        state = states[device.id]
        if device.domain == "climate":  # its measured temperature, said like a thermometer's
            place = describe.area_place(household, device.area, request.lang)
            degrees = describe.number(state.current_temperature_c or 0.0, request.lang)
            sentences.append(say("state_room_temperature", request.lang, degrees=degrees, place=place))
        else:
            sentences.append(describe.state_sentence(device, state, request.lang, household))
    return Response(text=("" if request.lang == "zh" else " ").join(sentences), data=data(states))


async def _states(services: Services, devices: tuple[Device, ...]) -> dict[str, DeviceState]:
    """Their states; one its backend cannot tell is unavailable (said so), not a failed question."""
    states: dict[str, DeviceState] = {}
    for device in devices:
        try:
            states[device.id] = await services.home.get_state(device.id)
        except HomeError as error:
            states[device.id] = DeviceState(available=False)
            _LOGGER.warning("state of %s unknown: %s", device.id, error)
    return states


def _sensors_of(household: Household, device: Device | None, measure: str) -> tuple[Device, ...]:
    """ "门锁还有多少电": the lock's battery is a sensor of its own, found by id
    (``front_door_lock_battery``), else the area's sensor of that measure; the device itself when it
    measures it (or nothing fits)."""
    if device is None:
        return ()
    if not measure or device.device_class == measure:
        return (device,)
    nearby = [d for d in household.devices_matching(area=device.area) if d.device_class == measure]
    own = [d for d in nearby if d.id.startswith(device.id)]
    return tuple(own or nearby[:1]) or (device,)


def _sensors(household: Household, measure: str, request: IntentRequest) -> tuple[Device, ...]:
    area = request.slots.get("area") or (None if request.slots.get("floor") else request.area)
    floor = request.slots.get("floor")
    found = tuple(
        device
        for device in household.devices_matching(area=area, floor=floor)
        if device.domain == "sensor" and device.device_class == measure
    )
    if found or measure != "temperature":
        return found
    return tuple(
        device
        for device in household.devices_matching(area=area, floor=floor)
        if "current_temperature" in device.capabilities
    )


def _place(household: Household, request: IntentRequest) -> str:
    area = request.slots.get("area") or request.area
    if area:
        return describe.area_place(household, str(area), request.lang)
    return "家里" if request.lang == "zh" else "the house"


def _count(value: int, lang: str) -> str:
    """A count before a measure word: 两个, not 二个."""
    return "两" if lang == "zh" and value == 2 else describe.number(value, lang)


def group_devices(request: IntentRequest, household: Household) -> tuple[Device, ...] | None:
    """The devices of a question about a group ("which lights are on", 哪些灯没关, "is anything on in the
    kitchen", 家里开着几台空调), or None when it asks about one device or a room's every device ("is the
    desk lamp on", "how is the living room": each one's state is the answer). No place said is the whole
    home (the recognizer adds no site area to those questions); sensors are left out."""
    slots = request.slots
    if slots.get("device"):
        return None
    area, floor, domain = slots.get("area"), slots.get("floor"), slots.get("domain")
    if (area or floor) and not domain:
        return None
    devices = household.devices_matching(
        area=str(area) if area else None,
        domain=str(domain) if domain else None,
        floor=str(floor) if floor else None,
    )
    devices = tuple(device for device in devices if device.domain != "sensor")
    return devices if len(devices) > 1 else None


async def group_state(request: IntentRequest, services: Services, devices: tuple[Device, ...]) -> Response:
    """How many of ``devices`` are on and which: "2 of 5 are on: the kitchen light and the desk lamp." """
    states = await _states(services, devices)
    on = tuple(device for device in devices if states[device.id].on and states[device.id].available)
    domain = request.slots.get("domain")
    opened = bool(domain) and str(domain) in OPEN_KINDS
    lang = request.lang
    if not on:
        text = say("none_open" if opened else "none_on", lang)
    else:
        text = say(
            "which_open" if opened else "which_on",
            lang,
            count=_count(len(on), lang),
            total=_count(len(devices), lang),
            devices=describe.devices_name(on, lang),
        )
    return Response(text=text, data={"on": [device.id for device in on], **data(states)})
