"""Training the second pass in two steps: what does not depend on the names supplied while running (the
labels and their frames, the delexicalizers, the natural examples' counts: ``Groundwork.of``, once per build)
and what does (``Groundwork.languages``: the template walks, which say the library's names, and the model).

A library scan's new names are learned with the second step alone (``IntentRecognizer.with_names_learned``).
It does what one training did, in the same order: each template's walks draw from a seeded stream of its
own (``samples.training_samples``, ``ting.nlu.walks``), the examples' counts are added after them, label by
label in the order they first come, so the same names give the same model, count for count. The walks
are drawn ``Walks.draws`` times, each draw from a seed of its own, and the model is their average
(``fallback.draws``).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ting.nlu.compiled import CompiledTemplate
from ting.nlu.examples import NONE, Example
from ting.nlu.fallback.delex import Delexicalizer, is_placeholder
from ting.nlu.fallback.draws import DrawTally, draw_seed
from ting.nlu.fallback.featurize import features
from ting.nlu.fallback.forms import FORMS_CHECKED, asked_intents, in_a_question_form
from ting.nlu.fallback.frames import Label, example_label, label_name
from ting.nlu.fallback.model import NaiveBayes
from ting.nlu.fallback.samples import training_samples
from ting.nlu.fillers import skip_costs

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class LanguageModel:
    """The second pass of one language."""

    model: NaiveBayes
    labels: Mapping[str, Label]
    delexicalize: Delexicalizer
    asked: frozenset[str] = frozenset()
    """The intents one asks (their templates are mostly questions), ``fallback.forms.ASKING_SHARE``."""


@dataclass(frozen=True)
class Walks:
    """How templates are walked for training (``FallbackOptions``)."""

    per_template: int
    seed: int
    draws: int = 1
    """Draws averaged (``fallback.draws``), each walking every template with a seed of its own."""


@dataclass(frozen=True)
class Groundwork:
    """What training takes from the templates and examples alone (no names), kept for the next names."""

    templates: Sequence[CompiledTemplate]
    walks: Walks
    labels: Mapping[str, Mapping[str, Label]]
    """Per language (every language with a template), label name -> label."""
    delexicalizers: Mapping[str, Delexicalizer]
    examples: Mapping[str, Mapping[str, Counter[str]]]
    """Per language, label -> the features its examples say (each ``example_weight`` times)."""

    @classmethod
    def of(
        cls,
        templates: Sequence[CompiledTemplate],
        walks: Walks,
        examples: Iterable[Example],
        example_weight: int,
    ) -> Groundwork:
        """An example of an intent no template of its language has is left out (its skill's templates did
        not load)."""
        labels: dict[str, dict[str, Label]] = {}
        for template in templates:
            name = label_name(template.intent, template.fixed_slots)
            label = labels.setdefault(template.lang, {}).setdefault(
                name, Label(template.intent, template.fixed_slots, template.domains)
            )
            label.add(template.expression, template.resolve)
        delexicalizers = {lang: _delexicalizer(of_lang.values()) for lang, of_lang in labels.items()}
        counts: dict[str, dict[str, Counter[str]]] = {}
        for example in examples:
            if example.lang not in labels:
                continue
            if example.intent == NONE:
                labels[example.lang].setdefault(NONE, Label(NONE, (), frozenset()))
            trained = example_label(example, labels[example.lang])
            if trained is None:
                continue
            placeholders = delexicalizers[example.lang].words
            tokens = [token for token in example.tokens if token in placeholders or not is_placeholder(token)]
            found = features(said_words(tokens, example.lang), example.lang)
            counts.setdefault(example.lang, {}).setdefault(trained, Counter()).update(found * example_weight)
        return cls(tuple(templates), walks, labels, delexicalizers, counts)

    def languages(self, names: Mapping[str, Sequence[str]]) -> dict[str, LanguageModel]:
        """A model per language, its templates walked saying ``names``: deterministic (``walks.seed``)."""
        # counted as drawn: holding every sample's features until the end peaked at ~25 MB more, which the
        # process kept (freed small objects do not go back to the system)
        tallies = {lang: DrawTally() for lang in self.labels}
        questions: dict[tuple[str, str], list[int]] = {}
        drawn_count: Counter[str] = Counter()
        walks = self.walks
        for draw in range(walks.draws):
            counts: dict[str, dict[str, Counter[str]]] = {lang: {} for lang in self.labels}
            seed = draw_seed(walks.seed, draw)
            for template, drawn in training_samples(self.templates, walks=walks.per_template, seed=seed,
                                                    names=names):  # fmt: skip
                by_label = counts[template.lang]
                asked = 0
                for sample in drawn:
                    found, asks = _read(sample.tokens, template.lang)  # not kept: ~15 MB the process kept
                    by_label.setdefault(sample.label, Counter()).update(found)
                    asked += asks
                if template.lang in FORMS_CHECKED:
                    tally = questions.setdefault((template.lang, template.intent), [0, 0])
                    tally[0] += asked
                    tally[1] += len(drawn)
                drawn_count[template.lang] += len(drawn)
            for lang, of_examples in self.examples.items():  # after the walks, as the examples came
                for label, example_said in of_examples.items():
                    counts[lang].setdefault(label, Counter()).update(example_said)
            for lang, by_label in counts.items():
                tallies[lang].add(by_label)
        _LOGGER.debug("statistical pass: %s", dict(drawn_count))
        return {
            lang: LanguageModel(
                NaiveBayes.from_draws(tally),
                self.labels[lang],
                self.delexicalizers[lang],
                asked_intents(questions, lang),
            )
            for lang, tally in tallies.items()
        }


def _read(tokens: Sequence[str], lang: str) -> tuple[list[str], bool]:
    """A walked sentence's features, and whether it has a question's form (``forms``)."""
    asks = lang in FORMS_CHECKED and in_a_question_form(tokens, lang)
    return features(said_words(tokens, lang), lang), asks


def _delexicalizer(labels: Iterable[Label]) -> Delexicalizer:
    return Delexicalizer(
        slot_list for label in labels for lists in label.lists.values() for slot_list in lists
    )


def said_words(texts: Sequence[str], lang: str) -> list[str]:
    """``texts`` without its fillers and stutters (嗯, 那个, "um", "you know", 把……把): the words that say
    something, which are what the templates say (rambling is not the point of a sentence)."""
    costs = skip_costs(texts, lang)
    kept: list[str] = []
    skip_to = 0
    for at, text in enumerate(texts):
        cost = costs[at]
        if at >= skip_to and cost:
            skip_to = at + cost
        if at >= skip_to:
            kept.append(text)
    return kept or list(texts)
