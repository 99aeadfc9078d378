"""The recognizer of the shipped system and home sentences over the demo household (built once), and the
shipped templates in indexes of their own for the walk tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from ting.nlu import IntentRecognizer, discover_sentence_files, load_household
from ting.nlu.compiled import compile_sentences
from ting.nlu.matcher import TemplateIndex
from ting.nlu.names import SlotNames
from ting.nlu.sentences import load_sentence_file
from ting.nlu.template_graph import Terminal
from ting.nlu.template_pass import TemplatePass

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


@pytest.fixture(scope="session")
def template_indexes() -> tuple[TemplatePass, dict[str, TemplateIndex]]:
    """Every shipped skill's templates over the demo household, in an index per language of our own."""
    templates = TemplatePass(load_household(None), threshold=0.5, slot_names=SlotNames())
    folders = sorted(path for path in SKILLS.glob("*/sentences") if path.is_dir())
    indexes: dict[str, TemplateIndex] = {}
    for file in discover_sentence_files([(folder.parent.name, folder) for folder in folders]):
        compiled = compile_sentences(load_sentence_file(file.path, file.lang), templates.builtin)
        templates.add(compiled)
        for order, template in enumerate(compiled):
            terminal = Terminal(template.intent, order, template.fixed_slots, template.domains)
            index = indexes.setdefault(template.lang, TemplateIndex())
            index.add(template.expression, template.resolve, terminal)
    return templates, indexes
