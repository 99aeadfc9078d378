"""Each template's random walks come from its own stream (ting/nlu/walks.py): a template added in one
language or one skill leaves the other templates' training sentences as they were, so the English model does
not move when Mandarin sentence data changes. The shipped skills' files, nothing mocked."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.nlu.aquarium import builtin_files, write_aquarium
from ting.nlu import IntentRecognizer, discover_sentence_files, load_household, load_sentence_file
from ting.nlu.builtin_lists import registry_lists
from ting.nlu.compiled import CompiledTemplate, compile_sentences
from ting.nlu.fallback import FallbackOptions
from ting.nlu.fallback.samples import Sample, training_samples
from ting.nlu.templates import compile_template

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 24, 9, 15, tzinfo=ZoneInfo("Asia/Shanghai"))
ENGLISH = (
    "put the volume at 30 during the film",
    "how is the weather looking in Beijing tomorrow do you think",
    "could you maybe make the music a bit louder for me",
    "i would like the kitchen light on if that is ok",
    "what is the weather going to be like in shanghai on friday",
    "wake me up tomorrow at seven thirty would you",
    "tell me a joke",
    "how are you doing today",
)
"""English sentences the second pass reads or refuses, each with the confidence it has."""


def _compiled() -> list[CompiledTemplate]:
    builtin = registry_lists(load_household(None))
    return [
        template
        for file in builtin_files()
        for template in compile_sentences(load_sentence_file(file.path, file.lang), builtin)
    ]


def _samples(templates: list[CompiledTemplate]) -> dict[int, list[Sample]]:
    """Each template's sentences by the template's identity (``id``: the same objects in both lists)."""
    drawn = training_samples(templates, walks=8, seed=0, names={})
    return {id(template): samples for template, samples in drawn}


def test_a_mandarin_skill_added_first_leaves_the_english_readings_as_they_were(tmp_path: Path) -> None:
    folder = write_aquarium(tmp_path)
    (folder / "en.yaml").unlink()  # a Mandarin-only skill, loaded before every shipped one
    household = load_household(None)
    before = IntentRecognizer.from_files(builtin_files(), household, fallback=FallbackOptions())
    files = [*discover_sentence_files([("aquarium", folder)]), *builtin_files()]
    after = IntentRecognizer.from_files(files, household, fallback=FallbackOptions())
    assert after.recognize("喂鱼", lang="zh", now=NOW) is not None  # the skill is in
    assert before.recognize("喂鱼", lang="zh", now=NOW) is None
    for text in ENGLISH:
        assert after.recognize(text, lang="en", now=NOW) == before.recognize(text, lang="en", now=NOW), text


def test_a_template_added_to_one_intent_leaves_every_other_templates_sentences_as_they_were() -> None:
    templates = _compiled()
    first_en = next(template for template in templates if template.lang == "en")
    added = CompiledTemplate(
        "en", first_en.intent, compile_template("(please|kindly) {device} on [right now]"),
        first_en.resolve, first_en.fixed_slots,
    )  # fmt: skip
    first_zh = next(at for at, template in enumerate(templates) if template.lang == "zh")
    without = [template for at, template in enumerate(templates) if at != first_zh]
    before = _samples(without)
    after = _samples([added, *templates])
    assert after[id(added)]  # the added template was walked
    assert {key: after[key] for key in before} == before


def test_a_template_said_twice_is_walked_twice_not_repeated() -> None:
    template = next(template for template in _compiled() if template.lang == "zh")
    (_, once), (_, again) = training_samples([template, template], walks=2, seed=0, names={})
    assert once != again


def test_the_walks_are_the_same_in_another_process() -> None:
    """The streams' seeds are text (SHA-512 in ``random``), not ``hash()``, which is salted per process."""
    code = (
        "from tests.nlu.test_walk_streams import _compiled, _samples\n"
        "print(sorted(repr(s) for samples in _samples(_compiled()[:40]).values() for s in samples))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True,
            env={"PYTHONHASHSEED": salt, "PYTHONPATH": str(ROOT)},
        ).stdout
        for salt in ("1", "2")
    }  # fmt: skip
    assert len(outputs) == 1 and "Sample(" in next(iter(outputs))
