"""The household registry: floors, areas, devices, scenes, what device kinds are called, sites.

Read from YAML by ``load_household`` (``ting.nlu.household_file``; the schema is in docs/home.md);
``None`` gives the built-in demo household (``ting/data/demo-home.yaml``). A bad file raises
``ConfigError`` naming the file, the line and the key. Backends that know the home themselves (Home
Assistant's registries) build a ``Household`` directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

Names = Mapping[str, tuple[str, ...]]
"""Language code -> aliases."""
State = Literal["on", "off"]
LANGUAGES = ("zh", "en")

CAPABILITIES = frozenset(
    {
        "on_off",
        "brightness",
        "temperature",
        "open_close",
        "position",
        "tilt",
        "lock",
        "fan_speed",
        "oscillate",
        "color",
        "color_temp",
        "hvac_mode",
        "fan_mode",
        "current_temperature",
        "sensor",
        "start_stop",
        "return_home",
        "play_pause",
        "volume",
        "activate",
    }
)
"""What a device can do; each ``HomeBackend`` method needs one (docs/home.md has the table)."""

DEFAULT_CAPABILITIES: Mapping[str, tuple[str, ...]] = {
    "cover": ("open_close",),
    "lock": ("lock",),
    "sensor": ("sensor",),
    "binary_sensor": ("sensor",),
    "vacuum": ("start_stop", "return_home"),
    "media_player": ("on_off", "play_pause", "volume"),
    "script": ("activate",),
    "scene": ("activate",),
}
"""A device's capabilities when its entry lists none; any other domain: ``on_off``."""

CONFIRMED_DOMAINS = frozenset({"lock", "alarm_control_panel"})
CONFIRMED_DEVICE_CLASSES = frozenset({"garage", "garage_door", "gate", "door"})
"""Covers of these classes (and every lock, alarm panel) ask "are you sure?" before they act."""

DEFAULT_HVAC_MODES = ("off", "cool", "heat", "auto", "dry", "fan_only")
DEFAULT_FAN_MODES = ("auto", "low", "medium", "high")
DEFAULT_MIN_COLOR_TEMP_KELVIN = 2700
DEFAULT_MAX_COLOR_TEMP_KELVIN = 6500


@dataclass(frozen=True)
class Floor:
    id: str
    names: Names
    level: int | None = None
    """0 for the ground floor, 1 for the one above ... (None: not known)."""


@dataclass(frozen=True)
class Area:
    id: str
    names: Names
    floor: str | None = None
    """Floor id, or None."""


@dataclass(frozen=True)
class Device:
    id: str
    area: str
    domain: str
    names: Names
    capabilities: frozenset[str]
    """A subset of ``CAPABILITIES`` (covers: open = on)."""
    min_temperature_c: float | None = None
    max_temperature_c: float | None = None
    device_class: str | None = None
    """What kind of sensor, cover or switch: ``temperature``, ``humidity``, ``illuminance``, ``power``,
    ``battery`` (sensors), ``door``, ``window``, ``motion`` (binary sensors), ``curtain``, ``blind``,
    ``garage`` (covers) ... Requests for a kind (``哪些窗户开着``) match a domain or a device class."""
    unit: str | None = None
    """Unit of a sensor's reading (``°C``, ``%``, ``lx``, ``W``)."""
    fan_speed_count: int | None = None
    """Fans with steps (``三档``): how many; the percentage of step n is ``100 * n / count``."""
    hvac_modes: tuple[str, ...] = ()
    """Climate modes the device offers (``hvac_mode`` capability): off, cool, heat, auto, dry, fan_only."""
    fan_modes: tuple[str, ...] = ()
    """Climate fan modes (``fan_mode`` capability): auto, low, medium, high ..."""
    min_color_temp_kelvin: int | None = None
    max_color_temp_kelvin: int | None = None
    confirm: bool = False
    """Asks for a spoken yes before acting (locks, garage doors, alarm panels by default)."""
    backend: str | None = None
    """Which backend drives the device (``home_assistant``, ``zigbee2mqtt``, ``tasmota``); None: the
    configured default (the simulated home)."""
    address: str | None = None
    """The device's name in its backend (a Home Assistant entity id, a Zigbee2MQTT friendly name, a
    Tasmota topic); None: the same as ``id``."""

    @property
    def kinds(self) -> frozenset[str]:
        """What a request for a kind of device may call it by: its domain and its device class."""
        return frozenset(kind for kind in (self.domain, self.device_class) if kind)

    @property
    def backend_address(self) -> str:
        return self.address or self.id

    def color_temp_range_kelvin(self) -> tuple[int, int]:
        low = self.min_color_temp_kelvin or DEFAULT_MIN_COLOR_TEMP_KELVIN
        high = self.max_color_temp_kelvin or DEFAULT_MAX_COLOR_TEMP_KELVIN
        return low, high


