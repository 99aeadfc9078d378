"""When the device was playing something, and what: the one record of it, kept for a while. A microphone
running behind (a busy machine) hands on chunks seconds after they were heard, and what the device played
when a chunk was *heard* decides where it goes (``ting.device.microphone_router``), not what it plays when
the chunk comes.

Three things play, each with spans of its own in the record (``Playing``): the speaker (an answer, a sound,
the alarm's beeps; its spans name the sessions whose says it spoke), a ring (from ``ring`` to its end, the
gaps between its sounds included; named by the ring's item id) and music (while the player reports
playing). The speaker (``Speaker.speaking_at``), the server's messages (``ServerMessages.stop_heard_late``),
the ringing (``Ringing.feed``) and the router all read this one record.

A span starts and ends on ``time.monotonic()`` (the clock of ``AudioChunk.captured_monotonic``); an open span
has no end yet. Only the last ``max_spans`` spans, and those that ended less than ``keep_seconds`` ago, are
kept, and those still going on: a chunk older than that is taken as heard with nothing playing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum


class Playing(StrEnum):
    ANSWER = "answer"
    """The speaker: an answer, a ``playBytes`` sound or a ring's beeps and text."""
    RINGING = "ringing"
    """An alarm or timer rings (its sounds and the listening gaps between them)."""
    MUSIC = "music"


@dataclass
class Span:
    started: float
    """Monotonic."""
    playing: Playing = Playing.ANSWER
    ids: list[str] = field(default_factory=list)
    """Whose it is: the sessions of the says spoken in it (answers), the ring's item id (ringing)."""
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
        self.max_spans = max_spans
        self._monotonic = monotonic
        self._spans: list[Span] = []

    def begin(self, playing: Playing = Playing.ANSWER, *ids: str) -> Span:
        """A span starts now."""
        now = self._monotonic()
        span = Span(now, playing, [name for name in ids if name])
        self._spans.append(span)
        # an open span stays however long it lasts (a ring, an hour of music), however many start meanwhile
        ended = [old for old in self._spans if old.ended is not None]
        gone = {id(old) for old in ended[: max(0, len(self._spans) - self.max_spans)]}
        gone |= {id(old) for old in ended if old.ended is not None and old.ended < now - self.keep_seconds}
        if gone:
            self._spans = [old for old in self._spans if id(old) not in gone]
        return span

    def end(self, span: Span) -> None:
        """``span`` ends now."""
        if span.ended is None:
            span.ended = self._monotonic()

    def at(self, monotonic: float | None = None, playing: Playing | None = None) -> list[Span]:
        """The spans going on at ``monotonic`` (None: now), of ``playing`` (None: all), the earliest first."""
        when = self._monotonic() if monotonic is None else monotonic
        return [
            span for span in self._spans if span.covers(when) and (playing is None or span.playing is playing)
        ]

    def last(self, playing: Playing, monotonic: float | None = None) -> Span | None:
        """The latest span of ``playing`` going on at ``monotonic`` (None: now)."""
        spans = self.at(monotonic, playing)
        return spans[-1] if spans else None


class SpanSwitch:
    """A span that follows an on/off state reported now and then (music: playing or not)."""

    def __init__(self, spans: SpeakingSpans, playing: Playing) -> None:
        self._spans, self._playing = spans, playing
        self._open: Span | None = None

    def set(self, on: bool) -> None:
        if on and self._open is None:
            self._open = self._spans.begin(self._playing)
        elif not on and self._open is not None:
            self._spans.end(self._open)
            self._open = None
