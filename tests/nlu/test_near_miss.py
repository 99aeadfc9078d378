"""Near misses of registry names (the fuzzy pass) and the bounded sound-alike pass."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from rapidfuzz.distance import Levenshtein

import ting.nlu.template_pass as template_pass_module
from ting.nlu.lists import SlotMatch, ValueList
from ting.nlu.nearmiss import allowed_edits, joined
from ting.nlu.normalize import token_texts

ALIASES = [
    ("客厅灯", "living_room_light"), ("卧室空调", "bedroom_ac"), ("书房台灯", "study_lamp"),
    ("厨房", "kitchen"), ("kitchen light", "kitchen_light"), ("living room lamp", "lr_lamp"),
    ("bedroom air conditioner", "bedroom_ac"), ("study", "study"),
]  # fmt: skip


def loop_near_misses(
    entries: Sequence[tuple[tuple[str, ...], Any]], tokens: Sequence[str], start: int, kind: str
) -> Iterator[SlotMatch]:
    """The plain loop over every alias that ``ValueList.near_misses`` replaces (the reference)."""
    for alias, value in entries:
        text = joined(alias)
        allowed = allowed_edits(text)
        if not allowed:
            continue
        for length in (len(alias), len(alias) + 1, len(alias) - 1):
            if length < 1 or start + length > len(tokens):
                continue
            heard = joined(tokens[start : start + length])
            if heard == text:
                continue
            edits = Levenshtein.distance(heard, text, score_cutoff=allowed)
            if edits <= allowed:
                yield SlotMatch(start + length, value, kind, 1.0 - edits / max(len(text), len(heard)))


def test_near_misses_are_those_of_the_plain_loop() -> None:
    names = ValueList.from_aliases("device", ALIASES, fuzzy=True)
    sentences = ["把客厅等打开", "卧式空调调到二十度", "书房抬灯关了", "turn on the kitchen lite"]
    sentences += ["dim the living room lamps", "bedroom air conditioners off", "客厅灯", "I like turtles"]
    # a slip after words no name has (a span is compared only with names it can be near), two slips in a
    # long English name, a name in the other script
    sentences += ["哎我记不清了客厅等", "嗯那个我想把卧式空调关了", "把kitchen lite打开", "studdy 书房抬灯"]
    sentences += ["please turn the bedrom air conditionr off"]
    rng = random.Random(7)
    for _ in range(40):  # and random slips of the names themselves
        alias = list(rng.choice(ALIASES)[0])
        alias[rng.randrange(len(alias))] = rng.choice("等式抬xq ")
        sentences.append("打开" + "".join(alias))
    found = 0
    for sentence in sentences:
        tokens = token_texts(sentence)
        for start in range(len(tokens)):
            ours = list(names.near_misses(tokens, start))
            assert ours == list(loop_near_misses(names.entries, tokens, start, names.kind)), sentence
            found += len(ours)
    assert found > 10  # the sentences do have near misses


def test_a_list_without_near_misses_has_none() -> None:
    names = ValueList.from_aliases("scene", ALIASES, fuzzy=False)
    assert list(names.near_misses(token_texts("把客厅等打开"), 1)) == []


def test_the_sound_alike_pass_is_bounded(recognizer: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pass takes at most ``PHONETIC_VISITS`` steps per sentence: with none left, 握式 is not 卧室."""
    said = "握式灯打开"
    found = recognizer.recognize(said, lang="zh")
    assert found is not None and found.slot_values() == {"device": "bedroom_light"}
    assert recognizer.recognize("把卧室的灯打开", lang="zh") is not None
    monkeypatch.setattr(template_pass_module, "PHONETIC_VISITS", 0)
    assert recognizer.recognize(said, lang="zh") is None
    assert recognizer.recognize("把卧室的灯打开", lang="zh") is not None  # exact readings are not bounded


def test_clauses_of_fillers_only_join_their_neighbour() -> None:
    from ting.nlu.clauses import merge_filler_clauses
    from ting.nlu.fillers import skip_costs

    tokens = token_texts("嗯，那个，太吵了，小点声")
    # clauses: 嗯 | 那个 | 太吵了 | 小点声 -> the two filler clauses join the clause after them
    assert merge_filler_clauses([0, 1, 3, 6], skip_costs(tokens, "zh")) == [0, 6]
    tokens = token_texts("turn it down, um")
    assert merge_filler_clauses([0, 3], skip_costs(tokens, "en")) == [0]


def test_a_command_after_filler_clauses_is_still_found(recognizer: Any) -> None:
    found = recognizer.recognize("嗯，那个，好热，把空调打开", lang="zh")
    assert found is not None and found.intent_name == "home.turn_on"
