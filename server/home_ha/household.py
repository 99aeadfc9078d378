"""Home Assistant's registries and states -> ting's ``Household``.

Floors, areas and entities keep Home Assistant's ids (a device's id is its entity id, ``light.kitchen``);
names and aliases go to ``zh`` when they are Chinese, else ``en``. An entity's area is its own, else its
device's; entities without one are in the area ``unassigned`` (reachable by name only). Capabilities come
from the state's attributes (``supported_features``, ``supported_color_modes``, ``hvac_modes`` ...).
Only entities of the domains ting drives, exposed to voice assistants (when Home Assistant says) and
passing ``allow`` / ``deny`` are taken.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping
from typing import Any

from ting.nlu.language import is_cjk
from ting.nlu.registry import Area, Device, Floor, Household
from ting.settings import HomeAssistantSettings

UNASSIGNED = "unassigned"
DOMAINS = frozenset(
    {"light", "switch", "input_boolean", "fan", "climate", "cover", "lock", "sensor", "binary_sensor",
     "vacuum", "media_player", "script", "scene"}
)  # fmt: skip
SENSOR_CLASSES = frozenset({"temperature", "humidity", "illuminance", "power", "battery"})
COLOR_MODES = frozenset({"hs", "xy", "rgb", "rgbw", "rgbww"})
# Feature bits of Home Assistant's entity models (CoverEntityFeature, FanEntityFeature ...).
COVER_SET_POSITION, COVER_SET_TILT_POSITION = 4, 128
FAN_SET_SPEED, FAN_OSCILLATE = 1, 2
VACUUM_RETURN_HOME = 16


def names_of(texts: Iterable[str | None]) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for text in texts:
        if text and text.strip():
            lang = "zh" if any(is_cjk(char) for char in text) else "en"
            if text.strip() not in found.setdefault(lang, []):
                found[lang].append(text.strip())
    return {lang: tuple(items) for lang, items in found.items()}


def allowed(entity_id: str, settings: HomeAssistantSettings, exposed: set[str] | None) -> bool:
    if any(fnmatch.fnmatchcase(entity_id, pattern) for pattern in settings.deny):
        return False
    if settings.allow and not any(fnmatch.fnmatchcase(entity_id, pattern) for pattern in settings.allow):
        return False
    return exposed is None or entity_id in exposed


def exposed_entities(answer: Any) -> set[str]:
    """``homeassistant/expose_entity/list``'s answer -> the entities exposed to Assist."""
    entities = answer.get("exposed_entities", {}) if isinstance(answer, dict) else {}
    return {
        entity_id for entity_id, to in entities.items() if isinstance(to, dict) and to.get("conversation")
    }


def build_household(
    *,
    floors: list[dict[str, Any]],
    areas: list[dict[str, Any]],
    devices: list[dict[str, Any]],
    entities: list[dict[str, Any]],
    states: Mapping[str, dict[str, Any]],
    settings: HomeAssistantSettings,
    exposed: set[str] | None,
    domain_names: Mapping[str, Mapping[str, tuple[str, ...]]],
) -> Household:
    ting_floors = {
        str(floor["floor_id"]): Floor(
            str(floor["floor_id"]),
            names_of([floor.get("name"), *(floor.get("aliases") or [])]),
            floor.get("level") if isinstance(floor.get("level"), int) else None,
        )
        for floor in floors
        if floor.get("floor_id")
    }
    ting_areas = {
        str(area["area_id"]): Area(
            str(area["area_id"]),
            names_of([area.get("name"), *(area.get("aliases") or [])]),
            area.get("floor_id") if area.get("floor_id") in ting_floors else None,
        )
        for area in areas
        if area.get("area_id")
    }
    device_areas = {str(device.get("id")): device.get("area_id") for device in devices}
    registry = {str(entry.get("entity_id")): entry for entry in entities}
    ting_devices: dict[str, Device] = {}
    for entity_id, state in states.items():
        domain = entity_id.partition(".")[0]
        entry = registry.get(entity_id, {})
        if domain not in DOMAINS or not allowed(entity_id, settings, exposed):
            continue
        if entry.get("disabled_by") or entry.get("hidden_by"):
            continue
        area = entry.get("area_id") or device_areas.get(str(entry.get("device_id")))
        if area not in ting_areas:
            area = UNASSIGNED
        attributes = state.get("attributes") or {}
        name = entry.get("name") or attributes.get("friendly_name") or entry.get("original_name")
        names = names_of([name, *(entry.get("aliases") or [])])
        ting_devices[entity_id] = device_of(entity_id, str(area), names, attributes)
    if any(device.area == UNASSIGNED for device in ting_devices.values()):
        ting_areas[UNASSIGNED] = Area(UNASSIGNED, {})
    return Household(ting_areas, ting_devices, {}, dict(domain_names), {}, ting_floors)


