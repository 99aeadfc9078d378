"""Phrase lists -> what each engine takes: normalized phrases of known words (PocketSphinx makes them a
minimal word automaton, device/stt/fsg.py), a JSON word list for Vosk; JSGF for benchmarks and tests."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

UNKNOWN = "[unk]"
"""Vosk's garbage word; phrase lists from the NLU export end with it."""
_SPACE = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^\w'\s]+")
_CJK = re.compile(r"([\u3400-\u9fff])")


def normalize_phrase(phrase: str) -> str:
    """Lower case, punctuation gone, Chinese characters spaced apart (Vosk's Chinese words are small)."""
    text = _CJK.sub(r" \1 ", _NOT_WORD.sub(" ", phrase.lower()))
    return _SPACE.sub(" ", text).strip()


def same_text(a: str, b: str) -> bool:
    return a.replace(" ", "") == b.replace(" ", "")


def known_phrases(phrases: Iterable[str], is_known: Callable[[str], bool]) -> tuple[list[str], set[str]]:
    """The phrases whose every word ``is_known``, and the unknown words."""
    kept: list[str] = []
    unknown: set[str] = set()
    for phrase in dict.fromkeys(normalize_phrase(p) for p in phrases if p != UNKNOWN):
        missing = {word for word in phrase.split() if not is_known(word)}
        unknown |= missing
        if phrase and not missing:
            kept.append(phrase)
    return kept, unknown


def phrases_to_jsgf(phrases: Sequence[str], name: str = "commands") -> str:
    """A JSGF grammar accepting exactly one of ``phrases`` (already normalized)."""
    body = "\n    | ".join(phrases)
    return f"#JSGF V1.0;\ngrammar {name};\npublic <{name}> =\n    {body};\n"
