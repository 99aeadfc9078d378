"""Sound-alike words, for a last matching pass over what speech recognizers print.

A recognizer that hears 卧室 may print 握式; 厨房 厨防, 台灯 台登, 暂停 暂挺; "kitchen" may come out
"kitchin". ``Homophones`` is built from a recognizer's vocabulary (every word of its templates and of its
value lists: device, area, scene, genre, city names...) and gives, for each input token, the vocabulary
words that sound the same: Chinese characters by toneless pinyin (pypinyin, every reading of a
polyphone) with the confusions of southern and recognizer Mandarin folded (zh/z, ch/c, sh/s, n/l, in/ing,
en/eng, an/ang); English words by Metaphone (jellyfish) — only for input words the vocabulary lacks, and
of at least four letters, since short English words collide all the time ("to", "two", "the").

The matcher (``MatchContext.homophones``) tries these in place of the word heard, each at a cost in
confidence, only after the exact and the near-miss passes found nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

import jellyfish
from pypinyin import Style, pinyin

from ting.nlu.language import is_cjk

_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"))
_FINALS = (("ing", "in"), ("eng", "en"), ("ang", "an"))
MIN_ENGLISH_LETTERS = 4


def _fold(syllable: str) -> str:
    for long, short in _INITIALS:
        if syllable.startswith(long):
            syllable = short + syllable[len(long) :]
            break
    if syllable.startswith("n") and not syllable.startswith("ng"):
        syllable = "l" + syllable[1:]
    for long, short in _FINALS:
        if syllable.endswith(long):
            return syllable[: -len(long)] + short
    return syllable


@lru_cache(maxsize=16384)
def sound_keys(token: str) -> frozenset[str]:
    """The keys ``token`` sounds like: folded toneless pinyin of a Chinese character (each reading), the
    Metaphone code of an English word of 4+ letters, nothing for anything else."""
    if len(token) == 1 and is_cjk(token):
        readings = pinyin(token, style=Style.NORMAL, heteronym=True, errors="ignore")
        return frozenset("zh:" + _fold(reading) for reading in (readings[0] if readings else ()))
    if token.isalpha() and token.isascii() and len(token) >= MIN_ENGLISH_LETTERS:
        return frozenset({"en:" + jellyfish.metaphone(token)})
    return frozenset()


@lru_cache(maxsize=16384)
def usual_sound(char: str) -> str:
    """The folded toneless pinyin of a Chinese character's usual reading ('' for anything else): one key
    per character, for comparing whole runs of characters by sound."""
    if len(char) != 1 or not is_cjk(char):
        return ""
    readings = pinyin(char, style=Style.NORMAL, errors="ignore")
    return _fold(readings[0][0]) if readings and readings[0] else ""


class Homophones:
    """Vocabulary words by the sound keys they share."""

    def __init__(self, vocabulary: Iterable[str], names: Iterable[str] = ()) -> None:
        """``vocabulary``: every word (template words and names); ``names``: the words of value lists.
        English words are compared by sound with names only: a template word such as "sure" would
        otherwise answer "Hey Siri, ..." (Metaphone SR)."""
        self._vocabulary = frozenset(vocabulary) | frozenset(names)
        english_names = frozenset(names)
        by_key: dict[str, set[str]] = {}
        for word in self._vocabulary:
            for key in sound_keys(word):
                if key.startswith("zh:") or word in english_names:
                    by_key.setdefault(key, set()).add(word)
        self._by_key = {key: frozenset(words) for key, words in by_key.items()}

    def alternatives(self, tokens: Sequence[str]) -> tuple[frozenset[str], ...]:
        """Per token: vocabulary words (other than itself) that sound like it."""
        return tuple(self._alternatives(token) for token in tokens)

    def _alternatives(self, token: str) -> frozenset[str]:
        if not is_cjk(token[0]) and token in self._vocabulary:
            return frozenset()  # a known English word is what was said
        found: set[str] = set()
        for key in sound_keys(token):
            found |= self._by_key.get(key, frozenset())
        found.discard(token)
        return frozenset(found)
