"""Mandarin phrasing kinds of round 13 (issue 13), each fixed by kind and checked with sentences written for
these tests (none from a corpus): a room's 亮度 is the room's lights, not a near miss of a device's name
(客厅亮度调到三十); a city and a day said alone (杭州，后天); and of runs of clauses read equally well, the
one that ends later and then the longer one (a thing named in its own clause before the command, after a
remark: 看书费眼睛，那个台灯，亮度调到四十吧; a length said after the command: 给我计个时，十分钟). Near
each, what must stay as it was. The shipped skills' templates over the demo household, no second pass."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from ting.nlu import IntentRecognizer

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Tuesday
BRIGHT, WEATHER = "home.set_brightness", "weather.get"

CASES: list[tuple[str, str, dict[str, Any]]] = [
    # a room's 亮度: the room, as said
    ("把客厅亮度调到三十", BRIGHT, {"area": "living_room", "brightness": 30}),
    ("卧室亮度能不能调到一半", BRIGHT, {"area": "bedroom", "brightness": 50}),
    ("书房亮度开到最大", BRIGHT, {"area": "study", "brightness": 100}),
    # the light said: the device
    ("把客厅灯的亮度调到三十", BRIGHT, {"device": "living_room_light", "brightness": 30}),
    ("把台灯亮度调到三十", BRIGHT, {"device": "desk_lamp", "brightness": 30}),
    # a city and a day alone, either order
    ("杭州，后天", WEATHER, {"location": "Hangzhou", "date": "2026-03-12"}),
    ("明天成都呢", WEATHER, {"date": "2026-03-11", "location": "Chengdu"}),
    # equally good runs of clauses: the later, then the longer
    ("看书有点费眼睛，那个台灯，亮度给我调到四十吧", BRIGHT, {"device": "desk_lamp", "brightness": 40}),
    ("哎，我在泡脚，给我计个时吧，二十分钟", "timer.set", {"duration": 1200}),
    # a correction still wins: the thing said last
    ("把灯关了，不，把电视关了", "home.turn_off", {"device": "tv"}),
]


@pytest.mark.parametrize(("text", "intent", "slots"), CASES)
def test_round13_kinds(
    catalog_recognizer: IntentRecognizer, text: str, intent: str, slots: dict[str, Any]
) -> None:
    found = catalog_recognizer.recognize(text, lang="zh", now=NOW, statistical=False)
    assert found is not None
    assert (found.intent_name, found.slot_values()) == (intent, slots)


@pytest.mark.parametrize("text", ["杭州", "后天", "北京明天限号吗", "明天北京有个会"])
def test_a_city_or_a_day_with_other_words_is_no_weather(
    catalog_recognizer: IntentRecognizer, text: str
) -> None:
    assert catalog_recognizer.recognize(text, lang="zh", now=NOW, statistical=False) is None
