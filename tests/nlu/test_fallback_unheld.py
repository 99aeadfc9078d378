"""The second pass refuses a reading that would drop what the sentence names: a room the household does not
have (the templates refuse it; the second pass read the rest, 的灯打开), a city said to an intent that holds
none (东京今天几号 is no question about today here). Its neighbours, with a room or a city the intent holds,
are still read. Through the real recognizer on the shipped skills and the demo household, nothing mocked;
the sentences are written here, not taken from any corpus."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from ting.nlu import IntentRecognizer, SentenceFile, discover_sentence_files, load_household
from ting.nlu.fallback import STATISTICAL, FallbackOptions

SKILLS = Path(__file__).resolve().parents[2] / "skills"
NOW = datetime(2026, 11, 24, 9, 15, tzinfo=ZoneInfo("Asia/Shanghai"))


def _files() -> list[SentenceFile]:
    folders = sorted(path for path in SKILLS.glob("*/sentences") if path.is_dir())
    return discover_sentence_files([(folder.parent.name, folder) for folder in folders])


@pytest.fixture(scope="module")
def recognizers() -> tuple[IntentRecognizer, IntentRecognizer]:
    """(the shipped second pass, the same one without this rule)."""
    household = load_household(None)
    return (
        IntentRecognizer.from_files(_files(), household, fallback=FallbackOptions()),
        IntentRecognizer.from_files(_files(), household, fallback=FallbackOptions(unheld=False)),
    )


@pytest.mark.parametrize(
    ("text", "was"),
    [
        # a room the demo household does not have, before 的 and a kind of device it has
        ("储藏室的灯打开", "home.turn_on"),
        ("地下室的灯开一下", "home.turn_on"),
        ("次卧的空调调到二十五度", "home.set_temperature"),
        # a city said to an intent that holds none: the date or an alarm there is not the one here
        ("东京今天几号", "system.date"),
        ("伦敦现在是几号", "system.date"),
        ("上海的闹钟取消", "alarm.cancel"),
    ],
)
def test_a_name_the_reading_would_drop_is_refused(
    recognizers: tuple[IntentRecognizer, IntentRecognizer], text: str, was: str
) -> None:
    shipped, without = recognizers
    assert shipped.recognize(text, now=NOW, statistical=False) is None  # the templates refuse it
    then = without.recognize(text, now=NOW)
    assert then is not None and then.intent_name == was  # what made it a false accept
    assert shipped.recognize(text, now=NOW) is None


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        # a room of the household, before 的 and its kind: a name the intent holds
        ("客厅的灯帮我调暗一点", "home.set_brightness", {"device": "living_room_light"}),
        # a city said to the intent that holds it
        ("深圳今天要下雨不要出门", "weather.get", {"location": "Shenzhen", "date": "2026-11-24"}),
    ],
)
def test_a_name_the_intent_holds_is_still_read_by_the_second_pass(
    recognizers: tuple[IntentRecognizer, IntentRecognizer], text: str, intent: str, slots: dict[str, str]
) -> None:
    shipped, _ = recognizers
    assert shipped.recognize(text, now=NOW, statistical=False) is None
    found = shipped.recognize(text, now=NOW)
    assert found is not None and found.source == STATISTICAL
    said = found.slot_values()
    assert found.intent_name == intent
    assert {name: said.get(name) for name in slots} == slots
