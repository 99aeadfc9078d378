"""Vosk's grammar: a bounded phrase list from seeded random walks through the templates."""

from __future__ import annotations

import random
from collections.abc import Iterator

from ting.nlu.grammar.source import GrammarSource, resolve, slot_refs
from ting.nlu.grammar.spoken import REGISTRY_LISTS, UNK, list_samples, speakable, text_tokens
from ting.nlu.language import is_cjk
from ting.nlu.lists import ValueList
from ting.nlu.names import NameList
from ting.nlu.templates import Alternative, Expression, SlotRef, Words


class _Unsayable(Exception):
    """The walk reached a list with no values (a household without scenes, say)."""


def _walk(
    source: GrammarSource,
    expression: Expression,
    rng: random.Random,
    limit: int,
    name: tuple[str, tuple[str, ...]] | None = None,
) -> list[str]:
    """A random path through ``expression``; ``name``: (source, tokens) said wherever a ``names`` list of
    that source is."""
    if isinstance(expression, Words):
        return list(speakable(expression.tokens, source.lang))
    if isinstance(expression, SlotRef):
        slot_list = resolve(source, expression)
        if name is not None and isinstance(slot_list, NameList) and slot_list.source == name[0]:
            return list(speakable(name[1], source.lang))
        samples = list_samples(slot_list, source.lang, limit, source.names)
        if not samples:
            raise _Unsayable
        return list(speakable(rng.choice(samples), source.lang))
    if isinstance(expression, Alternative):
        return _walk(source, rng.choice(expression.options), rng, limit, name)
    return [word for item in expression.items for word in _walk(source, item, rng, limit, name)]


def vosk_phrases(
    source: GrammarSource,
    *,
    per_template: int = 12,
    max_list_values: int = 50,
    max_phrases: int = 4000,
    seed: int = 0,
) -> list[str]:
    """Phrases (words separated by spaces) for Vosk's grammar mode, ``[unk]`` last.

    Walks go round the templates (one walk of each per round, ``per_template`` rounds), so that when
    ``max_phrases`` cuts the list short every template is still in it, not only the first skills'.
    """
    rng = random.Random(seed)
    phrases: dict[str, None] = {}
    for _ in range(per_template):
        for _, expression in source.templates:
            try:
                words = _walk(source, expression, rng, max_list_values)
            except _Unsayable:
                continue
            if words:
                phrases.setdefault(" ".join(words), None)
            if len(phrases) >= max_phrases:
                break
        if len(phrases) >= max_phrases:
            break
    kept = list(phrases)[:max_phrases]
    heard = {word for phrase in kept for word in phrase.split()}
    for name in sorted(REGISTRY_LISTS):  # every household name in some phrase, however many there are
        slot_list = source.lists.get(name)
        for alias in list_samples(slot_list, source.lang, 0) if isinstance(slot_list, ValueList) else ():
            words = list(speakable(alias, source.lang))
            if words and not set(words) <= heard:
                kept.append(" ".join(words))
                heard.update(words)
    kept.extend(name_phrases(source, rng, max_list_values, set(kept)))
    return [*kept, UNK]


def name_phrases(source: GrammarSource, rng: random.Random, limit: int, known: set[str]) -> Iterator[str]:
    """Every supplied name in a sentence (Vosk hears only whole phrases: a bare name would not make "播放
    晴天" heard), the templates that use its source taken in turn."""
    for name_source, names in source.names.items():
        using = [
            expression for _, expression in source.templates
            if any(isinstance(found, NameList) and found.source == name_source
                   for found in (resolve(source, ref) for ref in slot_refs(expression)))
        ]  # fmt: skip
        said = [text_tokens(name, source.lang) for name in names]
        said = [tokens for tokens in said if tokens and (source.lang == "zh" or not is_cjk(tokens[0][0]))]
        for turn, tokens in enumerate(said if using else ()):
            try:
                words = _walk(source, using[turn % len(using)], rng, limit, (name_source, tokens))
            except _Unsayable:
                continue
            phrase = " ".join(words)
            if words and phrase not in known:
                known.add(phrase)
                yield phrase
