"""A sentence's tokens -> the features the intent classifier weighs.

Chinese tokens are single characters (``normalize.tokenize``): character n-grams up to three, the
sentence's edges marked, carry the words whatever the segmentation. English: words and word pairs, and
character trigrams inside each word, so an inflection or a recognizer's misspelling ("lites", "turnin")
still shares most of its features with the word the templates say. Digits are one feature: a template
says "seven", a recognizer prints "7".
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

EDGE = "^"
END = "$"


def _shape(token: str) -> str:
    return "0" if token.replace(".", "").isdigit() else token


def features(tokens: Sequence[str], lang: str) -> list[str]:
    """The features of one sentence (a feature said twice is listed twice)."""
    words = [_shape(token) for token in tokens]
    if not words:
        return []
    padded = [EDGE, *words, END]
    found = [f"w:{word}" for word in words]
    found.extend(f"b:{first}|{second}" for first, second in pairwise(padded))
    if lang == "zh":
        found.extend(f"t:{a}|{b}|{c}" for a, b, c in zip(padded, padded[1:], padded[2:], strict=False))
        return found
    for word in words:
        if len(word) > 3 and word != "0":
            marked = f"<{word}>"
            found.extend(f"c:{marked[at : at + 3]}" for at in range(len(marked) - 2))
    return found
