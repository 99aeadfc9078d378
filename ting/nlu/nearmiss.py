"""Near misses of a value list's aliases (客厅等 for 客厅灯, "bedrom light"): spans a few edits away.

A parse asks this at every token of a sentence, for every list of registry names, so the aliases are
prepared once: their texts grouped by length (in tokens and in characters) for rapidfuzz, which compares in
C. A span is compared only with the aliases it can be near: the edit distance is at least the difference in
length, and at least the number of the span's characters that no alias has (我记不清 is near no device
name, and nothing longer that starts with it is either).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from ting.nlu.language import is_cjk


@dataclass(frozen=True)
class _NearTable:
    """The aliases of one length in tokens and in characters that may be matched approximately, as joined
    texts."""

    texts: tuple[str, ...]
    values: tuple[Any, ...]
    allowed: tuple[int, ...]
    order: tuple[int, ...]
    """Position of the alias among the list's entries (near misses are offered in entry order)."""
    most: int
    """The most edits any of its aliases allows."""


class NearMisses:
    """The aliases of one list (``ValueList.entries``) that may be matched approximately."""

    def __init__(self, entries: Sequence[tuple[tuple[str, ...], Any]]) -> None:
        tables = _near_tables(entries)
        self._plan = _near_plan(tables)
        self._characters = frozenset(
            char for table in tables.values() for text in table.texts for char in text
        )
        self._most = max((table.most for table in tables.values()), default=0)

    def spans(self, tokens: Sequence[str], start: int) -> list[tuple[int, Any, float]]:
        """(end, value, similarity) of the spans from ``start`` within a few character edits of an alias
        (1 - edits / length = similarity), in alias order, as a loop over the entries would find them."""
        found: list[tuple[int, int, tuple[int, Any, float]]] = []
        plan, characters = self._plan, self._characters
        window = tokens[start : start + len(plan)]
        chinese, missing = True, 0
        for length, token in enumerate(window, start=1):
            chinese = chinese and is_cjk(token[0])
            missing += (
                (token not in characters) if len(token) == 1 else sum(c not in characters for c in token)
            )
            # words are joined with spaces: each is a character no alias has unless one has a space
            unmatched = missing if chinese or " " in characters else missing + length - 1
            if unmatched > self._most:
                break  # this span is too far from every alias, and so is every longer one
            heard = ("" if chinese else " ").join(window[:length])
            for order, table in plan[length - 1].get(len(heard), ()):
                if unmatched > table.most:
                    continue
                hits = process.extract(
                    heard, table.texts, scorer=Levenshtein.distance, score_cutoff=2, limit=None
                )
                for text, edits, index in hits:
                    if 0 < edits <= table.allowed[index]:
                        similarity = 1.0 - edits / max(len(text), len(heard))
                        found.append(
                            (table.order[index], order, (start + length, table.values[index], similarity))
                        )
        found.sort(key=lambda item: (item[0], item[1]))
        return [span for _, _, span in found]


def _near_tables(entries: Sequence[tuple[tuple[str, ...], Any]]) -> dict[tuple[int, int], _NearTable]:
    """By (length in tokens, length in characters)."""
    grouped: dict[tuple[int, int], list[tuple[str, Any, int, int]]] = {}
    for order, (alias, value) in enumerate(entries):
        text = joined(alias)
        allowed = allowed_edits(text)
        if allowed:
            grouped.setdefault((len(alias), len(text)), []).append((text, value, allowed, order))
    return {
        lengths: _NearTable(
            tuple(item[0] for item in items),
            tuple(item[1] for item in items),
            tuple(item[2] for item in items),
            tuple(item[3] for item in items),
            max(item[2] for item in items),
        )
        for lengths, items in grouped.items()
    }


def _near_plan(
    tables: Mapping[tuple[int, int], _NearTable],
) -> tuple[Mapping[int, tuple[tuple[int, _NearTable], ...]], ...]:
    """Per length in tokens of a span (1, 2 ...), up to one token longer than the longest alias (a span two
    longer is near none): by the span's length in characters, the tables of aliases it may be near, each
    with its order (the aliases of its length in tokens, of one fewer, of one more). A table is listed under
    the lengths in characters within its edits allowed of its own: a Chinese span is never compared with
    the English names of a 500-device household ('lamp 17 in room 3'), nor a long one with short names. The
    order of the comparisons does not matter: ``spans`` sorts what they find."""
    plan = []
    for length in range(1, max((tokens for tokens, _ in tables), default=-1) + 2):
        by_characters: dict[int, list[tuple[int, _NearTable]]] = {}
        for order, alias_length in enumerate((length, length - 1, length + 1)):
            for (tokens, characters), table in tables.items():
                if tokens != alias_length:
                    continue
                for heard in range(characters - table.most, characters + table.most + 1):
                    by_characters.setdefault(heard, []).append((order, table))
        plan.append({heard: tuple(near) for heard, near in by_characters.items()})
    return tuple(plan)


def joined(tokens: Sequence[str]) -> str:
    """Tokens as one string: Chinese characters run together, words spaced."""
    return "".join(tokens) if all(is_cjk(token[0]) for token in tokens) else " ".join(tokens)


def allowed_edits(text: str) -> int:
    """How many character edits a near miss of ``text`` may have: none for short names."""
    if is_cjk(text[0]):
        return 1 if len(text) >= 3 else 0
    return 2 if len(text) >= 12 else 1 if len(text) >= 5 else 0
