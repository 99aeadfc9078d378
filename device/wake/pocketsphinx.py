"""English wake phrase by PocketSphinx keyphrase spotting (``kws``), verified by a second stage: no download.

With ``verify`` (the default) the spotter runs permissive and every hit is re-checked by ``PhraseVerifier`` on
the last ``RING_SECONDS`` of audio; the sensitivity then sets the verifier's threshold. Without it the
sensitivity sets the spotter's threshold as before (see docs/benchmarks.md for what either buys).
"""

from __future__ import annotations

import logging
import os
import tempfile

from pocketsphinx import Decoder

from ting.device.interfaces import SAMPLE_RATE_HZ, SAMPLE_WIDTH_BYTES
from ting.device.stt.dictionary import Pronunciations, write_dictionary
from ting.device.stt.grammar import normalize_phrase
from ting.device.wake.base import SpottingDetector
from ting.device.wake.verify import PhraseVerifier, Verification, VerifierSettings
from ting.errors import SpeechModelError

_LOGGER = logging.getLogger(__name__)
_RESTART_SECONDS = 60.0
"""A fresh utterance now and then keeps the decoder's memory flat on a day-long stream."""
RING_SECONDS = 2.0
"""Audio kept for the second stage."""
RETRY_SECONDS = 0.25
"""Each first-stage hit is verified again this much later (the spotter may fire mid-phrase)."""
FIRST_STAGE_THRESHOLD = 1e-55
"""Keyphrase threshold of the spotter when a verifier follows it: permissive (misses: docs/benchmarks.md)."""
STRICTEST_SCORE, LOOSEST_SCORE = 15.0, -14.5
"""Verifier thresholds at sensitivity 0 and 1 (linear in between). The default 0.5 maps to 0.25, the
threshold chosen on the benchmark's dev split (the fewest false accepts with <= 5 % misses)."""


def kws_threshold(sensitivity: float) -> float:
    """Spotter alone: sensitivity 0..1 -> keyphrase threshold 1e-10 .. 1e-50 (lower threshold: wakes more
    easily); 0.5 is 1e-30."""
    exponent = 10.0 + 40.0 * _clamp(sensitivity)
    return float(10.0**-exponent)


def verifier_min_score(sensitivity: float) -> float:
    """Sensitivity 0..1 -> the least second-stage score that wakes (higher sensitivity: lower score)."""
    return STRICTEST_SCORE + (LOOSEST_SCORE - STRICTEST_SCORE) * _clamp(sensitivity)


def _spotter(phrase: str, threshold: float) -> Decoder:
    """A keyphrase decoder that knows only the phrase's words: no language model, no 130k-word
    dictionary (~20 MB less on the device)."""
    words = phrase.split()
    pronunciations = Pronunciations().lookup(words)
    unknown = [word for word in words if word not in pronunciations]
    if unknown or not words:
        raise SpeechModelError(f"PocketSphinx cannot spot {phrase!r}: no pronunciation for {unknown}")
    descriptor, path = tempfile.mkstemp(suffix=".dict")
    os.close(descriptor)
    try:
        write_dictionary(path, pronunciations)
        return Decoder(loglevel="FATAL", lm=None, dict=path, keyphrase=phrase, kws_threshold=threshold)
    except (RuntimeError, ValueError, KeyError) as error:
        raise SpeechModelError(f"PocketSphinx cannot spot {phrase!r}: {error}") from None
    finally:
        os.unlink(path)


def _clamp(sensitivity: float) -> float:
    return min(1.0, max(0.0, sensitivity))


class PocketSphinxWakeDetector(SpottingDetector):
    """``last_verification``: the second stage's verdict on the latest first-stage hit (None: not aligned)."""

    def __init__(
        self,
        phrase: str = "hey ting",
        *,
        sensitivity: float = 0.5,
        cooldown_seconds: float = 2.0,
        verify: bool = True,
        min_score: float | None = None,
    ) -> None:
        """``min_score`` overrides the verifier threshold that the sensitivity maps to (for the benchmark)."""
        super().__init__(phrase, "en", cooldown_seconds=cooldown_seconds)
        self.threshold = FIRST_STAGE_THRESHOLD if verify else kws_threshold(sensitivity)
        self.verifier: PhraseVerifier | None = None
        if verify:
            score = verifier_min_score(sensitivity) if min_score is None else min_score
            self.verifier = PhraseVerifier(phrase, VerifierSettings(min_score=score))
        self._decoder = _spotter(normalize_phrase(phrase), self.threshold)
        self.last_verification: Verification | None = None
        self.first_stage_hits = 0
        """Counted for logs and the benchmark."""
        self._retry_bytes: int | None = None
        self._ring = bytearray()
        self._ring_bytes = int(RING_SECONDS * SAMPLE_RATE_HZ) * SAMPLE_WIDTH_BYTES
        self._utt_bytes = 0
        self._decoder.start_utt()

    def _spot(self, pcm: bytes) -> bool:
        if self._utt_bytes > _RESTART_SECONDS * SAMPLE_RATE_HZ * SAMPLE_WIDTH_BYTES:
            self._restart_spotter()
        self._utt_bytes += len(pcm)
        self._remember(pcm)
        self._decoder.process_raw(pcm, no_search=False, full_utt=False)
        if self._decoder.hyp() is None:
            return self._retry_due(len(pcm))
        self._restart_spotter()
        self.first_stage_hits += 1
        if self.verifier is None:
            return True
        # checked again later whatever this check says, so that what follows never depends on the verdict
        self._retry_bytes = int(RETRY_SECONDS * SAMPLE_RATE_HZ) * SAMPLE_WIDTH_BYTES
        return self._verify()

    def _retry_due(self, fed_bytes: int) -> bool:
        """The spotter often fires before the phrase is over: each hit is checked once more, a little later
        (within the cooldown when the first check woke)."""
        if self._retry_bytes is None:
            return False
        self._retry_bytes -= fed_bytes
        if self._retry_bytes > 0:
            return False
        self._retry_bytes = None
        return self._verify()

    def _verify(self) -> bool:
        assert self.verifier is not None
        self.last_verification = verdict = self.verifier.verify(bytes(self._ring[-self._ring_bytes :]))
        accepted = verdict is not None and verdict.score >= self.verifier.settings.min_score
        _LOGGER.debug("wake candidate %r: %s -> %s", self.phrase, verdict, accepted)
        return accepted

    def _remember(self, pcm: bytes) -> None:
        self._ring += pcm
        if len(self._ring) > 2 * self._ring_bytes:  # trim now and then, not on every chunk
            del self._ring[: len(self._ring) - self._ring_bytes]

    def _after_detection(self) -> None:
        """The spotter already restarted; the audio stays so that the next hit is judged on the same window
        whether or not this one woke."""

    def _restart(self) -> None:
        self._restart_spotter()
        self._ring.clear()
        self._retry_bytes = None

    def _restart_spotter(self) -> None:
        self._decoder.end_utt()
        self._decoder.start_utt()
        self._utt_bytes = 0
