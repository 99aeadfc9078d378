"""Group questions are the catalog's home.get_state, a kind in a room is its one device unless all are
meant, and a room with no kind is every device there (docs/nlu.md, docs/home-intents.md)."""

from __future__ import annotations

from typing import Any

import pytest

from ting.nlu import IntentRecognizer

from .catalog import NOW, check

S = "home.get_state"
CASES: list[tuple[str, str, str, dict[str, Any]]] = [
    # group questions: home.get_state with the kind and the place said, nothing else
    ("zh", "有哪些灯没关", S, {"domain": "light"}),
    ("zh", "家里还有灯开着吗", S, {"domain": "light"}),
    ("zh", "客厅有什么开着", S, {"area": "living_room"}),
    ("zh", "书房有没有开着的东西", S, {"area": "study"}),
    ("zh", "家里开着几台空调", S, {"domain": "climate"}),
    ("zh", "卧室的灯都关了吗", S, {"area": "bedroom", "domain": "light"}),
    ("en", "is anything still on", S, {}),
    ("en", "are all the lights off", S, {"domain": "light"}),
    ("en", "how many lights are on", S, {"domain": "light"}),
    ("en", "what's on in the living room", S, {"area": "living_room"}),
    ("en", "are any air conditioners running", S, {"domain": "climate"}),
    # a kind in a room: the one device there, unless all are meant
    ("zh", "把卧室的灯关上", "home.turn_off", {"device": "bedroom_light"}),
    ("zh", "客厅的灯打开", "home.turn_on", {"device": "living_room_light"}),
    ("zh", "把客厅的灯都打开", "home.turn_on", {"area": "living_room", "domain": "light"}),
    ("zh", "把卧室所有的灯关了", "home.turn_off", {"area": "bedroom", "domain": "light"}),
    ("en", "turn on the light in the bedroom", "home.turn_on", {"device": "bedroom_light"}),
    ("en", "turn on the bedroom lights", "home.turn_on", {"area": "bedroom", "domain": "light"}),
    ("en", "turn off all the kitchen light", "home.turn_off", {"area": "kitchen", "domain": "light"}),
    (
        "en",
        "turn the living room light all the way up",
        "home.set_brightness",
        {"device": "living_room_light", "brightness": 100},
    ),
    # all of a kind said with 全部 / 每个, and a possessive right before the room
    ("zh", "把全部的空调关掉", "home.turn_off", {"domain": "climate"}),
    ("zh", "每个房间的灯都关上", "home.turn_off", {"domain": "light"}),
    ("zh", "我卧室的床头灯开一下", "home.turn_on", {"device": "bedroom_light"}),
    # a device said with its room is the device; with another room both stay (the skill says where it is)
    ("zh", "把书房里的台灯关掉", "home.turn_off", {"device": "desk_lamp"}),
    ("zh", "主卧的床头灯亮度调到三十", "home.set_brightness", {"device": "bedroom_light", "brightness": 30}),
    ("zh", "关掉厨房的床头灯", "home.turn_off", {"device": "bedroom_light", "area": "kitchen"}),
    ("en", "switch off the bedside lamp in the master bedroom", "home.turn_off", {"device": "bedroom_light"}),
    ("en", "is the extractor fan in our kitchen on", S, {"device": "range_hood"}),
    (
        "en",
        "turn on the kitchen light in the bedroom",
        "home.turn_on",
        {"device": "kitchen_light", "area": "bedroom"},
    ),
    # a room with no kind: every device there
    ("zh", "把卫生间的电器都关了", "home.turn_off", {"area": "bathroom"}),
    ("en", "turn off everything in the bathroom", "home.turn_off", {"area": "bathroom"}),
    ("en", "switch off all the air conditioners", "home.turn_off", {"domain": "climate"}),
]


@pytest.mark.parametrize(("lang", "text", "intent", "slots"), CASES, ids=[case[1] for case in CASES])
def test_groups_and_rooms(
    catalog_recognizer: IntentRecognizer, lang: str, text: str, intent: str, slots: dict[str, Any]
) -> None:
    check(catalog_recognizer, text, intent, slots, lang)


@pytest.mark.parametrize(("text", "lang"), [("are any lights on", "en"), ("哪些灯没关", "zh")])
def test_a_group_question_is_about_the_whole_home(
    catalog_recognizer: IntentRecognizer, text: str, lang: str
) -> None:
    found = catalog_recognizer.recognize(text, lang=lang, area="bedroom", now=NOW)
    assert found is not None and found.slot_values() == {"domain": "light"}  # no site area added


def test_a_question_about_the_light_here_keeps_the_room(catalog_recognizer: IntentRecognizer) -> None:
    found = catalog_recognizer.recognize("灯开着吗", lang="zh", area="bedroom", now=NOW)
    assert found is not None and found.intent_name == S
    assert found.slot_values() == {"domain": "light", "area": "bedroom"}
