"""The home skill: switch, dim and set the temperature of devices, read their state, run scenes.

Which devices a request means is decided by ``ting.skills.home.targets`` (its docstring has the
rules). The devices are driven through ``services.home``, the ``HomeBackend`` the server chose (the
simulated household until Home Assistant or MQTT is configured).

Answers are in the request's language; a request that cannot be carried out gets
``Response(ok=False)`` with a sentence saying why, never an exception. ``Response.data`` holds
the new state of every device touched: ``{"devices": {id: {"on": ..., ...}}}``.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from ting.errors import DeviceUnavailableError, HomeError
from ting.nlu.registry import Device, Household
from ting.skills.home import describe
from ting.skills.home.phrases import say
from ting.skills.home.targets import Resolution, resolve
from ting.skills.sdk import DeviceState, HomeBackend, IntentRequest, Response, Services, Skill
from ting.skills.sdk.home import temperature_range_c

_LOGGER = logging.getLogger(__name__)

skill = Skill(
    "home",
    sentences=Path(__file__).parent / "sentences",
    description="controls lights, air conditioners, curtains and scenes",
)


@skill.on_start
async def start(services: Services) -> None:
    _LOGGER.info(
        "Home skill using %s for %d devices", type(services.home).__name__, len(services.household.devices)
    )


@skill.handle("home.turn_on", "home.turn_off")
async def switch(request: IntentRequest, services: Services) -> Response:
    on = request.intent == "home.turn_on"
    return await _act(
        request, services, lambda home, device: home.turn_on(device.id) if on else home.turn_off(device.id)
    )


@skill.handle("home.set_brightness")
async def set_brightness(request: IntentRequest, services: Services) -> Response:
    percent = _number(request.slots.get("brightness"))
    if percent is None:
        return _refuse("which_brightness", request.lang)
    if not 0 <= percent <= 100:
        return _refuse("brightness_range", request.lang)
    return await _act(request, services, lambda home, device: home.set_brightness(device.id, round(percent)))


@skill.handle("home.set_temperature")
async def set_temperature(request: IntentRequest, services: Services) -> Response:
    celsius = _number(request.slots.get("temperature"))
    if celsius is None:
        return _refuse("which_temperature", request.lang)
    resolution = resolve(request.intent, request.slots, request.area, services.household)
    for device in resolution.devices:
        low, high = temperature_range_c(device)
        if not low <= celsius <= high:
            return _refuse(
                "temperature_range",
                request.lang,
                device=describe.device_name(device, request.lang),
                low=describe.number(low, request.lang),
                high=describe.number(high, request.lang),
            )
    return await _act(request, services, lambda home, device: home.set_temperature(device.id, celsius))


@skill.handle("home.get_state")
async def get_state(request: IntentRequest, services: Services) -> Response:
    resolution = resolve(request.intent, request.slots, request.area, services.household)
    if resolution.problem is not None:
        return _problem(resolution, request.lang, services.household)
    devices = resolution.devices
    if "device" not in request.slots and "domain" not in request.slots:  # "how is the kitchen": no sensors
        devices = tuple(device for device in devices if device.domain not in SENSOR_DOMAINS) or devices
    home = services.home
    states: dict[str, DeviceState] = {}
    for device in devices:
        try:
            states[device.id] = await home.get_state(device.id)
        except HomeError as error:
            _LOGGER.warning("state of %s unknown: %s", device.id, error)
            return _failed(device, error, request.lang, states)
    separator = "" if request.lang == "zh" else " "
    text = separator.join(
        describe.state_sentence(device, states[device.id], request.lang, services.household)
        for device in devices
    )
    return Response(text=text, data=_data(states))


@skill.handle("home.activate_scene")
async def activate_scene(request: IntentRequest, services: Services) -> Response:
    scene = services.household.scene(str(request.slots.get("scene", "")))
    if scene is None:
        return _refuse("unknown_scene", request.lang)
    home = services.home
    changed: dict[str, DeviceState] = {}
    for action in scene.actions:
        for device in services.household.scene_targets(action):
            try:
                if action.state is not None and device.capabilities & SWITCHABLE:
                    changed[device.id] = await (home.turn_on if action.state == "on" else home.turn_off)(
                        device.id
                    )
                if action.brightness is not None and "brightness" in device.capabilities:
                    changed[device.id] = await home.set_brightness(device.id, action.brightness)
                if action.temperature_c is not None and "temperature" in device.capabilities:
                    changed[device.id] = await home.set_temperature(device.id, action.temperature_c)
            except HomeError as error:  # one device failing does not stop the scene
                _LOGGER.warning("scene %s: %s: %s", scene.id, device.id, error)
    name = describe.name_in(scene.names, request.lang, scene.id)
    return Response(
        text=say("scene_on", request.lang, scene=name), data={"scene": scene.id, **_data(changed)}
    )


Command = Callable[[HomeBackend, Device], Awaitable[DeviceState]]
SENSOR_DOMAINS = frozenset({"sensor", "binary_sensor"})
SWITCHABLE = frozenset({"on_off", "open_close", "position"})
"""Devices a scene's ``state`` applies to ("everything off" leaves locks and sensors alone)."""


