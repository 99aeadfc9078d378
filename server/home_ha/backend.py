"""``HomeAssistantHome``: the ``HomeBackend`` over Home Assistant's WebSocket API.

On every (re)connection: ``subscribe_events`` for ``state_changed``, then ``get_states`` (the cache is
rebuilt, so a change missed while disconnected is not kept wrong). Afterwards states come from events:
a wall switch or the Home Assistant app changing a light is known at once. Commands are
``call_service`` with a ``target``; each is logged with its entity. ``HomeError`` for an unknown
device, a missing capability (``require``), an error result (Home Assistant's code and message) or no
connection.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from ting.errors import HomeError
from ting.nlu.registry import Device, Household
from ting.server.home_ha.connection import HaConnection
from ting.server.home_ha.live import REGISTRY_EVENTS
from ting.skills.sdk.home import RGB, DeviceState, HomeBackend, percent_in_range, require

_LOGGER = logging.getLogger(__name__)

UNAVAILABLE = frozenset({"unavailable"})
ON_STATES = frozenset(
    {"on", "open", "opening", "unlocked", "unlocking", "cleaning", "playing", "paused", "idle", "returning",
     "heat", "cool", "auto", "heat_cool", "dry", "fan_only"}
)  # fmt: skip
"""States that count as "on" (climate: every mode but off; media players: anything but off)."""


class HomeAssistantHome(HomeBackend):
    def __init__(
        self, household: Household, *, on_registry_change: Callable[[str], None] | None = None
    ) -> None:
        """``on_registry_change``: told (the event's type) when one of Home Assistant's registries changed."""
        self.household = household
        self._states: dict[str, dict[str, Any]] = {}
        self.connection: HaConnection | None = None
        self._on_registry_change = on_registry_change

    async def on_connected(self, connection: HaConnection) -> None:
        """Subscribe, then load every state (called by the connection after each (re)connect)."""
        self.connection = connection
        await connection.command({"type": "subscribe_events", "event_type": "state_changed"})
        if self._on_registry_change is not None:
            for event_type in REGISTRY_EVENTS:
                await connection.command({"type": "subscribe_events", "event_type": event_type})
        states = await connection.command({"type": "get_states"})
        self._states = {str(state["entity_id"]): state for state in states if isinstance(state, dict)}

    def on_event(self, event: dict[str, Any]) -> None:
        kind = event.get("event_type")
        if kind in REGISTRY_EVENTS and self._on_registry_change is not None:
            self._on_registry_change(str(kind))
            return
        if kind != "state_changed":
            return
        data = event.get("data") or {}
        entity_id, new_state = data.get("entity_id"), data.get("new_state")
        if not isinstance(entity_id, str):
            return
        if isinstance(new_state, dict):
            self._states[entity_id] = new_state
        else:  # removed
            self._states.pop(entity_id, None)

    def raw_states(self) -> dict[str, dict[str, Any]]:
        return dict(self._states)

    # -- reading ----------------------------------------------------------------------------------

    async def get_state(self, device_id: str) -> DeviceState:
        self._device(device_id)
        raw = self._states.get(device_id)
        return DeviceState(available=False) if raw is None else device_state(raw)

    async def states(self) -> dict[str, DeviceState]:
        return {device_id: await self.get_state(device_id) for device_id in self.household.devices}

    # -- commands ---------------------------------------------------------------------------------

    async def turn_on(self, device_id: str) -> DeviceState:
        device = self._device(device_id)
        service = {"cover": "open_cover", "lock": "unlock", "vacuum": "start"}.get(device.domain, "turn_on")
        return await self._call(device, service)

    async def turn_off(self, device_id: str) -> DeviceState:
        device = self._device(device_id)
        service = {"cover": "close_cover", "lock": "lock", "vacuum": "stop"}.get(device.domain, "turn_off")
        return await self._call(device, service)

    async def set_brightness(self, device_id: str, percent: int) -> DeviceState:
        device = self._capable(device_id, "brightness")
        percent_in_range(percent, "brightness")
        if percent == 0:
            return await self._call(device, "turn_off")
        return await self._call(device, "turn_on", brightness_pct=percent)

    async def set_temperature(self, device_id: str, celsius: float) -> DeviceState:
        return await self._call(
            self._capable(device_id, "temperature"), "set_temperature", temperature=celsius
        )

    async def set_position(self, device_id: str, percent: int) -> DeviceState:
        device = self._capable(device_id, "position")
        return await self._call(device, "set_cover_position", position=percent_in_range(percent, "position"))

    async def set_tilt(self, device_id: str, percent: int) -> DeviceState:
        device = self._capable(device_id, "tilt")
        return await self._call(
            device, "set_cover_tilt_position", tilt_position=percent_in_range(percent, "tilt")
        )

    async def lock(self, device_id: str) -> DeviceState:
        return await self._call(self._capable(device_id, "lock"), "lock")

    async def unlock(self, device_id: str) -> DeviceState:
        return await self._call(self._capable(device_id, "lock"), "unlock")

    async def set_fan_speed(self, device_id: str, percent: int) -> DeviceState:
        device = self._capable(device_id, "fan_speed")
        return await self._call(device, "set_percentage", percentage=percent_in_range(percent, "speed"))

    async def set_oscillation(self, device_id: str, oscillating: bool) -> DeviceState:
        return await self._call(self._capable(device_id, "oscillate"), "oscillate", oscillating=oscillating)

    async def set_color(self, device_id: str, rgb: RGB) -> DeviceState:
        return await self._call(self._capable(device_id, "color"), "turn_on", rgb_color=list(rgb))

    async def set_color_temperature(self, device_id: str, kelvin: int) -> DeviceState:
        device = self._capable(device_id, "color_temp")
        return await self._call(device, "turn_on", color_temp_kelvin=kelvin)

    async def set_hvac_mode(self, device_id: str, mode: str) -> DeviceState:
        device = self._capable(device_id, "hvac_mode")
        if mode not in device.hvac_modes:
            raise HomeError(f"{device_id} has no mode {mode!r} (it has {', '.join(device.hvac_modes)})")
        return await self._call(device, "set_hvac_mode", hvac_mode=mode)

    async def set_fan_mode(self, device_id: str, mode: str) -> DeviceState:
        return await self._call(self._capable(device_id, "fan_mode"), "set_fan_mode", fan_mode=mode)

    async def start(self, device_id: str) -> DeviceState:
        device = self._device(device_id)
        if "start_stop" in device.capabilities:
            return await self._call(device, "start")
        return await self._call(self._capable(device_id, "play_pause"), "media_play")

    async def stop(self, device_id: str) -> DeviceState:
        device = self._device(device_id)
        if "start_stop" in device.capabilities:
            return await self._call(device, "stop")
        return await self._call(self._capable(device_id, "play_pause"), "media_pause")

    async def return_home(self, device_id: str) -> DeviceState:
        return await self._call(self._capable(device_id, "return_home"), "return_to_base")

    async def set_volume(self, device_id: str, percent: int) -> DeviceState:
        level = percent_in_range(percent, "volume") / 100
        return await self._call(self._capable(device_id, "volume"), "volume_set", volume_level=level)

    async def activate(self, device_id: str) -> DeviceState:
        return await self._call(self._capable(device_id, "activate"), "turn_on")

    async def _call(self, device: Device, service: str, **service_data: Any) -> DeviceState:
        if self.connection is None:
            raise HomeError("not connected to Home Assistant")
        domain = device.backend_address.partition(".")[0]
        _LOGGER.info(
            "Home Assistant: %s.%s %s on %s", domain, service, service_data or "", device.backend_address
        )
        await self.connection.command(
            {
                "type": "call_service",
                "domain": domain,
                "service": service,
                "service_data": service_data,
                "target": {"entity_id": device.backend_address},
            }
        )
        return await self.get_state(device.id)

    def _device(self, device_id: str) -> Device:
        device = self.household.device(device_id)
        if device is None:
            raise HomeError(f"unknown device {device_id!r}")
        return device

    def _capable(self, device_id: str, capability: str) -> Device:
        device = self._device(device_id)
        require(device, capability)
        return device


def device_state(raw: dict[str, Any]) -> DeviceState:
    """A Home Assistant state object -> ``DeviceState``."""
    state = str(raw.get("state", ""))
    attributes = raw.get("attributes") or {}
    domain = str(raw.get("entity_id", "")).partition(".")[0]

    def number(key: str) -> float | None:
        value = attributes.get(key)
        return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None

    def whole(key: str) -> int | None:
        value = number(key)
        return None if value is None else round(value)

    brightness = number("brightness")
    rgb = attributes.get("rgb_color")
    volume = number("volume_level")
    value: float | None = None
    if domain == "sensor":
        try:
            value = float(state)
        except ValueError:
            value = None
    return DeviceState(
        on=state in ON_STATES,
        available=state not in UNAVAILABLE,
        brightness_percent=None if brightness is None else round(brightness * 100 / 255),
        temperature_c=number("temperature"),
        position_percent=whole("current_position"),
        tilt_percent=whole("current_tilt_position"),
        locked={"locked": True, "unlocked": False}.get(state) if domain == "lock" else None,
        fan_percent=whole("percentage"),
        oscillating=attributes.get("oscillating")
        if isinstance(attributes.get("oscillating"), bool)
        else None,
        rgb=(int(rgb[0]), int(rgb[1]), int(rgb[2]))
        if isinstance(rgb, list | tuple) and len(rgb) == 3
        else None,
        color_temp_kelvin=whole("color_temp_kelvin"),
        hvac_mode=state if domain == "climate" else None,
        fan_mode=attributes.get("fan_mode") if isinstance(attributes.get("fan_mode"), str) else None,
        current_temperature_c=number("current_temperature"),
        value=value,
        activity=state if domain in ("vacuum", "media_player") else None,
        volume_percent=None if volume is None else round(volume * 100),
        media_title=attributes.get("media_title") if isinstance(attributes.get("media_title"), str) else None,
    )
