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
from functools import partial
from pathlib import Path

from ting.errors import HomeError
from ting.nlu.registry import Device
from ting.skills.home import describe, kinds
from ting.skills.home.actions import HomeSettings, act, data, failed, number, problem, refuse
from ting.skills.home.phrases import say
from ting.skills.home.targets import resolve
from ting.skills.sdk import DeviceState, HomeBackend, IntentRequest, Response, Services, Skill
from ting.skills.sdk.home import temperature_range_c

_LOGGER = logging.getLogger(__name__)

skill = Skill(
    "home",
    sentences=Path(__file__).parent / "sentences",
    description="controls lights, air conditioners, curtains, locks, fans, sensors, vacuums and scenes",
    settings=HomeSettings,
)
kinds.register(skill)


@skill.on_start
async def start(services: Services) -> None:
    _LOGGER.info(
        "Home skill using %s for %d devices", type(services.home).__name__, len(services.household.devices)
    )


@skill.handle("home.turn_on", "home.turn_off")
async def switch(request: IntentRequest, services: Services) -> Response:
    on = request.intent == "home.turn_on"

    async def command(home: HomeBackend, device: Device) -> DeviceState:
        if "lock" in device.capabilities:  # "打开大门": a lock opens by unlocking
            return await (home.unlock if on else home.lock)(device.id)
        if "start_stop" in device.capabilities:  # "start the vacuum"
            return await (home.start if on else home.stop)(device.id)
        return await (home.turn_on if on else home.turn_off)(device.id)

    return await act(request, services, command, partial(_done, request))


@skill.handle("home.set_brightness")
async def set_brightness(request: IntentRequest, services: Services) -> Response:
    percent = number(request.slots.get("brightness"))
    if percent is None:
        return refuse("which_brightness", request.lang)
    if not 0 <= percent <= 100:
        return refuse("brightness_range", request.lang)
    resolution = resolve(request.intent, request.slots, request.area, services.household)
    moved = resolution.values.get("device")
    if resolution.problem == "cannot_dim" and isinstance(moved, Device) and "position" in moved.capabilities:
        # "把窗帘开到百分之三十" reads as a brightness too: a cover takes it as its position
        slots = {**request.slots, "position": percent}
        return await kinds.set_position(
            IntentRequest(**{**vars(request), "intent": "home.set_position", "slots": slots}), services
        )
    return await act(
        request,
        services,
        lambda home, device: home.set_brightness(device.id, round(percent)),
        partial(_done, request),
    )


@skill.handle("home.set_temperature")
async def set_temperature(request: IntentRequest, services: Services) -> Response:
    celsius = number(request.slots.get("temperature"))
    if celsius is None:
        return refuse("which_temperature", request.lang)
    resolution = resolve(request.intent, request.slots, request.area, services.household)
    for device in resolution.devices:
        low, high = temperature_range_c(device)
        if not low <= celsius <= high:
            return refuse(
                "temperature_range",
                request.lang,
                device=describe.device_name(device, request.lang),
                low=describe.number(low, request.lang),
                high=describe.number(high, request.lang),
            )
    return await act(
        request,
        services,
        lambda home, device: home.set_temperature(device.id, celsius),
        partial(_done, request),
    )


@skill.handle("home.get_state")
async def get_state(request: IntentRequest, services: Services) -> Response:
    group = kinds.group_devices(request, services.household)
    if group is not None:  # "which lights are on", 家里开着几台空调: how many and which
        return await kinds.group_state(request, services, group)
    resolution = resolve(request.intent, request.slots, request.area, services.household)
    if resolution.problem is not None:
        return problem(resolution, request.lang, services.household)
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
            return failed(device, error, request.lang, states)
    separator = "" if request.lang == "zh" else " "
    text = separator.join(
        describe.state_sentence(device, states[device.id], request.lang, services.household)
        for device in devices
    )
    return Response(text=text, data=data(states))


@skill.handle("home.activate_scene")
async def activate_scene(request: IntentRequest, services: Services) -> Response:
    scene = services.household.scene(str(request.slots.get("scene", "")))
    if scene is None:
        return refuse("unknown_scene", request.lang)
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
    return Response(text=say("scene_on", request.lang, scene=name), data={"scene": scene.id, **data(changed)})


SENSOR_DOMAINS = frozenset({"sensor", "binary_sensor"})
SWITCHABLE = frozenset({"on_off", "open_close", "position"})
"""Devices a scene's ``state`` applies to ("everything off" leaves locks and sensors alone)."""


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
    groups: dict[str, list[Device]] = {}
    for device in devices:
        if "lock" in device.capabilities:
            key = "unlocked" if on else "locked"
        elif "start_stop" in device.capabilities:
            key = "started" if on else "stopped"
        elif "open_close" in device.capabilities:
            key = "opened" if on else "closed"
        else:
            key = "turned_on" if on else "turned_off"
        groups.setdefault(key, []).append(device)
    sentences = [say(key, lang, devices=describe.devices_name(group, lang)) for key, group in groups.items()]
    return ("" if lang == "zh" else " ").join(sentences)
