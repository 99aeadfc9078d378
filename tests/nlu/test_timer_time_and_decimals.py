"""Skill-owned timer.add_time / timer.remove_time, decimal temperatures in every spoken form, and the
indoor temperature question said of the room one is in (a home reading, never weather for "here")."""

from __future__ import annotations

from typing import Any

import pytest

from ting.nlu import IntentRecognizer
from ting.nlu.numbers import parse_english_number

from .catalog import Case, check

TIMER_TIME: list[tuple[str, str, str, dict[str, Any]]] = [
    ("en", "add five minutes to the timer", "timer.add_time", {"duration": 300}),
    ("en", "put another 2 minutes on the timer", "timer.add_time", {"duration": 120}),
    ("en", "extend the countdown by thirty seconds", "timer.add_time", {"duration": 30}),
    ("en", "add ten minutes to the rice timer", "timer.add_time", {"duration": 600, "label": "rice"}),
    ("en", "take two minutes off the timer", "timer.remove_time", {"duration": 120}),
    ("en", "knock a minute off the pizza timer", "timer.remove_time", {"duration": 60, "label": "pizza"}),
    ("en", "shorten the timer by five minutes", "timer.remove_time", {"duration": 300}),
    ("zh", "计时器再加五分钟", "timer.add_time", {"duration": 300}),
    ("zh", "给计时器多加两分钟吧", "timer.add_time", {"duration": 120}),
    ("zh", "把倒计时延长十分钟", "timer.add_time", {"duration": 600}),
    ("zh", "给煮饭的计时器加三分钟", "timer.add_time", {"duration": 180, "label": "煮饭"}),
    ("zh", "计时器减掉一分钟", "timer.remove_time", {"duration": 60}),
    ("zh", "把计时器缩短三十秒", "timer.remove_time", {"duration": 30}),
    ("zh", "从倒计时里扣掉两分钟", "timer.remove_time", {"duration": 120}),
]


@pytest.mark.parametrize(("lang", "text", "intent", "slots"), TIMER_TIME, ids=[t[1] for t in TIMER_TIME])
def test_time_on_a_timer(
    catalog_recognizer: IntentRecognizer, lang: str, text: str, intent: str, slots: dict[str, Any]
) -> None:
    check(catalog_recognizer, text, intent, slots, lang)


def test_other_timer_sentences_keep_their_intents(catalog_recognizer: IntentRecognizer) -> None:
    check(catalog_recognizer, "set a timer for five minutes", "timer.set", {"duration": 300}, "en")
    check(catalog_recognizer, "cancel the timer", "timer.cancel", {}, "en")
    check(catalog_recognizer, "再睡五分钟", "alarm.snooze", {"duration": 300}, "zh")
    check(catalog_recognizer, "定一个五分钟的计时器", "timer.set", {"duration": 300}, "zh")


BEDROOM_AC, SET = {"device": "bedroom_ac"}, "home.set_temperature"
DECIMALS: list[tuple[str, Case]] = [
    ("en", ("set the bedroom AC to 20.5 degrees", SET, {**BEDROOM_AC, "temperature": 20.5})),
    ("en", ("set the bedroom AC to twenty point five", SET, {**BEDROOM_AC, "temperature": 20.5})),
    ("en", ("set the bedroom AC to twenty one and a half degrees", SET,
            {**BEDROOM_AC, "temperature": 21.5})),
    ("zh", ("卧室空调调到十九点五度", SET, {**BEDROOM_AC, "temperature": 19.5})),
    ("zh", ("卧室空调调到19.5度", SET, {**BEDROOM_AC, "temperature": 19.5})),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "case"), DECIMALS, ids=[case[0] for _, case in DECIMALS])
def test_decimal_temperatures(catalog_recognizer: IntentRecognizer, lang: str, case: Case) -> None:
    check(catalog_recognizer, *case, lang)


@pytest.mark.parametrize(
    ("words", "value"),
    [("twenty point five", 20.5), ("nineteen point oh five", 19.05), ("twenty one and a half", 21.5),
     ("one hundred and ten", 110), ("point five", None), ("twenty point", None), ("a half", None)],
)  # fmt: skip
def test_english_decimals(words: str, value: float | None) -> None:
    assert parse_english_number(words.split()) == value


HERE = [
    ("en", "what's the temperature in here"),
    ("en", "how warm is it in this room"),
    ("zh", "这屋里多少度"),
    ("zh", "这里现在几度"),
]


@pytest.mark.parametrize(("lang", "text"), HERE, ids=[text for _, text in HERE])
def test_the_temperature_here_is_a_reading_of_the_sites_room(
    catalog_recognizer: IntentRecognizer, lang: str, text: str
) -> None:
    result = catalog_recognizer.recognize(text, lang=lang, area="bedroom")
    assert result is not None
    assert (result.intent_name, result.slot_values()) == (
        "home.get_reading",
        {"measure": "temperature", "area": "bedroom"},
    )
