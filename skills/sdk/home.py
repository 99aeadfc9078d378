"""``HomeBackend``: what skills may do with the household's devices (``services.home``).

The server picks the implementation: ``ting.skills.sdk.simulated_home.SimulatedHome`` (the demo
household, state in the store) until a Home Assistant or MQTT backend is configured. Device ids come
from the household registry (``services.household``). Every method raises ``HomeError`` for an
unknown device, a capability the device lacks (``require``), a value out of range, or a device its
backend cannot reach. Methods a backend does not implement raise ``HomeError`` too.

Who asked is the caller's to log (the home skill logs every command with the site or chat user that
asked: docs/home.md, safety); a backend logs what it sent.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, TypeVar

from ting.errors import HomeError

if TYPE_CHECKING:
    from ting.nlu.registry import Device

DEFAULT_MIN_TEMPERATURE_C = 16.0
DEFAULT_MAX_TEMPERATURE_C = 30.0

RGB = tuple[int, int, int]

_ALWAYS_IN_JSON = ("on", "brightness_percent", "temperature_c")
"""Written even when None (clients read these three); the other fields only when known."""


@dataclass(frozen=True)
class DeviceState:
    on: bool = False
    """Powered on; covers: open (any position above 0); binary sensors: open / motion detected; locks:
    unlocked; vacuums: cleaning; media players: not off."""
    brightness_percent: int | None = None
    """0–100 for dimmable lights, else None."""
    temperature_c: float | None = None
    """Target temperature for climate devices, else None."""
    available: bool = True
    """False while the backend cannot reach the device (Home Assistant's ``unavailable``)."""
    position_percent: int | None = None
    """Covers: 0 closed … 100 open."""
    tilt_percent: int | None = None
    """Covers with slats: 0 closed … 100 open."""
    locked: bool | None = None
    """Locks."""
    fan_percent: int | None = None
    """Fan speed 0–100 (fans with steps: ``100 * step / fan_speed_count``)."""
    oscillating: bool | None = None
    rgb: RGB | None = None
    """Colour lights: the colour, 0–255 each."""
    color_temp_kelvin: int | None = None
    hvac_mode: str | None = None
    """Climate: off, cool, heat, auto, dry, fan_only."""
    fan_mode: str | None = None
    current_temperature_c: float | None = None
    """Climate devices' and temperature sensors' reading."""
    value: float | None = None
    """Sensors: the reading, in the device's ``unit``."""
    activity: str | None = None
    """Vacuums: cleaning, docked, returning, idle, paused, error; media players: playing, paused, idle."""
    volume_percent: int | None = None
    """Media players."""
    media_title: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name in _ALWAYS_IN_JSON or (value is not None and value != item.default):
                data[item.name] = list(value) if isinstance(value, tuple) else value
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DeviceState:
        """``HomeError`` for a value of the wrong type (a stored state from elsewhere)."""
        try:
            return cls(
                on=bool(data.get("on", False)),
                brightness_percent=_optional(data, "brightness_percent", int),
                temperature_c=_optional(data, "temperature_c", float),
                available=bool(data.get("available", True)),
                position_percent=_optional(data, "position_percent", int),
                tilt_percent=_optional(data, "tilt_percent", int),
                locked=_optional(data, "locked", bool),
                fan_percent=_optional(data, "fan_percent", int),
                oscillating=_optional(data, "oscillating", bool),
                rgb=_rgb(data.get("rgb")),
                color_temp_kelvin=_optional(data, "color_temp_kelvin", int),
                hvac_mode=_optional(data, "hvac_mode", str),
                fan_mode=_optional(data, "fan_mode", str),
                current_temperature_c=_optional(data, "current_temperature_c", float),
                value=_optional(data, "value", float),
                activity=_optional(data, "activity", str),
                volume_percent=_optional(data, "volume_percent", int),
                media_title=_optional(data, "media_title", str),
            )
        except (TypeError, ValueError) as error:
            raise HomeError(f"not a device state: {error}") from None


_T = TypeVar("_T")


def _optional(data: dict[str, Any], key: str, kind: type[_T]) -> _T | None:
    value = data.get(key)
    return None if value is None else kind(value)  # type: ignore[call-arg]


def _rgb(value: Any) -> RGB | None:
    if value is None:
        return None
    red, green, blue = (int(part) for part in value)
    return red, green, blue


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

    # Added with the device kinds of real homes. Not abstract: a backend without a kind says so.

    async def set_position(self, device_id: str, percent: int) -> DeviceState:
        """Covers with ``position``: 0 closed … 100 open."""
        raise self._unsupported("set_position")

    async def set_tilt(self, device_id: str, percent: int) -> DeviceState:
        """Covers with ``tilt``: 0 closed … 100 open."""
        raise self._unsupported("set_tilt")

    async def lock(self, device_id: str) -> DeviceState:
        """Locks. Confirmation is the skill's job (``Device.confirm``), not the backend's."""
        raise self._unsupported("lock")

    async def unlock(self, device_id: str) -> DeviceState:
        raise self._unsupported("unlock")

    async def set_fan_speed(self, device_id: str, percent: int) -> DeviceState:
        """Fans with ``fan_speed``: 0 switches off, above 0 switches on at that speed."""
        raise self._unsupported("set_fan_speed")

    async def set_oscillation(self, device_id: str, oscillating: bool) -> DeviceState:
        raise self._unsupported("set_oscillation")

    async def set_color(self, device_id: str, rgb: RGB) -> DeviceState:
        """Lights with ``color``; also switches the light on."""
        raise self._unsupported("set_color")

    async def set_color_temperature(self, device_id: str, kelvin: int) -> DeviceState:
        """Lights with ``color_temp``, within ``Device.color_temp_range_kelvin()``; also switches on."""
        raise self._unsupported("set_color_temperature")

    async def set_hvac_mode(self, device_id: str, mode: str) -> DeviceState:
        """Climate devices with ``hvac_mode``, one of ``Device.hvac_modes``; ``off`` switches off."""
        raise self._unsupported("set_hvac_mode")

    async def set_fan_mode(self, device_id: str, mode: str) -> DeviceState:
        """Climate devices with ``fan_mode``, one of ``Device.fan_modes``."""
        raise self._unsupported("set_fan_mode")

    async def start(self, device_id: str) -> DeviceState:
        """Vacuums (``start_stop``): start cleaning; media players (``play_pause``): play."""
        raise self._unsupported("start")

    async def stop(self, device_id: str) -> DeviceState:
        """Vacuums: stop where they are; media players: pause."""
        raise self._unsupported("stop")

    async def return_home(self, device_id: str) -> DeviceState:
        """Vacuums with ``return_home``: back to the dock."""
        raise self._unsupported("return_home")

    async def set_volume(self, device_id: str, percent: int) -> DeviceState:
        """Media players with ``volume``."""
        raise self._unsupported("set_volume")

    async def activate(self, device_id: str) -> DeviceState:
        """Scripts and scenes of the backend (``activate``)."""
        raise self._unsupported("activate")

    def _unsupported(self, method: str) -> HomeError:
        return HomeError(f"{type(self).__name__} does not support {method}")


def require(device: Device, capability: str) -> None:
    """``HomeError`` naming the device when it lacks ``capability``."""
    if capability not in device.capabilities:
        raise HomeError(
            f"{device.id} cannot do {capability} (it has {', '.join(sorted(device.capabilities))})"
        )


def percent_in_range(percent: int, what: str) -> int:
    if not 0 <= percent <= 100:
        raise HomeError(f"{what} {percent} is outside 0–100 percent")
    return percent


def temperature_range_c(device: Device) -> tuple[float, float]:
    """The settable range of a climate device: the registry's, else 16–30 °C."""
    low = device.min_temperature_c if device.min_temperature_c is not None else DEFAULT_MIN_TEMPERATURE_C
    high = device.max_temperature_c if device.max_temperature_c is not None else DEFAULT_MAX_TEMPERATURE_C
    return float(low), float(high)


def fan_step_percent(device: Device, step: int) -> int:
    """The speed percentage of step ``step`` (1-based) of a fan with ``fan_speed_count`` steps."""
    count = device.fan_speed_count
    if count is None:
        raise HomeError(f"{device.id} has no speed steps")
    if not 0 <= step <= count:
        raise HomeError(f"{device.id} has speeds 1–{count}, not {step}")
    return round(100 * step / count)


def fan_step(device: Device, percent: int | None) -> int | None:
    """The step a speed percentage is on (None for fans without steps, or with no speed known)."""
    if device.fan_speed_count is None or percent is None:
        return None
    return max(0, min(device.fan_speed_count, round(percent * device.fan_speed_count / 100)))
