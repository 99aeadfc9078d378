"""The example skill of docs/skills.md, loaded the way a user's skill folder is, and its own tests run
the way its author runs them: the guide can't rot (tests/skills/test_guide.py checks the guide's code)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.skills.skill_services import make_services, request
from ting.nlu import IntentRecognizer, SentenceFile
from ting.nlu.registry import Household
from ting.server.store import SqliteStore
from ting.settings import SkillsSettings
from ting.skills.sdk.loader import LoadedSkills, load_skills

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "example_skill" / "ting_shopping"


@pytest.fixture
def loaded() -> LoadedSkills:
    loaded = load_skills(SkillsSettings(paths=(EXAMPLE,)))
    assert loaded.failures == []
    return loaded


async def test_example_skill_adds_and_lists(
    loaded: LoadedSkills, store: SqliteStore, household: Household
) -> None:
    found = loaded.handler_for("shopping.add")
    assert found is not None
    skill, add = found
    services = make_services(store, skill.name, household, settings=loaded.settings_of(skill.name))
    response = await add(request("shopping.add", "en", item="milk"), services)
    assert response.text == "Added milk to your shopping list. Anything else?"
    assert response.expect == ("shopping.add", "system.cancel")
    await add(request("shopping.add", "zh", item="鸡蛋"), services)
    listing = loaded.handler_for("shopping.list")
    assert listing is not None
    answer = await listing[1](request("shopping.list", "zh"), services)
    assert answer.text == "购物清单上有：milk、鸡蛋。"
    assert await store.get("shopping", "items") == ["milk", "鸡蛋"]


def test_example_sentences_compile_and_match(loaded: LoadedSkills, household: Household) -> None:
    files = [SentenceFile(skill, lang, path) for skill, lang, path in loaded.sentence_files()]
    recognizer = IntentRecognizer.from_files(files, household)
    english = recognizer.recognize("add oat milk to my shopping list", lang="en")
    assert english is not None and english.intent_name == "shopping.add"
    assert english.slot_values() == {"item": "oat milk"}
    chinese = recognizer.recognize("把牛奶加到购物清单", lang="zh")
    assert chinese is not None and chinese.intent_name == "shopping.add"
    assert chinese.slot_values() == {"item": "牛奶"}
    listing = recognizer.recognize("what's on my shopping list", lang="en")
    assert listing is not None and listing.intent_name == "shopping.list"


def test_example_pyproject_declares_the_entry_point() -> None:
    project = tomllib.loads((EXAMPLE.parent / "pyproject.toml").read_text())["project"]
    assert project["entry-points"]["ting.skills"] == {"shopping": "ting_shopping:skill"}
    ours = tomllib.loads((EXAMPLE.parents[2] / "pyproject.toml").read_text())["project"]["name"]
    assert project["dependencies"] == [ours] == ["ting-voice"]


def test_the_example_packages_own_tests_pass() -> None:
    """``pytest`` in the package folder, as its author runs it (its own pytest settings, not ours)."""
    environ = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST", "TING_"))}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=EXAMPLE.parent, env=environ, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    passed = re.search(r"(\d+) passed", done.stdout)
    assert passed is not None and int(passed.group(1)) >= 5, done.stdout
