"""The recognizer of the shipped system and home sentences over the demo household (built once)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ting.nlu import IntentRecognizer, discover_sentence_files, load_household

SKILLS = Path(__file__).resolve().parents[2] / "skills"


@pytest.fixture(scope="session")
def recognizer() -> IntentRecognizer:
    files = discover_sentence_files(
        [("system", SKILLS / "system" / "sentences"), ("home", SKILLS / "home" / "sentences")]
    )
    return IntentRecognizer.from_files(files, load_household(None))


@pytest.fixture(scope="session")
def catalog_recognizer() -> IntentRecognizer:
    """Every shipped skill's sentences (weather, media ... included) over the demo household."""
    folders = sorted(path for path in SKILLS.glob("*/sentences") if path.is_dir())
    files = discover_sentence_files([(folder.parent.name, folder) for folder in folders])
    return IntentRecognizer.from_files(files, load_household(None))
