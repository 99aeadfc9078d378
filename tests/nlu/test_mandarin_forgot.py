"""What someone forgot to do is a remark, not a command (issue 13, out_of_scope19; ``ting.nlu.forgot``):
refused by both passes, while a question or a request about it to ting is still read. Through the real
recognizer on every shipped skill and the demo household; the sentences are written here, not taken from any
corpus."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from ting.nlu import IntentRecognizer
from ting.nlu.forgot import forgot

NOW = datetime(2026, 11, 24, 9, 15, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.mark.parametrize(
    "text",
    [
        "出门忘了关空调，回来屋里冰凉",  # main: home.turn_off of the air conditioners
        "昨天晚上忘了关窗帘",  # main: home.turn_off of the curtains
        "早上忘了关灯",  # main: home.turn_off of the lights
        "别忘了带钥匙",
        "他又忘开热水器了，只能洗冷水",
    ],
)
def test_what_was_forgotten_is_refused(catalog_recognizer: IntentRecognizer, text: str) -> None:
    assert forgot(text)
    assert catalog_recognizer.recognize(text, now=NOW) is None


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        ("电视是不是忘关了", "home.get_state", {"device": "tv"}),
        ("你帮我看看油烟机是不是忘关了", "home.get_state", {"device": "range_hood"}),
        (
            "我老是忘，你今晚十点提醒我关热水器",
            "reminder.set",
            {"time": "2026-11-24T22:00:00", "message": "关热水器"},
        ),
        ("把灯关了", "home.turn_off", {"domain": "light"}),
    ],
)
def test_asking_ting_about_it_is_still_read(
    catalog_recognizer: IntentRecognizer, text: str, intent: str, slots: dict[str, Any]
) -> None:
    assert not forgot(text)
    found = catalog_recognizer.recognize(text, now=NOW)
    assert found is not None
    assert (found.intent_name, {k: str(v) for k, v in found.slot_values().items()}) == (intent, slots)
