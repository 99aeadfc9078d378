"""Household files with the device kinds of real homes: floors, device classes, defaults, errors by line."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from ting.errors import ConfigError
from ting.nlu import IntentRecognizer, discover_sentence_files, load_household
from ting.nlu.builtin_lists import registry_lists
from ting.nlu.registry import DEFAULT_FAN_MODES, DEFAULT_HVAC_MODES

from .conftest import SKILLS


def test_the_demo_household_has_a_device_of_each_new_kind() -> None:
    home = load_household(None)
    capabilities = set().union(*(device.capabilities for device in home.devices.values()))
    assert capabilities >= {
        "position", "tilt", "lock", "fan_speed", "oscillate", "color", "color_temp", "hvac_mode",
        "fan_mode", "current_temperature", "sensor", "start_stop", "return_home", "play_pause", "volume",
    }  # fmt: skip
    classes = {device.device_class for device in home.devices.values() if device.domain == "sensor"}
    assert classes == {"temperature", "humidity", "illuminance", "power", "battery"}
    binary = {device.device_class for device in home.devices.values() if device.domain == "binary_sensor"}
    assert binary == {"door", "window", "motion"}
    assert {"vacuum", "media_player", "lock"} <= {device.domain for device in home.devices.values()}


def test_floors_group_areas() -> None:
    home = load_household(None)
    assert home.floor("ground").level == 0  # type: ignore[union-attr]
    assert "楼下" in home.floor("ground").names["zh"]  # type: ignore[union-attr]
    downstairs = [device.id for device in home.devices_matching(floor="ground", domain="light")]
    assert downstairs == ["living_room_light", "kitchen_light", "living_room_strip"]
    assert [d.id for d in home.devices_matching(floor="upstairs", domain="light")] == [
        "bedroom_light",
        "desk_lamp",
    ]
    assert registry_lists(home)["floor"] is not None


def test_a_kind_is_a_domain_or_a_device_class() -> None:
    home = load_household(None)
    assert [device.id for device in home.devices_matching(domain="window")] == [
        "bedroom_window",
        "kitchen_window",
    ]
    assert [device.id for device in home.devices_matching(domain="garage")] == ["garage_door"]
    assert "garage_door" in [device.id for device in home.devices_matching(domain="cover")]
    assert "窗户" in home.domain_names["window"]["zh"]


def test_locks_and_garage_doors_ask_for_confirmation_by_default() -> None:
    home = load_household(None)
    confirmed = sorted(device.id for device in home.devices.values() if device.confirm)
    assert confirmed == ["front_door_lock", "garage_door"]


MINIMAL = """
areas:
  den: {names: {zh: [书房]}}
devices:
  lock: {area: den, domain: lock, names: {zh: [门锁]}}
  ac: {area: den, domain: climate, names: {zh: [空调]}, capabilities: [on_off, hvac_mode, fan_mode]}
  vac: {area: den, domain: vacuum, names: {zh: [扫地机]}}
  plug: {area: den, domain: switch, names: {zh: [插座]}}
  gate: {area: den, domain: cover, device_class: gate, names: {zh: [大门]}, confirm: false}
"""


def test_defaults_of_a_minimal_file(tmp_path: Path) -> None:
    path = tmp_path / "home.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    home = load_household(path)
    lock, ac, vac, plug, gate = (home.devices[name] for name in ("lock", "ac", "vac", "plug", "gate"))
    assert lock.capabilities == {"lock"} and lock.confirm
    assert ac.hvac_modes == DEFAULT_HVAC_MODES and ac.fan_modes == DEFAULT_FAN_MODES
    assert vac.capabilities == {"start_stop", "return_home"}
    assert plug.capabilities == {"on_off"} and not plug.confirm
    assert not gate.confirm  # said so in the file
    assert ac.color_temp_range_kelvin() == (2700, 6500)
    assert home.floors == {} and home.area("den").floor is None  # type: ignore[union-attr]
    assert "灯" in home.domain_names["light"]["zh"] and "锁" in home.domain_names["lock"]["zh"]


@pytest.mark.parametrize(
    ("text", "line", "key"),
    [
        ("  fan: {area: den, domain: fan, fan_speed_count: 0}\n", 5, "devices.fan.fan_speed_count"),
        ("  fan: {area: den, domain: fan, colour: red}\n", 5, "devices.fan.colour"),
        ("  fan: {area: den, domain: fan, confirm: maybe}\n", 5, "devices.fan.confirm"),
        ("  fan: {area: den, domain: fan, hvac_modes: cool}\n", 5, "devices.fan.hvac_modes"),
        ("  fan:\n    area: den\n    domain: fan\n    max_color_temp_kelvin: 99999\n", 8,
         "devices.fan.max_color_temp_kelvin"),
    ],
)  # fmt: skip
def test_errors_in_new_keys_name_the_line(tmp_path: Path, text: str, line: int, key: str) -> None:
    path = tmp_path / "home.yaml"
    path.write_text("floors:\n  up: {names: {en: [upstairs]}}\nareas: {den: {floor: up}}\ndevices:\n" + text)
    with pytest.raises(ConfigError) as caught:
        load_household(path)
    assert f"{path}, line {line}: {key}" in str(caught.value)


def test_an_area_on_an_unknown_floor_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "home.yaml"
    path.write_text("floors:\n  up: {names: {en: [upstairs]}}\nareas:\n  den: {floor: attic}\n")
    with pytest.raises(
        ConfigError, match=r"line 4: areas\.den\.floor: expected one of the floor ids \['up'\]"
    ):
        load_household(path)


def test_a_kind_no_device_is_is_not_a_command(recognizer: IntentRecognizer) -> None:
    home = load_household(None)
    without = replace(home, devices={key: d for key, d in home.devices.items() if d.domain != "vacuum"})
    files = discover_sentence_files([("home", SKILLS / "home" / "sentences")])
    bare = IntentRecognizer.from_files(files, without)
    assert "vacuum" not in {value for _, value in registry_lists(without)["domain"].entries}
    assert bare.recognize("打开扫地机器人", lang="zh") is None
    assert bare.recognize("turn on the vacuum", lang="en") is None
    found = recognizer.recognize("turn on the vacuum", lang="en")
    assert found is not None and found.slot_values() == {"device": "robot_vacuum"}
