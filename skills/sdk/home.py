"""``HomeBackend``: what skills may do with the household's devices (``services.home``).

The server picks the implementation: ``ting.skills.sdk.simulated_home.SimulatedHome`` (the demo
household, state in the store) until a Home Assistant or MQTT backend is configured. Device ids come
from the household registry (``services.household``). Every method raises ``HomeError`` for an
unknown device or a capability the device lacks.
"""

from __future__ import annotations

import abc
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ting.nlu.registry import Device

DEFAULT_MIN_TEMPERATURE_C = 16.0
DEFAULT_MAX_TEMPERATURE_C = 30.0


@dataclass(frozen=True)
class DeviceState:
    on: bool = False
    """Powered on; for covers (curtains): open."""
    brightness_percent: int | None = None
    """0–100 for dimmable lights, else None."""
    temperature_c: float | None = None
    """Target temperature for climate devices, else None."""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DeviceState:
        brightness = data.get("brightness_percent")
        temperature = data.get("temperature_c")
        return cls(
            on=bool(data.get("on", False)),
            brightness_percent=None if brightness is None else int(brightness),
            temperature_c=None if temperature is None else float(temperature),
        )


class HomeBackend(abc.ABC):
    """Controls devices by id (ids from the household registry)."""

    @abc.abstractmethod
    async def turn_on(self, device_id: str) -> DeviceState:
        """Switch on (open, for covers); returns the new state."""

    @abc.abstractmethod
    async def turn_off(self, device_id: str) -> DeviceState:
        """Switch off (close, for covers); returns the new state."""

    @abc.abstractmethod
    async def set_brightness(self, device_id: str, percent: int) -> DeviceState:
        """Dimmable lights only; above 0 also switches the light on, 0 switches it off."""

    @abc.abstractmethod
    async def set_temperature(self, device_id: str, celsius: float) -> DeviceState:
        """Climate devices only, within the device's range; also switches it on."""

    @abc.abstractmethod
    async def get_state(self, device_id: str) -> DeviceState: ...

    @abc.abstractmethod
    async def states(self) -> dict[str, DeviceState]:
        """Every device's state, by id."""


def temperature_range_c(device: Device) -> tuple[float, float]:
    """The settable range of a climate device: the registry's, else 16–30 °C."""
    low = device.min_temperature_c if device.min_temperature_c is not None else DEFAULT_MIN_TEMPERATURE_C
    high = device.max_temperature_c if device.max_temperature_c is not None else DEFAULT_MAX_TEMPERATURE_C
    return float(low), float(high)
