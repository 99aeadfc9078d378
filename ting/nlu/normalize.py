"""Text normalization and tokenization, shared by templates, slot lists and input.

Input and templates go through the same ``tokenize`` so that they meet halfway:
lowercase, full-width forms folded to ASCII (NFKC), punctuation dropped, English
words split on spaces, every Chinese character its own token (so Chinese matches
whether or not the speech recognizer put spaces between words; traditional characters are
read as simplified, 開燈 = 开灯), digit runs (with a
decimal point) one token, ``%`` a token of its own. Tokens keep their character span
in the original text, so slot values can report where they were heard.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ting.nlu.language import is_cjk
from ting.nlu.simplified import to_simplified_cn

_APOSTROPHES = {"\u2019": "'", "\u2018": "'", "`": "'"}
_KEPT_SYMBOLS = frozenset("%")


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    """Normalized token text (what matching compares)."""
    start: int
    end: int
    """Character span in the original text."""


@lru_cache(maxsize=8192)
def normalize_char(char: str) -> str:
    """One character folded: full-width to half-width, lowercase, curly quotes straightened (cached: the
    same few thousand characters come back in every sentence)."""
    folded = unicodedata.normalize("NFKC", char).lower()
    return _APOSTROPHES.get(folded, folded)


def to_simplified(text: str) -> str:
    """Traditional Chinese characters as simplified ones (zhconv's zh-CN table, phrase-aware).

    The result has one character per character of ``text`` (token spans stay valid): when a phrase
    conversion would change the length, characters are converted one by one instead.
    """
    if not any(is_cjk(char) for char in text):
        return text
    converted = to_simplified_cn(text)
    if len(converted) == len(text):
        return converted
    return "".join(_one_char(char) for char in text)


def _one_char(char: str) -> str:
    converted = to_simplified_cn(char)
    return converted if len(converted) == 1 else char


@lru_cache(maxsize=8192)
def _char_class(char: str) -> str:
    """``w`` word letter, ``d`` digit, ``c`` CJK, ``s`` kept symbol, ``'`` apostrophe, `` `` separator."""
    if char.isdigit() and char.isascii():
        return "d"
    if is_cjk(char):
        return "c"
    if char.isalpha():
        return "w"
    if char in _KEPT_SYMBOLS:
        return "s"
    if char == "'":
        return "'"
    return " "


def tokenize(text: str) -> tuple[Token, ...]:
    """Split ``text`` into normalized tokens carrying their spans in ``text``."""
    chars = [(normalize_char(char), index) for index, char in enumerate(to_simplified(text))]
    flat: list[tuple[str, int]] = [(piece, index) for folded, index in chars for piece in folded]
    tokens: list[Token] = []
    current = ""
    kind = " "
    start = 0
    end = 0

    def flush() -> None:
        nonlocal current
        if current.strip("'"):
            tokens.append(Token(current.strip("'"), start, end))
        current = ""

    for position, (char, index) in enumerate(flat):
        char_kind = _char_class(char)
        if (
            char == "."
            and kind == "d"
            and position + 1 < len(flat)
            and _char_class(flat[position + 1][0]) == "d"
        ):
            current += char  # decimal point inside a number
            end = index + 1
            continue
        joins = current and (
            (char_kind == kind and kind in "wd")
            or (char_kind == "'" and kind == "w")
            or (kind == "'" and char_kind == "w")
        )
        if joins:
            current += char
            end = index + 1
            if char_kind == "w":
                kind = "w"
            elif char_kind == "'":
                kind = "'"
            continue
        flush()
        if char_kind in "wdcs":
            current, kind, start, end = char, char_kind, index, index + 1
            if char_kind in "cs":
                flush()
                kind = " "
        else:
            kind = " "
    flush()
    return tuple(tokens)


@lru_cache(maxsize=8192)
def token_texts(text: str) -> tuple[str, ...]:
    """Just the normalized token strings of ``text`` (cached: template fragments repeat a lot)."""
    return tuple(token.text for token in tokenize(text))


_SPACES = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """Lowercase, full-width folded, punctuation dropped, spaces collapsed (display/compare form)."""
    folded = "".join(normalize_char(char) for char in to_simplified(text))
    kept = "".join(
        char if _char_class(char) != " " or char.isspace() or _is_decimal_point(folded, index) else " "
        for index, char in enumerate(folded)
    )
    return _SPACES.sub(" ", kept).strip()


def _is_decimal_point(text: str, index: int) -> bool:
    return (
        text[index] == "."
        and 0 < index < len(text) - 1
        and text[index - 1].isdigit()
        and text[index + 1].isdigit()
    )
