"""English questions embedded after a wrapper in a statement's word order, and the question forms written
once in the skills' sentence data (docs/nlu.md, "Phrasing kinds")."""

from __future__ import annotations

from typing import Any

import pytest

from ting.nlu import IntentRecognizer
from ting.nlu.embedded import question_order
from ting.nlu.normalize import tokenize

from .catalog import check

CASES: list[tuple[str, str | None, dict[str, Any]]] = [
    # statement order after a wrapper: every question template gets it
    (
        "could you tell me whether the ceiling light is still on",
        "home.get_state",
        {"device": "living_room_light"},
    ),
    ("let me know if the extractor fan is off", "home.get_state", {"device": "range_hood"}),
    ("i was wondering what the date is", "system.date", {}),
    ("do you happen to know what song this is", "music.what", {}),
    ("tell me what the desk lamp is set to", "home.get_state", {"device": "desk_lamp"}),
    ("i want to know what alarms i have", "alarm.list", {}),
    ("any idea if it's gonna be windy in Shanghai", "weather.get", {"location": "Shanghai"}),
    # how it is set, is a timer still running, when said with a question
    ("how bright is the ceiling light right now", "home.get_state", {"device": "living_room_light"}),
    ("is my egg timer still ticking", "timer.status", {}),
    ("are there any alarms at all", "alarm.list", {}),
    # a statement is still no question
    ("i know what the weather is like", None, {}),
]


@pytest.mark.parametrize(("text", "intent", "slots"), CASES, ids=[case[0] for case in CASES])
def test_embedded_question(
    catalog_recognizer: IntentRecognizer, text: str, intent: str | None, slots: dict[str, Any]
) -> None:
    check(catalog_recognizer, text, intent, slots, "en")


@pytest.mark.parametrize(
    ("said", "asked"),
    [
        ("tell me if the tv is on", "tell me is the tv on"),
        ("do you know whether it's raining", "do you know is it raining"),
        ("any idea what time it is", "any idea what time is it"),
        ("do you know what the weather will be like", "do you know what will the weather be like"),
        ("tell me what alarms i have", "tell me what alarms do i have"),
        ("tell me what alarms i have set", "tell me what alarms have i set"),
    ],
)
def test_the_question_order(said: str, asked: str) -> None:
    reordered = question_order(tokenize(said))
    assert reordered is not None and " ".join(token.text for token in reordered) == asked


@pytest.mark.parametrize("said", ["tell me how long is left", "what time is it", "tell me a joke"])
def test_nothing_to_reorder(said: str) -> None:
    assert question_order(tokenize(said)) is None
