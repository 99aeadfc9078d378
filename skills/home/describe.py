"""Device names, numbers and state sentences in the request's language."""

from __future__ import annotations

from ting.nlu.registry import Device, Household, Names
from ting.skills.home.phrases import say
from ting.skills.sdk import DeviceState
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


def state_sentence(device: Device, state: DeviceState, lang: str) -> str:
    """ "The bedroom light is at 20 percent." / "卧室灯开着，亮度百分之二十。"."""
    values = {"device": device_name(device, lang), "be": be(device, lang)}
    if device.domain == "cover" or "open_close" in device.capabilities:
        return say("state_open" if state.on else "state_closed", lang, **values)
    if not state.on:
        return say("state_off", lang, **values)
    if state.brightness_percent is not None:
        return say("state_brightness", lang, percent=number(state.brightness_percent, lang), **values)
    if state.temperature_c is not None:
        return say("state_temperature", lang, degrees=number(state.temperature_c, lang), **values)
    return say("state_on", lang, **values)
