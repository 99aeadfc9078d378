"""One skill's broken sentence file leaves that skill out, not every skill: in the recognizer the
server, the device and ``ting nlu parse`` build, and in the kit's harness (where it is an error)."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from ting.device.nlu import build_recognizer
from ting.errors import NluError, SkillError
from ting.nlu import IntentRecognizer, discover_sentence_files, load_household, load_sentence_file
from ting.settings import Settings, SkillsSettings
from ting.skills.sdk import Skill
from ting.skills.sdk.testing import SkillHarness

TING = Path(sys.executable).parent / "ting"
BROKEN = {
    "yaml": ("intents: [\n", "not valid YAML"),
    "template": ('intents:\n  bad.go:\n    - "(go|run"\n', "template '(go|run': '(' is not closed with ')'"),
    "list": (
        'intents:\n  bad.go:\n    - "go to {planet}"\n',
        "template 'go to {planet}': unknown list {planet}",
    ),
    "rule": ('intents:\n  bad.go:\n    - "go <far>"\n', "template 'go <far>': unknown expansion rule <far>"),
    "list spec": ('lists:\n  n: {range: {from: 1}}\nintents:\n  bad.go:\n    - "go {n}"\n', "'range' needs"),
}


def skill_folder(root: Path, name: str, files: dict[str, str]) -> Path:
    """A skill folder (package + sentences) with ``files``: language -> sentence file text."""
    folder = root / name
    (folder / "sentences").mkdir(parents=True)
    (folder / "__init__.py").write_text(
        "from pathlib import Path\nfrom ting.skills.sdk import Skill\n"
        f"skill = Skill({name!r}, sentences=Path(__file__).parent / 'sentences')\n"
    )
    for lang, text in files.items():
        (folder / "sentences" / f"{lang}.yaml").write_text(text)
    return folder


def good_skill(root: Path) -> Path:
    return skill_folder(root, "good", {"en": 'intents:\n  good.go:\n    - "go home"\n'})


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_the_broken_skill_is_left_out_and_the_others_understood(
    tmp_path: Path, case: str, caplog: pytest.LogCaptureFixture
) -> None:
    text, problem = BROKEN[case]
    bad = skill_folder(tmp_path, "bad", {"zh": 'intents:\n  bad.go:\n    - "出发"\n', "en": text})
    files = discover_sentence_files(
        [("bad", bad / "sentences"), ("good", good_skill(tmp_path) / "sentences")]
    )
    with caplog.at_level(logging.WARNING, logger="ting.nlu.recognizer"):
        recognizer = IntentRecognizer.from_files(files, load_household(None))
    assert set(recognizer.skipped) == {"bad"}
    assert recognizer.skipped["bad"].startswith(f"{bad / 'sentences' / 'en.yaml'}: ")
    assert problem in recognizer.skipped["bad"]
    assert [r.getMessage() for r in caplog.records] == [
        f"skill bad left out: its sentences do not compile: {recognizer.skipped['bad']}"
    ]
    going = recognizer.recognize("go home", lang="en")
    assert going is not None and going.intent_name == "good.go"
    assert recognizer.recognize("出发", lang="zh") is None  # the skill is out whole, its good file too
    assert recognizer.intents == frozenset({"good.go"})


def test_the_recognizer_built_from_sentences_directly_still_raises(tmp_path: Path) -> None:
    bad = skill_folder(tmp_path, "bad", {"en": BROKEN["list"][0]})
    with pytest.raises(NluError, match="unknown list"):
        IntentRecognizer([load_sentence_file(bad / "sentences" / "en.yaml", "en")], load_household(None))


def test_the_device_skips_a_skill_with_broken_sentences(tmp_path: Path) -> None:
    bad = skill_folder(tmp_path, "bad", {"en": BROKEN["template"][0]})
    settings = Settings(skills=SkillsSettings(paths=(bad, good_skill(tmp_path))))
    recognizer, _ = build_recognizer(settings)
    assert set(recognizer.skipped) == {"bad"}
    going = recognizer.recognize("go home", lang="en")
    assert going is not None and going.intent_name == "good.go"
    light = recognizer.recognize("turn on the kitchen light", lang="en")  # the built-in skills too
    assert light is not None and light.intent_name == "home.turn_on"


def test_nlu_parse_warns_and_parses_with_the_other_skills(tmp_path: Path) -> None:
    bad = skill_folder(tmp_path, "bad", {"en": BROKEN["list"][0]})
    (tmp_path / "ting.toml").write_text(f'[skills]\npaths = ["{bad}", "{good_skill(tmp_path)}"]\n')
    done = subprocess.run(
        [str(TING), "nlu", "parse", "go home", "--lang", "en"],
        capture_output=True, text=True, timeout=60, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["intent"]["intentName"] == "good.go"
    assert "skill bad left out: its sentences do not compile:" in done.stderr
    assert "unknown list {planet}" in done.stderr


async def test_the_harness_refuses_a_skill_whose_sentences_do_not_compile(tmp_path: Path) -> None:
    bad = skill_folder(tmp_path, "bad", {"en": BROKEN["rule"][0]})
    with pytest.raises(
        SkillError, match=r"skill bad: .*en\.yaml: template 'go <far>': unknown expansion rule"
    ):
        await SkillHarness.create(Skill("bad", sentences=bad / "sentences"))
