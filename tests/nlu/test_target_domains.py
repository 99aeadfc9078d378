"""The kind of device decides what "half" and a percentage set: a cover's position, a light's brightness
(``target_domains`` in the sentence files; docs/nlu.md)."""

from __future__ import annotations

from typing import Any

import pytest

from ting.errors import NluError
from ting.nlu import IntentRecognizer, load_household
from ting.nlu.sentences import parse_sentences

from .catalog import NOW, check

CASES: list[tuple[str, str, str, dict[str, Any]]] = [
    # covers: a position, by device, by kind in a room, by device class (车库门: garage)
    (
        "zh",
        "把卧室的窗帘都开到一半",
        "home.set_position",
        {"area": "bedroom", "domain": "cover", "position": 50},
    ),
    ("zh", "把卧室的窗帘开到一半", "home.set_position", {"device": "bedroom_blinds", "position": 50}),
    ("zh", "窗帘开一半", "home.set_position", {"device": "living_room_curtain", "position": 50}),
    ("zh", "客厅窗帘调到一半", "home.set_position", {"device": "living_room_curtain", "position": 50}),
    ("zh", "把窗帘调到百分之三十", "home.set_position", {"device": "living_room_curtain", "position": 30}),
    ("zh", "窗帘30%", "home.set_position", {"device": "living_room_curtain", "position": 30}),
    ("zh", "窗帘百分之四十", "home.set_position", {"device": "living_room_curtain", "position": 40}),
    ("zh", "把车库门开到一半", "home.set_position", {"device": "garage_door", "position": 50}),
    (
        "en",
        "set the curtains to half",
        "home.set_position",
        {"device": "living_room_curtain", "position": 50},
    ),
    (
        "en",
        "set the curtains to 30 percent",
        "home.set_position",
        {"device": "living_room_curtain", "position": 30},
    ),
    ("en", "curtains 30%", "home.set_position", {"device": "living_room_curtain", "position": 30}),
    (
        "en",
        "living room curtains to 50%",
        "home.set_position",
        {"device": "living_room_curtain", "position": 50},
    ),
    ("en", "bedroom blinds at half", "home.set_position", {"device": "bedroom_blinds", "position": 50}),
    # lights: the same words are a brightness
    ("zh", "把卧室的灯开到一半", "home.set_brightness", {"device": "bedroom_light", "brightness": 50}),
    ("zh", "把卧室的灯都开到一半", "home.set_brightness", {"area": "bedroom", "brightness": 50}),
    ("zh", "卧室灯调到一半", "home.set_brightness", {"device": "bedroom_light", "brightness": 50}),
    ("zh", "台灯调到百分之三十", "home.set_brightness", {"device": "desk_lamp", "brightness": 30}),
    ("zh", "台灯30%", "home.set_brightness", {"device": "desk_lamp", "brightness": 30}),
    (
        "en",
        "set the bedroom light to half",
        "home.set_brightness",
        {"device": "bedroom_light", "brightness": 50},
    ),
    (
        "en",
        "set the desk lamp to 30 percent",
        "home.set_brightness",
        {"device": "desk_lamp", "brightness": 30},
    ),
    ("en", "desk lamp 30%", "home.set_brightness", {"device": "desk_lamp", "brightness": 30}),
    # a bare number: a light's brightness, an air conditioner's temperature
    ("zh", "客厅灯调到二十", "home.set_brightness", {"device": "living_room_light", "brightness": 20}),
    ("zh", "把卧室空调调到二十六", "home.set_temperature", {"device": "bedroom_ac", "temperature": 26}),
    ("en", "set the study light at 85", "home.set_brightness", {"device": "desk_lamp", "brightness": 85}),
    ("en", "set the bedroom ac to 24", "home.set_temperature", {"device": "bedroom_ac", "temperature": 24}),
]


@pytest.mark.parametrize(("lang", "text", "intent", "slots"), CASES, ids=[case[1] for case in CASES])
def test_the_kind_of_device_decides(
    catalog_recognizer: IntentRecognizer, lang: str, text: str, intent: str, slots: dict[str, Any]
) -> None:
    check(catalog_recognizer, text, intent, slots, lang)


def test_a_cover_at_half_has_no_brightness_alternative(catalog_recognizer: IntentRecognizer) -> None:
    found = catalog_recognizer.recognize("把卧室的窗帘开到一半", lang="zh", now=NOW)
    assert found is not None and found.intent_name == "home.set_position"
    assert "home.set_brightness" not in dict(found.alternatives)


def _two_readings(domains: dict[str, list[str]]) -> IntentRecognizer:
    data = {
        "intents": {"demo.dim": ["{device} to half"], "demo.move": ["{device} to half"]},
        "target_domains": domains,
    }
    return IntentRecognizer([parse_sentences(data, "en")], load_household(None))


def test_the_reading_that_fits_wins_over_an_earlier_template() -> None:
    recognizer = _two_readings({"demo.dim": ["light"], "demo.move": ["cover"]})
    lamp = recognizer.recognize("desk lamp to half", lang="en", now=NOW)
    curtains = recognizer.recognize("curtains to half", lang="en", now=NOW)
    assert lamp is not None and lamp.intent_name == "demo.dim"
    assert curtains is not None and curtains.intent_name == "demo.move"
    without = _two_readings({})
    earlier = without.recognize("curtains to half", lang="en", now=NOW)
    assert earlier is not None and earlier.intent_name == "demo.dim"  # no kinds: the first written


def test_a_reading_that_does_not_fit_is_still_the_answer_when_it_is_the_only_one() -> None:
    # a TV (switch) at half: the handler says it cannot, rather than the NLU not understanding
    recognizer = _two_readings({"demo.dim": ["light"], "demo.move": ["cover"]})
    found = recognizer.recognize("tv to half", lang="en", now=NOW)
    assert found is not None and found.intent_name == "demo.dim"


@pytest.mark.parametrize("bad", [["light", 3], [], "light"])
def test_target_domains_must_be_a_list_of_kinds(bad: object) -> None:
    with pytest.raises(NluError, match="target_domains"):
        parse_sentences({"intents": {"demo.x": ["x"]}, "target_domains": {"demo.x": bad}}, "en")
