"""Near misses of registry names in one sentence, found once and asked of each run of its clauses: the
recognizer's near-miss pass runs only on a run of clauses that holds one (else it would walk the same
template paths again for nothing)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

SpanFinder = Callable[[Sequence[str]], list[tuple[int, int]]]
"""Token spans ``[start, end)`` of a sentence that say some registry name almost right."""


class NearMisses:
    """The near misses of ``texts``, found on first need (most sentences match exactly and never ask)."""

    def __init__(self, spans_of: SpanFinder, texts: Sequence[str]) -> None:
        self._spans_of, self._texts = spans_of, texts
        self._spans: list[tuple[int, int]] | None = None

    def said(self, offset: int, length: int) -> bool:
        """Some name is said almost right within tokens ``[offset, offset + length)``."""
        if self._spans is None:
            self._spans = self._spans_of(self._texts)
        return any(offset <= start and end <= offset + length for start, end in self._spans)
