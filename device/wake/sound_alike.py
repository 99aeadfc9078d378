"""Whether a stop or pause phrase sounds like part of a wake phrase, decided from the two phrases' text.

Why: the trained 停 model fires on the "ting" of "hey ting" (and 暂停 ends in it), so a hit of such a phrase
must wait for the wake model's hit on the same words (``BargeDetector``). A phrase that shares no sound with
any wake phrase ("stop", 别放了, 别说了) cannot be a wake phrase's words, and stops at once.

The rule: each phrase is read as syllables, a Chinese character as its usual reading in toneless pinyin
(pypinyin; 停 -> "ting"), a run of Latin letters as the word itself, lower-cased ("hey ting" -> "hey",
"ting": the wake phrase names 听 by its pinyin); a stop phrase sounds like part of a wake phrase when one
of its syllables is one of the wake phrase's. Tones are left out: the spotters hear no tone over music.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pypinyin import Style, pinyin

from ting.nlu.language import is_cjk

_TOKENS = re.compile(r"[a-z]+|\S")
"""A run of Latin letters (one word), or any other single character (a Chinese character, a digit...)."""


@lru_cache(maxsize=256)
def syllables(phrase: str) -> frozenset[str]:
    """The toneless syllables of ``phrase``: pinyin for each Chinese character (its usual reading), the
    lower-cased word for each run of Latin letters; nothing for digits or punctuation."""
    found: set[str] = set()
    for token in _TOKENS.findall(phrase.lower()):
        if token.isascii():
            if token.isalpha():
                found.add(token)
        elif len(token) == 1 and is_cjk(token):
            readings = pinyin(token, style=Style.NORMAL, errors="ignore")
            if readings and readings[0]:
                found.add(readings[0][0])
    return frozenset(found)


def sounds_like_part_of(phrase: str, wake_phrase: str) -> bool:
    """True when ``phrase`` (a stop or pause phrase) shares a toneless syllable with ``wake_phrase``."""
    return bool(syllables(phrase) & syllables(wake_phrase))
