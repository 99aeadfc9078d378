"""English sentences that say when before what: "at 6 tomorrow set an alarm", "when it's 6:30 tomorrow, wake
me", "6 am tomorrow, alarm please", "tomorrow at 7 could you get me up". The skills write the time after the
command (or a few orders of their own); here the leading time is put after the command, so that every
template with a time slot reads it without writing every order twice.

Tried only when the sentence as said reads as nothing (``placed.other_orders``); the words keep their spans,
so the time slot still points at what was said.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ting.nlu.normalize import Token
from ting.nlu.numbers import EN_ONES

LEADS = frozenset(
    {"at", "by", "around", "about", "tomorrow", "tonight", "today", "this", "on", "next", "first", "come"}
    | frozenset(EN_ONES[1:13])  # a clock's hours, one to twelve
    | {"half", "quarter", "noon", "midnight", "monday", "tuesday", "wednesday", "thursday", "friday"}
    | {"saturday", "sunday", "weekdays", "weekends", "every"}
)
"""Words a leading time begins with (a number in digits too)."""
WHEN_IT_IS: tuple[tuple[str, ...], ...] = tuple(
    tuple(phrase.split())
    for phrase in (
        "when it's", "when it is", "once it's", "once it is", "as soon as it's", "when it gets to",
        "when it hits", "when the clock says", "when the clock hits",
    )
)  # fmt: skip
"""A time said as the moment it becomes ("when it's 6 tomorrow set an alarm"): read as "at"."""
STARTS = frozenset(
    {"set", "wake", "get", "remind", "start", "put", "make", "give", "alarm", "an", "a", "can", "could"}
    | {"would", "please", "i", "i'll", "i've", "ring", "buzz", "go", "need", "you"}
)
"""Words the command after the leading time may begin with ("... set an alarm", "... can you wake me")."""
REACH = 7
"""The longest leading time tried (tokens): "on friday at half past six in the morning"."""


def time_said_first(tokens: Sequence[Token]) -> Iterator[tuple[Token, ...]]:
    """``tokens`` with a leading time put after the command, one reading per place the command may begin
    (nearest first), or nothing when the sentence does not begin with a time."""
    texts = [token.text for token in tokens]
    lead = next((len(phrase) for phrase in WHEN_IT_IS if tuple(texts[: len(phrase)]) == phrase), 0)
    head: tuple[Token, ...] = ()
    if lead:
        first = tokens[0]
        head = (Token("at", first.start, tokens[lead - 1].end),)
    elif not texts or not (texts[0] in LEADS or texts[0][:1].isdigit()):
        return
    for end in range(lead + 1, min(len(texts) - 1, lead + REACH) + 1):
        if texts[end] in STARTS and texts[end - 1] not in ("at", "by", "on", "around", "about"):
            yield (*tokens[end:], *head, *tokens[lead:end])
