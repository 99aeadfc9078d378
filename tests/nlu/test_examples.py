"""Example files (``<sentences>/examples/<lang>.yaml``): natural sentences that train the second pass, on a
made-up skill's files written here and on the shipped ones, with nothing mocked."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.nlu.aquarium import AQUARIUM_EXAMPLES, AQUARIUM_EXAMPLES_EN, with_aquarium, write_aquarium
from ting.errors import NluError
from ting.nlu import IntentRecognizer, load_household, load_sentence_file
from ting.nlu.fallback import STATISTICAL, FallbackOptions

ROOT = Path(__file__).resolve().parents[2]
SKILLS = ROOT / "skills"
NOW = datetime(2026, 11, 24, 9, 15, tzinfo=ZoneInfo("Asia/Shanghai"))

HUNGRY = (("the fish are really hungry", "en"), ("鱼好像都饿坏了", "zh"))


def _recognizer(folder: Path) -> IntentRecognizer:
    files = with_aquarium(folder)
    return IntentRecognizer.from_files(files, load_household(None), fallback=FallbackOptions())


def test_a_skills_examples_teach_the_second_pass_a_phrasing_its_templates_do_not_have(tmp_path: Path) -> None:
    without = _recognizer(write_aquarium(tmp_path / "without", None))
    learned = _recognizer(write_aquarium(tmp_path / "with", AQUARIUM_EXAMPLES))
    for text, lang in HUNGRY:
        assert learned.recognize(text, lang=lang, now=NOW, statistical=False) is None
        assert without.recognize(text, lang=lang, now=NOW) is None, text
        found = learned.recognize(text, lang=lang, now=NOW)
        assert found is not None, text
        assert found.source == STATISTICAL
        assert found.intent_name == "aquarium.feed", text
    reef = learned.recognize("the fish in the reef tank are really hungry", lang="en", now=NOW)
    assert reef is not None and reef.slot_values() == {"tank": "reef"}


def test_a_malformed_example_file_is_a_clear_error_naming_the_file(tmp_path: Path) -> None:
    broken = "language: en\nexamples:\n  aquarium.feed: the fish look hungry\n"
    folder = write_aquarium(tmp_path, {"en": broken})
    with pytest.raises(NluError, match=r"examples/en\.yaml.*aquarium\.feed.*non-empty list"):
        load_sentence_file(folder / "en.yaml", "en")
    recognizer = _recognizer(folder)
    assert "examples/en.yaml" in recognizer.skipped["aquarium"]
    assert "aquarium.feed" not in recognizer.intents
    assert recognizer.recognize("turn on the kitchen light", now=NOW) is not None  # the others still work


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("language: en\nexamples: [1, 2]\n", "expected a mapping with 'examples'"),
        ("language: zh\nexamples:\n  aquarium.feed: ['x']\n", "says language 'zh'"),
        ("examples:\n  aquarium.feed:\n    - {sentences: ['x'], slots: [1]}\n", "slots: expected a mapping"),
        ("examples:\n  aquarium.feed: ['ok', '  ']\n", "says nothing"),
        ("examples:\n  aquarium.feed: ['ok']\ntemplates: {}\n", "unknown key"),
        ("examples: {aquarium.feed: ['unclosed\n", "not valid YAML"),
    ],
)
def test_each_kind_of_malformed_example_file_is_named(tmp_path: Path, text: str, problem: str) -> None:
    folder = write_aquarium(tmp_path, {"en": text})
    with pytest.raises(NluError) as raised:
        load_sentence_file(folder / "en.yaml", "en")
    assert str(folder / "examples" / "en.yaml") in str(raised.value)
    assert problem in str(raised.value)


def test_none_examples_keep_a_sentence_refused(tmp_path: Path) -> None:
    """A sentence the examples teach as an intent is refused once a closer ``none`` example says it is
    no command."""
    none = AQUARIUM_EXAMPLES_EN + (
        "  none:\n"
        '    - "the fish are really hungry in the wild"\n'
        '    - "are the fish really hungry in the wild"\n'
        '    - "fish are really hungry animals"\n'
    )
    learned = _recognizer(write_aquarium(tmp_path, {"en": none}))
    assert learned.recognize("the fish are really hungry in the wild", lang="en", now=NOW) is None
    found = learned.recognize("i think the fish look hungry", lang="en", now=NOW)
    assert found is not None and found.intent_name == "aquarium.feed"


def test_the_shipped_example_files_are_what_the_dev_corpora_give() -> None:
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "nlu_examples.py"), "--check"],
        capture_output=True, text=True, env=environment, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    shipped = load_sentence_file(SKILLS / "home" / "sentences" / "zh.yaml", "zh").examples
    assert len(shipped) > 100
    assert any("{device}" in example.tokens for example in shipped)
