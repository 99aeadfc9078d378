"""English sentences of the system and home skills over the demo household: text -> intent + slots."""

from __future__ import annotations

from typing import Any

import pytest

from ting.nlu import IntentRecognizer

CASES: list[tuple[str, str, dict[str, Any]]] = [
    # system
    ("what time is it", "system.time", {}),
    ("What's the time?", "system.time", {}),
    ("tell me the time", "system.time", {}),
    ("what day is it today", "system.date", {}),
    ("what's the date", "system.date", {}),
    ("what can you do", "system.help", {}),
    ("help", "system.help", {}),
    ("never mind", "system.cancel", {}),
    ("forget it", "system.cancel", {}),
    ("cancel", "system.cancel", {}),
    # on / off
    ("turn on the kitchen light", "home.turn_on", {"device": "kitchen_light"}),
    ("Turn on the Kitchen Light, please!", "home.turn_on", {"device": "kitchen_light"}),
    ("switch on the TV", "home.turn_on", {"device": "tv"}),
    ("turn the television on", "home.turn_on", {"device": "tv"}),
    ("turn off the bedside lamp", "home.turn_off", {"device": "bedroom_light"}),
    ("switch off the range hood", "home.turn_off", {"device": "range_hood"}),
    ("turn off the extractor fan", "home.turn_off", {"device": "range_hood"}),
    ("turn on the water heater", "home.turn_on", {"device": "water_heater"}),
    ("turn on the living room AC", "home.turn_on", {"device": "living_room_ac"}),
    ("turn off the lounge lights", "home.turn_off", {"area": "living_room", "domain": "light"}),
    ("turn on the lights in the kitchen", "home.turn_on", {"area": "kitchen", "domain": "light"}),
    ("turn off all the lights", "home.turn_off", {"domain": "light"}),
    ("turn on the office lamp", "home.turn_on", {"device": "desk_lamp"}),  # the study's one light
    ("open the curtains", "home.turn_on", {"device": "living_room_curtain"}),
    ("close the living room curtains", "home.turn_off", {"device": "living_room_curtain"}),
    ("lights off", "home.turn_off", {"domain": "light"}),
    ("can you turn on the ceiling light", "home.turn_on", {"device": "living_room_light"}),
    ("shut off the air conditioner", "home.turn_off", {"domain": "climate"}),
    # brightness
    (
        "dim the bedroom light to 20 percent",
        "home.set_brightness",
        {"device": "bedroom_light", "brightness": 20},
    ),
    ("set the desk lamp to fifty percent", "home.set_brightness", {"device": "desk_lamp", "brightness": 50}),
    (
        "set the brightness of the ceiling light to 75%",
        "home.set_brightness",
        {"device": "living_room_light", "brightness": 75},
    ),
    (
        "set the living room lights to twenty five percent",
        "home.set_brightness",
        {"area": "living_room", "brightness": 25},  # no domain: the catalog gives set_brightness none
    ),
    (
        "brighten the study light to 100 percent",
        "home.set_brightness",
        {"device": "desk_lamp", "brightness": 100},
    ),
    # superlatives: brightest = 100, dimmest = 1
    ("max brightness", "home.set_brightness", {"brightness": 100}),
    ("full brightness", "home.set_brightness", {"brightness": 100}),
    ("brightest", "home.set_brightness", {"brightness": 100}),
    (
        "set the desk lamp to full brightness",
        "home.set_brightness",
        {"device": "desk_lamp", "brightness": 100},
    ),
    (
        "make the bedroom light brightest",
        "home.set_brightness",
        {"device": "bedroom_light", "brightness": 100},
    ),
    ("set the brightness to maximum", "home.set_brightness", {"brightness": 100}),
    ("dimmest", "home.set_brightness", {"brightness": 1}),
    ("minimum brightness", "home.set_brightness", {"brightness": 1}),
    ("dim the desk lamp to the lowest", "home.set_brightness", {"device": "desk_lamp", "brightness": 1}),
    # temperature
    ("set the bedroom AC to 24 degrees", "home.set_temperature", {"device": "bedroom_ac", "temperature": 24}),
    (
        "set the living room air conditioner to twenty two degrees",
        "home.set_temperature",
        {"device": "living_room_ac", "temperature": 22},
    ),
    ("set the temperature to 25.5 degrees", "home.set_temperature", {"temperature": 25.5}),
    (
        "set the temperature in the bedroom to 23 degrees",
        "home.set_temperature",
        {"area": "bedroom", "temperature": 23},
    ),
    # state
    ("is the kitchen light on", "home.get_state", {"device": "kitchen_light"}),
    ("is the TV off", "home.get_state", {"device": "tv"}),
    ("are the curtains open", "home.get_state", {"device": "living_room_curtain"}),
    ("are the bedroom lights on", "home.get_state", {"area": "bedroom", "domain": "light"}),
    ("did I leave the water heater on", "home.get_state", {"device": "water_heater"}),
    ("what's the status of the range hood", "home.get_state", {"device": "range_hood"}),
    # scenes
    ("movie mode", "home.activate_scene", {"scene": "movie"}),
    ("it's movie time", "home.activate_scene", {"scene": "movie"}),
    ("activate sleep mode", "home.activate_scene", {"scene": "sleep"}),
    ("good night", "home.activate_scene", {"scene": "sleep"}),
    ("goodnight", "home.activate_scene", {"scene": "sleep"}),
    ("I'm leaving", "home.activate_scene", {"scene": "away"}),
    ("I'm home", "home.activate_scene", {"scene": "home"}),
    ("welcome home", "home.activate_scene", {"scene": "home"}),
    ("switch to away mode", "home.activate_scene", {"scene": "away"}),
]


