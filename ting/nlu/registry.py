"""The household registry: areas, devices, scenes, what device types are called, sites.

Read from YAML (``load_household``); ``None`` gives the built-in demo household
(``ting/data/demo-home.yaml``). A bad file raises ``ConfigError`` naming the file and key.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, cast

import yaml

from ting.errors import ConfigError

_LOGGER = logging.getLogger(__name__)

Names = Mapping[str, tuple[str, ...]]
"""Language code -> aliases."""
State = Literal["on", "off"]
CAPABILITIES = frozenset({"on_off", "brightness", "temperature", "open_close"})
LANGUAGES = ("zh", "en")


@dataclass(frozen=True)
class Area:
    id: str
    names: Names


@dataclass(frozen=True)
class Device:
    id: str
    area: str
    domain: str
    names: Names
    capabilities: frozenset[str]
    """``on_off``, ``brightness``, ``temperature``, ``open_close`` (covers: open = on)."""
    min_temperature_c: float | None = None
    max_temperature_c: float | None = None


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
    sites: Mapping[str, str] = field(default_factory=dict)
    """siteId -> area id."""

    def device(self, device_id: str) -> Device | None:
        return self.devices.get(device_id)

    def area(self, area_id: str) -> Area | None:
        return self.areas.get(area_id)

    def scene(self, scene_id: str) -> Scene | None:
        return self.scenes.get(scene_id)

    def devices_matching(self, *, area: str | None = None, domain: str | None = None) -> tuple[Device, ...]:
        """Devices in ``area`` and/or of ``domain`` (every device when both are None), in file order."""
        return tuple(
            device
            for device in self.devices.values()
            if (area is None or device.area == area) and (domain is None or device.domain == domain)
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
    """Read a household YAML file; ``None`` for the built-in demo household. A file that leaves out
    ``domain_names`` gets the built-in ones ("灯", "lights", "空调" ...)."""
    if path is None:
        return _demo()
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except OSError as error:
        raise ConfigError(f"{path}: cannot read household file: {error.strerror}") from None
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: not valid YAML: {error}") from None
    household = _parse(data, str(path), _lines(text))
    if not household.domain_names:
        household = replace(household, domain_names=_demo().domain_names)
    return household


@cache
def _demo() -> Household:
    source = resources.files("ting.data").joinpath("demo-home.yaml")
    return _parse(yaml.safe_load(source.read_text(encoding="utf-8")), "demo-home.yaml", {})


def _lines(text: str) -> dict[str, int]:
    """Dotted key -> the (1-based) line it is on, for error messages."""
    found: dict[str, int] = {}

    def walk(node: yaml.Node, path: str) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                dotted = f"{path}.{key.value}" if path else str(key.value)
                found[dotted] = key.start_mark.line + 1
                walk(value, dotted)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                found[f"{path}[{index}]"] = item.start_mark.line + 1
                walk(item, f"{path}[{index}]")

    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return found
    if root is not None:
        walk(root, "")
    return found


class _Reader:
    """Checks values at a dotted key and raises ``ConfigError`` naming file, line and key."""

    def __init__(self, source: str, lines: Mapping[str, int]) -> None:
        self.source = source
        self.lines = lines

    def fail(self, key: str, expected: str, got: Any) -> ConfigError:
        line = self.lines.get(key) or self.lines.get(key.rsplit(".", 1)[0])
        where = f"{self.source}, line {line}" if line else self.source
        return ConfigError(f"{where}: {key}: expected {expected} (got {got!r})")

    def mapping(self, value: Any, key: str) -> Mapping[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, Mapping) or not all(isinstance(name, str) for name in value):
            raise self.fail(key, "a mapping with string keys", value)
        return value

    def names(self, value: Any, key: str) -> Names:
        names: dict[str, tuple[str, ...]] = {}
        for lang, aliases in self.mapping(value, key).items():
            if lang not in LANGUAGES:
                raise self.fail(f"{key}.{lang}", f"a language in {LANGUAGES}", lang)
            if isinstance(aliases, str):
                aliases = [aliases]
            if not isinstance(aliases, list) or not all(
                isinstance(alias, str) and alias for alias in aliases
            ):
                raise self.fail(f"{key}.{lang}", "a list of names", aliases)
            names[lang] = tuple(aliases)
        return names

    def number(self, value: Any, key: str) -> float | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(key, "a number", value)
        return float(value)

    def reference(self, value: Any, key: str, known: Mapping[str, Any], what: str) -> str:
        if value not in known:
            raise self.fail(key, f"one of the {what} ids {sorted(known)}", value)
        return str(value)


def _parse(data: Any, source: str, lines: Mapping[str, int]) -> Household:
    reader = _Reader(source, lines)
    top = reader.mapping(data, "(top level)")
    unknown = set(top) - {"areas", "devices", "scenes", "domain_names", "sites"}
    if unknown:
        raise reader.fail(
            sorted(unknown)[0], "one of areas, devices, scenes, domain_names, sites", "unknown key"
        )
    areas = {
        area_id: Area(
            area_id,
            reader.names(reader.mapping(spec, f"areas.{area_id}").get("names"), f"areas.{area_id}.names"),
        )
        for area_id, spec in reader.mapping(top.get("areas"), "areas").items()
    }
    devices = {
        device_id: _device(reader, device_id, reader.mapping(spec, f"devices.{device_id}"), areas)
        for device_id, spec in reader.mapping(top.get("devices"), "devices").items()
    }
    domain_names = {
        domain: reader.names(names, f"domain_names.{domain}")
        for domain, names in reader.mapping(top.get("domain_names"), "domain_names").items()
    }
    scenes = {
        scene_id: _scene(reader, scene_id, reader.mapping(spec, f"scenes.{scene_id}"), areas, devices)
        for scene_id, spec in reader.mapping(top.get("scenes"), "scenes").items()
    }
    sites = {
        site: reader.reference(area, f"sites.{site}", areas, "area")
        for site, area in reader.mapping(top.get("sites"), "sites").items()
    }
    _LOGGER.debug("%s: %d areas, %d devices, %d scenes", source, len(areas), len(devices), len(scenes))
    return Household(areas, devices, scenes, domain_names, sites)


def _device(reader: _Reader, device_id: str, spec: Mapping[str, Any], areas: Mapping[str, Area]) -> Device:
    key = f"devices.{device_id}"
    domain = spec.get("domain")
    if not isinstance(domain, str) or not domain:
        raise reader.fail(f"{key}.domain", "a domain name (light, climate, cover, switch, fan ...)", domain)
    capabilities = spec.get("capabilities", ["on_off"])
    if not isinstance(capabilities, list) or not set(capabilities) <= CAPABILITIES:
        raise reader.fail(f"{key}.capabilities", f"a list of {sorted(CAPABILITIES)}", capabilities)
    return Device(
        id=device_id,
        area=reader.reference(spec.get("area"), f"{key}.area", areas, "area"),
        domain=domain,
        names=reader.names(spec.get("names"), f"{key}.names"),
        capabilities=frozenset(capabilities),
        min_temperature_c=reader.number(spec.get("min_temperature_c"), f"{key}.min_temperature_c"),
        max_temperature_c=reader.number(spec.get("max_temperature_c"), f"{key}.max_temperature_c"),
    )


def _scene(
    reader: _Reader,
    scene_id: str,
    spec: Mapping[str, Any],
    areas: Mapping[str, Area],
    devices: Mapping[str, Device],
) -> Scene:
    key = f"scenes.{scene_id}"
    actions = spec.get("actions") or []
    if not isinstance(actions, list):
        raise reader.fail(f"{key}.actions", "a list of actions", actions)
    return Scene(
        id=scene_id,
        names=reader.names(spec.get("names"), f"{key}.names"),
        actions=tuple(
            _action(
                reader,
                f"{key}.actions[{index}]",
                reader.mapping(action, f"{key}.actions[{index}]"),
                areas,
                devices,
            )
            for index, action in enumerate(actions)
        ),
    )


def _action(
    reader: _Reader,
    key: str,
    spec: Mapping[str, Any],
    areas: Mapping[str, Area],
    devices: Mapping[str, Device],
) -> SceneAction:
    unknown = set(spec) - {"device", "area", "domain", "all", "state", "brightness", "temperature_c"}
    if unknown:
        raise reader.fail(
            f"{key}.{sorted(unknown)[0]}", "device, area, domain, all, state, brightness, temperature_c", "?"
        )
    has_target = any(spec.get(name) is not None for name in ("device", "area", "domain"))
    if has_target == bool(spec.get("all")):
        raise reader.fail(key, "a target: device, or area and/or domain, or all: true", dict(spec))
    state = spec.get("state")
    if isinstance(state, bool):  # unquoted on/off in YAML 1.1
        state = "on" if state else "off"
    if state not in (None, "on", "off"):
        raise reader.fail(f"{key}.state", '"on" or "off"', state)
    state = cast(State | None, state)
    brightness = spec.get("brightness")
    if brightness is not None and (not isinstance(brightness, int) or not 0 <= brightness <= 100):
        raise reader.fail(f"{key}.brightness", "a whole number 0-100", brightness)
    return SceneAction(
        device=reader.reference(spec["device"], f"{key}.device", devices, "device")
        if spec.get("device")
        else None,
        area=reader.reference(spec["area"], f"{key}.area", areas, "area") if spec.get("area") else None,
        domain=str(spec["domain"]) if spec.get("domain") else None,
        state=state,
        brightness=brightness,
        temperature_c=reader.number(spec.get("temperature_c"), f"{key}.temperature_c"),
    )
