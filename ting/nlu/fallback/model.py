"""A multinomial naive Bayes intent model over sparse features, in plain Python.

Naive Bayes trains by counting (one pass over the samples: tens of milliseconds for the built-in skills)
and scores sparsely: a class's score is its base term plus a bonus for each feature it has seen, so a
sentence costs one dictionary look-up per feature, not one per feature and class. Features no class has
seen say nothing about the intent; their share is the sentence's ``unknown`` fraction, which the
confidence takes into account (a sentence mostly of words no template uses is not a command).
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ting.nlu.fallback.draws import DrawTally

SMOOTHING = 0.1
"""Additive smoothing of feature counts (alpha)."""
KNOWN_PREFIX = "b:"
"""The features whose share seen in training is ``Scores.known``: pairs of neighbouring words (Chinese:
characters), the sentence's edges included. Single words are nearly all known in any sentence of the
language, and character n-grams even more; a sentence whose word pairs the templates never say is, on the
out-of-scope sets, not a command (measured against words, trigrams and all features: docs/nlu.md)."""


@dataclass(frozen=True)
class Scored:
    label: str
    probability: float


@dataclass(frozen=True)
class Scores:
    ranked: tuple[Scored, ...]
    """Every label, most probable first (probabilities sum to 1)."""
    known: float
    """Share of the sentence's word pairs (``featurize``'s ``b:`` features) seen in training (0 to 1)."""
    pairs_seen: Mapping[str, float] = field(default_factory=dict)
    """Per label, the share of the sentence's word pairs that label's training said (labels that said
    none left out): how near the sentence is to what each label says, whatever the other features."""


class NaiveBayes:
    """Each feature's bonuses (label index, log gain) packed in flat arrays: a device's model has tens of
    thousands of features, and a tuple and a float object for each (label, feature) pair cost ~4 MB more."""

    def __init__(
        self,
        labels: Sequence[str],
        per_token: Sequence[float],
        bonus: Mapping[str, tuple[tuple[int, float, float], ...]],
        weight: Mapping[str, float],
        present: Mapping[str, float] | None = None,
    ) -> None:
        """``bonus``: per feature, (label index, log gain, share of the training draws in which the label
        said it); ``present``: per feature, the share of draws in which any label did (1 when left out)."""
        self._labels = tuple(labels)
        self._per_token = tuple(per_token)
        self._rows = {feature: row for row, feature in enumerate(bonus)}
        """Feature → its row in the arrays below."""
        self._weights = array("d", (weight[feature] for feature in bonus))
        self._present = array("f", ((present or {}).get(feature, 1.0) for feature in bonus))
        self._starts = array("l", [0])
        """Row r's pairs are ``[starts[r], starts[r + 1])`` of ``_label_of``, ``_gains`` and ``_said``."""
        self._label_of = array("H")
        self._gains = array("d")
        self._said = array("f")
        for pairs in bonus.values():
            for index, gain, said in pairs:
                self._label_of.append(index)
                self._gains.append(gain)
                self._said.append(said)
            self._starts.append(len(self._gains))

    @classmethod
    def train(cls, samples: Iterable[tuple[str, Sequence[str]]], smoothing: float = SMOOTHING) -> NaiveBayes:
        """``samples``: (label, features) pairs; every label is equally likely a priori (a skill with many
        templates is not more often meant than one with few)."""
        counts: dict[str, Counter[str]] = {}
        for label, found in samples:
            counts.setdefault(label, Counter()).update(found)
        return cls.from_counts(counts, smoothing)

    @classmethod
    def from_counts(cls, counts: Mapping[str, Counter[str]], smoothing: float = SMOOTHING) -> NaiveBayes:
        """The model of each label's feature counts (what ``train`` counts; a caller that counts as it
        draws samples never holds them all at once, which on a device is tens of MB it keeps)."""
        tally = DrawTally()
        tally.add(counts)
        return cls.from_draws(tally, smoothing)

    @classmethod
    def from_draws(cls, tally: DrawTally, smoothing: float = SMOOTHING) -> NaiveBayes:
        """The model one of ``tally``'s draws gives on average (``fallback.draws``): mean counts, and a
        label's feature said as often as the draws said it."""
        counts = tally.mean_counts()
        labels = sorted(counts)
        per_token = [
            -math.log(sum(counts[label].values()) + smoothing * tally.mean_size()) for label in labels
        ]
        bonus: dict[str, list[tuple[int, float, float]]] = {}
        for index, label in enumerate(labels):
            for feature, count in counts[label].items():
                said = tally.said_share(label, feature)
                bonus.setdefault(feature, []).append((index, math.log(1 + count / smoothing), said))
        # a feature said by every label tells nothing (weight 0), one said by a single label the most (1)
        spread = math.log(max(len(labels), 2))
        weight = {
            feature: math.log(len(labels) / max(1.0, sum(said for _, _, said in pairs))) / spread
            for feature, pairs in bonus.items()
        }
        present = {feature: tally.present_share(feature) for feature in bonus}
        return cls(
            labels, per_token, {feature: tuple(pairs) for feature, pairs in bonus.items()}, weight, present
        )

    def share_said_by(self, found: Sequence[str], labels: Collection[str]) -> float:
        """The share of ``found``'s weight that some label of ``labels`` has seen in training: a known
        feature weighs as in ``scores`` (how few labels say it), one no label has seen weighs 1 (as
        specific as a feature only one label says). 0 when ``found`` weighs nothing."""
        rows, starts, label_of, said_in = self._rows, self._starts, self._label_of, self._said
        chosen = {index for index, label in enumerate(self._labels) if label in labels}
        total = said = 0.0
        for feature in found:
            row = rows.get(feature)
            if row is None:
                total += 1.0
                continue
            weight, present = self._weights[row], self._present[row]
            total += present * weight + (1.0 - present)  # unknown in the draws that did not say it
            pairs = range(starts[row], starts[row + 1])
            share = max((said_in[pair] for pair in pairs if label_of[pair] in chosen), default=0.0)
            said += weight * share
        return said / total if total > 0.0 else 0.0

    def said_in(self, feature: str, labels: Collection[str]) -> float:
        """The share of draws in which some label of ``labels`` said ``feature`` in training (0: never)."""
        row = self._rows.get(feature)
        if row is None:
            return 0.0
        chosen = {index for index, label in enumerate(self._labels) if label in labels}
        pairs = range(self._starts[row], self._starts[row + 1])
        return max((self._said[pair] for pair in pairs if self._label_of[pair] in chosen), default=0.0)

    @property
    def labels(self) -> tuple[str, ...]:
        return self._labels

    def scores(self, found: Sequence[str], sharpness: float) -> Scores:
        """Posteriors of ``found``: each known feature's log-likelihood weighted by how few labels say it,
        the sum divided by the total weight and multiplied by ``sharpness`` (naive Bayes counts overlapping
        n-grams as independent, so its raw posteriors are near 0 or 1 whatever it knows)."""
        rows = self._rows
        known = [rows[feature] for feature in found if feature in rows]
        if not self._labels:
            return Scores((), 0.0)
        if not known:
            share = 1.0 / len(self._labels)
            return Scores(tuple(Scored(label, share) for label in self._labels), 0.0)
        log_alpha = math.log(SMOOTHING)
        weights_said = [self._weights[row] * self._present[row] for row in known]
        mass = sum(weights_said) or 1.0
        totals = [mass * (per + log_alpha) for per in self._per_token]
        starts, label_of, gains = self._starts, self._label_of, self._gains
        for row, said in zip(known, weights_said, strict=True):
            for pair in range(starts[row], starts[row + 1]):
                totals[label_of[pair]] += said * gains[pair]
        scale = sharpness / mass
        top = max(totals)
        weights = [math.exp((total - top) * scale) for total in totals]
        norm = sum(weights)
        ranked = sorted(
            (Scored(label, weight / norm) for label, weight in zip(self._labels, weights, strict=True)),
            key=lambda scored: -scored.probability,
        )
        counted = [feature for feature in found if feature.startswith(KNOWN_PREFIX)]
        said_by = [0.0] * len(self._labels)
        said_in = self._said
        seen = 0.0
        for feature in counted:
            line = rows.get(feature)
            if line is not None:
                seen += self._present[line]
                for pair in range(starts[line], starts[line + 1]):
                    said_by[label_of[pair]] += said_in[pair]
        pairs = {
            label: share / len(counted) for label, share in zip(self._labels, said_by, strict=True) if share
        }
        return Scores(tuple(ranked), seen / len(counted) if counted else 0.0, pairs)
