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


def light_is(z2m: Zigbee2MqttHome, **fields: Any) -> bool:
    state = z2m.cache.state("kitchen_light")
    return state is not None and all(getattr(state, name) == value for name, value in fields.items())


async def test_the_bridge_describes_what_each_device_can_do(z2m: Zigbee2MqttHome) -> None:
    listed = z2m.listed()
    found = {device_id: (item.found_domain, item.found_capabilities) for device_id, item in listed.items()}
    assert found == {
        "kitchen_light": ("light", frozenset({"on_off", "brightness", "color", "color_temp"})),
        "bedroom_heating": (
            "climate",
            frozenset({"on_off", "temperature", "hvac_mode", "current_temperature"}),
        ),
        "blind": ("cover", frozenset({"open_close", "position", "tilt"})),
        "hall_left": ("switch", frozenset({"on_off"})),
        "hall_right": ("switch", frozenset({"on_off"})),
        "porch": ("light", frozenset({"on_off", "color_temp"})),  # brightness is only published (access 1)
        "front_lock": ("lock", frozenset({"lock"})),
        "ceiling_fan": ("fan", frozenset({"on_off", "fan_speed", "oscillate"})),
        "bedroom_temperature": ("sensor", frozenset({"sensor"})),
        "front_door": ("binary_sensor", frozenset({"sensor"})),
        "downstairs": ("light", frozenset({"on_off", "color_temp"})),  # what all its members can do
    }
    assert (listed["ceiling_fan"].fan_speed_count, listed["bedroom_temperature"].device_class) == (
        3,
        "temperature",
    )
    assert (listed["front_door"].device_class, listed["bedroom_temperature"].unit) == ("door", "°C")
    assert listed["bedroom_heating"].hvac_modes == ("off", "heat", "auto")
    assert (listed["kitchen_light"].min_color_temp_kelvin, listed["kitchen_light"].max_color_temp_kelvin) == (
        2000,
        6667,
    )
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
    await until(lambda: light_is(z2m, on=True, brightness_percent=100))


async def test_a_change_made_elsewhere_is_known_at_once(z2m: Zigbee2MqttHome, bridge: Z2mBridge) -> None:
    await bridge.change("Kitchen Light", state="ON", brightness=64)
    await until(lambda: light_is(z2m, on=True, brightness_percent=25))
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

    expected = [
        ("Kitchen Light", {"state": "", "brightness": "", "color": "", "color_temp": ""}),
        ("Bedroom TRV", {"occupied_heating_setpoint": "", "system_mode": "", "local_temperature": ""}),
        ("Living Room Blind", {"state": "", "position": "", "tilt": ""}),
        ("Hall Switch", {"state_l1": ""}),
        ("Hall Switch", {"state_l2": ""}),
        ("Porch Bulb", {"state": "", "color_temp": ""}),  # its brightness is published only (access 1)
        ("Front Lock", {"state": ""}),
        ("Ceiling Fan", {"state": "", "fan_mode": "", "oscillation": ""}),
        ("Downstairs Lights", {"state": "", "color_temp": ""}),
    ]  # the sensors' readings are published only: nothing to ask
    await until(lambda: len(gets()) >= len(expected))
    assert sorted(gets(), key=str) == sorted(
        [(f"{bridge.base}/{name}/get", payload) for name, payload in expected], key=str
    )
    await until(lambda: z2m.cache.state("bedroom_heating") is not None)
    assert z2m.cache.state("bedroom_heating") == DeviceState(
        on=False, temperature_c=18.0, hvac_mode="off", current_temperature_c=19.5
    )


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
    await until(lambda: light_is(z2m, on=True, brightness_percent=100))
    assert z2m.link.dropped > 0 and "bad payload" in caplog.text
    assert z2m.described()
    assert (await z2m.turn_off("kitchen_light")).on is False
    assert bridge.commands[-1][1] == {"state": "OFF"}
    assert (await z2m.turn_on("hall_left")).on


