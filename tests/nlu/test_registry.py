"""The household registry: the built-in demo household and errors in household files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ting.errors import ConfigError
from ting.nlu import load_household


def test_demo_household_matches_the_spec() -> None:
    home = load_household(None)
    assert {"bathroom", "bedroom", "kitchen", "living_room", "study"} <= set(home.areas)
    spec_devices = ["living_room_light", "living_room_ac", "living_room_curtain", "tv", "bedroom_light",
                    "bedroom_ac", "kitchen_light", "range_hood", "desk_lamp", "water_heater"]  # fmt: skip
    assert list(home.devices)[:10] == spec_devices  # the new kinds come after the spec's devices
    assert home.area("living_room").names["en"] == ("living room", "lounge")  # type: ignore[union-attr]
    ac = home.device("living_room_ac")
    assert ac is not None and (ac.min_temperature_c, ac.max_temperature_c) == (16, 30)
    assert ac.capabilities == frozenset({"on_off", "temperature"})
    assert home.device("living_room_curtain").capabilities == frozenset({"open_close"})  # type: ignore[union-attr]
    assert [d.id for d in home.devices_matching(domain="light")] == [
        "living_room_light", "bedroom_light", "kitchen_light", "desk_lamp", "living_room_strip",
    ]  # fmt: skip
    kitchen = ["kitchen_light", "range_hood", "kitchen_window"]
    assert [d.id for d in home.devices_matching(area="kitchen")] == kitchen
    assert home.device("nope") is None


def test_demo_scenes() -> None:
    home = load_household(None)
    movie = home.scene("movie")
    assert movie is not None
    assert [(a.device, a.state, a.brightness) for a in movie.actions] == [
        ("living_room_light", "on", 10), ("living_room_curtain", "off", None), ("tv", "on", None),
    ]  # fmt: skip
    sleep = home.scene("sleep")
    assert sleep is not None
    assert [d.id for d in home.scene_targets(sleep.actions[0])] == [
        "living_room_light", "bedroom_light", "kitchen_light", "desk_lamp", "living_room_strip",
    ]  # fmt: skip
    assert sleep.actions[1].temperature_c == 26
    away = home.scene("away")
    assert away is not None and away.actions[0].targets_all
    assert len(home.scene_targets(away.actions[0])) == len(home.devices)
    assert "我要睡觉了" in sleep.names["zh"]


def test_sites() -> None:
    home = load_household(None)
    assert home.area_for_site("bedroom") == "bedroom"
    assert home.area_for_site("satellite-1") is None
    mapped = home.with_sites({"satellite-1": "kitchen", "bedroom": "study"})
    assert mapped.area_for_site("satellite-1") == "kitchen"
    assert mapped.area_for_site("bedroom") == "study"


def test_domain_names() -> None:
    home = load_household(None)
    assert "灯" in home.domain_names["light"]["zh"] and "lights" in home.domain_names["light"]["en"]


GOOD = """
areas:
  den: {names: {en: [den]}}
devices:
  lamp: {area: den, domain: light, names: {en: [lamp]}, capabilities: [on_off]}
scenes:
  dark: {names: {en: [dark]}, actions: [{device: lamp, state: off}]}
sites: {pi: den}
"""


def test_custom_household_file(tmp_path: Path) -> None:
    path = tmp_path / "home.yaml"
    path.write_text(GOOD, encoding="utf-8")
    home = load_household(path)
    assert home.area_for_site("pi") == "den"
    assert home.scene("dark").actions[0].state == "off"  # type: ignore[union-attr]  # unquoted YAML off


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (("area: den, domain", "area: attic, domain"), "devices.lamp.area"),
        (("capabilities: [on_off]", "capabilities: [fly]"), "devices.lamp.capabilities"),
        (("device: lamp, state: off", "device: ghost, state: off"), "scenes.dark.actions[0].device"),
        (("state: off", "state: dim"), "scenes.dark.actions[0].state"),
        (("sites: {pi: den}", "sites: {pi: attic}"), "sites.pi"),
        (("names: {en: [den]}", "names: {fr: [den]}"), "areas.den.names.fr"),
    ],
)
def test_bad_household_names_file_and_key(tmp_path: Path, change: tuple[str, str], key: str) -> None:
    path = tmp_path / "home.yaml"
    path.write_text(GOOD.replace(*change), encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_household(path)
    assert str(path) in str(error.value) and key in str(error.value)


def test_missing_and_invalid_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_household(tmp_path / "missing.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("areas: [", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_household(broken)


def test_errors_in_a_household_file_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "home.yaml"
    path.write_text(
        "areas:\n  kitchen:\n    names: {zh: [厨房], en: [kitchen]}\n"
        "devices:\n  kettle:\n    area: kitchen\n    domain: switch\n"
        "    names: {zh: [水壶], en: [kettle]}\n    min_temperature_c: hot\n"
    )
    with pytest.raises(ConfigError) as caught:
        load_household(path)
    assert f"{path}, line 9: devices.kettle.min_temperature_c" in str(caught.value)


def test_a_minimal_household_file_gets_the_built_in_domain_names(tmp_path: Path) -> None:
    """A household file without domain_names broke the grammar export ("turn on the lights" had no word)."""
    from ting.nlu.grammar import export
    from ting.nlu.sentences import load_sentence_file

    path = tmp_path / "home.yaml"
    path.write_text(
        "areas:\n  den:\n    names: {zh: [书房], en: [den]}\n"
        "devices:\n  den_lamp:\n    area: den\n    domain: light\n    names: {zh: [台灯], en: [desk lamp]}\n"
    )
    household = load_household(path)
    assert "灯" in household.domain_names["light"]["zh"] and "lights" in household.domain_names["light"]["en"]
    sentences = Path(__file__).resolve().parents[2] / "skills" / "home" / "sentences"
    data = [load_sentence_file(sentences / f"{lang}.yaml", lang) for lang in ("en", "zh")]
    english = json.loads(export(data, household, "en", "vosk"))
    assert any(phrase.endswith(("lights", "light")) for phrase in english if "lamp" not in phrase)
    assert "灯" in export(data, household, "zh", "vosk")
