"""Second stage for the English keyphrase spotter: re-check each hit on the last ~2 s of audio.

The spotter runs permissive (few misses, thousands of false hits an hour in speech); each hit is scored on
the buffered audio ending at the hit, and only a score at or above ``min_score`` wakes:

- a log-likelihood ratio per frame of the last ``window_seconds``: the forced alignment of
  ``<sil> hey ting <sil>`` against a free phone decode (allphone search, the bundled phone bigram) of the
  same frames. 0: the phrase explains the audio as well as the best phone string does;
- minus the loudness, in dB relative to the aligned phrase, of the ``pause_seconds`` before it and of what
  follows it (each floored at -20 dB): a wake phrase stands apart, a look-alike in running speech does not.

Both halves only run on first-stage hits, so listening stays cheap (docs/benchmarks.md has the figures).
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pocketsphinx
from pocketsphinx import Decoder

from device.interfaces import SAMPLE_RATE_HZ, SAMPLE_WIDTH_BYTES
from device.stt.grammar import normalize_phrase
from ting.errors import SpeechModelError

_LOGGER = logging.getLogger(__name__)
FRAME_BYTES = SAMPLE_RATE_HZ // 100 * SAMPLE_WIDTH_BYTES
"""PocketSphinx scores 10 ms frames."""
_SHIFT = 1024.0
"""Alignment segment scores come in logmath units; allphone ones are shifted by SENSCR_SHIFT (10 bits)."""
_PHONE_SEARCH = "wake_phones"
_FLOOR_DB = -20.0


@dataclass(frozen=True)
class Verification:
    score: float
    """``llr_per_frame - pause_db``; compared with the verifier's ``min_score``."""
    llr_per_frame: float
    """Phrase alignment vs free phones on the scored window, per 10 ms frame (log units / 1024)."""
    pause_db: float
    """Loudness before plus after the phrase relative to it (each -20..+ dB): low when it stands apart."""
    phrase_seconds: float


@dataclass(frozen=True)
class VerifierSettings:
    min_score: float = -1.0
    window_seconds: float = 1.2
    """Audio ending at the hit that the likelihood ratio is computed on (the phrase takes 0.4-0.9 s)."""
    pause_seconds: float = 0.3
    """How much audio before the phrase is checked for a pause."""


class PhraseVerifier:
    """``verify(pcm)``: the phrase ends near the end of ``pcm`` (the detector's ring buffer, ~2 s)."""

    def __init__(self, phrase: str = "hey ting", settings: VerifierSettings | None = None) -> None:
        self.settings = settings or VerifierSettings()
        self.words = normalize_phrase(phrase).split()
        model = Path(pocketsphinx.get_model_path()) / "en-us"
        try:
            self._decoder = Decoder(loglevel="FATAL", lm=None)
            self._decoder.add_allphone_file(_PHONE_SEARCH, str(model / "en-us-phone.lm.bin"))
            self._decoder.set_align_text(" ".join(self.words))
        except (RuntimeError, ValueError, KeyError) as error:
            raise SpeechModelError(f"PocketSphinx cannot verify {phrase!r}: {error}") from None
        self._logmath = self._decoder.get_logmath()

    def accepts(self, pcm: bytes) -> bool:
        verification = self.verify(pcm)
        return verification is not None and verification.score >= self.settings.min_score

    def verify(self, pcm: bytes) -> Verification | None:
        """None when the phrase cannot be aligned at all (too short, or nothing like it)."""
        window_bytes = int(self.settings.window_seconds * 100) * FRAME_BYTES
        offset = max(0, len(pcm) - window_bytes)
        offset -= offset % FRAME_BYTES
        window = pcm[offset:]
        aligned = self._align(window)
        if aligned is None:
            return None
        first, end, phrase_score = aligned
        llr = (phrase_score - self._phone_score(window)) / (len(window) // FRAME_BYTES)
        start_byte, end_byte = offset + first * FRAME_BYTES, offset + end * FRAME_BYTES
        pause_bytes = int(self.settings.pause_seconds * 100) * FRAME_BYTES
        phrase = _rms(pcm[start_byte:end_byte])
        before = _relative_db(pcm[max(0, start_byte - pause_bytes) : start_byte], phrase)
        after = _relative_db(pcm[end_byte:], phrase)
        return Verification(llr - before - after, llr, before + after, (end - first) / 100)

    def _align(self, pcm: bytes) -> tuple[int, int, float] | None:
        """(first frame, end frame) of the phrase's words and the whole alignment's score."""
        pocketsphinx.set_loglevel("FATAL")  # a failed alignment is an answer here, not an error to log
        try:
            self._decoder.set_align_text(" ".join(self.words))
            segments = self._decode(pcm)
        except RuntimeError:  # no path through the phrase
            return None
        finally:
            pocketsphinx.set_loglevel("ERROR")
        words = [s for s in segments if s.word.split("(")[0] in self.words]
        if [s.word.split("(")[0] for s in words] != self.words:
            return None
        score = sum(self._log(s.ascore) for s in segments if s.word not in ("<s>", "</s>")) / _SHIFT
        return words[0].start_frame, words[-1].end_frame + 1, score

    def _phone_score(self, pcm: bytes) -> float:
        self._decoder.activate_search(_PHONE_SEARCH)
        return sum(self._log(s.ascore) for s in self._decode(pcm))

    def _decode(self, pcm: bytes) -> list[pocketsphinx.Segment]:
        self._decoder.start_utt()
        self._decoder.process_raw(pcm, no_search=False, full_utt=True)
        self._decoder.end_utt()
        if self._decoder.hyp() is None:
            raise RuntimeError("no hypothesis")
        return list(self._decoder.seg())

    def _log(self, value: float) -> float:
        """Segment scores come as probabilities; back to log units (an underflow is a very bad score)."""
        return float(self._logmath.log(value)) if value > 0 else -1e9


def _rms(pcm: bytes) -> float:
    samples = np.frombuffer(pcm[: len(pcm) - len(pcm) % 2], dtype="<i2").astype(np.float64)
    return float(np.sqrt(np.mean(samples**2))) + 1.0 if len(samples) else 1.0


def _relative_db(pcm: bytes, reference_rms: float) -> float:
    """Loudness of ``pcm`` relative to the phrase, floored; 0 (no evidence of a pause) if under 50 ms."""
    if len(pcm) < 5 * FRAME_BYTES:
        return 0.0
    return max(_FLOOR_DB, 20.0 * math.log10(_rms(pcm) / reference_rms))
