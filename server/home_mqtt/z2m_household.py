"""A listed Zigbee2MQTT device as the household sees it: the settings' area and names, and what its
``Control`` says (domain, capabilities, ranges, modes, sensor class and unit)."""

from __future__ import annotations

from typing import Any

from ting.server.home_mqtt.household import Listed
from ting.server.home_mqtt.z2m_exposes import Control
from ting.settings import Zigbee2MqttDevice

NAME = "zigbee2mqtt"


def z2m_listed(device_id: str, device: Zigbee2MqttDevice, control: Control | None) -> Listed:
    return Listed(
        key=f"{NAME}.devices.{device_id}",
        area=device.area,
        names=device.names,
        domain=device.domain,
        capabilities=device.capabilities,
        backend=NAME,
        address=device.friendly_name,
        **({} if control is None else _found(control)),
    )


def _found(control: Control) -> dict[str, Any]:
    found: dict[str, Any] = {
        "found_domain": control.domain,
        "found_capabilities": control.capabilities,
        "device_class": control.device_class,
        "fan_speed_count": len(control.fan_steps) or None,
    }
    if control.setpoint is not None:
        found.update(
            min_temperature_c=control.setpoint.value_min, max_temperature_c=control.setpoint.value_max
        )
    if control.system_mode is not None:
        found["hvac_modes"] = control.system_mode.values
    if control.domain == "climate" and control.fan_mode is not None:
        found["fan_modes"] = control.fan_mode.values
    if control.color_temp is not None:
        low, high = control.color_temp.value_min, control.color_temp.value_max
        found["min_color_temp_kelvin"] = round(1_000_000 / high) if high else None
        found["max_color_temp_kelvin"] = round(1_000_000 / low) if low else None
    if control.reading is not None:
        found["unit"] = control.reading.unit
    return found