def device_of(
    entity_id: str, area: str, names: Mapping[str, tuple[str, ...]], attributes: dict[str, Any]
) -> Device:
    domain = entity_id.partition(".")[0]
    features = attributes.get("supported_features") or 0
    features = features if isinstance(features, int) else 0
    capabilities: set[str] = set()
    extra: dict[str, Any] = {}
    device_class = attributes.get("device_class") if isinstance(attributes.get("device_class"), str) else None
    if domain == "light":
        modes = set(attributes.get("supported_color_modes") or [])
        capabilities |= {"on_off"} | ({"brightness"} if modes - {"onoff"} else set())
        capabilities |= {"color"} if modes & COLOR_MODES else set()
        if "color_temp" in modes:
            capabilities.add("color_temp")
            extra["min_color_temp_kelvin"] = attributes.get("min_color_temp_kelvin")
            extra["max_color_temp_kelvin"] = attributes.get("max_color_temp_kelvin")
    elif domain == "cover":
        capabilities |= {"open_close"}
        capabilities |= {"position"} if features & COVER_SET_POSITION else set()
        capabilities |= {"tilt"} if features & COVER_SET_TILT_POSITION else set()
    elif domain == "climate":
        capabilities |= {"on_off", "temperature", "current_temperature"}
        if attributes.get("hvac_modes"):
            capabilities.add("hvac_mode")
            extra["hvac_modes"] = tuple(str(mode) for mode in attributes["hvac_modes"])
        if attributes.get("fan_modes"):
            capabilities.add("fan_mode")
            extra["fan_modes"] = tuple(str(mode) for mode in attributes["fan_modes"])
        for key, name in (("min_temp", "min_temperature_c"), ("max_temp", "max_temperature_c")):
            if isinstance(attributes.get(key), int | float):
                extra[name] = float(attributes[key])
    elif domain == "fan":
        capabilities |= {"on_off"}
        if features & FAN_SET_SPEED:
            capabilities.add("fan_speed")
            step = attributes.get("percentage_step")
            if isinstance(step, int | float) and step > 0 and round(100 / step) <= 10:
                extra["fan_speed_count"] = round(100 / step)
        capabilities |= {"oscillate"} if features & FAN_OSCILLATE else set()
    elif domain == "lock":
        capabilities |= {"lock"}
    elif domain in ("sensor", "binary_sensor"):
        capabilities |= {"sensor"}
    elif domain == "vacuum":
        capabilities |= {"start_stop"} | (
            {"return_home"} if features & VACUUM_RETURN_HOME or not features else set()
        )
    elif domain == "media_player":
        capabilities |= {"on_off", "play_pause", "volume"}
    elif domain in ("script", "scene"):
        capabilities |= {"activate"}
    else:
        capabilities |= {"on_off"}
    confirm = domain in ("lock", "alarm_control_panel") or (
        domain == "cover" and device_class in ("garage", "gate", "door")
    )
    unit = attributes.get("unit_of_measurement")
    return Device(
        id=entity_id,
        area=area,
        domain="switch" if domain == "input_boolean" else domain,
        names=names,
        capabilities=frozenset(capabilities),
        device_class=device_class,
        unit=unit if isinstance(unit, str) else None,
        confirm=confirm,
        backend="home_assistant",
        address=entity_id,
        **{key: value for key, value in extra.items() if value is not None},
    )
