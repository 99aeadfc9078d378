"""Household YAML files -> ``Household`` (the schema, with defaults, is in docs/home.md).

Every value is checked where it is read; a bad one raises ``ConfigError`` naming the file, the line
(from the YAML node) and the dotted key, so "line 12: devices.fan.fan_speed_count: expected a whole
number 1-10" points at the mistake.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, cast

import yaml

from ting.errors import ConfigError
from ting.nlu.registry import (
    CAPABILITIES,
    CONFIRMED_DEVICE_CLASSES,
    CONFIRMED_DOMAINS,
    DEFAULT_CAPABILITIES,
    DEFAULT_FAN_MODES,
    DEFAULT_HVAC_MODES,
    LANGUAGES,
    Area,
    Device,
    Floor,
    Household,
    Names,
    Scene,
    SceneAction,
    State,
)

_LOGGER = logging.getLogger(__name__)

TOP_KEYS = ("floors", "areas", "devices", "scenes", "domain_names", "sites")
AREA_KEYS = ("names", "floor")
FLOOR_KEYS = ("names", "level")
DEVICE_KEYS = (
    "area", "domain", "names", "capabilities", "min_temperature_c", "max_temperature_c", "device_class",
    "unit", "fan_speed_count", "hvac_modes", "fan_modes", "min_color_temp_kelvin", "max_color_temp_kelvin",
    "confirm", "backend", "address",
)  # fmt: skip
ACTION_KEYS = ("device", "area", "domain", "all", "state", "brightness", "temperature_c")


def load_household_file(path: Path | None) -> Household:
    if path is None:
        return demo_household()
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except OSError as error:
        raise ConfigError(f"{path}: cannot read household file: {error.strerror}") from None
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: not valid YAML: {error}") from None
    household = parse_household(data, str(path), _lines(text))
    return replace(household, domain_names={**demo_household().domain_names, **household.domain_names})


@cache
def demo_household() -> Household:
    source = resources.files("ting.data").joinpath("demo-home.yaml")
    text = source.read_text(encoding="utf-8")
    return parse_household(yaml.safe_load(text), "demo-home.yaml", _lines(text))


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

    def mapping(self, value: Any, key: str, allowed: tuple[str, ...] = ()) -> Mapping[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, Mapping) or not all(isinstance(name, str) for name in value):
            raise self.fail(key, "a mapping with string keys", value)
        unknown = sorted(set(value) - set(allowed)) if allowed else []
        if unknown:
            raise self.fail(f"{key}.{unknown[0]}", f"one of {', '.join(allowed)}", "unknown key")
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

    def whole(self, value: Any, key: str, low: int, high: int) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(key, f"a whole number {low}-{high}", value)
        return value

    def text(self, value: Any, key: str) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str) or not value:
            raise self.fail(key, "a non-empty string", value)
        return value

    def words(self, value: Any, key: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
            raise self.fail(key, "a list of names", value)
        return tuple(value)

    def reference(self, value: Any, key: str, known: Mapping[str, Any], what: str) -> str:
        if value not in known:
            raise self.fail(key, f"one of the {what} ids {sorted(known)}", value)
        return str(value)


def parse_household(data: Any, source: str, lines: Mapping[str, int]) -> Household:
    reader = _Reader(source, lines)
    top = reader.mapping(data, "(top level)", TOP_KEYS)
    floors = {
        floor_id: _floor(reader, floor_id, reader.mapping(spec, f"floors.{floor_id}", FLOOR_KEYS))
        for floor_id, spec in reader.mapping(top.get("floors"), "floors").items()
    }
    areas = {
        area_id: _area(reader, area_id, reader.mapping(spec, f"areas.{area_id}", AREA_KEYS), floors)
        for area_id, spec in reader.mapping(top.get("areas"), "areas").items()
    }
    devices = {
        device_id: _device(
            reader, device_id, reader.mapping(spec, f"devices.{device_id}", DEVICE_KEYS), areas
        )
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
    return Household(areas, devices, scenes, domain_names, sites, floors)


def _floor(reader: _Reader, floor_id: str, spec: Mapping[str, Any]) -> Floor:
    key = f"floors.{floor_id}"
    return Floor(
        floor_id,
        reader.names(spec.get("names"), f"{key}.names"),
        reader.whole(spec.get("level"), f"{key}.level", -10, 200),
    )


def _area(reader: _Reader, area_id: str, spec: Mapping[str, Any], floors: Mapping[str, Floor]) -> Area:
    key = f"areas.{area_id}"
    floor = spec.get("floor")
    return Area(
        area_id,
        reader.names(spec.get("names"), f"{key}.names"),
        None if floor is None else reader.reference(floor, f"{key}.floor", floors, "floor"),
    )


def _device(reader: _Reader, device_id: str, spec: Mapping[str, Any], areas: Mapping[str, Area]) -> Device:
    key = f"devices.{device_id}"
    domain = spec.get("domain")
    if not isinstance(domain, str) or not domain:
        raise reader.fail(f"{key}.domain", "a domain name (light, climate, cover, switch, fan ...)", domain)
    capabilities = spec.get("capabilities", list(DEFAULT_CAPABILITIES.get(domain, ("on_off",))))
    if not isinstance(capabilities, list) or not set(capabilities) <= CAPABILITIES:
        raise reader.fail(f"{key}.capabilities", f"a list of {sorted(CAPABILITIES)}", capabilities)
    device_class = reader.text(spec.get("device_class"), f"{key}.device_class")
    confirm = spec.get(
        "confirm",
        domain in CONFIRMED_DOMAINS or (domain == "cover" and device_class in CONFIRMED_DEVICE_CLASSES),
    )
    if not isinstance(confirm, bool):
        raise reader.fail(f"{key}.confirm", "true or false", confirm)
    hvac_modes = reader.words(spec.get("hvac_modes"), f"{key}.hvac_modes")
    fan_modes = reader.words(spec.get("fan_modes"), f"{key}.fan_modes")
    return Device(
        id=device_id,
        area=reader.reference(spec.get("area"), f"{key}.area", areas, "area"),
        domain=domain,
        names=reader.names(spec.get("names"), f"{key}.names"),
        capabilities=frozenset(capabilities),
        min_temperature_c=reader.number(spec.get("min_temperature_c"), f"{key}.min_temperature_c"),
        max_temperature_c=reader.number(spec.get("max_temperature_c"), f"{key}.max_temperature_c"),
        device_class=device_class,
        unit=reader.text(spec.get("unit"), f"{key}.unit"),
        fan_speed_count=reader.whole(spec.get("fan_speed_count"), f"{key}.fan_speed_count", 1, 10),
        hvac_modes=hvac_modes or (DEFAULT_HVAC_MODES if "hvac_mode" in capabilities else ()),
        fan_modes=fan_modes or (DEFAULT_FAN_MODES if "fan_mode" in capabilities else ()),
        min_color_temp_kelvin=reader.whole(
            spec.get("min_color_temp_kelvin"), f"{key}.min_color_temp_kelvin", 1000, 10000
        ),
        max_color_temp_kelvin=reader.whole(
            spec.get("max_color_temp_kelvin"), f"{key}.max_color_temp_kelvin", 1000, 10000
        ),
        confirm=confirm,
        backend=reader.text(spec.get("backend"), f"{key}.backend"),
        address=reader.text(spec.get("address"), f"{key}.address"),
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
                reader.mapping(action, f"{key}.actions[{index}]", ACTION_KEYS),
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
