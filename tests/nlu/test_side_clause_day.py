"""A day said in a clause the reading leaves out (``ting.nlu.side_slots``): the weather asked about is that
day's. Sentences written for these tests (none from a corpus), read by the shipped skills' templates over
the demo household, with the near cases that must not take a day."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from ting.nlu import IntentRecognizer

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Tuesday
TODAY, TOMORROW, SATURDAY = "2026-03-10", "2026-03-11", "2026-03-14"

CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("我明天要出门，外面冷不冷啊", "zh", {"date": TOMORROW}),
    ("孩子今天下午要去春游，外头会不会下雨", "zh", {"date": TODAY}),
    ("明天外面冷不冷啊，要不要穿大衣", "zh", {"date": TOMORROW}),
    ("这周六要去爬山，风大不大", "zh", {"date": SATURDAY}),
    ("I'm heading out tomorrow, will it be cold", "en", {"date": TOMORROW}),
    # a day gone by is what happened, not the day asked about
    ("我昨天淋了雨，外面冷不冷啊", "zh", {}),
    # the day read with the question stays
    ("我周六要出门，明天冷不冷", "zh", {"date": TOMORROW}),
]


@pytest.mark.parametrize(("text", "lang", "slots"), CASES)
def test_a_day_in_a_side_clause(
    catalog_recognizer: IntentRecognizer, text: str, lang: str, slots: dict[str, Any]
) -> None:
    found = catalog_recognizer.recognize(text, lang=lang, now=NOW, statistical=False)
    assert found is not None
    assert (found.intent_name, found.slot_values()) == ("weather.get", slots)


def test_no_day_for_an_intent_without_one(catalog_recognizer: IntentRecognizer) -> None:
    # a day in a remark beside a command that takes none is left out: the music is not tomorrow's
    found = catalog_recognizer.recognize("明天要早起，把音乐关了", lang="zh", now=NOW, statistical=False)
    assert found is not None
    assert (found.intent_name, found.slot_values()) == ("music.stop", {})
