"""TasmotaHome against a simulated Tasmota device on a real mosquitto: discovery, ``cmnd`` payloads,
the device's own reports, LWT, a custom full topic, and garbage on every topic."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

import pytest

from tests.home_mqtt.conftest import tasmota_settings, unique
from tests.home_mqtt.sim_tasmota import TasmotaPlug
from tests.home_mqtt.test_zigbee2mqtt import until
from ting.errors import DeviceUnavailableError, HomeError
from ting.mqtt.url import BrokerAddress
from ting.server.home_mqtt.tasmota import TasmotaHome
from ting.settings import MqttSettings, TasmotaSettings
from ting.skills.sdk import DeviceState


async def test_discovery_makes_each_relay_a_device(tasmota: TasmotaHome) -> None:
    listed = tasmota.listed()
    assert (listed["desk_light"].found_domain, listed["desk_light"].found_capabilities) == (
        "light",
        frozenset({"on_off", "brightness"}),
    )
    assert (listed["fan_plug"].found_domain, listed["fan_plug"].found_capabilities) == (
        "switch",
        frozenset({"on_off"}),
    )


async def test_commands_are_cmnd_payloads_confirmed_by_stat(tasmota: TasmotaHome, plug: TasmotaPlug) -> None:
    await until(lambda: ("STATE", "") in plug.commands)  # asked for the state once discovered
    assert (await tasmota.turn_on("fan_plug")).on
    assert plug.commands[-1] == ("POWER2", "ON")
    assert plug.power == {1: False, 2: True}
    state = await tasmota.set_brightness("desk_light", 40)
    assert plug.commands[-1] == ("Dimmer", "40")
    assert (state.on, state.brightness_percent) == (True, 40)
    assert not (await tasmota.turn_off("desk_light")).on
    assert plug.commands[-1] == ("POWER1", "OFF")
    with pytest.raises(HomeError, match="cannot be dimmed"):
        await tasmota.set_brightness("fan_plug", 10)
    with pytest.raises(HomeError, match="no temperature"):
        await tasmota.set_temperature("fan_plug", 22)


async def test_the_button_on_the_device_is_known_at_once(tasmota: TasmotaHome, plug: TasmotaPlug) -> None:
    await plug.press(2)
    await until(lambda: tasmota.cache.state("fan_plug") == DeviceState(on=True))
    assert (await tasmota.get_state("fan_plug")).on
    await plug.publish(
        plug.topic_for("tele", "STATE"), '{"Time":"x","POWER1":"ON","POWER2":"OFF","Dimmer":70}'
    )
    await until(lambda: tasmota.cache.state("desk_light") == DeviceState(on=True, brightness_percent=70))
    assert tasmota.cache.state("fan_plug") == DeviceState(on=False)


async def test_lwt_offline_is_a_clear_refusal(tasmota: TasmotaHome, plug: TasmotaPlug) -> None:
    await plug.go_offline()
    await until(lambda: tasmota.cache.unavailable("desk_light") is not None)
    with pytest.raises(DeviceUnavailableError, match="offline"):
        await tasmota.turn_on("desk_light")
    await plug.publish(plug.topic_for("tele", "LWT"), "Online", retain=True)
    await until(lambda: tasmota.cache.unavailable("desk_light") is None)
    assert (await tasmota.turn_on("desk_light")).on


async def test_a_single_relay_with_a_custom_full_topic(
    mosquitto: BrokerAddress, mqtt_settings: Callable[..., MqttSettings]
) -> None:
    plug = TasmotaPlug(
        mosquitto,
        topic=unique("sonoff"),
        mac=uuid.uuid4().hex[:12].upper(),
        relays=(1,),
        light_subtype=0,
        discovery_prefix=f"{unique('disc')}/discovery",
        full_topic="home/%topic%/%prefix%/",
    )
    async with plug.running():
        settings = tasmota_settings(plug)
        settings = type(settings)(
            discovery_prefix=settings.discovery_prefix,
            devices={"heater": {"device": plug.topic, "area": "bathroom"}},  # type: ignore[dict-item]
        )
        async with TasmotaHome(settings, mqtt_settings(), server_id=unique("srv")) as home:
            await home.wait_discovered()
            assert (await home.turn_on("heater")).on
            assert plug.commands[-1] == ("POWER", "ON")
            await plug.press(1)
            await until(lambda: home.cache.state("heater") == DeviceState(on=False))


GARBAGE = [
    b"",
    b"{",
    b"null",
    b"[1]",
    b"\xff",
    b'{"POWER1": 7}',
    b'{"Dimmer": "high"}',
    b"[" * 5000,
    b'{"mac": 5, "t": "x"}',
    b'{"mac": "AA", "t": "x", "tp": "cmnd"}',
    b'{"mac": "AA", "t": "x", "rl": "1"}',
    b'{"mac": "AA", "t": "x", "state": []}',
    b"x" * 100_000,
]


async def test_garbage_is_logged_and_dropped(
    tasmota: TasmotaHome, plug: TasmotaPlug, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    topics = [
        plug.topic_for("stat", "RESULT"),
        plug.topic_for("stat", "POWER1"),
        plug.topic_for("tele", "STATE"),
        plug.topic_for("tele", "LWT"),
        f"{plug.discovery_prefix}/{plug.mac}X/config",
    ]
    for topic in topics:
        for payload in GARBAGE:
            await plug.publish(topic, payload)
    await plug.publish(plug.topic_for("tele", "LWT"), "Online")
    await plug.press(2)
    await until(lambda: tasmota.cache.state("fan_plug") == DeviceState(on=True))
    assert tasmota.link.dropped > 0 and "bad payload" in caplog.text
    assert (await tasmota.turn_off("fan_plug")).on is False
    assert (await tasmota.set_brightness("desk_light", 20)).brightness_percent == 20


async def test_colour_temperature_and_sensors(
    mosquitto: BrokerAddress, mqtt_settings: Callable[..., MqttSettings]
) -> None:
    plug = TasmotaPlug(
        mosquitto,
        topic=unique("bulb"),
        mac=uuid.uuid4().hex[:12].upper(),
        relays=(2,),
        light_subtype=5,  # RGB + CT
        discovery_prefix=f"{unique('disc')}/discovery",
    )
    devices = {
        "bulb": {"device": plug.topic, "area": "study"},
        "study_temperature": {"device": plug.mac, "sensor": "AM2301.Temperature", "area": "study"},
    }
    async with plug.running():
        settings = TasmotaSettings(discovery_prefix=plug.discovery_prefix, devices=devices)  # type: ignore[arg-type]
        async with TasmotaHome(settings, mqtt_settings(), server_id=unique("srv")) as home:
            await home.wait_discovered()
            listed = home.listed()
            assert listed["bulb"].found_capabilities == {"on_off", "brightness", "color", "color_temp"}
            assert (listed["study_temperature"].device_class, listed["study_temperature"].unit) == (
                "temperature",
                "°C",
            )
            state = await home.set_color("bulb", (0, 0, 255))
            assert plug.commands[-1] == ("Color", "0,0,255")
            assert state.on and state.rgb == (0, 0, 255)
            state = await home.set_color_temperature("bulb", 4000)
            assert plug.commands[-1] == ("CT", "250") and state.color_temp_kelvin == 4000
            await until(lambda: (home.cache.state("study_temperature") or DeviceState()).value == 21.0)
            await plug.report_sensor(19.5)
            await until(lambda: (home.cache.state("study_temperature") or DeviceState()).value == 19.5)
            assert (await home.get_state("study_temperature")).current_temperature_c == 19.5
            with pytest.raises(HomeError, match="a sensor"):
                await home.turn_on("study_temperature")
