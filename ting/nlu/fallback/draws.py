"""The second pass's training averaged over several draws of its template walks.

One draw (``FallbackOptions.seed``) walks each template a few times, so which of a template's wordings, and
which of a list's values, the model learns is chance: a template edited anywhere redraws its walks, and a
near-miss sentence that happened to share a word pair with one walk was read or refused by that chance
(docs/benchmarks.md, "NLU: rejection that does not hang on the second pass's draw"). ``DrawTally`` adds up
``draws`` draws, each from a seed of its own, and the model takes from it what one draw would give on
average: each label's mean count of a feature, the share of draws in which the label said it (instead of
said or not), the share in which any label did, and the mean vocabulary size. One draw gives exactly the
model of that draw.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

DRAW_SEED_STRIDE = 1_000_003
"""Draw ``d`` of seed ``s`` walks with seed ``s + d * DRAW_SEED_STRIDE`` (draw 0 is seed ``s`` itself), so
the draws of seeds below the stride never share a walk."""


def draw_seed(seed: int, draw: int) -> int:
    return seed + draw * DRAW_SEED_STRIDE


@dataclass
class DrawTally:
    """Per-draw feature counts of one language, added up."""

    draws: int = 0
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    """Label -> feature -> its count summed over the draws."""
    said: dict[str, Counter[str]] = field(default_factory=dict)
    """Label -> feature -> in how many draws the label said it."""
    present: Counter[str] = field(default_factory=Counter)
    """Feature -> in how many draws some label said it."""
    sizes: int = 0
    """The draws' vocabulary sizes, summed."""

    def add(self, by_label: Mapping[str, Counter[str]]) -> None:
        """One draw's counts (every label's, the examples' included)."""
        self.draws += 1
        vocabulary: set[str] = set()
        for label, found in by_label.items():
            self.counts.setdefault(label, Counter()).update(found)
            self.said.setdefault(label, Counter()).update(found.keys())
            vocabulary.update(found)
        self.present.update(vocabulary)
        self.sizes += len(vocabulary)

    def mean_counts(self) -> dict[str, dict[str, float]]:
        draws = max(self.draws, 1)
        return {
            label: {f: count / draws for f, count in found.items()} for label, found in self.counts.items()
        }

    def said_share(self, label: str, feature: str) -> float:
        """The share of draws in which ``label`` said ``feature``."""
        return self.said[label][feature] / max(self.draws, 1)

    def present_share(self, feature: str) -> float:
        """The share of draws in which some label said ``feature``."""
        return self.present[feature] / max(self.draws, 1)

    def mean_size(self) -> float:
        return self.sizes / max(self.draws, 1)
