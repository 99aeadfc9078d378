"""Device names, numbers and state sentences in the request's language."""

from __future__ import annotations

from ting.nlu.registry import Device, Household, Names
from ting.skills.home.kind_phrases import HVAC_MODE_NAMES, KIND_PHRASES, mode_name
from ting.skills.home.phrases import say
from ting.skills.sdk import DeviceState
from ting.skills.sdk.colors import color_name
from ting.skills.sdk.home import fan_step
from ting.skills.sdk.speech import join_list, zh_decimal


def name_in(names: Names, lang: str, fallback: str) -> str:
    """The first alias in ``lang``, else in any language, else ``fallback``."""
    for aliases in (names.get(lang), *names.values()):
        if aliases:
            return aliases[0]
    return fallback


def device_name(device: Device, lang: str) -> str:
    """``the kitchen light`` / ``厨房灯``."""
    name = name_in(device.names, lang, device.id)
    return name if lang == "zh" else f"the {name}"


def devices_name(devices: tuple[Device, ...] | list[Device], lang: str) -> str:
    return join_list([device_name(device, lang) for device in devices], lang)


def area_name(household: Household, area_id: str, lang: str) -> str:
    area = household.area(area_id)
    return area_id if area is None else name_in(area.names, lang, area_id)


def number(value: float, lang: str) -> str:
    """26 -> 二十六 / 26; 25.5 -> 二十五点五 / 25.5."""
    return zh_decimal(value) if lang == "zh" else f"{value:g}"


def be(device: Device, lang: str) -> str:
    """English verb agreement: "the curtains are", "the TV is"."""
    name = name_in(device.names, lang, device.id)
    return "are" if name.endswith("s") and not name.endswith("ss") else "is"


def state_sentence(device: Device, state: DeviceState, lang: str, household: Household | None = None) -> str:
    """ "The bedroom light is at 20 percent." / "卧室灯开着，亮度百分之二十。"."""
    values = {"device": device_name(device, lang), "be": be(device, lang)}
    if not state.available:
        return say("state_unavailable", lang, **values)
    kind_sentence = _kind_sentence(device, state, lang, values, household)
    if kind_sentence is not None:
        return kind_sentence
    if device.domain == "cover" or "open_close" in device.capabilities:
        if state.on and state.position_percent not in (None, 100):
            return say("state_position", lang, percent=number(state.position_percent or 0, lang), **values)
        return say("state_open" if state.on else "state_closed", lang, **values)
    if not state.on:
        return say("state_off", lang, **values)
    if "fan_speed" in device.capabilities and fan_step(device, state.fan_percent):
        return say(
            "state_fan_step", lang, step=number(fan_step(device, state.fan_percent) or 0, lang), **values
        )
    if state.rgb is not None:
        return say("state_color", lang, color=color_name(state.rgb, lang), **values)
    if state.hvac_mode not in (None, "off") and state.temperature_c is not None:
        mode = mode_name(HVAC_MODE_NAMES, state.hvac_mode or "", lang)
        return say("state_hvac", lang, mode=mode, degrees=number(state.temperature_c, lang), **values)
    if state.brightness_percent is not None:
        return say("state_brightness", lang, percent=number(state.brightness_percent, lang), **values)
    if state.temperature_c is not None:
        return say("state_temperature", lang, degrees=number(state.temperature_c, lang), **values)
    return say("state_on", lang, **values)


def _kind_sentence(
    device: Device, state: DeviceState, lang: str, values: dict[str, str], household: Household | None
) -> str | None:
    """Locks, sensors, vacuums and media players, which are not simply on or off."""
    if "lock" in device.capabilities:
        return say("state_locked" if state.locked else "state_unlocked", lang, **values)
    if device.domain == "binary_sensor":
        if device.device_class == "motion":
            return say("state_motion" if state.on else "state_no_motion", lang, **values)
        return say("state_open" if state.on else "state_closed", lang, **values)
    if device.domain == "sensor":
        return reading_sentence(device, state, lang, values, household)
    if state.activity is not None and device.capabilities & {"start_stop", "play_pause"}:
        if device.domain == "media_player" and not state.on:
            return say("state_off", lang, **values)
        key = f"state_{state.activity}"
        return say(key if key in KIND_PHRASES else "state_idle", lang, **values)
    return None


def reading_sentence(
    device: Device, state: DeviceState, lang: str, values: dict[str, str], household: Household | None
) -> str:
    value = number(state.value if state.value is not None else 0.0, lang)
    place = area_place(household, device.area, lang)
    match device.device_class:
        case "temperature":
            return say("state_room_temperature", lang, degrees=value, place=place)
        case "humidity":
            return say("state_humidity", lang, value=value, place=place)
        case "illuminance" | "power" | "battery":
            return say(f"state_{device.device_class}", lang, value=value, **values)
    unit = f" {device.unit}" if device.unit else ""
    return say("state_reading", lang, value=f"{value}{unit}", **values)


def area_place(household: Household | None, area_id: str, lang: str) -> str:
    """ "the living room" / "客厅" (the id, spaced, without a household)."""
    name = area_id.replace("_", " ") if household is None else area_name(household, area_id, lang)
    return name if lang == "zh" else f"the {name}"
