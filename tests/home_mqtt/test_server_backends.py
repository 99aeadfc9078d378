"""The real server with a household file, a simulated Zigbee2MQTT bridge, a simulated Tasmota device and
simulated devices at once, driven by spoken-style queries in both languages over Hermes."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from tests.home_mqtt.conftest import tasmota_settings, unique, z2m_settings
from tests.home_mqtt.sim_tasmota import TasmotaPlug
from tests.home_mqtt.sim_z2m import Z2mBridge
from tests.home_mqtt.test_zigbee2mqtt import until
from tests.server.conftest import Probe, make_settings
from ting.errors import ConfigError
from ting.server.host import running_server
from ting.settings import HouseholdSettings, MqttSettings, Settings

HOUSEHOLD = """\
areas:
  kitchen: {names: {zh: [厨房], en: [kitchen]}}
  study: {names: {zh: [书房], en: [study]}}
  living_room: {names: {zh: [客厅], en: [living room]}}
  bedroom: {names: {zh: [卧室], en: [bedroom]}}
  bathroom: {names: {zh: [卫生间], en: [bathroom]}}
devices:
  tv: {area: living_room, domain: switch, names: {zh: [电视], en: [TV]}, capabilities: [on_off]}
"""


@pytest.fixture
def settings(
    tmp_path: Path, mqtt_settings: Callable[..., MqttSettings], bridge: Z2mBridge, plug: TasmotaPlug
) -> Settings:
    household = tmp_path / "home.yaml"
    household.write_text(HOUSEHOLD, encoding="utf-8")
    return replace(
        make_settings(tmp_path, mqtt_settings(), server_id=unique("server")),
        household=HouseholdSettings(registry_file=household),
        zigbee2mqtt=z2m_settings(bridge.base),
        tasmota=tasmota_settings(plug),
    )


@pytest.fixture
async def server(settings: Settings) -> AsyncIterator[Any]:
    async with running_server(settings) as running:
        await asyncio.wait_for(running.state.client.wait_connected(10), 15)
        yield running


def on(server: Any, device_id: str) -> bool | None:
    """What the device's backend knows of it (None: nothing yet)."""
    state = server.state.runtime.home.owner(device_id).cache.state(device_id)
    return None if state is None else bool(state.on)


def unreachable(server: Any, device_id: str) -> bool:
    return server.state.runtime.home.owner(device_id).cache.unavailable(device_id) is not None


async def ask(probe: Probe, text: str, lang: str) -> str:
    session = uuid.uuid4().hex
    await probe.publish("hermes/nlu/query", _query(text, lang, session))
    say = await probe.wait_for("hermes/tts/say", lambda data: data.get("sessionId") == session, 15)
    return str(say["text"])


def _query(text: str, lang: str, session: str) -> str:
    return json.dumps({"input": text, "siteId": "default", "sessionId": session, "lang": lang})


async def test_spoken_commands_reach_set_and_cmnd(
    server: Any, probe: Probe, bridge: Z2mBridge, plug: TasmotaPlug
) -> None:
    answer = await ask(probe, "turn on the kitchen light", "en")
    assert answer == "Turned on the kitchen light."
    assert (f"{bridge.base}/Kitchen Light/set", {"state": "ON"}) in bridge.commands
    answer = await ask(probe, "把厨房灯的亮度调到百分之五十", "zh")
    assert "百分之五十" in answer
    assert bridge.commands[-1] == (f"{bridge.base}/Kitchen Light/set", {"state": "ON", "brightness": 127})
    assert "卷帘" in await ask(probe, "把客厅卷帘拉开", "zh")
    assert bridge.commands[-1] == (f"{bridge.base}/Living Room Blind/set", {"state": "OPEN"})
    assert "21.5" in await ask(probe, "set the bedroom heating to 21.5 degrees", "en")
    assert bridge.commands[-1][1] == {"occupied_heating_setpoint": 21.5, "system_mode": "auto"}

    assert await ask(probe, "打开风扇插座", "zh") == "好的，风扇插座已打开。"
    assert plug.commands[-1] == ("POWER2", "ON")
    assert "40" in await ask(probe, "set the desk light to 40 percent", "en")
    assert plug.commands[-1] == ("Dimmer", "40")

    assert await ask(probe, "turn on the TV", "en") == "Turned on the TV."  # still simulated
    states = await server.state.device_states()
    assert states["tv"]["on"] and states["kitchen_light"]["brightness_percent"] == 50


async def test_a_change_made_elsewhere_is_in_the_answer(
    server: Any, probe: Probe, bridge: Z2mBridge, plug: TasmotaPlug
) -> None:
    await bridge.change("Kitchen Light", state="ON", brightness=254)
    await until(lambda: on(server, "kitchen_light") is True)
    assert await ask(probe, "is the kitchen light on", "en") == "The kitchen light is at 100 percent."
    await bridge.change("Kitchen Light", state="OFF")
    await until(lambda: on(server, "kitchen_light") is False)
    assert await ask(probe, "厨房灯开着吗", "zh") == "厨房灯关着。"
    await plug.press(1)
    await until(lambda: on(server, "desk_light") is True)
    assert "desk light" in (await ask(probe, "is the desk light on", "en")).lower()


