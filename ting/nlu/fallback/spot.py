"""Slots of a statistical reading: the intent's own lists spotted anywhere in the sentence.

Each list that fills a slot in the label's templates is tried at every position (exact matches, the same
list matchers and normalizers the templates use: names, numbers, times, dates, durations); the longest
spans win and do not overlap, one per slot. A free-text slot (a message, a song title) that a frame needs
gets the longest run of words said after the last word of the label's templates and nothing else spotted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ting.nlu.fallback.frames import Label
from ting.nlu.lists import MatchContext, SlotList
from ting.nlu.matcher import SlotFill


@dataclass(frozen=True)
class _Spot:
    name: str
    start: int
    end: int
    value: Any
    kind: str


def _is_open(slot_list: SlotList) -> bool:
    return bool(slot_list.wildcard)


def spot(tokens: Sequence[str], label: Label, context: MatchContext) -> list[SlotFill]:
    """The slots of ``label`` found in ``tokens`` (token spans), at most one per slot name."""
    found: list[_Spot] = []
    for name, lists in label.lists.items():
        for slot_list in lists:
            first = slot_list.first_tokens()
            for start in range(len(tokens)):
                if first is not None and tokens[start] not in first:
                    continue
                for match in slot_list.match(tokens, start, context):
                    literal = match.wildcard is False or (match.wildcard is None and not _is_open(slot_list))
                    if literal and match.end > start and match.similarity >= 1.0:
                        found.append(_Spot(name, start, match.end, match.value, match.kind))
                        break
    found.sort(key=lambda item: (-(item.end - item.start), item.start))
    taken: list[_Spot] = []
    used = [False] * len(tokens)
    for item in found:
        if any(other.name == item.name for other in taken) or any(used[item.start : item.end]):
            continue
        taken.append(item)
        for at in range(item.start, item.end):
            used[at] = True
    fills = [SlotFill(item.name, item.start, item.end, item.value, item.kind, False) for item in taken]
    return sorted(fills, key=lambda fill: fill.start)


def free_text(
    tokens: Sequence[str], fills: Sequence[SlotFill], label: Label, context: MatchContext
) -> tuple[int, int] | None:
    """The span a free-text slot gets: after the last word of the label's templates (and any spotted slot)
    to the end of the sentence, or the clause; None when nothing is left."""
    last = -1
    for at, token in enumerate(tokens):
        if token in label.words:
            last = at
    for fill in fills:
        last = max(last, fill.end - 1)
    start = last + 1
    while start < len(tokens) and tokens[start] in context.loose_words:
        start += 1
    end = len(tokens)
    while end > start and (tokens[end - 1] in context.loose_words or tokens[end - 1] in context.end_words):
        end -= 1
    return (start, end) if end > start else None
