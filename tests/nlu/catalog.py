"""Shared by the catalog tables: the fixed reference time and the check of one row."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from ting.nlu import IntentRecognizer

SHANGHAI = ZoneInfo("Asia/Shanghai")

NOW = datetime(2025, 3, 14, 9, 30, 0, tzinfo=SHANGHAI)  # a Friday morning
Case = tuple[str, str | None, dict[str, Any]]


def check(
    recognizer: IntentRecognizer, text: str, intent: str | None, slots: dict[str, Any], lang: str
) -> None:
    result = recognizer.recognize(text, lang=lang, now=NOW)
    if intent is None:
        assert result is None, f"{text!r} should not be recognized, got {result}"
        return
    assert result is not None, f"{text!r} not recognized"
    assert (result.intent_name, result.slot_values()) == (intent, slots), text
    assert 0.5 <= result.confidence <= 1.0
