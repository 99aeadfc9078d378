"""Which devices a home request means, from its ``device`` / ``area`` / ``domain`` slots.

Rules, in order:

1. ``device`` given: that device (unknown id -> ``unknown_device``). With an ``area`` too, the device must be
   there: the recognizer keeps both only when the room said is not the device's ("the desk lamp in the
   kitchen" with the desk lamp in the study -> ``elsewhere``, naming where it is, rather than acting on
   another room's device).
2. ``area`` and/or ``floor`` given: the devices there of ``domain`` (a domain or a device class),
   or, with no domain, of the intent's default domain (``DEFAULT_DOMAIN``: lights for brightness and
   colour, climate for temperature and modes, covers for positions, locks ...); every device there for
   ``home.get_state``, every device that switches on and off there for turn on/off ("turn off everything
   in the bathroom", 把卫生间的电器都关了: the recognizer gives turn on/off an area without a kind only
   for those).
3. only ``domain`` given: the devices of that domain in the area of the site that spoke
   (``request.area``); a site with no known area means the whole home.
4. nothing given: the default domain in the site's area; no known area -> ``which_device``.

Then the devices must support what the intent needs (brightness, temperature). If none of
the matched devices can, the answer names the first one (``cannot_dim`` / ``no_temperature``);
devices that can are kept and the others dropped silently ("dim the living room" dims only
dimmable lights).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ting.nlu.registry import Device, Household

EVERYTHING_THERE = frozenset({"home.turn_on", "home.turn_off"})
"""Intents whose area said without a kind means every device there that switches on and off."""
SWITCHES = "on_off"
DEFAULT_DOMAIN: Mapping[str, str | None] = {
    "home.turn_on": "light",
    "home.turn_off": "light",
    "home.set_brightness": "light",
    "home.set_temperature": "climate",
    "home.get_state": None,
    "home.set_position": "cover",
    "home.set_tilt": "cover",
    "home.set_volume": "media_player",
    "home.lock": "lock",
    "home.unlock": "lock",
    "home.set_color": "light",
    "home.set_color_temp": "light",
    "home.set_fan_speed": "fan",
    "home.set_oscillation": "fan",
    "home.set_hvac_mode": "climate",
    "home.return_home": "vacuum",
}
REQUIRED_CAPABILITY: Mapping[str, tuple[str, str]] = {
    "home.set_brightness": ("brightness", "cannot_dim"),
    "home.set_temperature": ("temperature", "no_temperature"),
    "home.set_position": ("position", "no_position"),
    "home.set_tilt": ("tilt", "no_tilt"),
    "home.set_volume": ("volume", "no_volume"),
    "home.lock": ("lock", "cannot_lock"),
    "home.unlock": ("lock", "cannot_lock"),
    "home.set_color": ("color", "no_color"),
    "home.set_color_temp": ("color_temp", "no_color_temp"),
    "home.set_fan_speed": ("fan_speed", "no_fan_speed"),
    "home.set_oscillation": ("oscillate", "no_oscillation"),
    "home.set_hvac_mode": ("hvac_mode", "no_hvac_mode"),
    "home.return_home": ("return_home", "no_return_home"),
}
"""Intent -> (capability needed, phrase key when a device lacks it)."""


@dataclass(frozen=True)
class Resolution:
    devices: tuple[Device, ...] = ()
    problem: str | None = None
    """Phrase key explaining why ``devices`` is empty."""
    values: Mapping[str, Any] = field(default_factory=dict)
    """What the problem phrase refers to: ``area`` id or ``device``."""


def resolve(intent: str, slots: Mapping[str, Any], site_area: str | None, household: Household) -> Resolution:
    """The devices ``intent`` applies to, or the reason there are none."""
    matched = _match(intent, slots, site_area, household)
    if matched.problem is not None:
        return matched
    needed = REQUIRED_CAPABILITY.get(intent)
    if needed is None:
        return matched
    capability, problem = needed
    capable = tuple(device for device in matched.devices if capability in device.capabilities)
    if capable:
        return Resolution(devices=capable)
    return Resolution(problem=problem, values={"device": matched.devices[0]})


def _match(intent: str, slots: Mapping[str, Any], site_area: str | None, household: Household) -> Resolution:
    device_id, area_id, domain, floor = (
        _text(slots.get(name)) for name in ("device", "area", "domain", "floor")
    )
    if device_id is not None:
        device = household.device(device_id)
        if device is None:
            return Resolution(problem="unknown_device")
        if area_id is not None and device.area != area_id:
            return Resolution(problem="elsewhere", values={"device": device, "area": area_id})
        return Resolution(devices=(device,))
    if area_id is None and domain is None and floor is None and site_area is None:
        return Resolution(problem="which_device")
    area = area_id if area_id is not None or floor is not None or slots.get("whole_home") else site_area
    if intent in EVERYTHING_THERE and area_id is not None and domain is None:
        there = household.devices_matching(area=area, floor=floor)
        switched = tuple(device for device in there if SWITCHES in device.capabilities)
        return (
            Resolution(devices=switched)
            if switched
            else Resolution(problem="nothing_there", values={"area": area})
        )
    domain = domain if domain is not None else DEFAULT_DOMAIN.get(intent)
    devices = household.devices_matching(area=area, domain=domain, floor=floor)
    if devices:
        return Resolution(devices=devices)
    if area is None:
        return Resolution(problem="nothing_in_home")
    return Resolution(problem="nothing_there", values={"area": area})


def _text(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None
