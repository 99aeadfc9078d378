"""Training sentences from the skills' own templates: seeded random walks, list values sampled.

A walk takes one option of each alternative and, for each slot, its placeholder (``delex``: a name, a
number, a time) or one sampled value of its list (``grammar.spoken``'s samples: a genre, a colour); a
wildcard (a message, a song title) says nothing, as its words are anyone's. Bounded
(``walks_per_template``) and deterministic (one seed, a stream of it per template: ``ting.nlu.walks``):
the same template gives the same sentences whatever other templates there are, so the same sentence data
gives the same model.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from ting.nlu.compiled import CompiledTemplate
from ting.nlu.fallback.delex import placeholder
from ting.nlu.fallback.frames import label_name
from ting.nlu.grammar.spoken import UNK, list_samples, names_said
from ting.nlu.lists import SlotList
from ting.nlu.templates import Alternative, Expression, SlotRef, Words
from ting.nlu.walks import WalkStreams

MAX_LIST_VALUES = 24
"""Values sampled per list (numbers, spoken times; the household's names are all taken)."""


def names_sampled(names: Mapping[str, Sequence[str]]) -> Hashable:
    """What the walks can say of ``names``: per source, the first ``MAX_LIST_VALUES`` names each language
    samples (``list_samples`` tells Chinese from every other language). Training on names with the same
    key gives the same model: a name added after them (a library scan's new track, most played first)
    changes nothing the second pass learned."""
    said = (
        (source, lang, tuple(names_said(values, lang, MAX_LIST_VALUES)))
        for source, values in names.items()
        for lang in ("zh", "en")
    )
    return tuple(sorted(key for key in said if key[2]))  # no names and no source say the same


@dataclass(frozen=True)
class Sample:
    label: str
    tokens: tuple[str, ...]


class _Unsayable(Exception):
    """A list with no values (a household without scenes): that walk is left out."""


def walk(
    expression: Expression,
    resolve: Callable[[SlotRef], SlotList],
    lang: str,
    rng: random.Random,
    names: Mapping[str, Sequence[str]],
) -> list[str]:
    """One random path through ``expression``, as tokens."""
    if isinstance(expression, Words):
        return list(expression.tokens)
    if isinstance(expression, SlotRef):
        slot_list = resolve(expression)
        word = placeholder(slot_list)
        if word is not None:
            return [word]
        samples = list_samples(slot_list, lang, MAX_LIST_VALUES, names)
        if not samples:
            raise _Unsayable
        chosen = rng.choice(samples)
        return [] if chosen == (UNK,) else list(chosen)
    if isinstance(expression, Alternative):
        return walk(rng.choice(expression.options), resolve, lang, rng, names)
    return [token for item in expression.items for token in walk(item, resolve, lang, rng, names)]


def template_samples(
    label: str,
    expression: Expression,
    resolve: Callable[[SlotRef], SlotList],
    lang: str,
    *,
    walks: int,
    rng: random.Random,
    names: Mapping[str, Sequence[str]],
) -> list[Sample]:
    """Up to ``walks`` different sentences of one template."""
    found: dict[tuple[str, ...], None] = {}
    for _ in range(walks):
        try:
            tokens = tuple(walk(expression, resolve, lang, rng, names))
        except _Unsayable:
            return []
        if tokens:
            found.setdefault(tokens, None)
    return [Sample(label, tokens) for tokens in found]


def training_samples(
    templates: Iterable[CompiledTemplate],
    *,
    walks: int,
    seed: int,
    names: Mapping[str, Sequence[str]],
) -> Iterator[tuple[CompiledTemplate, list[Sample]]]:
    """Every template with its sentences (``template_samples``, labelled by intent and fixed slots), each
    template walked with its own stream of ``seed``: a template added or changed anywhere, in another
    skill or the other language, leaves every other template's sentences as they were."""
    streams = WalkStreams(seed)
    for template in templates:
        rng = streams.stream(template.lang, template.intent, template.fixed_slots, template.expression)
        label = label_name(template.intent, template.fixed_slots)
        drawn = template_samples(label, template.expression, template.resolve, template.lang,
                                 walks=walks, rng=rng, names=names)  # fmt: skip
        yield template, drawn
