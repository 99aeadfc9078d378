"""Zigbee2MqttHome against a simulated bridge on a real mosquitto: what reaches ``/set``, what the
bridge's state messages do, availability, groups, endpoints, and garbage on every topic."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from typing import Any

import pytest

from tests.home_mqtt.conftest import unique, z2m_settings
from tests.home_mqtt.sim_z2m import Z2mBridge
from ting.errors import DeviceUnavailableError, HomeError
from ting.server.home_mqtt.zigbee2mqtt import Zigbee2MqttHome
from ting.settings import MqttSettings
from ting.skills.sdk import DeviceState


async def until(condition: Callable[[], Any], timeout_seconds: float = 10.0) -> None:
    async with asyncio.timeout(timeout_seconds):
        while not condition():  # noqa: ASYNC110  (conditions on other objects' state, which has no event)
            await asyncio.sleep(0.02)


async def test_the_bridge_describes_what_each_device_can_do(z2m: Zigbee2MqttHome) -> None:
    listed = z2m.listed()
    found = {device_id: (item.found_domain, item.found_capabilities) for device_id, item in listed.items()}
    assert found == {
        "kitchen_light": ("light", frozenset({"on_off", "brightness"})),
        "bedroom_heating": ("climate", frozenset({"on_off", "temperature"})),
        "blind": ("cover", frozenset({"open_close"})),
        "hall_left": ("switch", frozenset({"on_off"})),
        "hall_right": ("switch", frozenset({"on_off"})),
        "porch": ("light", frozenset({"on_off"})),  # brightness is only published (access 1), not settable
        "downstairs": ("light", frozenset({"on_off"})),  # a group can do what all its members can
    }
    assert (listed["bedroom_heating"].min_temperature_c, listed["bedroom_heating"].max_temperature_c) == (
        5,
        30,
    )


async def test_commands_reach_set_and_the_new_state_comes_back(
    z2m: Zigbee2MqttHome, bridge: Z2mBridge
) -> None:
    state = await z2m.turn_on("kitchen_light")
    assert state.on and state.brightness_percent == 100
    assert bridge.commands[-1] == (f"{bridge.base}/Kitchen Light/set", {"state": "ON"})
    state = await z2m.set_brightness("kitchen_light", 50)
    assert bridge.commands[-1][1] == {"state": "ON", "brightness": 127}
    assert (state.on, state.brightness_percent) == (True, 50)
    state = await z2m.set_brightness("kitchen_light", 0)
    assert bridge.commands[-1][1] == {"state": "OFF"} and not state.on
    with pytest.raises(HomeError, match="cannot be dimmed"):
        await z2m.set_brightness("porch", 30)


async def test_climate_cover_and_endpoints(z2m: Zigbee2MqttHome, bridge: Z2mBridge) -> None:
    state = await z2m.set_temperature("bedroom_heating", 21.5)
    assert bridge.commands[-1][1] == {"occupied_heating_setpoint": 21.5, "system_mode": "auto"}
    assert (state.on, state.temperature_c) == (True, 21.5)
    with pytest.raises(HomeError, match="outside 5–30"):
        await z2m.set_temperature("bedroom_heating", 35)
    assert (await z2m.turn_off("bedroom_heating")).on is False
    assert bridge.commands[-1][1] == {"system_mode": "off"}

    assert (await z2m.turn_on("blind")).on
    assert bridge.commands[-1] == (f"{bridge.base}/Living Room Blind/set", {"state": "OPEN"})

    assert (await z2m.turn_on("hall_right")).on
    assert bridge.commands[-1] == (f"{bridge.base}/Hall Switch/set", {"state_l2": "ON"})
    assert not (await z2m.get_state("hall_left")).on


async def test_a_group_is_sent_plain_properties(z2m: Zigbee2MqttHome, bridge: Z2mBridge) -> None:
    assert (await z2m.turn_on("downstairs")).on
    assert bridge.commands[-1] == (f"{bridge.base}/Downstairs Lights/set", {"state": "ON"})
    await until(lambda: z2m.cache.state("kitchen_light") == DeviceState(on=True, brightness_percent=100))


async def test_a_change_made_elsewhere_is_known_at_once(z2m: Zigbee2MqttHome, bridge: Z2mBridge) -> None:
    await bridge.change("Kitchen Light", state="ON", brightness=64)
    await until(lambda: z2m.cache.state("kitchen_light") == DeviceState(on=True, brightness_percent=25))
    assert (await z2m.get_state("kitchen_light")).brightness_percent == 25
    await bridge.change("Living Room Blind", state="OPEN", position=40)
    await until(lambda: (z2m.cache.state("blind") or DeviceState()).on)


async def test_an_unavailable_device_or_bridge_is_refused_without_sending(
    z2m: Zigbee2MqttHome, bridge: Z2mBridge
) -> None:
    def sets() -> int:
        return sum(1 for topic, _ in bridge.commands if topic.endswith("/set"))

    sent = sets()
    await bridge.set_available("Kitchen Light", online=False)
    await until(lambda: z2m.cache.unavailable("kitchen_light") is not None)
    with pytest.raises(DeviceUnavailableError):
        await z2m.turn_on("kitchen_light")
    assert (await z2m.get_state("kitchen_light")).available is False
    assert (await z2m.states())["kitchen_light"].available is False
    await bridge.set_available("Kitchen Light", online=True)
    await until(lambda: z2m.cache.unavailable("kitchen_light") is None)
    await bridge.publish("bridge/state", b"offline", retain=True)  # the legacy plain payload
    await until(lambda: z2m.cache.unavailable("blind") is not None)
    with pytest.raises(DeviceUnavailableError, match="Zigbee2MQTT is offline"):
        await z2m.turn_on("blind")
    assert sets() == sent
    await bridge.publish("bridge/state", {"state": "online"}, retain=True)
    await until(lambda: z2m.cache.unavailable("blind") is None)
    assert (await z2m.turn_on("blind")).on


async def test_a_device_that_does_not_answer_is_reported(
    bridge: Z2mBridge, mqtt_settings: Callable[..., MqttSettings]
) -> None:
    settings = z2m_settings(bridge.base, reply_timeout_seconds=0.5)
    async with Zigbee2MqttHome(settings, mqtt_settings(), server_id=unique("srv")) as home:
        await home.wait_described()
        bridge.answer = False
        with pytest.raises(HomeError, match="did not report"):
            await home.turn_on("kitchen_light")


async def test_gettable_states_are_asked_for_once_described(z2m: Zigbee2MqttHome, bridge: Z2mBridge) -> None:
    def gets() -> list[tuple[str, dict[str, Any]]]:
        return [(topic, payload) for topic, payload in bridge.commands if topic.endswith("/get")]

    await until(lambda: len(gets()) >= 7)
    assert sorted(gets(), key=str) == sorted(
        [
            (f"{bridge.base}/Kitchen Light/get", {"state": "", "brightness": ""}),
            (f"{bridge.base}/Bedroom TRV/get", {"occupied_heating_setpoint": "", "system_mode": ""}),
            (f"{bridge.base}/Living Room Blind/get", {"state": "", "position": ""}),
            (f"{bridge.base}/Hall Switch/get", {"state_l1": ""}),
            (f"{bridge.base}/Hall Switch/get", {"state_l2": ""}),
            (f"{bridge.base}/Porch Bulb/get", {"state": ""}),  # its brightness is published only (access 1)
            (f"{bridge.base}/Downstairs Lights/get", {"state": ""}),
        ],
        key=str,
    )
    await until(lambda: z2m.cache.state("bedroom_heating") is not None)
    assert z2m.cache.state("bedroom_heating") == DeviceState(on=False, temperature_c=18.0)


GARBAGE: list[bytes] = [
    b"",
    b"null",
    b"[]",
    b"{",
    b"\xff\xfe",
    b'"ON"',
    b"42",
    b'{"state": [1, 2]}',
    b'{"brightness": "lots"}',
    b'[{"friendly_name": 3}]',
    b'[{"ieee_address": "0x9", "friendly_name": "x", "definition": {"exposes": 5}}]',
    b'[{"ieee_address": "0x9", "friendly_name": "y", "definition": {"exposes": [{"type": "light",'
    b' "features": [{"no": "type"}]}]}}]',
    b"[" * 5000 + b"]" * 5000,
    b'{"state": "maybe"}',
    b"x" * 100_000,
]


async def test_garbage_on_every_topic_is_logged_and_dropped(
    z2m: Zigbee2MqttHome, bridge: Z2mBridge, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    topics = [
        "bridge/devices",
        "bridge/groups",
        "bridge/state",
        "Kitchen Light",
        "Kitchen Light/availability",
        "Hall Switch",
        "Downstairs Lights/availability",
    ]
    for topic in topics:
        for payload in GARBAGE:
            await bridge.publish(topic, payload)
    await bridge.publish("bridge/devices", bridge.devices)  # the good lists again, after the garbage
    await bridge.publish("bridge/groups", bridge.groups)
    await bridge.change("Kitchen Light", state="ON", brightness=254)
    await until(lambda: z2m.cache.state("kitchen_light") == DeviceState(on=True, brightness_percent=100))
    assert z2m.link.dropped > 0 and "bad payload" in caplog.text
    assert z2m.described()
    assert (await z2m.turn_off("kitchen_light")).on is False
    assert bridge.commands[-1][1] == {"state": "OFF"}
    assert (await z2m.turn_on("hall_left")).on


async def test_unlisted_and_unknown_devices(z2m: Zigbee2MqttHome) -> None:
    with pytest.raises(HomeError, match="unknown device"):
        await z2m.turn_on("front_door")
    assert json.dumps(sorted(await z2m.states()))  # known states only, by ting id
    assert set(await z2m.states()) <= set(z2m.listed())
