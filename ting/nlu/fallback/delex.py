"""Names, numbers, times and dates said in a sentence -> one placeholder word each, before classifying.

What a sentence asks for does not depend on which device or which time it names: "turn the {device} on"
is one pattern whatever the household calls its lamps. Training walks say a placeholder where a template
has such a slot (``placeholder``), and a sentence to classify gets its spans of them replaced
(``Delexicalizer``): the classifier learns the words around the names, not the names (which every home
intent says alike). A placeholder names its list (``{device}``, ``{location}``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ting.nlu.lists import MatchContext, RangeList, SlotList, ValueList

NAMED_LISTS = frozenset({"device", "area", "floor", "scene", "location"})
"""Value lists said as a placeholder: the household's names, and cities."""
LARGE_LIST = 40
"""A value list with more entries than this is a list of names too (a skill's own) ..."""
KIND_LISTS = frozenset({"domain"})
"""... but not what kind of device (灯 / lights, 空调): that is part of what is asked (a lamp is dimmed, an
air conditioner set to a temperature). Small closed lists (a genre, a colour) stay words too: on the dev
sets, saying them as placeholders read fewer sentences."""
_KINDS = {
    "RangeList": "{number}",
    "TimeList": "{time}",
    "DateList": "{date}",
    "DurationList": "{duration}",
    "RecurrenceList": "{recurrence}",
}
NUMBER = RangeList("number", 0, 1_000_000, step=0.01, percent=True)
"""Any number (a whole one or a decimal, percent too) is ``{number}``, whichever range the templates set."""


def placeholder(slot_list: SlotList) -> str | None:
    """The word that stands for any value of ``slot_list``, or None (its values are said as words)."""
    if isinstance(slot_list, ValueList):
        named = slot_list.name in NAMED_LISTS or (
            slot_list.name not in KIND_LISTS and len(slot_list.entries) > LARGE_LIST
        )
        return f"{{{slot_list.name}}}" if named and not slot_list.wildcard else None
    return _KINDS.get(type(slot_list).__name__)


def is_placeholder(token: str) -> bool:
    return len(token) > 2 and token[0] == "{" and token[-1] == "}"


class Delexicalizer:
    """Replaces the spans that the lists with a placeholder match (longest first, not overlapping)."""

    def __init__(self, lists: Iterable[SlotList]) -> None:
        chosen: dict[str, SlotList] = {"{number}": NUMBER}  # first: a bare "24" is a number, not a time
        for slot_list in lists:
            word = placeholder(slot_list)
            if word is not None and word not in chosen:
                chosen[word] = slot_list
        self._lists = tuple((word, slot_list, slot_list.first_tokens()) for word, slot_list in chosen.items())
        self.words = frozenset(chosen)
        """The placeholders this delexicalizer says."""

    def __call__(self, tokens: Sequence[str], context: MatchContext) -> list[str]:
        spans: list[tuple[int, int, str]] = []
        for start in range(len(tokens)):
            for word, slot_list, first in self._lists:
                if first is not None and tokens[start] not in first:
                    continue
                for match in slot_list.match(tokens, start, context):
                    if match.end > start and match.similarity >= 1.0:
                        spans.append((start, match.end, word))
                    break
        spans.sort(key=lambda span: (span[0] - span[1], span[0]))
        taken: dict[int, tuple[int, str]] = {}
        used = [False] * len(tokens)
        for start, end, word in spans:
            if not any(used[start:end]):
                taken[start] = (end, word)
                used[start:end] = [True] * (end - start)
        said: list[str] = []
        at = 0
        while at < len(tokens):
            if at in taken:
                end, word = taken[at]
                said.append(word)
                at = end
            else:
                said.append(tokens[at])
                at += 1
        return said