async def test_unlisted_and_unknown_devices(z2m: Zigbee2MqttHome) -> None:
    with pytest.raises(HomeError, match="unknown device"):
        await z2m.turn_on("garage_door")
    with pytest.raises(HomeError, match="cannot be switched"):
        await z2m.turn_on("front_door")  # a door sensor
    assert json.dumps(sorted(await z2m.states()))  # known states only, by ting id
    assert set(await z2m.states()) <= set(z2m.listed())


async def test_the_new_kinds_reach_set(z2m: Zigbee2MqttHome, bridge: Z2mBridge) -> None:
    base = bridge.base
    state = await z2m.set_color("kitchen_light", (255, 0, 0))
    topic, payload = bridge.commands[-1]
    assert topic == f"{base}/Kitchen Light/set" and payload["state"] == "ON"
    assert payload["color"] == {"x": 0.6401, "y": 0.33}  # sRGB red in CIE xy
    assert state.on and state.rgb == (255, 0, 0)
    state = await z2m.set_color_temperature("kitchen_light", 2700)
    assert bridge.commands[-1][1] == {"state": "ON", "color_temp": 370} and state.color_temp_kelvin == 2703
    with pytest.raises(HomeError, match="cannot do color"):
        await z2m.set_color("porch", (0, 0, 255))

    assert (await z2m.set_position("blind", 50)).position_percent == 50
    assert bridge.commands[-1] == (f"{base}/Living Room Blind/set", {"position": 50})
    assert (await z2m.set_tilt("blind", 30)).tilt_percent == 30
    assert bridge.commands[-1][1] == {"tilt": 30}

    state = await z2m.unlock("front_lock")
    assert bridge.commands[-1] == (f"{base}/Front Lock/set", {"state": "UNLOCK"})
    assert (state.locked, state.on) == (False, True)
    assert (await z2m.lock("front_lock")).locked is True
    assert bridge.commands[-1][1] == {"state": "LOCK"}

    assert (await z2m.set_fan_speed("ceiling_fan", 50)).fan_percent == 67
    assert bridge.commands[-1] == (f"{base}/Ceiling Fan/set", {"state": "ON", "fan_mode": "medium"})
    assert (await z2m.set_fan_speed("ceiling_fan", 100)).fan_percent == 100
    assert bridge.commands[-1][1] == {"state": "ON", "fan_mode": "high"}
    assert not (await z2m.set_fan_speed("ceiling_fan", 0)).on
    assert (await z2m.set_oscillation("ceiling_fan", True)).oscillating is True
    assert bridge.commands[-1] == (f"{base}/Ceiling Fan/set", {"oscillation": "ON"})
    assert (await z2m.set_oscillation("ceiling_fan", False)).oscillating is False
    with pytest.raises(HomeError, match="cannot do oscillate"):
        await z2m.set_oscillation("kitchen_light", True)

    assert (await z2m.set_hvac_mode("bedroom_heating", "heat")).hvac_mode == "heat"
    assert bridge.commands[-1][1] == {"system_mode": "heat"}
    with pytest.raises(HomeError, match="has modes off, heat, auto, not cool"):
        await z2m.set_hvac_mode("bedroom_heating", "cool")


async def test_sensors_read_what_the_device_publishes(z2m: Zigbee2MqttHome, bridge: Z2mBridge) -> None:
    await bridge.change("Bedroom Sensor", temperature=23.5)
    await until(lambda: (z2m.cache.state("bedroom_temperature") or DeviceState()).value == 23.5)
    assert (await z2m.get_state("bedroom_temperature")).current_temperature_c == 23.5
    await bridge.change("Front Door", contact=False)  # no contact: the door is open
    await until(lambda: (z2m.cache.state("front_door") or DeviceState()).on)
    await bridge.change("Front Lock", state="UNLOCK")  # unlocked by hand
    await until(lambda: (z2m.cache.state("front_lock") or DeviceState()).locked is False)
