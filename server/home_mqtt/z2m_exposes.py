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
from typing import Any, cast

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
    """What ting drives (or reads) on one device, endpoint or group, and how."""

    domain: str
    """``light``, ``switch``, ``cover``, ``lock``, ``climate``, ``fan``; ``sensor`` / ``binary_sensor`` for a
    reading; ``sensor`` with no ``reading`` for nothing ting can use."""
    state: Expose | None = None
    """The on/off (binary; locks: LOCK/UNLOCK) or, for covers, OPEN/CLOSE (enum) feature."""
    brightness: Expose | None = None
    color: Expose | None = None
    """``color_xy`` or ``color_hs`` (composite, property ``color``)."""
    color_temp: Expose | None = None
    """In mired."""
    setpoint: Expose | None = None
    system_mode: Expose | None = None
    fan_mode: Expose | None = None
    """Fans: ``mode`` (off/low/medium/high ...); climate: ``fan_mode``."""
    local_temperature: Expose | None = None
    position: Expose | None = None
    tilt: Expose | None = None
    oscillation: Expose | None = None
    """Fans: a binary ``oscillation`` beside the fan expose (as Zigbee2MQTT's fan converters name it)."""
    reading: Expose | None = None
    """Sensors: the numeric or binary property read."""
    device_class: str | None = None
    capabilities: frozenset[str] = field(default_factory=frozenset)

    def parts(self) -> tuple[Expose | None, ...]:
        return (self.state, self.brightness, self.color, self.color_temp, self.setpoint, self.system_mode,
                self.fan_mode, self.local_temperature, self.position, self.tilt, self.oscillation,
                self.reading)  # fmt: skip

    @property
    def gettable(self) -> tuple[str, ...]:
        """Properties ting may ask for with ``/get``."""
        found = (part.property for part in self.parts() if part and part.property and part.can(ACCESS_GET))
        return tuple(dict.fromkeys(found))

    @property
    def fan_steps(self) -> tuple[str, ...]:
        """A fan's speed modes, slowest first (``low``, ``medium``, ``high`` as it has them)."""
        if self.domain != "fan" or self.fan_mode is None:
            return ()
        return tuple(mode for mode in FAN_STEPS if mode in self.fan_mode.values)


FAN_STEPS = ("low", "medium", "high")
SENSOR_CLASSES = {"temperature": "temperature", "humidity": "humidity", "illuminance": "illuminance",
                  "illuminance_lux": "illuminance", "power": "power", "battery": "battery",
                  "contact": "door", "occupancy": "motion"}  # fmt: skip
"""Zigbee2MQTT property -> ting device class, for sensors."""


def control_for(
    exposes: Sequence[Expose], endpoint: str | None = None, reading: str | None = None
) -> Control:
    """``reading`` given: a sensor of that property. Else the specific expose for ``endpoint`` (None: the
    first one), else a settable binary ``state``, else the first property a sensor is known by."""
    if reading is not None:
        found = next((expose for expose in exposes if expose.property == reading), None)
        return _sensor(found) if found is not None else Control(domain="sensor")
    for expose in exposes:
        if expose.type in SPECIFIC_TYPES and (endpoint is None or expose.endpoint == endpoint):
            control = _specific(expose)
            swing = next((e for e in exposes if e.type == "binary" and e.property == "oscillation"), None)
            if control.domain == "fan" and swing is not None:
                control = _control("fan", state=control.state, fan_mode=control.fan_mode, oscillation=swing)
            return control
    for expose in exposes:
        if expose.type == "binary" and expose.name == "state" and (endpoint in (None, expose.endpoint)):
            return _control("switch", state=expose)
    for expose in exposes:
        if expose.property in SENSOR_CLASSES:
            return _sensor(expose)
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
        color=_plain(first.color) if "color" in shared else None,
        color_temp=_plain(first.color_temp) if "color_temp" in shared else None,
        setpoint=_plain(first.setpoint) if "temperature" in shared else None,
        system_mode=_plain(first.system_mode),
        position=_plain(first.position) if "position" in shared else None,
        tilt=None,
        oscillation=None,
        fan_mode=None,
        local_temperature=None,
    )


def _plain(part: Expose | None) -> Expose | None:
    if part is None:
        return None
    return replace(part, property="color" if part.type == "composite" else part.name, endpoint=None)


def _sensor(expose: Expose) -> Control:
    binary = expose.type == "binary"
    return Control(
        domain="binary_sensor" if binary else "sensor",
        reading=expose,
        device_class=SENSOR_CLASSES.get(expose.property or ""),
        capabilities=frozenset({"sensor"}) if expose.can(ACCESS_STATE) else frozenset(),
    )


def _specific(expose: Expose) -> Control:
    if expose.type == "cover":
        return _control("cover", state=expose.feature("state"), position=expose.feature("position"),
                        tilt=expose.feature("tilt"))  # fmt: skip
    if expose.type == "climate":
        return _control(
            "climate",
            state=expose.feature("state"),
            setpoint=expose.feature(*SETPOINTS),
            system_mode=expose.feature("system_mode"),
            fan_mode=expose.feature("fan_mode"),
            local_temperature=expose.feature("local_temperature"),
        )
    if expose.type == "fan":
        return _control("fan", state=expose.feature("state"), fan_mode=expose.feature("mode"))
    return _control(
        expose.type,
        state=expose.feature("state"),
        brightness=expose.feature("brightness"),
        color=expose.feature("color_xy", "color_hs"),
        color_temp=expose.feature("color_temp"),
    )


_SETTABLE_CAPABILITY = {"brightness": "brightness", "setpoint": "temperature", "color": "color",
                        "color_temp": "color_temp", "position": "position", "tilt": "tilt",
                        "system_mode": "hvac_mode", "oscillation": "oscillate"}  # fmt: skip


def _control(domain: str, **parts: Expose | None) -> Control:
    settable = {name: part for name, part in parts.items() if part is not None and part.can(ACCESS_SET)}
    capabilities = {_SETTABLE_CAPABILITY[name] for name in settable if name in _SETTABLE_CAPABILITY}
    state, mode = settable.get("state"), settable.get("system_mode")
    if domain == "cover":
        if state or settable.get("position"):
            capabilities.add("open_close")
    elif domain == "lock":
        capabilities = {"lock"} if state else set()
    elif state or (mode is not None and "off" in mode.values and len(mode.values) > 1):
        capabilities.add("on_off")
    fan_mode = settable.get("fan_mode")
    if fan_mode is not None:
        if domain == "fan" and any(step in fan_mode.values for step in FAN_STEPS):
            capabilities.add("fan_speed")
        elif domain == "climate":
            capabilities.add("fan_mode")
    local = parts.get("local_temperature")
    if local is not None and local.can(ACCESS_STATE):
        capabilities.add("current_temperature")
    return Control(domain=domain, capabilities=frozenset(capabilities), **cast(dict[str, Any], parts))


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
