"""Two recognizers on one command, the NLU choosing: the first one's transcript when the NLU understands it
well enough, the second one's otherwise (``device.stt_engine = "hybrid"``).

PocketSphinx's confidence says nothing here (1.0 for every grammar transcript: no lattice is kept), and a
grammar always yields *some* in-grammar phrase; what tells a doubtful result is whether ting's own NLU
understands it, and how well (fillers skipped, words dropped: confidence below 1). Both streams are fed as
the command is spoken; at the end of speech the first is finished, and the second only when needed (the
other is cancelled), so a confident first result costs no second decode. Whisper first: the grammar's phrase
is refused (an empty transcript: not understood, "say that again") when it sounds too far from every one of
Whisper's n best (``ting.device.stt.sound_gate``): a forced phrase far from what was heard is mostly a wrong
action. The judge is given each transcript whole, with its recognizer's confidence in it (Whisper's; 1.0 for
PocketSphinx's phrase): it vouches for a reading that leaves out a clause only when Whisper was sure enough
of what it heard (``ting.device.transcript_judge``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from ting.device.interfaces import SpeechRecognizer, SpeechStream, Transcript, TranscriptJudge
from ting.device.stt.sound_gate import sound_distance

_LOGGER = logging.getLogger(__name__)


class HybridRecognizer:
    """``SpeechRecognizer``: ``first``, or ``second`` when ``judge`` puts ``first``'s transcript below
    ``min_confidence`` (and ``second``'s is understood at least as well)."""

    engine = "hybrid"

    def __init__(
        self,
        first: SpeechRecognizer,
        second: SpeechRecognizer,
        judge: TranscriptJudge,
        *,
        min_confidence: float,
        max_edits_per_sound: float = 1.0,
    ) -> None:
        self.lang = first.lang
        self.first = first
        self.second = second
        self.judge = judge
        self.min_confidence = min_confidence
        self.max_edits_per_sound = max_edits_per_sound
        """``second``'s transcript further than this in sound from all of ``first``'s n best (Whisper's
        ``alternatives``) is refused; 1.0: never (a distance is at most 1)."""

    def stream(self) -> SpeechStream:
        return HybridStream(self, self.first.stream(), self.second.stream())

    def transcribe(self, pcm: bytes, *, phrases: Sequence[str] | None = None) -> Transcript:
        stream = self.stream()
        stream.feed(pcm)
        return stream.finish()

    def choose(self, first: Transcript, second: Callable[[], Transcript]) -> Transcript:
        first_score = self.judge(first) if first.text else 0.0
        if first_score >= self.min_confidence:
            return first
        other = second()
        other_score = self.judge(other) if other.text else 0.0
        _LOGGER.debug("%r (%.2f) doubtful: %r (%.2f)", first.text, first_score, other.text, other_score)
        if other_score < first_score:
            return first
        if other.text and first.alternatives:
            distance = sound_distance(other.text, first.alternatives)
            if distance > self.max_edits_per_sound:
                _LOGGER.debug(
                    "%r refused: %.2f Metaphone edits per sound from the nearest of %s's %d best %r (> %.2f)",
                    other.text,
                    distance,
                    first.engine,
                    len(first.alternatives),
                    first.alternatives,
                    self.max_edits_per_sound,
                )
                return Transcript("", 0.0, other.seconds, other.engine)
        return other


class HybridStream:
    def __init__(self, owner: HybridRecognizer, first: SpeechStream, second: SpeechStream) -> None:
        self._owner = owner
        self._first = first
        self._second = second
        self._second_done = False

    def feed(self, pcm: bytes) -> None:
        self._first.feed(pcm)
        self._second.feed(pcm)

    def speculate(self, tail: bytes) -> None:
        """Whichever part decodes whole utterances decodes the audio so far (``CommandRecognition``)."""
        for stream in (self._first, self._second):
            speculate = getattr(stream, "speculate", None)
            if speculate is not None:
                speculate(tail)

    def finish(self) -> Transcript:
        try:
            first = self._first.finish()
        except Exception:
            self._cancel_second()
            raise
        chosen = self._owner.choose(first, self._finish_second)
        self._cancel_second()
        return chosen

    def cancel(self) -> None:
        self._first.cancel()
        self._cancel_second()

    def _finish_second(self) -> Transcript:
        self._second_done = True
        return self._second.finish()

    def _cancel_second(self) -> None:
        if not self._second_done:
            self._second_done = True
            self._second.cancel()
