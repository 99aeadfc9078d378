"""The second pass refuses a near miss that names a city and a day but asks about something else, and still
reads its in-scope neighbour; through the real recognizer on the shipped skills, nothing mocked. The
sentences are written here, not taken from any corpus."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from ting.nlu import IntentRecognizer, SentenceFile, discover_sentence_files, load_household
from ting.nlu.fallback import STATISTICAL, FallbackOptions

SKILLS = Path(__file__).resolve().parents[2] / "skills"
NOW = datetime(2026, 11, 24, 9, 15, tzinfo=ZoneInfo("Asia/Shanghai"))
BEFORE = FallbackOptions(
    slot_confidence_threshold=0.4, none_share=0.05, min_said_share=0.0, min_word_share=0.0
)
"""The second pass as it was before the rejection rules of this change (docs/nlu.md, "Confidence")."""


def _files() -> list[SentenceFile]:
    folders = sorted(path for path in SKILLS.glob("*/sentences") if path.is_dir())
    return discover_sentence_files([(folder.parent.name, folder) for folder in folders])


@pytest.fixture(scope="module")
def recognizers() -> tuple[IntentRecognizer, IntentRecognizer]:
    """(the shipped second pass, the same one without its rejection rules)."""
    household = load_household(None)
    return (
        IntentRecognizer.from_files(_files(), household, fallback=FallbackOptions()),
        IntentRecognizer.from_files(_files(), household, fallback=BEFORE),
    )


@pytest.mark.parametrize(
    ("near_miss", "neighbour", "slots"),
    [
        # is the power cut off / is school on: a city and a day, and no word that asks about the weather
        # (the neighbours run on with no mark and no final particle, so no clause begins for the templates;
        # after 吗 one does since round 15, and the templates read 深圳今天要下雨吗要出门 themselves)
        ("深圳今天停电吗", "深圳今天要下雨不要出门", {"location": "Shenzhen", "date": "2026-11-24"}),
        ("南京明天开学吗", "南京明天冷不冷要出门", {"location": "Nanjing", "date": "2026-11-25"}),
    ],
)
def test_a_city_and_a_day_asked_about_something_else_is_refused_and_the_weather_question_read(
    recognizers: tuple[IntentRecognizer, IntentRecognizer],
    near_miss: str,
    neighbour: str,
    slots: dict[str, str],
) -> None:
    shipped, before = recognizers
    for text in (near_miss, neighbour):
        assert shipped.recognize(text, now=NOW, statistical=False) is None  # the templates refuse both
    # without the rules the near miss was a weather question (what made it a false accept)
    then = before.recognize(near_miss, now=NOW)
    assert then is not None and then.intent_name == "weather.get"
    assert shipped.recognize(near_miss, now=NOW) is None
    found = shipped.recognize(neighbour, now=NOW)
    assert found is not None
    assert (found.intent_name, found.slot_values(), found.source) == ("weather.get", slots, STATISTICAL)


def test_a_sentence_of_a_city_and_a_day_alone_has_no_word_for_its_intent(
    recognizers: tuple[IntentRecognizer, IntentRecognizer],
) -> None:
    """北京今天限号吗: 限号 is no word any training says, 吗 is left out as a filler: only the placeholders
    say weather, and a name is no evidence of what is asked about it (``min_word_share``)."""
    shipped, before = recognizers
    text = "北京今天限号吗"
    then = before.recognize(text, now=NOW)
    assert then is not None and then.intent_name == "weather.get"
    assert shipped.recognize(text, now=NOW) is None
    only_words = FallbackOptions(min_word_share=0.0)
    without_rule = IntentRecognizer.from_files(_files(), load_household(None), fallback=only_words)
    assert without_rule.recognize(text, now=NOW) is not None  # the word rule is what refuses it
