"""Answer text cut into the pieces the speaker synthesizes one after another (sentences, then clauses).

Cuts after Chinese and Western sentence ends (。！？；… and . ! ? ; followed by a space), so "3.5 度" and
"ting.local" stay whole; clauses end at ，、：, and a Western comma or colon followed by a space.
"""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[。！？；…])|(?<=[.!?;])\s+")
_CLAUSE_END = re.compile(r"(?<=[，、：])|(?<=[,:])\s+")


def _cut(pattern: re.Pattern[str], text: str) -> list[str]:
    pieces = [piece.strip() for piece in pattern.split(text)]
    return [piece for piece in pieces if piece]


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` with their punctuation; ``[]`` for blank text."""
    return _cut(_SENTENCE_END, text)


def clauses(sentence: str) -> list[str]:
    """The comma-separated clauses of one sentence."""
    return _cut(_CLAUSE_END, sentence)
