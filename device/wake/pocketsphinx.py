"""English wake phrase by PocketSphinx keyphrase spotting (``kws``): no download needed."""

from __future__ import annotations

from pocketsphinx import Decoder

from device.interfaces import SAMPLE_RATE_HZ, SAMPLE_WIDTH_BYTES
from device.stt.grammar import normalize_phrase
from device.wake.base import SpottingDetector
from ting.errors import SpeechModelError

_RESTART_SECONDS = 60.0
"""A fresh utterance now and then keeps the decoder's memory flat on a day-long stream."""


def kws_threshold(sensitivity: float) -> float:
    """Sensitivity 0..1 -> keyphrase threshold 1e-10 .. 1e-50 (lower threshold: wakes more easily);
    the default 0.5 is 1e-30 (see docs/benchmarks.md for what that buys)."""
    exponent = 10.0 + 40.0 * min(1.0, max(0.0, sensitivity))
    return float(10.0**-exponent)


class PocketSphinxWakeDetector(SpottingDetector):
    def __init__(self, phrase: str = "hey ting", *, sensitivity: float = 0.5, cooldown_seconds: float = 2.0):
        super().__init__(phrase, "en", cooldown_seconds=cooldown_seconds)
        self.threshold = kws_threshold(sensitivity)
        try:
            self._decoder = Decoder(
                loglevel="ERROR", keyphrase=normalize_phrase(phrase), kws_threshold=self.threshold
            )
        except (RuntimeError, ValueError, KeyError) as error:
            raise SpeechModelError(f"PocketSphinx cannot spot {phrase!r}: {error}") from None
        self._utt_bytes = 0
        self._decoder.start_utt()

    def _spot(self, pcm: bytes) -> bool:
        if self._utt_bytes > _RESTART_SECONDS * SAMPLE_RATE_HZ * SAMPLE_WIDTH_BYTES:
            self._restart()
        self._utt_bytes += len(pcm)
        self._decoder.process_raw(pcm, no_search=False, full_utt=False)
        return self._decoder.hyp() is not None

    def _restart(self) -> None:
        self._decoder.end_utt()
        self._decoder.start_utt()
        self._utt_bytes = 0
