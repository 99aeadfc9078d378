"""``SimulatedHome``: devices that exist only as state, kept like a real backend's.

The server's backend when no real one is configured (the demo household), and the home backend of
``ting.skills.sdk.testing``.

State lives in the skill's store (one key per device, ``device:<id>``), cached in memory and
written through on every change, so it survives a restart. Capabilities are checked as a real
device would (``require``): brightness only on dimmable lights, temperatures only on climate devices
within their range (16–30 °C unless the registry says otherwise), positions only on covers that have
them, and so on. Sensors hold the reading they start with (``initial_state``) until ``set_reading``
changes it, as a sensor "elsewhere" would.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from ting.errors import HomeError
from ting.skills.sdk.home import (
    RGB,
    DeviceState,
    HomeBackend,
    percent_in_range,
    require,
    temperature_range_c,
)
from ting.skills.sdk.services import SkillStore

if TYPE_CHECKING:
    from ting.nlu.registry import Device, Household

_LOGGER = logging.getLogger(__name__)

KEY_PREFIX = "device:"
INITIAL_TEMPERATURE_C = 26.0
FULL_BRIGHTNESS_PERCENT = 100
INITIAL_READINGS = {
    "temperature": 24.5,
    "humidity": 45.0,
    "illuminance": 300.0,
    "power": 60.0,
    "battery": 87.0,
}
"""What a simulated sensor reads until told otherwise, by device class."""


class SimulatedHome(HomeBackend):
    """The household's devices, simulated; create with ``await SimulatedHome.load(store, household)``."""

    def __init__(self, store: SkillStore, household: Household, states: dict[str, DeviceState]) -> None:
        self._store = store
        self._household = household
        self._states = states

    @classmethod
    async def load(cls, store: SkillStore, household: Household) -> SimulatedHome:
        """Read saved states; devices never saved start switched off."""
        saved = await store.items()
        states: dict[str, DeviceState] = {}
        for device in household.devices.values():
            data = saved.get(KEY_PREFIX + device.id)
            states[device.id] = initial_state(device)
            if isinstance(data, dict):
                try:
                    states[device.id] = DeviceState.from_json(data)
                except HomeError as error:
                    _LOGGER.warning("%s: saved state ignored: %s", device.id, error)
        return cls(store, household, states)

    async def turn_on(self, device_id: str) -> DeviceState:
        device = self._switchable(device_id)
        state = self._current(device_id)
        if state.brightness_percent == 0:
            state = replace(state, brightness_percent=FULL_BRIGHTNESS_PERCENT)
        if "position" in device.capabilities:
            state = replace(state, position_percent=100)
        return await self._save(device_id, replace(state, on=True))

    async def turn_off(self, device_id: str) -> DeviceState:
        device = self._switchable(device_id)
        state = self._current(device_id)
        if "position" in device.capabilities:
            state = replace(state, position_percent=0)
        return await self._save(device_id, replace(state, on=False))

    async def set_brightness(self, device_id: str, percent: int) -> DeviceState:
        device = self._device(device_id)
        if "brightness" not in device.capabilities:
            raise HomeError(f"{device_id} cannot be dimmed")
        percent_in_range(percent, "brightness")
        state = replace(self._current(device_id), on=percent > 0, brightness_percent=percent)
        return await self._save(device_id, state)

    async def set_temperature(self, device_id: str, celsius: float) -> DeviceState:
        device = self._device(device_id)
        if "temperature" not in device.capabilities:
            raise HomeError(f"{device_id} has no temperature setting")
        low, high = temperature_range_c(device)
        if not low <= celsius <= high:
            raise HomeError(f"{device_id}: {celsius:g} °C is outside {low:g}–{high:g} °C")
        return await self._save(device_id, replace(self._current(device_id), on=True, temperature_c=celsius))

    async def get_state(self, device_id: str) -> DeviceState:
        return self._current(device_id)

    async def states(self) -> dict[str, DeviceState]:
        return dict(self._states)

    async def set_position(self, device_id: str, percent: int) -> DeviceState:
        require(self._device(device_id), "position")
        percent_in_range(percent, "position")
        return await self._change(device_id, on=percent > 0, position_percent=percent)

    async def set_tilt(self, device_id: str, percent: int) -> DeviceState:
        require(self._device(device_id), "tilt")
        return await self._change(device_id, tilt_percent=percent_in_range(percent, "tilt"))

    async def lock(self, device_id: str) -> DeviceState:
        require(self._device(device_id), "lock")
        return await self._change(device_id, on=False, locked=True)

    async def unlock(self, device_id: str) -> DeviceState:
        require(self._device(device_id), "lock")
        return await self._change(device_id, on=True, locked=False)

    async def set_fan_speed(self, device_id: str, percent: int) -> DeviceState:
        require(self._device(device_id), "fan_speed")
        return await self._change(device_id, on=percent > 0, fan_percent=percent_in_range(percent, "speed"))

    async def set_oscillation(self, device_id: str, oscillating: bool) -> DeviceState:
        require(self._device(device_id), "oscillate")
        return await self._change(device_id, oscillating=oscillating)

    async def set_color(self, device_id: str, rgb: RGB) -> DeviceState:
        require(self._device(device_id), "color")
        if len(rgb) != 3 or not all(0 <= part <= 255 for part in rgb):
            raise HomeError(f"{rgb} is not a colour (three values 0–255)")
        return await self._change(device_id, on=True, rgb=rgb, color_temp_kelvin=None)

    async def set_color_temperature(self, device_id: str, kelvin: int) -> DeviceState:
        device = self._device(device_id)
        require(device, "color_temp")
        low, high = device.color_temp_range_kelvin()
        if not low <= kelvin <= high:
            raise HomeError(f"{device_id}: {kelvin} K is outside {low}–{high} K")
        return await self._change(device_id, on=True, color_temp_kelvin=kelvin, rgb=None)

    async def set_hvac_mode(self, device_id: str, mode: str) -> DeviceState:
        device = self._device(device_id)
        require(device, "hvac_mode")
        if mode not in device.hvac_modes:
            raise HomeError(f"{device_id} has no mode {mode!r} (it has {', '.join(device.hvac_modes)})")
        return await self._change(device_id, on=mode != "off", hvac_mode=mode)

    async def set_fan_mode(self, device_id: str, mode: str) -> DeviceState:
        device = self._device(device_id)
        require(device, "fan_mode")
        if mode not in device.fan_modes:
            raise HomeError(f"{device_id} has no fan mode {mode!r} (it has {', '.join(device.fan_modes)})")
        return await self._change(device_id, fan_mode=mode)

    async def start(self, device_id: str) -> DeviceState:
        device = self._device(device_id)
        if "start_stop" in device.capabilities:
            return await self._change(device_id, on=True, activity="cleaning")
        require(device, "play_pause")
        return await self._change(device_id, on=True, activity="playing")

    async def stop(self, device_id: str) -> DeviceState:
        device = self._device(device_id)
        if "start_stop" in device.capabilities:
            return await self._change(device_id, on=False, activity="idle")
        require(device, "play_pause")
        return await self._change(device_id, activity="paused")

    async def return_home(self, device_id: str) -> DeviceState:
        require(self._device(device_id), "return_home")
        return await self._change(device_id, on=False, activity="docked")

    async def set_volume(self, device_id: str, percent: int) -> DeviceState:
        require(self._device(device_id), "volume")
        return await self._change(device_id, volume_percent=percent_in_range(percent, "volume"))

    async def activate(self, device_id: str) -> DeviceState:
        require(self._device(device_id), "activate")
        return await self._change(device_id)

    async def set_reading(
        self, device_id: str, *, on: bool | None = None, value: float | None = None
    ) -> DeviceState:
        """A sensor's new reading, as if measured (tests and the demo: "the window was opened")."""
        require(self._device(device_id), "sensor")
        state = self._current(device_id)
        return await self._save(
            device_id,
            replace(state, on=state.on if on is None else on, value=state.value if value is None else value),
        )

    def _device(self, device_id: str) -> Device:
        device = self._household.device(device_id)
        if device is None:
            raise HomeError(f"unknown device {device_id!r}")
        return device

    def _switchable(self, device_id: str) -> Device:
        device = self._device(device_id)
        if not device.capabilities & {"on_off", "open_close", "position"}:
            raise HomeError(f"{device_id} cannot be switched on or off")
        return device

    def _current(self, device_id: str) -> DeviceState:
        self._device(device_id)
        return self._states[device_id]

    async def _change(self, device_id: str, **changes: object) -> DeviceState:
        return await self._save(device_id, replace(self._current(device_id), **changes))  # type: ignore[arg-type]

    async def _save(self, device_id: str, state: DeviceState) -> DeviceState:
        self._states[device_id] = state
        await self._store.put(KEY_PREFIX + device_id, state.to_json())
        _LOGGER.debug("%s -> %s", device_id, state)
        return state


