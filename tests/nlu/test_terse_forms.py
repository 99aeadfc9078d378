"""Verb-less and object-first commands (the kinds "terse" and "command" of the corpus), written for these
tests: brightness and temperature without a verb or with other verbs (调暗到, 改成, 定到), by room, and
scenes named before their verb."""

from __future__ import annotations

from typing import Any

import pytest

from ting.nlu import IntentRecognizer

from .catalog import check

TERSE: list[tuple[str, str, dict[str, Any]]] = [
    ("客厅灯百分之六十", "home.set_brightness", {"device": "living_room_light", "brightness": 60}),
    ("厨房灯亮度七十", "home.set_brightness", {"device": "kitchen_light", "brightness": 70}),
    ("客厅灯调亮到90%", "home.set_brightness", {"device": "living_room_light", "brightness": 90}),
    ("厨房的亮度百分之二十", "home.set_brightness", {"area": "kitchen", "brightness": 20}),
    ("把厨房灯调到一半", "home.set_brightness", {"device": "kitchen_light", "brightness": 50}),
    ("台灯的亮度开到最大", "home.set_brightness", {"device": "desk_lamp", "brightness": 100}),
    ("客厅空调温度二十七度", "home.set_temperature", {"device": "living_room_ac", "temperature": 27}),
    ("客厅温度调到二十五", "home.set_temperature", {"area": "living_room", "temperature": 25}),
    ("卧室空调定到二十二点五度", "home.set_temperature", {"device": "bedroom_ac", "temperature": 22.5}),
    ("把客厅空调温度改成十八度", "home.set_temperature", {"device": "living_room_ac", "temperature": 18}),
    ("观影模式开启", "home.activate_scene", {"scene": "movie"}),
    ("离家模式打开吧", "home.activate_scene", {"scene": "away"}),
    ("来个睡眠模式", "home.activate_scene", {"scene": "sleep"}),
]


@pytest.mark.parametrize(("text", "intent", "slots"), TERSE, ids=[t[0] for t in TERSE])
def test_terse_chinese(
    catalog_recognizer: IntentRecognizer, text: str, intent: str, slots: dict[str, Any]
) -> None:
    check(catalog_recognizer, text, intent, slots, "zh")


B, T = "home.set_brightness", "home.set_temperature"
TERSE_EN: list[tuple[str, str, dict[str, Any]]] = [
    ("kitchen light 70 percent", B, {"device": "kitchen_light", "brightness": 70}),
    ("make the kitchen light 60 percent", B, {"device": "kitchen_light", "brightness": 60}),
    ("kitchen light at half brightness", B, {"device": "kitchen_light", "brightness": 50}),
    ("turn the kitchen light all the way up", B, {"device": "kitchen_light", "brightness": 100}),
    ("cool the living room to 21 degrees", T, {"area": "living_room", "temperature": 21}),
    ("raise the bedroom AC to 27", T, {"device": "bedroom_ac", "temperature": 27}),
    ("i'd like the kitchen at 23 degrees", T, {"area": "kitchen", "temperature": 23}),
    ("movie mode on", "home.activate_scene", {"scene": "movie"}),
    ("put on sleep mode", "home.activate_scene", {"scene": "sleep"}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "intent", "slots"), TERSE_EN, ids=[t[0] for t in TERSE_EN])
def test_terse_english(
    catalog_recognizer: IntentRecognizer, text: str, intent: str, slots: dict[str, Any]
) -> None:
    check(catalog_recognizer, text, intent, slots, "en")


def test_terse_forms_do_not_accept_chatter(catalog_recognizer: IntentRecognizer) -> None:
    for text, lang in [
        ("the kitchen is 20 years old", "en"),
        ("my lamp was 30 dollars", "en"),
        ("台灯是宜家的", "zh"),
    ]:
        assert catalog_recognizer.recognize(text, lang=lang) is None, text
