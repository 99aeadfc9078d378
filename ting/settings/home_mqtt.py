"""``[zigbee2mqtt]`` and ``[tasmota]``: home backends on MQTT, and which of their devices ting knows.

Neither Zigbee2MQTT nor Tasmota knows rooms, or names in Chinese: each device ting should control is
listed under ``devices`` with its ting id (the table's key), its area (an area id of the household) and
its names. The backend tells ting what the device can do (Zigbee2MQTT's ``exposes``, Tasmota's
discovery); ``domain`` and ``capabilities`` here override that (and stand in when the backend did not
answer before ting started).
"""

from __future__ import annotations

from dataclasses import field
from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic.dataclasses import dataclass

from ting.settings.sections import STRICT

Language = Literal["zh", "en"]
Capability = str
"""One of ``ting.nlu.registry.CAPABILITIES`` (checked when the devices join the household)."""
PositiveSeconds = Annotated[float, Field(gt=0)]


def _names(value: dict[Language, list[str] | str]) -> dict[Language, list[str] | str]:
    for lang, aliases in value.items():
        listed = [aliases] if isinstance(aliases, str) else aliases
        if not listed or not all(alias.strip() for alias in listed):
            raise ValueError(f"names.{lang}: give at least one non-empty name")
    return value


@dataclass(frozen=True, config=STRICT)
class Zigbee2MqttDevice:
    """One Zigbee2MQTT device or group, as ting knows it."""

    friendly_name: str
    """Its friendly name in Zigbee2MQTT (topic ``<base_topic>/<friendly_name>``); a group's name works too."""
    area: str
    """An area id of the household (``kitchen``)."""
    names: dict[Language, list[str] | str] = field(default_factory=dict)
    """Language -> what people call it: ``{zh = ["厨房灯"], en = ["kitchen light"]}``."""
    endpoint: str | None = None
    """For a device with several endpoints (a double wall switch: ``l1``, ``l2``): which one."""
    reading: str | None = None
    """A sensor: which property of the device's state is its reading (``temperature``, ``humidity``,
    ``illuminance_lux``, ``contact``, ``occupancy`` ...); one Zigbee sensor can be several ting devices."""
    domain: str | None = None
    """``light``, ``switch``, ``cover``, ``climate``, ``fan`` ...; default: from the device's exposes."""
    capabilities: tuple[Capability, ...] | None = None
    """Default: from the device's exposes (what it can be set to)."""

    _check_names = field_validator("names")(_names)


@dataclass(frozen=True, config=STRICT)
class Zigbee2MqttSettings:
    mqtt_url: str | None = None
    """The broker Zigbee2MQTT uses; None: ting's own (``[mqtt] url``)."""
    base_topic: str = "zigbee2mqtt"
    """Zigbee2MQTT's ``mqtt.base_topic``."""
    startup_wait_seconds: PositiveSeconds = 5.0
    """At start, how long to wait for the broker and ``<base_topic>/bridge/devices`` (retained) before the
    household is built without what the bridge would have said."""
    reply_timeout_seconds: PositiveSeconds = 5.0
    """A ``/set`` whose new state Zigbee2MQTT has not published within this is reported as not answered."""
    devices: dict[str, Zigbee2MqttDevice] = field(default_factory=dict)
    """ting device id -> the device. The backend is on when this lists at least one device."""

    @property
    def enabled(self) -> bool:
        return bool(self.devices)


@dataclass(frozen=True, config=STRICT)
class TasmotaDevice:
    """One relay (or the light) of a Tasmota device, as ting knows it."""

    device: str
    """The device's MQTT topic (``tasmota_A1B2C3``, the ``Topic`` command) or its MAC address."""
    area: str
    names: dict[Language, list[str] | str] = field(default_factory=dict)
    relay: Annotated[int, Field(ge=1, le=32)] = 1
    """Which relay: ``POWER<relay>`` (a device with one relay takes plain ``POWER``)."""
    sensor: str | None = None
    """A sensor instead of a relay: the reading's path in ``tele/<topic>/SENSOR``, ``AM2301.Temperature``,
    ``ENERGY.Power``, ``BH1750.Illuminance`` (the device class is its last part)."""
    domain: str | None = None
    """Default: ``light`` for a light (Tasmota's ``rl`` 2), else ``switch``."""
    capabilities: tuple[Capability, ...] | None = None

    _check_names = field_validator("names")(_names)


@dataclass(frozen=True, config=STRICT)
class TasmotaSettings:
    mqtt_url: str | None = None
    """The broker the Tasmota devices use; None: ting's own."""
    discovery_prefix: str = "tasmota/discovery"
    """Where Tasmota publishes its (retained) discovery: ``<prefix>/<MAC>/config`` and ``.../sensors``
    (``SetOption19 0``, the default since Tasmota 9.2)."""
    startup_wait_seconds: PositiveSeconds = 5.0
    """At start, how long to wait for every listed device's discovery message."""
    reply_timeout_seconds: PositiveSeconds = 5.0
    """A command whose result (``stat/<topic>/RESULT``) has not come within this is reported unanswered."""
    devices: dict[str, TasmotaDevice] = field(default_factory=dict)
    """ting device id -> the relay. The backend is on when this lists at least one."""

    @property
    def enabled(self) -> bool:
        return bool(self.devices)
