"""Carrying out a home command: resolve the devices, ask first for risky ones, log, run, say what was done.

Safety (docs/home.md): a device with ``confirm`` (locks, garage doors, alarm panels) is not touched until
the speaker says yes (``home.confirm``) within ``confirm_within_seconds``; the pending command is kept in the
skill's store per site. From chat (``request.channel == "chat"``) such devices are refused outright unless
``[skills.home] chat_may_operate_confirmed = true``. Every command sent to a device is logged at INFO with the
site, channel and who asked.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from ting.errors import DeviceUnavailableError, HomeError
from ting.nlu.registry import Device, Household
from ting.skills.home import describe
from ting.skills.home.phrases import say
from ting.skills.home.targets import Resolution, resolve
from ting.skills.sdk import DeviceState, HomeBackend, IntentRequest, Response, Services

_LOGGER = logging.getLogger(__name__)

PENDING_PREFIX = "pending:"

Command = Callable[[HomeBackend, Device], Awaitable[DeviceState]]
Done = Callable[[tuple[Device, ...], dict[str, DeviceState]], str]

CONFIRMED: ContextVar[bool] = ContextVar("home_confirmed", default=False)
"""Set while ``home.confirm`` re-runs a confirmed command (handlers keep their two-argument signature)."""


@dataclass(frozen=True)
class HomeSettings:
    """``[skills.home]`` in ting.toml."""

    confirm_within_seconds: float = 30.0
    """How long a "确定要开门吗？" waits for its yes; later, the command is dropped."""
    chat_may_operate_confirmed: bool = False
    """Allow locks, garage doors and alarm panels from WeCom / Official Account chat (still asking first)."""


def settings_of(services: Services) -> HomeSettings:
    settings = services.settings
    return settings if isinstance(settings, HomeSettings) else HomeSettings()


async def act(request: IntentRequest, services: Services, command: Command, done: Done) -> Response:
    """Resolve the targets, ask first for confirmed devices, run ``command`` on each, and say ``done``."""
    resolution = resolve(request.intent, request.slots, request.area, services.household)
    if resolution.problem is not None:
        return problem(resolution, request.lang, services.household)
    devices = resolution.devices
    risky = tuple(device for device in devices if device.confirm)
    if risky and request.channel == "chat" and not settings_of(services).chat_may_operate_confirmed:
        _LOGGER.warning("home: %s on %s refused from chat (%s)", request.intent, _ids(risky), request.who)
        return refuse("not_from_chat", request.lang, devices=describe.devices_name(risky, request.lang))
    if risky and not CONFIRMED.get():
        return await ask_first(request, services, risky)
    home = services.home
    changed: dict[str, DeviceState] = {}
    for device in devices:
        _LOGGER.info(
            "home: %s %s on %s, asked at site %s (%s%s)",
            request.intent,
            _arguments(request),
            device.id,
            request.site_id,
            request.channel,
            f", {request.who}" if request.who else "",
        )
        try:
            changed[device.id] = await command(home, device)
        except HomeError as error:
            _LOGGER.warning("%s on %s failed: %s", request.intent, device.id, error)
            return failed(device, error, request.lang, changed)
    return Response(text=done(devices, changed), data=data(changed))


async def ask_first(request: IntentRequest, services: Services, risky: tuple[Device, ...]) -> Response:
    expires = services.clock.now().timestamp() + settings_of(services).confirm_within_seconds
    pending = {
        "intent": request.intent,
        "slots": request.slots,
        "lang": request.lang,
        "session_id": request.session_id,
        "expires_unix": expires,
    }
    await services.store.put(PENDING_PREFIX + request.site_id, pending)
    _LOGGER.info("home: %s on %s waits for a yes at site %s", request.intent, _ids(risky), request.site_id)
    key = {
        "home.unlock": "confirm_unlock",
        "home.lock": "confirm_lock",
        "home.turn_on": "confirm_open",
        "home.turn_off": "confirm_close",
    }.get(request.intent, "confirm_other")
    if key == "confirm_open" and all("lock" in device.capabilities for device in risky):
        key = "confirm_unlock"
    if key == "confirm_close" and all("lock" in device.capabilities for device in risky):
        key = "confirm_lock"
    text = say(key, request.lang, devices=describe.devices_name(risky, request.lang))
    return Response(
        text=text,
        expect=("home.confirm", "system.cancel"),
        data={"confirm": request.intent, "devices": {device.id: None for device in risky}},
    )


async def take_pending(request: IntentRequest, services: Services) -> dict[str, Any] | None:
    """The command waiting for a yes at this site (removed: a yes or a no answers it once), or None when
    there is none, it expired, or it was asked in another dialogue session."""
    key = PENDING_PREFIX + request.site_id
    pending = await services.store.get(key)
    if not isinstance(pending, dict):
        return None
    await services.store.delete(key)
    if float(pending.get("expires_unix", 0)) < services.clock.now().timestamp():
        return None
    asked_in = pending.get("session_id")
    if asked_in and request.session_id and asked_in != request.session_id:
        return None
    return pending


def failed(device: Device, error: HomeError, lang: str, changed: dict[str, DeviceState]) -> Response:
    """An unreachable device is said to be so; any other failure, that it did not respond."""
    key = "unavailable" if isinstance(error, DeviceUnavailableError) else "failed"
    text = say(key, lang, device=describe.device_name(device, lang))
    return Response(text=text, data={**data(changed), "error": key}, ok=False)


def problem(resolution: Resolution, lang: str, household: Household) -> Response:
    values: dict[str, str] = {}
    device = resolution.values.get("device")
    if isinstance(device, Device):
        values["device"] = describe.device_name(device, lang)
        values["be"] = describe.be(device, lang)
        values["home"] = describe.area_name(household, device.area, lang)
    area = resolution.values.get("area")
    if isinstance(area, str):
        values["area"] = describe.area_name(household, area, lang)
    return refuse(resolution.problem or "which_device", lang, **values)


def refuse(key: str, lang: str, **values: str) -> Response:
    return Response(text=say(key, lang, **values), ok=False, data={"error": key})


def data(states: dict[str, DeviceState]) -> dict[str, Any]:
    return {"devices": {device_id: state.to_json() for device_id, state in states.items()}}


def number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _ids(devices: tuple[Device, ...]) -> str:
    return ", ".join(device.id for device in devices)


def _arguments(request: IntentRequest) -> str:
    shown = {name: value for name, value in request.slots.items() if name not in ("device", "area", "domain")}
    return " ".join(f"{name}={value}" for name, value in shown.items())
