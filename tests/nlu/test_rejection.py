"""Rejection that is right (sentences outside the catalog are refused, not forced into the nearest
intent) and close second readings reported as Hermes ``alternatives``."""

from __future__ import annotations

import pytest

from ting.hermes.nlu import NluIntent, NluQuery
from ting.nlu import IntentRecognizer

from .catalog import NOW

REFUSED = [
    ("en", "add milk to the shopping list"),  # not timer.set or timer.add_time with a label
    ("en", "play the kitchen light"),  # a household name is not a song
    ("en", "Hey Siri, call my brother"),  # "siri" sounds like "sure": English template words are exact
    # said to another assistant, whatever follows (a command ting has too is not for ting)
    ("en", "Hey Google, play my voicemail"),
    ("en", "um alexa turn on the kitchen light"),
    ("en", "ok google what time is it"),
    ("zh", "小爱同学，打开空调"),
    ("zh", "嗯，天猫精灵，放首歌"),
]


@pytest.mark.parametrize(("lang", "text"), [("en", "turn on the kitchen light"), ("zh", "打开空调")])
def test_the_same_commands_said_to_ting_are_understood(
    catalog_recognizer: IntentRecognizer, lang: str, text: str
) -> None:
    assert catalog_recognizer.recognize(text, lang=lang, now=NOW) is not None


@pytest.mark.parametrize(("lang", "text"), REFUSED, ids=[text for _, text in REFUSED])
def test_refused(catalog_recognizer: IntentRecognizer, lang: str, text: str) -> None:
    assert catalog_recognizer.recognize(text, lang=lang, now=NOW) is None


ROOMS = ["what's the temperature in the living room", "how warm is it in the bedroom"]


@pytest.mark.parametrize("text", ROOMS)
def test_a_room_is_not_a_city(catalog_recognizer: IntentRecognizer, text: str) -> None:
    # a home intent (the home skill's reading question) or nothing, never weather in "the living room"
    result = catalog_recognizer.recognize(text, lang="en", now=NOW)
    assert result is None or result.intent_name != "weather.get"


def test_wildcards_keep_their_words_and_leave_fillers(catalog_recognizer: IntentRecognizer) -> None:
    result = catalog_recognizer.recognize("could you play Yellow Submarine please", lang="en", now=NOW)
    assert result is not None and result.slot_values() == {"song": "Yellow Submarine"}
    result = catalog_recognizer.recognize("play the long and winding road", lang="en", now=NOW)
    assert result is not None and result.slot_values() == {"song": "the long and winding road"}


def test_close_second_reading_is_an_alternative(catalog_recognizer: IntentRecognizer) -> None:
    result = catalog_recognizer.recognize("stop it", lang="en", now=NOW)
    assert result is not None and result.intent_name == "alarm.stop"
    assert result.alternatives == (("music.stop", 1.0),)
    hermes = result.to_hermes(NluQuery(input="stop it", site_id="kitchen"))
    assert [(i.intent_name, i.confidence_score) for i in hermes.alternatives or []] == [("music.stop", 1.0)]
    assert NluIntent.from_dict(hermes.to_dict()) == hermes


def test_no_alternatives_when_nothing_else_is_close(catalog_recognizer: IntentRecognizer) -> None:
    result = catalog_recognizer.recognize("turn on the kitchen light", lang="en", now=NOW)
    assert result is not None and result.alternatives == ()
    hermes = result.to_hermes(NluQuery(input="turn on the kitchen light"))
    assert hermes.alternatives is None and hermes.to_dict().get("alternatives") is None
