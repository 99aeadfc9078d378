"""``RoutedHome``: one ``HomeBackend`` over several (the simulation, Zigbee2MQTT, Tasmota ...), each
device owned by exactly one of them, commands routed by device id (every ``HomeBackend`` method: a
method the owner lacks raises its ``HomeError``)."""

from __future__ import annotations

from collections.abc import Mapping

from ting.errors import HomeError
from ting.skills.sdk import DeviceState, HomeBackend
from ting.skills.sdk.home import RGB


class RoutedHome(HomeBackend):
    def __init__(self, owners: Mapping[str, HomeBackend], *, default: HomeBackend | None = None) -> None:
        """``owners``: device id -> the backend that drives it; ``default``: the one of devices not in
        ``owners`` (Home Assistant's, which can gain entities while ting runs)."""
        self._owners = dict(owners)
        self._default = default
        self._backends = list(dict.fromkeys([*self._owners.values(), *([default] if default else [])]))

    def owner(self, device_id: str) -> HomeBackend:
        backend = self._owners.get(device_id, self._default)
        if backend is None:
            raise HomeError(f"unknown device {device_id!r}")
        return backend

    async def turn_on(self, device_id: str) -> DeviceState:
        return await self.owner(device_id).turn_on(device_id)

    async def turn_off(self, device_id: str) -> DeviceState:
        return await self.owner(device_id).turn_off(device_id)

    async def set_brightness(self, device_id: str, percent: int) -> DeviceState:
        return await self.owner(device_id).set_brightness(device_id, percent)

    async def set_temperature(self, device_id: str, celsius: float) -> DeviceState:
        return await self.owner(device_id).set_temperature(device_id, celsius)

    async def get_state(self, device_id: str) -> DeviceState:
        return await self.owner(device_id).get_state(device_id)

    async def set_position(self, device_id: str, percent: int) -> DeviceState:
        return await self.owner(device_id).set_position(device_id, percent)

    async def set_tilt(self, device_id: str, percent: int) -> DeviceState:
        return await self.owner(device_id).set_tilt(device_id, percent)

    async def lock(self, device_id: str) -> DeviceState:
        return await self.owner(device_id).lock(device_id)

    async def unlock(self, device_id: str) -> DeviceState:
        return await self.owner(device_id).unlock(device_id)

    async def set_fan_speed(self, device_id: str, percent: int) -> DeviceState:
        return await self.owner(device_id).set_fan_speed(device_id, percent)

    async def set_oscillation(self, device_id: str, oscillating: bool) -> DeviceState:
        return await self.owner(device_id).set_oscillation(device_id, oscillating)

    async def set_color(self, device_id: str, rgb: RGB) -> DeviceState:
        return await self.owner(device_id).set_color(device_id, rgb)

    async def set_color_temperature(self, device_id: str, kelvin: int) -> DeviceState:
        return await self.owner(device_id).set_color_temperature(device_id, kelvin)

    async def set_hvac_mode(self, device_id: str, mode: str) -> DeviceState:
        return await self.owner(device_id).set_hvac_mode(device_id, mode)

    async def set_fan_mode(self, device_id: str, mode: str) -> DeviceState:
        return await self.owner(device_id).set_fan_mode(device_id, mode)

    async def start(self, device_id: str) -> DeviceState:
        return await self.owner(device_id).start(device_id)

    async def stop(self, device_id: str) -> DeviceState:
        return await self.owner(device_id).stop(device_id)

    async def return_home(self, device_id: str) -> DeviceState:
        return await self.owner(device_id).return_home(device_id)

    async def set_volume(self, device_id: str, percent: int) -> DeviceState:
        return await self.owner(device_id).set_volume(device_id, percent)

    async def activate(self, device_id: str) -> DeviceState:
        return await self.owner(device_id).activate(device_id)

    async def states(self) -> dict[str, DeviceState]:
        """Every backend's known states, each device's from its owner only."""
        merged: dict[str, DeviceState] = {}
        for backend in self._backends:
            for device_id, state in (await backend.states()).items():
                if self._owners.get(device_id, self._default) is backend:
                    merged[device_id] = state
        return merged
