"""What a weather question asks: its kind (rain, temperature, AQI ...), flags (high/low, umbrella,
°F) and the days it covers. The words are data (``questions.yaml`` beside this module)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import yaml

KINDS = (
    "condition",
    "sun",
    "aqi",
    "uv",
    "humidity",
    "wind",
    "snow",
    "rain_when",
    "rain",
    "temperature",
    "week",
)


@dataclass(frozen=True)
class Question:
    kind: str
    """One of ``KINDS``; ``condition`` when no word says otherwise."""
    flags: frozenset[str]
    """``umbrella``, ``high``, ``low``, ``sunrise``, ``sunset``, ``fahrenheit``, ``celsius``, ``weekend``."""
    days: tuple[date, ...]
    """The days asked about (the weekend: two, the week: seven)."""


@cache
def _words() -> dict[str, dict[str, dict[str, tuple[str, ...]]]]:
    data = yaml.safe_load((Path(__file__).parent / "questions.yaml").read_text(encoding="utf-8"))
    return {
        section: {
            name: {lang: tuple(words) for lang, words in langs.items()} for name, langs in table.items()
        }
        for section, table in data.items()
    }


def _said(text: str, words: tuple[str, ...], lang: str) -> bool:
    if lang == "zh":
        return any(word in text for word in words)
    return any(re.search(rf"(?<![\w.]){re.escape(word)}(?![\w])", text) for word in words)


def classify(text: str, lang: str, slot_date: str | None, today: date, forecast_days: int = 7) -> Question:
    """The question in ``text`` (lower-cased for English), about ``slot_date`` (``YYYY-MM-DD``) or today."""
    code = "zh" if lang == "zh" else "en"
    spoken = text.lower()
    words = _words()
    kind = next(
        (name for name, langs in words["kinds"].items() if _said(spoken, langs.get(code, ()), code)),
        "condition",
    )
    flags = frozenset(
        name for name, langs in words["flags"].items() if _said(spoken, langs.get(code, ()), code)
    )
    first = date.fromisoformat(slot_date) if slot_date else today
    if kind == "week":
        days = tuple(today + timedelta(days=offset) for offset in range(forecast_days))
    elif "weekend" in flags:
        saturday = today if today.weekday() >= 5 else first if first.weekday() == 5 else _saturday(today)
        days = tuple(d for d in (saturday, saturday + timedelta(days=1)) if d >= today)
    else:
        days = (first,)
    return Question(kind=kind, flags=flags, days=days)


def _saturday(today: date) -> date:
    return today + timedelta(days=(5 - today.weekday()) % 7)
