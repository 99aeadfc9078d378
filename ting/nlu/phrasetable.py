"""Fixed phrases (token tuples) mapped to values, indexed by their first token.

The building block of the time, date, duration and recurrence grammars: ``table.readings(tokens, i)``
yields every ``(end, value)`` whose phrase starts at ``i``, longest first.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Generic, TypeVar

from ting.nlu.normalize import token_texts

T = TypeVar("T")


class PhraseTable(Generic[T]):
    def __init__(self, phrases: Iterable[tuple[str, T]]) -> None:
        by_first: dict[str, list[tuple[tuple[str, ...], T]]] = {}
        for text, value in phrases:
            tokens = token_texts(text)
            by_first.setdefault(tokens[0], []).append((tokens, value))
        self._by_first = {
            first: sorted(items, key=lambda item: -len(item[0])) for first, items in by_first.items()
        }

    def first_tokens(self) -> frozenset[str]:
        return frozenset(self._by_first)

    def readings(self, tokens: Sequence[str], start: int) -> Iterator[tuple[int, T]]:
        if start >= len(tokens):
            return
        for phrase, value in self._by_first.get(tokens[start], ()):
            end = start + len(phrase)
            if tuple(tokens[start:end]) == phrase:
                yield end, value
