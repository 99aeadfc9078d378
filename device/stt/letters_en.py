"""The household's words said as letters ("AC", "TV"), written back where Whisper heard their letter names
as words: "set the living room I see to 22", "… a seat at 22" for the living room AC.

A letter name is a common word ("I see", "tea"), so the sound-alike rewrite (``sound_alike_en``), which
changes only spans holding a word the grammar never uses and only keys of 4 sounds or more, cannot reach
them. Here a span of 1-2 words right after a word that the grammar's sentences put before such a word
("room" before "ac") is replaced when its Metaphone key is the letters' spoken key (a first vowel counts as
any vowel: "I see" and "AC" both start with a vowel sound), or one edit from it for a span of 3 sounds or
more. A word is said as letters when the CMU pronouncing dictionary (PocketSphinx's) says it as its
letters' names. Like every rewrite, the result is offered only when the NLU reads none of Whisper's n best
fully, and taken only when the NLU reads it fully.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from itertools import pairwise

import jellyfish
from rapidfuzz.distance import Levenshtein

_LOGGER = logging.getLogger(__name__)

MAX_LETTERS = 4
MAX_SPAN_WORDS = 2
_LETTER_PHONES = (
    "a=EY b=B_IY c=S_IY d=D_IY e=IY f=EH_F g=JH_IY h=EY_CH i=AY j=JH_EY k=K_EY l=EH_L m=EH_M n=EH_N o=OW"
    " p=P_IY q=K_Y_UW r=AA_R s=EH_S t=T_IY u=Y_UW v=V_IY w=D_AH_B_AH_L_Y_UW x=EH_K_S y=W_AY z=Z_IY"
)
LETTER_PHONES = {pair[0]: pair[2:].replace("_", " ") for pair in _LETTER_PHONES.split()}
"""Each letter's name in the CMU dictionary's phones: a word said as its letters is these in a row."""
_LETTER_NAMES = (
    "a=ay b=bee c=see d=dee e=ee f=ef g=jee h=aitch i=eye j=jay k=kay l=el m=em n=en o=oh p=pee q=cue"
    " r=ar s=es t=tee u=you v=vee w=doubleyou x=ex y=why z=zee"
)
LETTER_NAMES = {pair[0]: pair[2:] for pair in _LETTER_NAMES.split()}
"""Each letter's name written as a word, for its Metaphone key."""
_VOWELS = frozenset("AEIOU")


def spoken_key(text: str) -> str:
    """Metaphone of ``text``'s letters run together, a first vowel written A (Metaphone keeps the first
    vowel as it is written: "I see" is IS, "ay see" AS)."""
    letters = "".join(char for char in text if char.isalpha())
    key = jellyfish.metaphone(letters) if letters else ""
    return "A" + key[1:] if key[:1] in _VOWELS else key


def said_as_letters(words: Iterable[str]) -> frozenset[str]:
    """Those of ``words`` (2-``MAX_LETTERS`` letters) the CMU dictionary says first as their letters' names
    (not "am", whose second pronunciation is A.M.); none when PocketSphinx's dictionary is not installed."""
    short = {word for word in words if 2 <= len(word) <= MAX_LETTERS and word.isalpha() and word.isascii()}
    try:
        from ting.device.stt.dictionary import Pronunciations
    except ImportError:
        return frozenset()
    found = Pronunciations().lookup(short)
    return frozenset(
        word
        for word, variants in found.items()
        if variants[0] == " ".join(LETTER_PHONES[letter] for letter in word)
    )


class SpokenLetters:
    """Rewrites letter names heard as words back to the grammar's words said as letters, by context."""

    def __init__(self, phrases: Iterable[str]) -> None:
        sentences = [phrase.split() for phrase in phrases]
        letters = said_as_letters({word for words in sentences for word in words})
        self._after: dict[str, set[str]] = {}
        """A word -> the words said as letters that the grammar puts right after it."""
        for words in sentences:
            for before, word in pairwise(words):
                if word in letters:
                    self._after.setdefault(before, set()).add(word)
        self._keys = {word: spoken_key(" ".join(LETTER_NAMES[letter] for letter in word)) for word in letters}
        _LOGGER.debug("words said as letters: %s", sorted(letters))

    @property
    def words(self) -> frozenset[str]:
        return frozenset(self._keys)

    def rewrite(self, words: list[str]) -> list[str]:
        """``words`` with letter names heard as words after a known word written as the letters' word."""
        out: list[str] = []
        index = 0
        while index < len(words):
            found = self._at(words, index, out[-1] if out else "")
            if found is None:
                out.append(words[index])
                index += 1
            else:
                word, size = found
                out.append(word)
                index += size
        return out

    def _at(self, words: list[str], index: int, before: str) -> tuple[str, int] | None:
        """(the letters' word, span size) when a span at ``index`` is heard letters the grammar puts after
        ``before``; a single word only when the grammar has no other such word there."""
        candidates = self._after.get(before, set())
        if not candidates or words[index] in candidates:
            return None  # none there, or said as the grammar says it
        for size in range(MAX_SPAN_WORDS, 0, -1):
            span = words[index : index + size]
            if len(span) < size or any(char.isdigit() for word in span for char in word):
                continue
            if any(word in candidates for word in span):
                continue  # "the tv": the word itself is said, an article before it is no letter
            key = spoken_key(" ".join(LETTER_NAMES.get(word, word) for word in span))  # "a c": letters
            allowed = 1 if len(key) >= 3 else 0  # "at" is one edit from AC's two sounds, as is most else
            near = [word for word in candidates if Levenshtein.distance(key, self._keys[word]) <= allowed]
            if len(near) == 1:
                return near[0], size
        return None
