"""Tasmota's own discovery as a type: ``tasmota/discovery/<MAC>/config`` (retained, ``SetOption19 0``).

The fields ting uses: ``mac``, ``t`` (the topic), ``ft`` (the full topic pattern, ``%prefix%/%topic%/``
by default; ``%hostname%`` and ``%id%`` may appear too), ``tp`` (the three prefixes, ``cmnd``, ``stat``,
``tele``), ``hn`` (host name), ``rl`` (one entry per power output: 0 none, 1 relay, 2 light, 3 shutter),
``lt_st`` (light subtype: 0 none, 1 dimmer, 2 colour temperature, 3 RGB, 4 RGBW, 5 RGB + CT), ``fn``
(friendly names), ``state`` (the OFF/ON/TOGGLE/HOLD texts), ``onln``/``ofln`` (the LWT texts) and
``so`` (some SetOptions; 26: always ``POWER1`` rather than ``POWER``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ting.errors import MessageError
from ting.server.home_mqtt.payloads import json_object

RELAY = 1
LIGHT = 2
SHUTTER = 3
CMND, STAT, TELE = 0, 1, 2


@dataclass(frozen=True)
class TasmotaConfig:
    mac: str
    """Upper-case hex without separators (``A1B2C3D4E5F6``), as Tasmota sends it."""
    topic: str
    full_topic: str = "%prefix%/%topic%/"
    prefixes: tuple[str, str, str] = ("cmnd", "stat", "tele")
    hostname: str = ""
    relays: tuple[int, ...] = ()
    light_subtype: int = 0
    friendly_names: tuple[str | None, ...] = ()
    state_texts: tuple[str, ...] = ("OFF", "ON", "TOGGLE", "HOLD")
    online: str = "Online"
    offline: str = "Offline"
    setoptions: Mapping[str, int] = field(default_factory=dict)

    def topic_for(self, prefix: int, command: str) -> str:
        """``cmnd/<topic>/POWER``, following the device's full topic pattern."""
        base = (
            self.full_topic.replace("%prefix%", self.prefixes[prefix])
            .replace("%topic%", self.topic)
            .replace("%hostname%", self.hostname)
            .replace("%id%", self.mac[-6:])
        )
        return (base if base.endswith("/") else base + "/") + command

    def power_key(self, relay: int) -> str:
        """``POWER`` on a device with one power output (unless SetOption26), else ``POWER<relay>``."""
        single = sum(1 for kind in self.relays if kind) == 1 and not self.setoptions.get("26")
        return "POWER" if single else f"POWER{relay}"

    def relay_kind(self, relay: int) -> int:
        return self.relays[relay - 1] if 0 < relay <= len(self.relays) else 0

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TasmotaConfig:
        mac, topic = data.get("mac"), data.get("t")
        if not isinstance(mac, str) or not mac or not isinstance(topic, str) or not topic:
            raise MessageError("a Tasmota discovery config needs mac and t (the topic)")
        prefixes = data.get("tp", ["cmnd", "stat", "tele"])
        if not (
            isinstance(prefixes, list) and len(prefixes) == 3 and all(isinstance(p, str) for p in prefixes)
        ):
            raise MessageError(f"tp must be three prefixes, not {prefixes!r}"[:120])
        relays = data.get("rl", [])
        if not isinstance(relays, list) or not all(
            isinstance(k, int) and not isinstance(k, bool) for k in relays
        ):
            raise MessageError(f"rl must be a list of whole numbers, not {relays!r}"[:120])
        states = data.get("state", ["OFF", "ON", "TOGGLE", "HOLD"])
        if not isinstance(states, list) or len(states) < 2 or not all(isinstance(s, str) for s in states):
            raise MessageError(f"state must list the OFF and ON texts, not {states!r}"[:120])
        names = data.get("fn", [])
        setoptions = data.get("so", {})
        return cls(
            mac=mac.replace(":", "").upper(),
            topic=topic,
            full_topic=_text(data, "ft", "%prefix%/%topic%/"),
            prefixes=(prefixes[0], prefixes[1], prefixes[2]),
            hostname=_text(data, "hn", ""),
            relays=tuple(relays),
            light_subtype=data["lt_st"] if isinstance(data.get("lt_st"), int) else 0,
            friendly_names=tuple(n if isinstance(n, str) else None for n in names)
            if isinstance(names, list)
            else (),
            state_texts=tuple(states),
            online=_text(data, "onln", "Online"),
            offline=_text(data, "ofln", "Offline"),
            setoptions={str(k): v for k, v in setoptions.items() if isinstance(v, int)}
            if isinstance(setoptions, Mapping)
            else {},
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "mac": self.mac,
            "t": self.topic,
            "ft": self.full_topic,
            "tp": list(self.prefixes),
            "hn": self.hostname,
            "rl": list(self.relays),
            "lt_st": self.light_subtype,
            "fn": list(self.friendly_names),
            "state": list(self.state_texts),
            "onln": self.online,
            "ofln": self.offline,
            "so": dict(self.setoptions),
        }


def parse_config(payload: bytes) -> TasmotaConfig | None:
    """The config, or None for an empty payload (the device's discovery was removed)."""
    if not payload.strip():
        return None
    return TasmotaConfig.from_json(json_object(payload))


def _text(data: Mapping[str, Any], key: str, default: str) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise MessageError(f"{key} must be text, not {value!r}"[:120])
    return value
