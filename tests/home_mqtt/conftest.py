"""Fixtures: a simulated Zigbee2MQTT bridge and Tasmota device on the session's mosquitto, each under
topics of its own (a unique base topic / discovery prefix per test), and ting's backends on them."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from tests.home_mqtt.sim_tasmota import TasmotaPlug
from tests.home_mqtt.sim_z2m import Z2mBridge
from tests.server.conftest import probe  # noqa: F401  (the server tests' Hermes probe, for ours)
from ting.mqtt.url import BrokerAddress
from ting.server.home_mqtt.tasmota import TasmotaHome
from ting.server.home_mqtt.zigbee2mqtt import Zigbee2MqttHome
from ting.settings import MqttSettings, TasmotaSettings, Zigbee2MqttSettings

Z2M_DEVICES: dict[str, dict[str, Any]] = {
    "kitchen_light": {
        "friendly_name": "Kitchen Light",
        "area": "kitchen",
        "names": {"zh": ["厨房灯"], "en": ["kitchen light"]},
    },
    "bedroom_heating": {
        "friendly_name": "Bedroom TRV",
        "area": "bedroom",
        "names": {"zh": ["卧室暖气"], "en": ["bedroom heating"]},
    },
    "blind": {
        "friendly_name": "Living Room Blind",
        "area": "living_room",
        "names": {"zh": ["客厅卷帘"], "en": ["living room blind"]},
    },
    "hall_left": {
        "friendly_name": "Hall Switch",
        "endpoint": "l1",
        "area": "living_room",
        "names": {"zh": ["门厅左灯"], "en": ["hall left light"]},
    },
    "hall_right": {
        "friendly_name": "Hall Switch",
        "endpoint": "l2",
        "area": "living_room",
        "names": {"zh": ["门厅右灯"], "en": ["hall right light"]},
    },
    "porch": {"friendly_name": "Porch Bulb", "area": "living_room", "names": {"en": ["porch light"]}},
    "front_lock": {
        "friendly_name": "Front Lock",
        "area": "living_room",
        "names": {"zh": ["前门锁"], "en": ["front door lock"]},
    },
    "ceiling_fan": {
        "friendly_name": "Ceiling Fan",
        "area": "bedroom",
        "names": {"zh": ["吊扇"], "en": ["ceiling fan"]},
    },
    "bedroom_temperature": {
        "friendly_name": "Bedroom Sensor",
        "reading": "temperature",
        "area": "bedroom",
        "names": {"zh": ["卧室温度计"], "en": ["bedroom thermometer"]},
    },
    "front_door": {
        "friendly_name": "Front Door",
        "reading": "contact",
        "area": "living_room",
        "names": {"zh": ["前门门磁"], "en": ["front door sensor"]},
    },
    "downstairs": {
        "friendly_name": "Downstairs Lights",
        "area": "living_room",
        "names": {"zh": ["楼下的灯"], "en": ["downstairs lights"]},
    },
}
TASMOTA_DEVICES: dict[str, dict[str, Any]] = {
    "desk_light": {
        "device": "PLUG",
        "relay": 1,
        "area": "study",
        "names": {"zh": ["书桌灯"], "en": ["desk light"]},
    },
    "fan_plug": {
        "device": "MAC",
        "relay": 2,
        "area": "study",
        "names": {"zh": ["风扇插座"], "en": ["fan plug"]},
    },
}


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def z2m_settings(base: str, **overrides: Any) -> Zigbee2MqttSettings:
    values: dict[str, Any] = {
        "base_topic": base,
        "devices": Z2M_DEVICES,
        "reply_timeout_seconds": 10.0,
        "startup_wait_seconds": 10.0,
    }
    values.update(overrides)
    return Zigbee2MqttSettings(**values)


def tasmota_settings(plug: TasmotaPlug, **overrides: Any) -> TasmotaSettings:
    devices = {
        device_id: {**spec, "device": plug.topic if spec["device"] == "PLUG" else plug.mac}
        for device_id, spec in TASMOTA_DEVICES.items()
    }
    values: dict[str, Any] = {
        "discovery_prefix": plug.discovery_prefix,
        "devices": devices,
        "reply_timeout_seconds": 10.0,
        "startup_wait_seconds": 10.0,
    }
    values.update(overrides)
    return TasmotaSettings(**values)


@pytest.fixture
async def bridge(mosquitto: BrokerAddress) -> AsyncIterator[Z2mBridge]:
    async with Z2mBridge(mosquitto, base=unique("z2m")).running() as running:
        yield running


@pytest.fixture
async def plug(mosquitto: BrokerAddress) -> AsyncIterator[TasmotaPlug]:
    topic = unique("tasmota")
    mac = uuid.uuid4().hex[:12].upper()
    async with TasmotaPlug(
        mosquitto, topic=topic, mac=mac, discovery_prefix=f"{unique('disc')}/discovery"
    ).running() as running:
        yield running


@pytest.fixture
async def z2m(
    bridge: Z2mBridge, mqtt_settings: Callable[..., MqttSettings]
) -> AsyncIterator[Zigbee2MqttHome]:
    async with Zigbee2MqttHome(z2m_settings(bridge.base), mqtt_settings(), server_id=unique("srv")) as home:
        await home.wait_described()
        assert home.described()
        yield home


@pytest.fixture
async def tasmota(
    plug: TasmotaPlug, mqtt_settings: Callable[..., MqttSettings]
) -> AsyncIterator[TasmotaHome]:
    async with TasmotaHome(tasmota_settings(plug), mqtt_settings(), server_id=unique("srv")) as home:
        await home.wait_discovered()
        assert home.output("desk_light") is not None
        yield home