def initial_state(device: Device) -> DeviceState:
    capabilities = device.capabilities
    state = DeviceState(
        on=False,
        brightness_percent=FULL_BRIGHTNESS_PERCENT if "brightness" in capabilities else None,
        temperature_c=INITIAL_TEMPERATURE_C if "temperature" in capabilities else None,
    )
    if "position" in capabilities:
        state = replace(state, position_percent=0)
    if "tilt" in capabilities:
        state = replace(state, tilt_percent=0)
    if "lock" in capabilities:
        state = replace(state, locked=True)
    if "fan_speed" in capabilities:
        state = replace(state, fan_percent=0)
    if "oscillate" in capabilities:
        state = replace(state, oscillating=False)
    if "color_temp" in capabilities:
        state = replace(state, color_temp_kelvin=device.color_temp_range_kelvin()[0])
    if "hvac_mode" in capabilities:
        state = replace(state, hvac_mode="off")
    if "current_temperature" in capabilities:
        state = replace(state, current_temperature_c=INITIAL_READINGS["temperature"])
    if "sensor" in capabilities and device.domain == "sensor":
        state = replace(state, value=INITIAL_READINGS.get(device.device_class or "", 0.0))
    if "start_stop" in capabilities:
        state = replace(state, activity="docked")
    if "volume" in capabilities:
        state = replace(state, volume_percent=30, activity="idle")
    return state