@pytest.mark.parametrize(("text", "intent", "slots"), CASES, ids=[case[0] for case in CASES])
def test_english(recognizer: IntentRecognizer, text: str, intent: str, slots: dict[str, Any]) -> None:
    result = recognizer.recognize(text, lang="en")
    assert result is not None, text
    assert (result.intent_name, result.slot_values()) == (intent, slots)
    assert result.lang == "en"


@pytest.mark.parametrize(
    "text",
    ["I like turtles", "the weather is nice", "turn", "on the kitchen light please now", "open sesame", ""],
)
def test_non_commands(recognizer: IntentRecognizer, text: str) -> None:
    assert recognizer.recognize(text, lang="en") is None


def test_exact_match_has_full_confidence(recognizer: IntentRecognizer) -> None:
    result = recognizer.recognize("turn on the kitchen light", lang="en")
    assert result is not None and result.confidence == 1.0


def test_slot_spans(recognizer: IntentRecognizer) -> None:
    text = "Dim the bedroom light to 20 percent"
    result = recognizer.recognize(text)
    assert result is not None
    spans = {slot.name: (slot.raw_value, text[slot.start : slot.end]) for slot in result.slots}
    assert spans == {"device": ("bedroom light", "bedroom light"), "brightness": ("20", "20")}


def test_site_area_fills_in_when_no_device_or_area_is_said(recognizer: IntentRecognizer) -> None:
    result = recognizer.recognize("turn off the light", lang="en", area="bedroom")
    assert result is not None
    assert result.slot_values() == {"domain": "light", "area": "bedroom"}
    assert [slot.raw_value for slot in result.slots if slot.name == "area"] == [""]
    named = recognizer.recognize("turn off the kitchen light", lang="en", area="bedroom")
    assert named is not None and named.slot_values() == {"device": "kitchen_light"}
    time = recognizer.recognize("what time is it", lang="en", area="bedroom")
    assert time is not None and time.slot_values() == {}


def test_language_detected_and_fallback(recognizer: IntentRecognizer) -> None:
    detected = recognizer.recognize("turn on the TV")
    assert detected is not None and detected.lang == "en"
    typed_on_chinese_device = recognizer.recognize("turn on the TV", lang="zh")
    assert typed_on_chinese_device is not None and typed_on_chinese_device.intent_name == "home.turn_on"
