"""When the device was speaking, kept for a while: a microphone running behind (a busy machine) hands on
chunks seconds after they were heard, and what the device did when a chunk was *heard* decides where it
goes (``ting.device.microphone_router``), not what it does when the chunk comes.

A span starts and ends on ``time.monotonic()`` (the clock of ``AudioChunk.captured_monotonic``); an open span
has no end yet. Only the last ``max_spans`` spans, and those that ended less than ``keep_seconds`` ago, are
kept: a chunk older than that is taken as heard in silence.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Span:
    started: float
    """Monotonic."""
    label: str = ""
    """What spoke (the speaker leaves it empty; the answers name the say's session)."""
    ended: float | None = None
    """None: still going on."""

    def covers(self, monotonic: float) -> bool:
        return self.started <= monotonic and (self.ended is None or monotonic < self.ended)


class SpeakingSpans:
    def __init__(
        self,
        *,
        keep_seconds: float = 60.0,
        max_spans: int = 64,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.keep_seconds = keep_seconds
        self._monotonic = monotonic
        self._spans: deque[Span] = deque(maxlen=max_spans)

    def begin(self, label: str = "") -> Span:
        """A span starts now."""
        now = self._monotonic()
        while self._spans and (ended := self._spans[0].ended) is not None and ended < now - self.keep_seconds:
            self._spans.popleft()
        span = Span(now, label)
        self._spans.append(span)
        return span

    def end(self, span: Span) -> None:
        """``span`` ends now."""
        if span.ended is None:
            span.ended = self._monotonic()

    def at(self, monotonic: float | None = None) -> list[Span]:
        """The spans going on at ``monotonic`` (None: now), the earliest first."""
        when = self._monotonic() if monotonic is None else monotonic
        return [span for span in self._spans if span.covers(when)]