async def test_an_unreachable_device_gets_a_clear_answer(
    server: Any, probe: Probe, bridge: Z2mBridge, plug: TasmotaPlug
) -> None:
    await bridge.set_available("Kitchen Light", online=False)
    await until(lambda: unreachable(server, "kitchen_light"))
    assert (
        await ask(probe, "turn on the kitchen light", "en")
        == "Sorry, the kitchen light can't be reached right now."
    )
    assert await ask(probe, "厨房灯开着吗", "zh") == "厨房灯现在连接不上。"
    assert (
        await ask(probe, "is the kitchen light on", "en") == "The kitchen light is not reachable right now."
    )
    await plug.go_offline()
    await until(lambda: unreachable(server, "desk_light"))
    assert await ask(probe, "打开书桌灯", "zh") == "抱歉，书桌灯现在连接不上。"
    assert "Turned on" in await ask(probe, "turn on the TV", "en")


async def test_a_listed_device_in_an_unknown_area_stops_the_start_with_its_key(settings: Settings) -> None:
    devices = {"attic_light": {"friendly_name": "Kitchen Light", "area": "attic"}}
    bad = replace(settings, zigbee2mqtt=replace(settings.zigbee2mqtt, devices=devices))  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match=r"zigbee2mqtt.devices.attic_light.area"):
        async with running_server(bad):
            pass


async def test_household_file_devices_with_a_backend(
    tmp_path: Path,
    mqtt_settings: Callable[..., MqttSettings],
    bridge: Z2mBridge,
    plug: TasmotaPlug,
    probe: Probe,
) -> None:
    household = tmp_path / "file-home.yaml"
    household.write_text(
        HOUSEHOLD
        + "  porch_light: {area: living_room, domain: light, names: {zh: [门廊灯], en: [porch light]},"
        + " backend: zigbee2mqtt, address: Porch Bulb}\n"
        + "  heater_plug: {area: bathroom, domain: switch, names: {zh: [暖风机], en: [heater]},"
        + f" backend: tasmota, address: '{plug.topic}#2'}}\n",
        encoding="utf-8",
    )
    settings = replace(
        make_settings(tmp_path, mqtt_settings(), server_id=unique("server")),
        household=HouseholdSettings(registry_file=household),
        zigbee2mqtt=z2m_settings(bridge.base, devices={}),
        tasmota=tasmota_settings(plug, devices={}, discovery_prefix=plug.discovery_prefix),
    )
    async with running_server(settings) as server:
        await asyncio.wait_for(server.state.client.wait_connected(10), 15)
        assert await ask(probe, "turn on the porch light", "en") == "Turned on the porch light."
        assert bridge.commands[-1] == (f"{bridge.base}/Porch Bulb/set", {"state": "ON"})
        assert await ask(probe, "打开暖风机", "zh") == "好的，暖风机已打开。"
        assert plug.commands[-1] == ("POWER2", "ON")
        assert await ask(probe, "turn on the TV", "en") == "Turned on the TV."


async def test_the_new_kinds_by_voice(server: Any, probe: Probe, bridge: Z2mBridge) -> None:
    base = bridge.base
    answer = await ask(probe, "turn the kitchen light blue", "en")
    assert bridge.commands[-1] == (
        f"{base}/Kitchen Light/set",
        {"state": "ON", "color": {"x": 0.15, "y": 0.06}},
    )
    assert "blue" in answer.lower()
    await ask(probe, "把客厅卷帘开到一半", "zh")
    assert bridge.commands[-1] == (f"{base}/Living Room Blind/set", {"position": 50})
    await ask(probe, "吊扇调到三档", "zh")
    assert bridge.commands[-1] == (f"{base}/Ceiling Fan/set", {"state": "ON", "fan_mode": "high"})
    sets = len(bridge.commands)
    session = uuid.uuid4().hex
    await probe.publish("hermes/nlu/query", _query("unlock the front door lock", "en", session))
    question = await probe.wait_for("hermes/tts/say", lambda data: data.get("sessionId") == session, 15)
    assert len(bridge.commands) == sets  # nothing sent before the yes
    assert question["text"] == "Are you sure you want to unlock the front door lock?"
    await probe.publish("hermes/nlu/query", _query("yes", "en", session))
    done = await probe.wait_for(
        "hermes/tts/say", lambda data: data.get("sessionId") == session and data["id"] != question["id"], 15
    )
    assert bridge.commands[-1] == (f"{base}/Front Lock/set", {"state": "UNLOCK"})
    assert "unlocked" in done["text"].lower()
    await bridge.change("Bedroom Sensor", temperature=23.5)
    await until(lambda: on(server, "bedroom_temperature") is True)
    assert (
        await ask(probe, "what's the temperature in the bedroom", "en") == "It's 23.5 degrees in the bedroom."
    )
