"""A value taken back and said again ("make the volume 60, no wait, 55", "set a timer for 10 minutes, I mean
15 minutes", "wake me at 7, make that 7:30"): the value said last is meant, so the first one and the words
taking it back are left out before matching, for every template that has a number, a time or a duration.

Only a value for a value: the words after the correction are all number, time or unit words, and the words
just before it are too; anything else ("turn it off, no wait, pause it") is left as said (English).
"""

from __future__ import annotations

import re

from ting.nlu.normalize import Token
from ting.nlu.numbers import parse_english_number

MARKERS: tuple[tuple[str, ...], ...] = tuple(
    tuple(phrase.split())
    for phrase in (
        *("no wait", "no no", "wait no", "no sorry", "sorry", "no make that", "make that", "no i mean"),
        *("i mean", "actually", "or rather", "correction", "no"),
    )
)
"""Words that take back the value said just before them; the longest found first."""
UNITS = frozenset(
    {"am", "pm", "a.m.", "p.m.", "percent", "%", "degrees", "degree", "o'clock", "and", "a", "half"}
    | {"minute", "minutes", "hour", "hours", "second", "seconds", "min", "mins", "point"}
)
"""Words that belong to a value said with a number ("55 percent", "7:30 am", "an hour and a half")."""
_DIGITS = re.compile(r"\d+([:.]\d+)?%?")


def _value_word(text: str) -> bool:
    return bool(_DIGITS.fullmatch(text)) or text in UNITS or parse_english_number([text]) is not None


def self_corrected(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """``tokens`` with a value taken back and its correction marker left out (English), else as they are."""
    texts = [token.text for token in tokens]
    for at in range(len(texts) - 1, 0, -1):
        marker = next((m for m in MARKERS if tuple(texts[at : at + len(m)]) == m), None)
        if marker is None:
            continue
        tail = texts[at + len(marker) :]
        if not tail or not all(_value_word(text) for text in tail) or not any(_number(t) for t in tail):
            return tokens
        first = at
        while first > 0 and _value_word(texts[first - 1]):
            first -= 1
        if first == at or not any(_number(text) for text in texts[first:at]):
            return tokens
        return (*tokens[:first], *tokens[at + len(marker) :])
    return tokens


def _number(text: str) -> bool:
    return text not in UNITS and _value_word(text)
