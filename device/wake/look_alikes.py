"""Sound-alikes of a wake phrase, made from the phrase itself: one sound changed, its parts alone, and for
Mandarin its syllables in other tones.

Why: trained on read text, ``negatives.yaml`` and near misses (a whole word swapped), the model still woke on
rhymes it had never heard ("hey tink", "hey sting", "pay ting": 36 of 96 clips in bench/wake_trained.py's
look-alike line): a swapped word teaches the phrase's words, not its sounds. These work for any phrase:
English through espeak-ng's phonemes (``[[h'eI p'IN]]`` is read as phonemes), Mandarin through pypinyin
(its syllables and the tones Mandarin has for them).
"""

from __future__ import annotations

import re
import subprocess
from functools import lru_cache

from pypinyin import Style, pinyin
from pypinyin.pinyin_dict import pinyin_dict

from ting.errors import SpeechModelError

_PHONEME = re.compile(r"tS|dZ|aI@|aU@|eI|aI|aU|oU|OI|e@|i@|U@|A@|O@|o@|3:|A:|i:|u:|O:|[a-zA-Z@0-9]")
"""One espeak-ng English phoneme (its ASCII mnemonics; longest first); anything else (stress) is kept."""
_NEIGHBOURS = {
    # consonants heard for one another (place or voicing one step away)
    "p": "b t k f",
    "b": "p d g v",
    "t": "d p k T s tS",
    "d": "t b g D n",
    "k": "g t p",
    "g": "k d b",
    "f": "v T s p",
    "v": "f b D",
    "T": "f s t D",
    "D": "T v d z",
    "s": "z S T t",
    "z": "s Z D",
    "S": "s tS Z",
    "tS": "S t dZ",
    "dZ": "tS d Z",
    "h": "p k w",
    "m": "n N b",
    "n": "m N d l",
    "N": "n m",
    "l": "r n w",
    "r": "l w",
    "w": "r l h",
    "j": "w h",
    # vowels one step away
    "I": "i: E a",
    "i:": "I eI",
    "E": "I a eI",
    "a": "E A: V",
    "eI": "E aI i:",
    "aI": "eI OI a",
    "0": "A: O: V",
    "V": "a 0 @",
    "U": "u: V",
    "u:": "U oU",
    "oU": "O: u: aU",
    "A:": "a 0",
    "O:": "0 oU",
    "@": "V I",
}
_INITIALS = {
    "b": "p d",
    "p": "b t k",
    "m": "n",
    "f": "h",
    "d": "t b",
    "t": "d p k q",
    "n": "l m",
    "l": "n r",
    "g": "k d",
    "k": "g t",
    "h": "f",
    "j": "q x z",
    "q": "j x c",
    "x": "s sh q",
    "zh": "z j",
    "ch": "c q",
    "sh": "s x",
    "r": "l",
    "z": "zh j",
    "c": "ch q",
    "s": "sh x",
}
_FINALS = {
    "ing": "in eng iang",
    "in": "ing en",
    "eng": "en ing ong",
    "en": "eng in",
    "ang": "an iang eng",
    "an": "ang ian",
    "iao": "ao ia iu",
    "ao": "iao ou",
    "ian": "an iang in",
    "i": "ü e",
    "u": "ou o",
    "a": "ia e",
    "e": "a i",
    "ou": "u ao",
}


def sound_alikes(lang: str, phrase: str, voice: str = "en-us") -> list[str]:
    """Texts that sound almost like ``phrase`` (never the phrase): for English, espeak-ng phoneme strings
    (``[[...]]``) with one phoneme changed, and each word alone; for Mandarin, tone-numbered pinyin of the
    phrase with one syllable in another tone or with one sound (initial or final) changed, in every
    occurrence or just the first, and each run of its syllables alone."""
    if lang.startswith("zh"):
        return _mandarin(phrase)
    return _english(phrase, voice)


def _english(phrase: str, voice: str) -> list[str]:
    said = phonemes(phrase, voice)
    out = []
    for match in _PHONEME.finditer(said):
        for other in _NEIGHBOURS.get(match.group(), "").split():
            out.append(f"[[{said[: match.start()]}{other}{said[match.end() :]}]]")
    words = phrase.split()
    out += [word for word in words if len(words) > 1]
    return list(dict.fromkeys(out))


@lru_cache(maxsize=32)
def phonemes(text: str, voice: str) -> str:
    """espeak-ng's phonemes for ``text`` (ASCII mnemonics, stress marks included), one line."""
    try:
        done = subprocess.run(
            ["espeak-ng", "-q", "-x", "-v", voice, text], check=True, capture_output=True, text=True
        )
    except (FileNotFoundError, subprocess.CalledProcessError) as error:
        raise SpeechModelError(f"espeak-ng cannot give the phonemes of {text!r}: {error}") from None
    return " ".join(done.stdout.split())


def _mandarin(phrase: str) -> list[str]:
    # written as tone-numbered pinyin ("xiao3 ting2"), which espeak-ng's cmn-latn-pinyin voice reads exactly:
    # a character for each changed sound would often be one it does not know
    said = [reading[0] for reading in pinyin(phrase, style=Style.TONE3, neutral_tone_with_five=True)]
    readings = _readings()
    out: list[list[str]] = []
    for syllable in dict.fromkeys(said):
        toneless, tone = syllable[:-1], syllable[-1]
        others = [toneless + t for t in "1234" if t != tone and (toneless, t) in readings]
        initial = next((i for i in ("zh", "ch", "sh", *_INITIALS) if toneless.startswith(i)), "")
        final = toneless[len(initial) :]
        changed = [other + final for other in _INITIALS.get(initial, "").split()]
        changed += [initial + other for other in _FINALS.get(final, "").split()]
        for other in changed:  # in the same tone when Mandarin has it, else in another
            tones = [t for t in (tone, *"1234") if (other, t) in readings]
            others += [other + tones[0]] if tones else []
        for other in others:
            out.append([other if part == syllable else part for part in said])  # every occurrence (小亭小亭)
            if said.count(syllable) > 1:
                first = said.index(syllable)
                out.append([*said[:first], other, *said[first + 1 :]])  # the first only (小亭小听)
    out += [said[start:end] for start in range(len(said)) for end in range(start + 1, len(said) + 1)]
    return [text for text in dict.fromkeys(" ".join(parts) for parts in out) if text != " ".join(said)]


@lru_cache(maxsize=1)
def _readings() -> frozenset[tuple[str, str]]:
    """Every (toneless syllable, tone) that a character of the CJK basic block has in pypinyin's table."""
    found: set[tuple[str, str]] = set()
    for point in pinyin_dict:
        if 0x4E00 <= point <= 0x9FFF:
            reading = pinyin(chr(point), style=Style.TONE3, neutral_tone_with_five=True)[0][0]
            if reading[-1].isdigit():
                found.add((reading[:-1], reading[-1]))
    return frozenset(found)
