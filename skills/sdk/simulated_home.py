"""``SimulatedHome``: devices that exist only as state, kept like a real backend's.

The server's backend when no real one is configured (the demo household), and the home backend of
``ting.skills.sdk.testing``.

State lives in the skill's store (one key per device, ``device:<id>``), cached in memory and
written through on every change, so it survives a restart. Capabilities are checked as a real
device would: brightness only on dimmable lights, temperatures only on climate devices within
their range (16–30 °C unless the registry says otherwise).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from ting.errors import HomeError
from ting.skills.sdk.home import DeviceState, HomeBackend, temperature_range_c
from ting.skills.sdk.services import SkillStore

if TYPE_CHECKING:
    from ting.nlu.registry import Device, Household

_LOGGER = logging.getLogger(__name__)

KEY_PREFIX = "device:"
INITIAL_TEMPERATURE_C = 26.0
FULL_BRIGHTNESS_PERCENT = 100


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
            states[device.id] = (
                DeviceState.from_json(data) if isinstance(data, dict) else initial_state(device)
            )
        return cls(store, household, states)

    async def turn_on(self, device_id: str) -> DeviceState:
        state = self._current(device_id)
        if state.brightness_percent == 0:
            state = replace(state, brightness_percent=FULL_BRIGHTNESS_PERCENT)
        return await self._save(device_id, replace(state, on=True))

    async def turn_off(self, device_id: str) -> DeviceState:
        return await self._save(device_id, replace(self._current(device_id), on=False))

    async def set_brightness(self, device_id: str, percent: int) -> DeviceState:
        device = self._device(device_id)
        if "brightness" not in device.capabilities:
            raise HomeError(f"{device_id} cannot be dimmed")
        if not 0 <= percent <= 100:
            raise HomeError(f"brightness {percent} is outside 0–100 percent")
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

    def _device(self, device_id: str) -> Device:
        device = self._household.device(device_id)
        if device is None:
            raise HomeError(f"unknown device {device_id!r}")
        return device

    def _current(self, device_id: str) -> DeviceState:
        self._device(device_id)
        return self._states[device_id]

    async def _save(self, device_id: str, state: DeviceState) -> DeviceState:
        self._states[device_id] = state
        await self._store.put(KEY_PREFIX + device_id, state.to_json())
        _LOGGER.debug("%s -> %s", device_id, state)
        return state


def initial_state(device: Device) -> DeviceState:
    return DeviceState(
        on=False,
        brightness_percent=FULL_BRIGHTNESS_PERCENT if "brightness" in device.capabilities else None,
        temperature_c=INITIAL_TEMPERATURE_C if "temperature" in device.capabilities else None,
    )
