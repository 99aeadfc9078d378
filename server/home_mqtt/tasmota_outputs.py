"""One listed output of a Tasmota device (a relay, its light, or a sensor reading) and what Tasmota's
reports say about it.

Reports: ``stat/<topic>/RESULT`` and ``tele/<topic>/STATE`` objects (``POWER``/``POWERn`` with the ON/OFF
texts of the discovery, ``Dimmer`` 0–100, ``HSBColor`` ``hue,saturation,brightness``, ``CT`` in mired),
a plain ``stat/<topic>/POWERn``, shutters' ``{"Shutter1": {"Position": 40, "Direction": 0, "Target": 40}}``
(in ``RESULT`` and ``SENSOR``), and ``tele/<topic>/SENSOR`` objects (``{"AM2301": {"Temperature": 23.4},
"TempUnit": "C"}``), also in the retained discovery ``.../sensors`` under ``sn``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeGuard

from ting.server.home_mqtt.tasmota_discovery import LIGHT, SHUTTER, TasmotaConfig
from ting.skills.sdk.colors import hs_to_rgb

SENSOR_UNITS = {"temperature": "°C", "humidity": "%", "illuminance": "lx", "power": "W", "battery": "%"}


@dataclass(frozen=True)
class Output:
    device_id: str
    relay: int
    config: TasmotaConfig
    sensor: tuple[str, ...] | None = None
    """The reading's path in a SENSOR object; None for a relay or light."""

    @property
    def is_light(self) -> bool:
        return self.sensor is None and self.config.relay_kind(self.relay) == LIGHT

    @property
    def is_shutter(self) -> bool:
        """A relay of a shutter (``rl`` 3): listed by its first relay, driven by ``ShutterPosition<n>``."""
        return self.sensor is None and self.config.relay_kind(self.relay) == SHUTTER

    @property
    def shutter(self) -> int:
        """Which shutter (``Shutter1`` ...): each takes two relays, in order."""
        before = sum(1 for kind in self.config.relays[: self.relay - 1] if kind == SHUTTER)
        return before // 2 + 1

    @property
    def dimmable(self) -> bool:
        return self.is_light and self.config.light_subtype >= 1

    @property
    def colored(self) -> bool:
        """RGB, RGBW, RGB + CT lights (``lt_st`` 3–5)."""
        return self.is_light and self.config.light_subtype >= 3

    @property
    def white_tunable(self) -> bool:
        """CT and RGB + CT lights (``lt_st`` 2, 5)."""
        return self.is_light and self.config.light_subtype in (2, 5)

    @property
    def domain(self) -> str:
        if self.sensor is not None:
            return "sensor"
        if self.is_shutter:
            return "cover"
        return "light" if self.is_light else "switch"

    @property
    def device_class(self) -> str | None:
        return None if self.sensor is None else self.sensor[-1].lower()

    @property
    def capabilities(self) -> frozenset[str]:
        if self.sensor is not None:
            return frozenset({"sensor"})
        if self.is_shutter:
            return frozenset({"open_close", "position"})
        found = {"on_off"}
        for capability, has in (("brightness", self.dimmable), ("color", self.colored),
                                ("color_temp", self.white_tunable)):  # fmt: skip
            if has:
                found.add(capability)
        return frozenset(found)

    def power_keys(self) -> tuple[str, ...]:
        """The keys its state may come under: ``POWER`` and ``POWER1`` are the same output."""
        return ("POWER", "POWER1") if self.relay == 1 else (f"POWER{self.relay}",)


def state_changes(output: Output, data: dict[str, Any]) -> dict[str, Any]:
    """What a ``RESULT`` / ``STATE`` object (or a plain ``POWERn``) says about one relay or light."""
    if output.sensor is not None:
        return {}
    if output.is_shutter:
        return shutter_changes(output, data)
    changes: dict[str, Any] = {}
    for key in output.power_keys():
        value = data.get(key)
        if isinstance(value, str):
            changes["on"] = value == output.config.state_texts[1]
            break
    if not output.is_light:
        return changes
    dimmer = data.get("Dimmer")
    if output.dimmable and _is_number(dimmer):
        changes["brightness_percent"] = max(0, min(100, round(dimmer)))
    hsb = data.get("HSBColor")
    if output.colored and isinstance(hsb, str):
        parts = hsb.split(",")
        if len(parts) == 3 and all(part.strip().isdigit() for part in parts):
            changes["rgb"] = hs_to_rgb(float(parts[0]), float(parts[1]))
    ct = data.get("CT")
    if output.white_tunable and _is_number(ct) and ct > 0:
        changes["color_temp_kelvin"] = round(1_000_000 / ct)
    return changes


def shutter_changes(output: Output, data: dict[str, Any]) -> dict[str, Any]:
    """A shutter's position (0 closed … 100 open) from ``{"Shutter<n>": {"Position": ...}}``."""
    shutter = data.get(f"Shutter{output.shutter}") if output.is_shutter else None
    position = shutter.get("Position") if isinstance(shutter, dict) else None
    if not _is_number(position):
        return {}
    percent = max(0, min(100, round(position)))
    return {"position_percent": percent, "on": percent > 0}


def sensor_changes(output: Output, data: dict[str, Any]) -> dict[str, Any]:
    """What a SENSOR object says about one sensor output: its reading."""
    if output.sensor is None:
        return {}
    node: Any = data
    for part in output.sensor:
        node = node.get(part) if isinstance(node, dict) else None
    if not _is_number(node):
        return {}
    changes: dict[str, Any] = {"value": float(node), "on": True}
    if output.device_class == "temperature":
        changes["current_temperature_c"] = float(node)
    return changes


def _is_number(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)
