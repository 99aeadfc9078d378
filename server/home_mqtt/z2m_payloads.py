"""ting's states and commands in Zigbee2MQTT's terms, for one device's ``Control``: what a state payload
(``zigbee2mqtt/<name>``) says as ``DeviceState`` fields, and the ``/set`` payload of each command.

Units: brightness 0…``value_max`` (254) ↔ 0–100 %; colour temperature in mired ↔ kelvin; colours as CIE
xy (``color_xy``) or hue/saturation (``color_hs``) ↔ RGB; a fan's ``mode`` (low/medium/high) ↔ a speed
percentage; a contact sensor's ``contact: true`` is a closed door (ting: ``on`` is open).
"""

from __future__ import annotations

from typing import Any, TypeGuard

from ting.errors import HomeError
from ting.server.home_mqtt.z2m_exposes import ACCESS_SET, Control, Expose
from ting.skills.sdk.colors import hs_to_rgb, rgb_to_hs
from ting.skills.sdk.home import RGB

_CLIMATE_ON_MODES = ("auto", "heat", "cool")


def state_changes(control: Control, data: dict[str, Any]) -> dict[str, Any]:
    """The ``DeviceState`` fields a state payload sets (fields of wrong types are ignored)."""
    if control.reading is not None:
        return _reading(control, data)
    changes: dict[str, Any] = {}
    state = value(data, control.state)
    if control.domain == "cover":
        position, tilt = value(data, control.position), value(data, control.tilt)
        if _is_number(position):
            changes.update(on=position > 0, position_percent=_percent(position))
        elif isinstance(state, str):
            changes["on"] = state.upper() == "OPEN"
        if _is_number(tilt):
            changes["tilt_percent"] = _percent(tilt)
        return changes
    if control.domain == "lock":
        if state is not None and control.state is not None:
            locked = state == _on_value(control.state)
            changes.update(locked=locked, on=not locked)
        return changes
    mode = value(data, control.system_mode)
    if isinstance(mode, str):
        changes.update(on=mode != "off", hvac_mode=mode)
    elif state is not None and control.state is not None:
        changes["on"] = state == _on_value(control.state)
    changes.update(_light(control, data))
    changes.update(_climate(control, data))
    swing = value(data, control.oscillation)
    if swing is not None and control.oscillation is not None:
        changes["oscillating"] = swing == _on_value(control.oscillation)
    return changes


def oscillation_payload(control: Control, *, oscillating: bool) -> dict[str, Any]:
    swing = control.oscillation
    assert swing is not None
    return {prop(swing): _on_value(swing) if oscillating else _off_value(swing)}


def on_off(control: Control, *, on: bool) -> dict[str, Any]:
    if control.domain == "cover":
        if control.state is not None and control.state.can(ACCESS_SET):
            return {prop(control.state): "OPEN" if on else "CLOSE"}
        if control.position is not None:
            return {prop(control.position): 100 if on else 0}
    mode = control.system_mode
    if mode is not None and mode.can(ACCESS_SET) and "off" in mode.values:
        if not on:
            return {prop(mode): "off"}
        return {prop(mode): next((m for m in _CLIMATE_ON_MODES if m in mode.values), mode.values[0])}
    if control.state is None:
        raise HomeError(f"a {control.domain} without a state to switch")
    return {prop(control.state): _on_value(control.state) if on else _off_value(control.state)}


def lock_payload(control: Control, *, locked: bool) -> dict[str, Any]:
    assert control.state is not None
    state = control.state
    return {prop(state): _on_value(state, "LOCK") if locked else _off_value(state, "UNLOCK")}


def brightness_raw(brightness: Expose, percent: int) -> int:
    low, high = brightness.value_min or 0, brightness.value_max or 254
    return max(int(low), min(int(high), round(percent * high / 100)))


def mired(color_temp: Expose, kelvin: int) -> int:
    """Kelvin as mired, within the light's range."""
    low, high = color_temp.value_min or 150, color_temp.value_max or 500
    return max(int(low), min(int(high), round(1_000_000 / kelvin)))


def color_payload(color: Expose, rgb: RGB) -> dict[str, Any]:
    if color.name == "color_hs":
        hue, saturation = rgb_to_hs(rgb)
        return {"hue": hue, "saturation": saturation}
    x, y = rgb_to_xy(rgb)
    return {"x": x, "y": y}


