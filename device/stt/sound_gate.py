"""How far the grammar's phrase sounds from what Whisper heard, for the English hybrid's fallback.

The hybrid (Whisper first) takes PocketSphinx's grammar phrase only when the NLU reads none of Whisper's n
best well; a grammar always yields *some* in-grammar phrase, and on English dev that phrase was a wrong
action in 19 of the 33 clips where it was taken ("put on my tunes" for "alarm at noon", Whisper: "but i'm at
2"). What separated right from wrong was its sound against Whisper's words, often misspelt but near ("no more
beating" for "no more beeping"): the Metaphone key (``sound_alike_en.sound_key``) of the phrase against the
nearest hypothesis's, Levenshtein edits per sound of the longer key (docs/benchmarks.md). A wrong action is
worse than being asked again, so a phrase too far from all of them is refused.

Both sides are keyed as said: Whisper writes numbers as digits ("dim the living room light to 30%") where
the grammar's phrase has words ("thirty percent"); keyed by their letters alone, the digits said nothing and
every phrase with a number sounded far from what was heard (the demo's "dim the living room light to 30
percent" was refused: 0.56).
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz.distance import Levenshtein

from ting.device.stt.sound_alike_en import sound_key
from ting.nlu.grammar.spoken import speakable
from ting.nlu.normalize import token_texts


def sound_distance(phrase: str, hypotheses: Sequence[str]) -> float:
    """Metaphone edits per sound (0: sounds the same, 1: nothing in common) between ``phrase`` and the nearest
    of ``hypotheses`` (none, or all empty: 1, nothing heard to vouch for the phrase)."""
    key = _said_key(phrase)
    return min((_edits_per_sound(key, _said_key(text)) for text in hypotheses), default=1.0)


def _said_key(text: str) -> str:
    """The Metaphone key of ``text`` as it is said: numbers and signs as words ("30%": thirty percent)."""
    return sound_key(speakable(token_texts(text), "en"))


def _edits_per_sound(first: str, second: str) -> float:
    # per sound of the longer key: a short phrase inside a long hypothesis is not near it
    return float(Levenshtein.normalized_distance(first, second))
