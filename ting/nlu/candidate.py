"""What the matcher finds: slot fills, a complete reading of a template (``Candidate``) and its rank, and
the step budget of a bounded walk."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ting.nlu.template_graph import Terminal

__all__ = ["Budget", "Candidate", "SlotFill"]


@dataclass(frozen=True, slots=True)
class SlotFill:
    name: str
    start: int
    end: int
    """Token span [start, end)."""
    value: Any
    kind: str
    wildcard: bool
    similarity: float = 1.0
    """Below 1.0 for a fuzzy (near-miss) list match."""


@dataclass(slots=True)
class Budget:
    """Steps a search may still take (shared by the searches of one sentence); a search out of steps stops."""

    visits: int


@dataclass(frozen=True, slots=True)
class Candidate:
    terminal: Terminal
    slots: tuple[SlotFill, ...]
    literals: int
    skipped: int
    homophones: int = 0
    """Template words matched by a sound-alike word (the phonetic pass)."""
    off_domain: bool = False
    """The reading's device or domain is not of a kind the intent acts on (``Terminal.domains``)."""
    skipped_tokens: int = 0
    """Tokens passed by skips (a filler phrase counts its words): skipping 给我 before a message weighs what
    the message swallowing it would, so 提醒我给我妈打电话 keeps the message 给我妈打电话."""

    @property
    def fuzzy_fills(self) -> int:
        return sum(1 for fill in self.slots if fill.similarity < 1.0)

    @property
    def wildcard_tokens(self) -> int:
        return sum(fill.end - fill.start for fill in self.slots if fill.wildcard)

    def rank(self) -> tuple[bool, int, int, int, int, int, int, int]:
        """Smaller is better: a device of a kind the intent acts on, fewer fuzzy slots, fewer tokens skipped
        or swallowed by a wildcard ("放点民谣吧" is genre 民谣 with 吧 skipped, not the song 民谣吧), fewer
        skipped, fewer slots, more literals."""
        return (
            self.off_domain,
            self.fuzzy_fills + self.homophones,
            self.skipped_tokens + self.wildcard_tokens,
            self.skipped,
            len(self.slots),
            -self.literals,
            self.terminal.order,
            self.homophones,
        )
