"""Colloquial and northern words said as their standard forms before matching (啥 = 什么, 咋 = 怎么, 瞅 = 看;
English contractions printed without their apostrophe: whats, dont), so every template of every skill gets
"我设的闹钟都有啥", "天气咋样", "whats the time" without writing them.

A replacement of one character by two keeps the heard character's span for both (like ``二十六度半``), so
slots still point at what was said.
"""

from __future__ import annotations

from collections.abc import Mapping

from ting.nlu.normalize import Token

STANDARD: Mapping[str, tuple[str, ...]] = {
    "啥": ("什", "么"),
    "咋": ("怎", "么"),
    "瞅": ("看",),
    "瞧": ("看",),
    "俺": ("我",),
    "甭": ("不", "用"),
    # English contractions as recognizers and quick typists print them, without the apostrophe
    **{
        bare: (full,)
        for full in (
            *("what's", "that's", "there's", "how's", "where's", "who's", "it'll", "i've", "you're"),
            *("don't", "doesn't", "didn't", "can't", "won't", "isn't", "aren't", "wasn't", "shouldn't"),
        )
        for bare in (full.replace("'", ""),)
    },
}
"""Colloquial character -> its standard form, as tokens. Templates say the standard form (they may say the
colloquial one too: a template word always matches the input as said first)."""


def standard_forms(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """``tokens`` with each colloquial character replaced by its standard form's tokens."""
    if not any(token.text in STANDARD for token in tokens):
        return tokens
    out: list[Token] = []
    for token in tokens:
        standard = STANDARD.get(token.text)
        if standard is None:
            out.append(token)
            continue
        out.extend(Token(text, token.start, token.end) for text in standard)
    return tuple(out)


HESITATIONS = frozenset({"um", "umm", "uh", "uhh", "er", "erm", "呃", "嗯"})
"""Sounds that carry nothing wherever they are said, also inside a slot ("at uh 6 in the morning",
"set a timer for um ten minutes"): left out before matching, free of cost (the other fillers are skipped
only between a template's parts, at a cost). A slot's words as heard still span them."""


def without_hesitations(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    if not any(token.text in HESITATIONS for token in tokens):
        return tokens
    return tuple(token for token in tokens if token.text not in HESITATIONS)


_UNITS = frozenset({"second", "seconds", "minute", "minutes", "min", "mins", "hour", "hours"})
_NUMBER_WORDS = frozenset(
    {
        *("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven"),
        *("twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"),
        *("twenty", "thirty", "forty", "fifty", "sixty"),
    }
)


def more_after_unit(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """ "seven more minutes" as "seven minutes more": a duration is read from contiguous words, and every
    "{duration} more" template then takes it ("snooze for 15 more minutes", "let me sleep ten more
    minutes")."""
    out = list(tokens)
    for index in range(1, len(out) - 1):
        before, word, unit = out[index - 1].text, out[index].text, out[index + 1].text
        if word == "more" and unit in _UNITS and (before.isdigit() or before in _NUMBER_WORDS):
            out[index], out[index + 1] = out[index + 1], out[index]
    return tuple(out)