def fan_mode_for(steps: tuple[str, ...], percent: int) -> str:
    """The slowest step at or above ``percent`` (1–33 % of three steps: low)."""
    index = max(1, -(-percent * len(steps) // 100))  # ceiling
    return steps[min(index, len(steps)) - 1]


def rgb_to_xy(rgb: RGB) -> tuple[float, float]:
    """sRGB -> CIE 1931 xy (D65, the conversion Zigbee lights document)."""
    linear = [_linear(part / 255) for part in rgb]
    x = linear[0] * 0.4124 + linear[1] * 0.3576 + linear[2] * 0.1805
    y = linear[0] * 0.2126 + linear[1] * 0.7152 + linear[2] * 0.0722
    z = linear[0] * 0.0193 + linear[1] * 0.1192 + linear[2] * 0.9505
    total = x + y + z
    return (0.3127, 0.329) if total == 0 else (round(x / total, 4), round(y / total, 4))


def xy_to_rgb(x: float, y: float) -> RGB:
    """CIE xy -> the brightest sRGB of that colour."""
    if y <= 0:
        return (255, 255, 255)
    big_x, big_z = x / y, (1 - x - y) / y
    red = big_x * 3.2406 - 1.5372 - big_z * 0.4986
    green = -big_x * 0.9689 + 1.8758 + big_z * 0.0415
    blue = big_x * 0.0557 - 0.2040 + big_z * 1.0570
    parts = [max(0.0, part) for part in (red, green, blue)]
    top = max(parts) or 1.0
    r, g, b = (round(_gamma(part / top) * 255) for part in parts)
    return r, g, b


def prop(expose: Expose) -> str:
    return expose.property or expose.name or "state"


def value(data: dict[str, Any], expose: Expose | None) -> Any:
    return None if expose is None else data.get(prop(expose))


def _light(control: Control, data: dict[str, Any]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    brightness = value(data, control.brightness)
    if _is_number(brightness) and control.brightness is not None:
        top = control.brightness.value_max or 254
        changes["brightness_percent"] = max(0, min(100, round(brightness * 100 / top)))
    color_temp = value(data, control.color_temp)
    if _is_number(color_temp) and color_temp > 0:
        changes["color_temp_kelvin"] = round(1_000_000 / color_temp)
    color = value(data, control.color)
    if isinstance(color, dict):
        if _is_number(color.get("hue")) and _is_number(color.get("saturation")):
            changes["rgb"] = hs_to_rgb(color["hue"], color["saturation"])
        elif _is_number(color.get("x")) and _is_number(color.get("y")):
            changes["rgb"] = xy_to_rgb(color["x"], color["y"])
    fan = value(data, control.fan_mode)
    steps = control.fan_steps
    if steps and isinstance(fan, str):
        if fan in steps:
            changes["fan_percent"] = round(100 * (steps.index(fan) + 1) / len(steps))
        elif fan == "off":
            changes["fan_percent"] = 0
    return changes


def _climate(control: Control, data: dict[str, Any]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    setpoint = value(data, control.setpoint)
    if _is_number(setpoint):
        changes["temperature_c"] = float(setpoint)
    local = value(data, control.local_temperature)
    if _is_number(local):
        changes["current_temperature_c"] = float(local)
    if control.domain == "climate" and isinstance(value(data, control.fan_mode), str):
        changes["fan_mode"] = value(data, control.fan_mode)
    return changes


def _reading(control: Control, data: dict[str, Any]) -> dict[str, Any]:
    reading = value(data, control.reading)
    if control.domain == "binary_sensor":
        if not isinstance(reading, bool):
            return {}
        return {"on": not reading if control.device_class == "door" else reading}
    if not _is_number(reading):
        return {}
    changes: dict[str, Any] = {"value": float(reading), "on": True}
    if control.device_class == "temperature":
        changes["current_temperature_c"] = float(reading)
    return changes


def _on_value(expose: Expose, default: str = "ON") -> Any:
    return expose.value_on if expose.value_on is not None else default


def _off_value(expose: Expose, default: str = "OFF") -> Any:
    return expose.value_off if expose.value_off is not None else default


def _percent(number: float) -> int:
    return max(0, min(100, round(number)))


def _linear(part: float) -> float:
    return ((part + 0.055) / 1.055) ** 2.4 if part > 0.04045 else part / 12.92


def _gamma(part: float) -> float:
    return 1.055 * part ** (1 / 2.4) - 0.055 if part > 0.0031308 else 12.92 * part


def _is_number(number: Any) -> TypeGuard[int | float]:
    return isinstance(number, int | float) and not isinstance(number, bool)
