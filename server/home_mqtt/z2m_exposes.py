"""Zigbee2MQTT's ``exposes`` (in ``bridge/devices``) as types, and what ting can do with a device.

An expose is generic (``binary``, ``numeric``, ``enum``, ``text``, ``composite``, ``list``) or specific
(``light``, ``switch``, ``cover``, ``lock``, ``climate``, ``fan``), a specific one holding its
``features``. ``access`` is a bit mask: 1 the property is in the published state, 2 it can be set
(``/set``), 4 it can be read (``/get``). A device with several endpoints (a double wall switch) has
one specific expose per endpoint, their properties suffixed (``state_l1``).

``control_for`` picks the expose ting drives for a device (or one endpoint of it) and the features
of it ting uses: switching, brightness, setpoint, system mode, cover state and position. A capability
is ting's only when the feature can be set.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ting.errors import MessageError

ACCESS_STATE = 1
ACCESS_SET = 2
ACCESS_GET = 4
SPECIFIC_TYPES = ("light", "switch", "cover", "lock", "climate", "fan")
SETPOINTS = ("occupied_heating_setpoint", "current_heating_setpoint", "occupied_cooling_setpoint")
_MAX_DEPTH = 8
_OPTIONAL_KEYS = ("name", "property", "endpoint", "value_on", "value_off", "value_min", "value_max",
                  "value_step", "unit")  # fmt: skip


@dataclass(frozen=True)
class Expose:
    type: str
    name: str | None = None
    property: str | None = None
    access: int = 0
    endpoint: str | None = None
    value_on: Any = None
    value_off: Any = None
    value_min: float | None = None
    value_max: float | None = None
    value_step: float | None = None
    values: tuple[str, ...] = ()
    """An enum's values."""
    unit: str | None = None
    features: tuple[Expose, ...] = ()
    """A specific or composite expose's parts."""

    def can(self, bit: int) -> bool:
        return bool(self.access & bit)

    def feature(self, *names: str) -> Expose | None:
        """The first feature called one of ``names`` (in that order of preference)."""
        for name in names:
            for part in self.features:
                if part.name == name:
                    return part
        return None

    @classmethod
    def from_json(cls, data: Any, depth: int = 0) -> Expose:
        if not isinstance(data, Mapping) or not isinstance(data.get("type"), str):
            raise MessageError(f"an expose must be an object with a type, not {_show(data)}")
        if depth > _MAX_DEPTH:
            raise MessageError("exposes nested too deeply")
        features = data.get("features") or []
        values = data.get("values") or []
        if not isinstance(features, list) or not isinstance(values, list):
            raise MessageError(f"expose {data.get('name')!r}: features and values must be lists")
        return cls(
            type=data["type"],
            name=_text(data.get("name")),
            property=_text(data.get("property")),
            access=_int(data.get("access", 0)),
            endpoint=None if data.get("endpoint") is None else str(data["endpoint"]),
            value_on=data.get("value_on"),
            value_off=data.get("value_off"),
            value_min=_number(data.get("value_min")),
            value_max=_number(data.get("value_max")),
            value_step=_number(data.get("value_step")),
            values=tuple(str(value) for value in values),
            unit=_text(data.get("unit")),
            features=tuple(cls.from_json(item, depth + 1) for item in features),
        )

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": self.type, "access": self.access}
        for key in _OPTIONAL_KEYS:
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        if self.values:
            data["values"] = list(self.values)
        if self.features:
            data["features"] = [feature.to_json() for feature in self.features]
        return data


@dataclass(frozen=True)
class Control:
    """What ting drives on one device (or endpoint, or group) and how."""

    domain: str
    """``light``, ``switch``, ``cover``, ``lock``, ``climate``, ``fan``; ``sensor`` for nothing settable."""
    state: Expose | None = None
    """The on/off (binary) or, for covers, OPEN/CLOSE (enum) feature."""
    brightness: Expose | None = None
    setpoint: Expose | None = None
    system_mode: Expose | None = None
    position: Expose | None = None
    capabilities: frozenset[str] = field(default_factory=frozenset)

    @property
    def gettable(self) -> tuple[str, ...]:
        """Properties ting may ask for with ``/get``."""
        parts = (self.state, self.brightness, self.setpoint, self.system_mode, self.position)
        return tuple(part.property for part in parts if part and part.property and part.can(ACCESS_GET))


def control_for(exposes: Sequence[Expose], endpoint: str | None = None) -> Control:
    """The specific expose for ``endpoint`` (None: the first one), else a settable binary ``state``."""
    for expose in exposes:
        if expose.type in SPECIFIC_TYPES and (endpoint is None or expose.endpoint == endpoint):
            return _specific(expose)
    for expose in exposes:
        if expose.type == "binary" and expose.name == "state" and (endpoint in (None, expose.endpoint)):
            return _control("switch", state=expose)
    return Control(domain="sensor")


def group_control(members: Sequence[Control]) -> Control:
    """A group is sent the plain properties (``state``, ``brightness``) and can do what all its members
    can; its domain is its first member's."""
    if not members:
        return Control(domain="switch")
    first = members[0]
    shared = frozenset.intersection(*(member.capabilities for member in members))
    return replace(
        first,
        capabilities=shared,
        state=_plain(first.state),
        brightness=_plain(first.brightness) if "brightness" in shared else None,
        setpoint=_plain(first.setpoint) if "temperature" in shared else None,
        system_mode=_plain(first.system_mode),
        position=_plain(first.position),
    )


def _plain(part: Expose | None) -> Expose | None:
    return None if part is None else replace(part, property=part.name, endpoint=None)


def _specific(expose: Expose) -> Control:
    if expose.type == "cover":
        return _control("cover", state=expose.feature("state"), position=expose.feature("position"))
    if expose.type == "climate":
        return _control(
            "climate",
            state=expose.feature("state"),
            setpoint=expose.feature(*SETPOINTS),
            system_mode=expose.feature("system_mode"),
        )
    return _control(expose.type, state=expose.feature("state"), brightness=expose.feature("brightness"))


def _control(domain: str, **parts: Expose | None) -> Control:
    settable = {name: part for name, part in parts.items() if part is not None and part.can(ACCESS_SET)}
    capabilities: set[str] = set()
    if domain == "cover":
        if settable.get("state") or settable.get("position"):
            capabilities.add("open_close")
    elif domain == "lock":
        pass  # locking is not a ting capability yet (the household model grows it)
    else:
        mode = settable.get("system_mode")
        if settable.get("state") or (mode is not None and "off" in mode.values and len(mode.values) > 1):
            capabilities.add("on_off")
        if settable.get("brightness"):
            capabilities.add("brightness")
        if settable.get("setpoint"):
            capabilities.add("temperature")
    return Control(domain=domain, capabilities=frozenset(capabilities), **parts)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise MessageError(f"access must be a whole number, not {_show(value)}")
    return value


def _number(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise MessageError(f"expected a number, not {_show(value)}")
    return value


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:80] + "…"