async def _act(request: IntentRequest, services: Services, command: Command) -> Response:
    """Resolve the targets, run ``command`` on each, and say what was done."""
    resolution = resolve(request.intent, request.slots, request.area, services.household)
    if resolution.problem is not None:
        return _problem(resolution, request.lang, services.household)
    home = services.home
    changed: dict[str, DeviceState] = {}
    for device in resolution.devices:
        try:
            changed[device.id] = await command(home, device)
        except HomeError as error:
            _LOGGER.warning("%s on %s failed: %s", request.intent, device.id, error)
            return _failed(device, error, request.lang, changed)
    return Response(text=_done(request, resolution.devices, changed), data=_data(changed))


def _done(request: IntentRequest, devices: tuple[Device, ...], changed: dict[str, DeviceState]) -> str:
    lang = request.lang
    if request.intent == "home.set_brightness":
        percent = changed[devices[0].id].brightness_percent or 0
        return say("brightness_set", lang, devices=describe.devices_name(devices, lang),
                   percent=describe.number(percent, lang))  # fmt: skip
    if request.intent == "home.set_temperature":
        degrees = changed[devices[0].id].temperature_c or 0.0
        return say("temperature_set", lang, devices=describe.devices_name(devices, lang),
                   degrees=describe.number(degrees, lang))  # fmt: skip
    on = request.intent == "home.turn_on"
    covers = [device for device in devices if "open_close" in device.capabilities]
    others = [device for device in devices if device not in covers]
    sentences = []
    if others:
        sentences.append(
            say("turned_on" if on else "turned_off", lang, devices=describe.devices_name(others, lang))
        )
    if covers:
        sentences.append(say("opened" if on else "closed", lang, devices=describe.devices_name(covers, lang)))
    return ("" if lang == "zh" else " ").join(sentences)


def _failed(device: Device, error: HomeError, lang: str, changed: dict[str, DeviceState]) -> Response:
    """An unreachable device is said to be so; any other failure, that it did not respond."""
    key = "unavailable" if isinstance(error, DeviceUnavailableError) else "failed"
    text = say(key, lang, device=describe.device_name(device, lang))
    return Response(text=text, data={**_data(changed), "error": key}, ok=False)


def _problem(resolution: Resolution, lang: str, household: Household) -> Response:
    values: dict[str, str] = {}
    device = resolution.values.get("device")
    if isinstance(device, Device):
        values["device"] = describe.device_name(device, lang)
    area = resolution.values.get("area")
    if isinstance(area, str):
        values["area"] = describe.area_name(household, area, lang)
    return _refuse(resolution.problem or "which_device", lang, **values)


def _refuse(key: str, lang: str, **values: str) -> Response:
    return Response(text=say(key, lang, **values), ok=False, data={"error": key})


def _data(states: dict[str, DeviceState]) -> dict[str, Any]:
    return {"devices": {device_id: state.to_json() for device_id, state in states.items()}}


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