@dataclass(frozen=True)
class SceneAction:
    """What a scene does to its targets: a device, or devices by area and/or domain, or (none given) all."""

    device: str | None = None
    area: str | None = None
    domain: str | None = None
    state: State | None = None
    brightness: int | None = None
    temperature_c: float | None = None

    @property
    def targets_all(self) -> bool:
        return self.device is None and self.area is None and self.domain is None


@dataclass(frozen=True)
class Scene:
    id: str
    names: Names
    actions: tuple[SceneAction, ...]


@dataclass(frozen=True)
class Household:
    areas: Mapping[str, Area]
    devices: Mapping[str, Device]
    scenes: Mapping[str, Scene]
    domain_names: Mapping[str, Names] = field(default_factory=dict)
    """What a kind of device is called (a domain or a device class): ``light`` -> 灯, lights."""
    sites: Mapping[str, str] = field(default_factory=dict)
    """siteId -> area id."""
    floors: Mapping[str, Floor] = field(default_factory=dict)

    def device(self, device_id: str) -> Device | None:
        return self.devices.get(device_id)

    def area(self, area_id: str) -> Area | None:
        return self.areas.get(area_id)

    def floor(self, floor_id: str) -> Floor | None:
        return self.floors.get(floor_id)

    def scene(self, scene_id: str) -> Scene | None:
        return self.scenes.get(scene_id)

    def devices_matching(
        self, *, area: str | None = None, domain: str | None = None, floor: str | None = None
    ) -> tuple[Device, ...]:
        """Devices in ``area``, on ``floor`` and/or of the kind ``domain`` (a domain or a device class),
        every device when all are None, in file order."""
        floor_areas = None if floor is None else {a.id for a in self.areas.values() if a.floor == floor}
        return tuple(
            device
            for device in self.devices.values()
            if (area is None or device.area == area)
            and (floor_areas is None or device.area in floor_areas)
            and (domain is None or domain in device.kinds)
        )

    def scene_targets(self, action: SceneAction) -> tuple[Device, ...]:
        """The devices a scene action applies to."""
        if action.device is not None:
            device = self.devices.get(action.device)
            return (device,) if device else ()
        return self.devices_matching(area=action.area, domain=action.domain)

    def area_for_site(self, site_id: str) -> str | None:
        """The area a site is in: the explicit sites mapping first, then a siteId that is an area id."""
        if site_id in self.sites:
            return self.sites[site_id]
        return site_id if site_id in self.areas else None

    def with_sites(self, sites: Mapping[str, str]) -> Household:
        """A copy whose sites mapping is extended (and overridden) by ``sites``."""
        return replace(self, sites={**self.sites, **sites})


def load_household(path: Path | None) -> Household:
    """Read a household YAML file; ``None`` for the built-in demo household. Kinds the file does not name
    in ``domain_names`` get the built-in names ("灯", "lights", "空调" ...)."""
    from ting.nlu.household_file import load_household_file  # it imports this module

    return load_household_file(path)
