"""The Zigbee2MQTT and Tasmota payload types: parsing, round trips, access bits, topics; and joining the
listed devices to the household (errors name the settings key)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.home_mqtt.sim_tasmota import TasmotaPlug
from tests.home_mqtt.sim_z2m import DEVICES, GROUPS, KITCHEN, THERMOSTAT
from ting.errors import ConfigError, MessageError
from ting.mqtt.url import BrokerAddress
from ting.nlu.registry import load_household
from ting.server.home_mqtt.household import Listed, join
from ting.server.home_mqtt.tasmota_discovery import CMND, STAT, TasmotaConfig, parse_config
from ting.server.home_mqtt.z2m_bridge import (
    BridgeDevice,
    BridgeGroup,
    parse_devices,
    parse_groups,
    parse_online,
)
from ting.server.home_mqtt.z2m_exposes import Expose, control_for
from ting.settings import load_settings


def test_bridge_lists_round_trip() -> None:
    devices = parse_devices(json.dumps(DEVICES).encode())
    assert [device.friendly_name for device in devices][:3] == ["Coordinator", "Kitchen Light", "Bedroom TRV"]
    for device in devices:
        assert BridgeDevice.from_json(json.loads(json.dumps(device.to_json()))) == device
    for group in parse_groups(json.dumps(GROUPS).encode()):
        assert BridgeGroup.from_json(group.to_json()) == group


def test_exposes_round_trip_and_access_bits() -> None:
    exposes = [Expose.from_json(item) for item in KITCHEN["definition"]["exposes"]]
    assert [Expose.from_json(expose.to_json()) for expose in exposes] == exposes
    control = control_for(exposes)
    assert control.domain == "light" and control.capabilities == {
        "on_off",
        "brightness",
        "color",
        "color_temp",
    }
    assert control.gettable == ("state", "brightness", "color", "color_temp")
    published_only = [
        Expose.from_json(
            {
                **KITCHEN["definition"]["exposes"][0],
                "features": [
                    {
                        "type": "binary",
                        "name": "state",
                        "property": "state",
                        "access": 1,
                        "value_on": "ON",
                        "value_off": "OFF",
                    },
                ],
            }
        )
    ]
    assert control_for(published_only).capabilities == frozenset()  # published (1), not settable (2)
    climate = control_for([Expose.from_json(item) for item in THERMOSTAT["definition"]["exposes"]])
    assert climate.setpoint is not None and climate.setpoint.value_step == 0.5
    door = control_for([Expose(type="binary", name="contact", property="contact", access=1)])
    assert (door.domain, door.device_class, door.capabilities) == ("binary_sensor", "door", {"sensor"})
    nothing = control_for([Expose(type="numeric", name="linkquality", property="linkquality", access=1)])
    assert (nothing.domain, nothing.reading, nothing.capabilities) == ("sensor", None, frozenset())


@pytest.mark.parametrize("payload", [b'{"state":"online"}', b"online"])
def test_availability_both_formats(payload: bytes) -> None:
    assert parse_online(payload) is True
    assert parse_online(payload.replace(b"online", b"offline")) is False


def test_bad_lists_are_refused_and_bad_entries_skipped() -> None:
    with pytest.raises(MessageError):
        parse_devices(b'{"not": "a list"}')
    good = KITCHEN
    assert [d.friendly_name for d in parse_devices(json.dumps([{"friendly_name": 1}, good]).encode())] == [
        "Kitchen Light"
    ]


def test_tasmota_discovery_round_trip_and_topics() -> None:
    plug = TasmotaPlug(BrokerAddress("127.0.0.1", 1), topic="plug_1", mac="A4CF12A1B2C3", relays=(2, 1))
    plug.full_topic = "%topic%/%prefix%/x_%id%/"
    config = parse_config(json.dumps(plug.config()).encode())
    assert config is not None
    assert TasmotaConfig.from_json(config.to_json()) == config
    assert config.topic_for(CMND, "POWER2") == "plug_1/cmnd/x_A1B2C3/POWER2"
    assert config.topic_for(STAT, "RESULT") == "plug_1/stat/x_A1B2C3/RESULT"
    assert (config.power_key(1), config.power_key(2), config.relay_kind(1), config.relay_kind(3)) == (
        "POWER1",
        "POWER2",
        2,
        0,
    )
    single = TasmotaConfig(mac="A", topic="t", relays=(1, 0, 0))
    assert single.power_key(1) == "POWER"
    assert TasmotaConfig(mac="A", topic="t", relays=(1,), setoptions={"26": 1}).power_key(1) == "POWER1"
    assert parse_config(b"") is None  # discovery removed


def test_listed_devices_join_the_household_with_their_names() -> None:
    demo = load_household(None)
    listed = Listed(
        "zigbee2mqtt.devices.z_light",
        "kitchen",
        {"zh": ["吧台灯"], "en": "bar light"},
        None,
        None,
        found_domain="light",
        found_capabilities=frozenset({"on_off", "brightness"}),
    )
    joined = join(demo, {"z_light": listed})
    device = joined.devices["z_light"]
    assert (device.domain, device.capabilities, device.names) == (
        "light",
        {"on_off", "brightness"},
        {"zh": ("吧台灯",), "en": ("bar light",)},
    )
    assert len(joined.devices) == len(demo.devices) + 1
    overridden = join(demo, {"z": Listed("k", "kitchen", {}, "fan", ("on_off",), "light", frozenset())})
    assert (overridden.devices["z"].domain, overridden.devices["z"].capabilities) == ("fan", {"on_off"})
    with pytest.raises(ConfigError, match=r"zigbee2mqtt.devices.z_light.area: .*'attic'"):
        join(demo, {"z_light": Listed("zigbee2mqtt.devices.z_light", "attic", {}, None, None)})
    with pytest.raises(
        ConfigError, match=r"tasmota.devices.kitchen_light: the device id 'kitchen_light' is taken"
    ):
        join(demo, {"kitchen_light": Listed("tasmota.devices.kitchen_light", "kitchen", {}, None, None)})


def test_settings_from_toml_and_their_mistakes(tmp_path: Path) -> None:
    good = tmp_path / "ting.toml"
    good.write_text(
        '[zigbee2mqtt.devices.kitchen_light]\nfriendly_name = "Kitchen Light"\narea = "kitchen"\n'
        'names = { zh = ["厨房灯"], en = "kitchen light" }\n'
        '[tasmota.devices.fan]\ndevice = "tasmota_1"\nrelay = 2\narea = "study"\n',
        encoding="utf-8",
    )
    settings = load_settings(good, environ={})
    assert settings.zigbee2mqtt.enabled and settings.tasmota.enabled
    assert settings.zigbee2mqtt.devices["kitchen_light"].names == {"zh": ["厨房灯"], "en": "kitchen light"}
    empty = tmp_path / "empty.toml"
    empty.write_text("")
    assert load_settings(empty, environ={}).zigbee2mqtt.enabled is False
    bad = tmp_path / "bad.toml"
    bad.write_text('[tasmota.devices.fan]\ndevice = "t"\nrelay = 0\narea = "study"\nnames = { fr = ["x"] }\n')
    with pytest.raises(ConfigError) as error:
        load_settings(bad, environ={})
    assert "tasmota.devices.fan.relay" in str(error.value) and "tasmota.devices.fan.names.fr" in str(
        error.value
    )
