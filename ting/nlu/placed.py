"""English device names said inside out, the thing first and where it is after ("the lamp on my desk" for
the desk lamp, "the fan over the range" for the range hood's "range fan" if the household calls it so):
put back in the name's order, so that every template that takes a ``{device}`` gets them.

Tried only when the sentence as said matches nothing (``IntentRecognizer.recognize``), and only for a name
of the household of two words or more whose last word is the thing: "W (on|by|next to ...) [the|my|our] V"
reads as the name "V W". A room is not rewritten here: "the light in the kitchen" is a room and a kind,
which the recognizer already reads (``readings._one_device``). The words keep their spans.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

from ting.nlu.chinglish import chinese_english
from ting.nlu.embedded import question_order
from ting.nlu.normalize import Token
from ting.nlu.time_first import time_said_first

PLACE_WORDS: tuple[tuple[str, ...], ...] = tuple(
    tuple(phrase.split())
    for phrase in ("on", "by", "next to", "beside", "near", "over", "above", "at", "under", "in", "from")
)
"""Where a thing is, relative to what the name says first ("the lamp on my desk", "the light over the
bed")."""
OWNERS = frozenset({"the", "my", "our", "your", "that"})


def inside_out_names(
    devices: Iterable[tuple[str, ...]], rooms: Iterable[tuple[str, ...]]
) -> dict[str, frozenset[tuple[str, ...]]]:
    """English device names (as tokens) of two words or more by their last word -> what is said before it
    (desk lamp: ``{"lamp": {("desk",)}}``), leaving out names whose first words are a room's name."""
    room_names = frozenset(rooms)
    found: dict[str, set[tuple[str, ...]]] = {}
    for words in devices:
        if len(words) < 2 or not all(word.isascii() for word in words) or words[:-1] in room_names:
            continue
        found.setdefault(words[-1], set()).add(words[:-1])
    return {last: frozenset(before) for last, before in found.items()}


def name_order(
    tokens: Sequence[Token], names: Mapping[str, frozenset[tuple[str, ...]]]
) -> tuple[Token, ...] | None:
    """``tokens`` with the first device name said inside out put back in its order, or None."""
    texts = [token.text for token in tokens]
    for at, word in enumerate(texts):
        before = names.get(word)
        if not before:
            continue
        for place in PLACE_WORDS:
            start = at + 1
            if tuple(texts[start : start + len(place)]) != place:
                continue
            start += len(place)
            if start < len(texts) and texts[start] in OWNERS:
                start += 1
            for said in before:
                end = start + len(said)
                if tuple(texts[start:end]) == said:
                    return (*tokens[:at], *tokens[start:end], tokens[at], *tokens[end:])
    return None


def other_orders(
    tokens: Sequence[Token], names: Mapping[str, frozenset[tuple[str, ...]]]
) -> Iterator[tuple[Token, ...]]:
    """The English sentence in the other orders the recognizer tries when it reads as nothing: the embedded
    question in a question's order (``embedded.question_order``), a device name put back in its own, a
    leading time put after the command (``time_first``), then "open" / "close" read as "turn on" / "turn
    off" and "the" put back where it was left out (``chinglish``)."""
    for reordered in (question_order(tokens), name_order(tokens, names)):
        if reordered is not None:
            yield reordered
    yield from time_said_first(tokens)
    yield from chinese_english(tokens)
