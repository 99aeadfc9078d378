"""Second stage for the English keyphrase spotter: re-check each hit on the last ~2 s of audio.

The spotter runs permissive (few misses, thousands of false hits an hour in speech); each hit is scored on
the buffered audio ending at the hit, and only a score at or above ``min_score`` wakes:

- a log-likelihood ratio per frame of the last ``window_seconds``: the forced alignment of
  ``<sil> hey ting <sil>`` against a free phone decode (allphone search, the bundled phone bigram) of the
  same frames. 0: the phrase explains the audio as well as the best phone string does;
- minus the loudness, in dB relative to the aligned phrase, of the ``pause_seconds`` before it and of what
  follows it (each floored at -20 dB): a wake phrase stands apart, a look-alike in running speech does not;
- plus ``margin_weight`` times the margin per frame of the phrase's alignment over the best-aligned of
  ``look_alikes`` ("hey tim", "a thing", ...), when the rest is not already a clear reject.

All of it only runs on first-stage hits, so idle listening stays cheap (docs/benchmarks.md has the figures;
the target of <= 5 % misses at <= 0.5 false accepts an hour is not reached).
"""

from __future__ import annotations

import logging
import math
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pocketsphinx
from pocketsphinx import Decoder

from ting.device.interfaces import SAMPLE_RATE_HZ, SAMPLE_WIDTH_BYTES
from ting.device.stt.grammar import normalize_phrase
from ting.errors import SpeechModelError

_LOGGER = logging.getLogger(__name__)
FRAME_BYTES = SAMPLE_RATE_HZ // 100 * SAMPLE_WIDTH_BYTES
"""PocketSphinx scores 10 ms frames."""
_SHIFT = 1024.0
"""Alignment segment scores come in logmath units; allphone ones are shifted by SENSCR_SHIFT (10 bits)."""
_PHONE_SEARCH = "wake_phones"
_FLOOR_DB = -20.0
LOOK_ALIKES = (
    "hey tim",
    "hey team",
    "hey tin",
    "hey teen",
    "hey king",
    "hey thing",
    "a thing",
    "the thing",
    "eighteen",
    "heating",
    "dating",
    "taking",
)
"""Near misses of "hey ting" (``hating`` sounds the same in the dictionary, so it is not one)."""


@dataclass(frozen=True)
class Verification:
    score: float
    """``llr_per_frame - pause_db + margin_weight * margin_per_frame``; compared with ``min_score``."""
    llr_per_frame: float
    """Phrase alignment vs free phones on the scored window, per 10 ms frame (log units / 1024)."""
    pause_db: float
    """Loudness before plus after the phrase relative to it (each -20..+ dB): low when it stands apart."""
    margin_per_frame: float
    """Phrase alignment vs the best-aligned look-alike (``hey tim``, ``a thing``...), per frame; 0 when not
    computed (the rest of the score was already below ``compete_above``)."""
    phrase_seconds: float


@dataclass(frozen=True)
class VerifierSettings:
    min_score: float = -1.0
    window_seconds: float = 1.2
    """Audio ending at the hit that the likelihood ratio is computed on (the phrase takes 0.4-0.9 s)."""
    pause_seconds: float = 0.3
    """How much audio before the phrase is checked for a pause."""
    look_alikes: tuple[str, ...] = LOOK_ALIKES
    """Phrases that sound close to the wake phrase; each is aligned on the window like the phrase."""
    margin_weight: float = 0.75
    """Chosen on the benchmark's dev split with the threshold (0..2 tried; 0.75 had the fewest false accepts
    at <= 5 % misses, by a little)."""
    compete_above: float = -15.0
    """Look-alikes are only aligned when the rest of the score reaches this (saves CPU on clear rejects)."""


class PhraseVerifier:
    """``verify(pcm)``: the phrase ends near the end of ``pcm`` (the detector's ring buffer, ~2 s)."""

    def __init__(self, phrase: str = "hey ting", settings: VerifierSettings | None = None) -> None:
        self.settings = settings or VerifierSettings()
        self.words = normalize_phrase(phrase).split()
        model = Path(pocketsphinx.get_model_path()) / "en-us"
        words = set(self.words) | {w for text in self.settings.look_alikes for w in text.split()}
        self._dictionary = _small_dictionary(model / "cmudict-en-us.dict", words)
        try:
            self._decoder = Decoder(loglevel="FATAL", lm=None, dict=self._dictionary.name)
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
        frames = len(window) // FRAME_BYTES
        llr = (phrase_score - self._phone_score(window)) / frames
        start_byte, end_byte = offset + first * FRAME_BYTES, offset + end * FRAME_BYTES
        pause_bytes = int(self.settings.pause_seconds * 100) * FRAME_BYTES
        phrase = _rms(pcm[start_byte:end_byte])
        before = _relative_db(pcm[max(0, start_byte - pause_bytes) : start_byte], phrase)
        after = _relative_db(pcm[end_byte:], phrase)
        score, margin = llr - before - after, 0.0
        if score >= self.settings.compete_above:
            margin = (phrase_score - self._best_look_alike(window)) / frames
            score += self.settings.margin_weight * margin
        return Verification(score, llr, before + after, margin, (end - first) / 100)

    def _best_look_alike(self, window: bytes) -> float:
        scores = [self._align(window, text.split()) for text in self.settings.look_alikes]
        return max((s[2] for s in scores if s is not None), default=-math.inf)

    def _align(self, pcm: bytes, words: list[str] | None = None) -> tuple[int, int, float] | None:
        """(first frame, end frame) of the words (the phrase's by default) and the whole alignment's score."""
        words = words or self.words
        pocketsphinx.set_loglevel("FATAL")  # a failed alignment is an answer here, not an error to log
        try:
            self._decoder.set_align_text(" ".join(words))
            segments = self._decode(pcm)
        except RuntimeError:  # no path through the words
            return None
        finally:
            pocketsphinx.set_loglevel("ERROR")
        found = [s for s in segments if s.word.split("(")[0] in words]
        if [s.word.split("(")[0] for s in found] != words:
            return None
        score = sum(self._log(s.ascore) for s in segments if s.word not in ("<s>", "</s>")) / _SHIFT
        return found[0].start_frame, found[-1].end_frame + 1, score

    def _phone_score(self, pcm: bytes) -> float:
        self._decoder.activate_search(_PHONE_SEARCH)
        return sum(self._log(s.ascore) for s in self._decode(pcm))

    def _decode(self, pcm: bytes) -> list[pocketsphinx.Segment]:
        if len(pcm) < FRAME_BYTES:  # process_raw raises IndexError on no audio
            raise RuntimeError("no audio")
        self._decoder.start_utt()
        self._decoder.process_raw(pcm, no_search=False, full_utt=True)
        self._decoder.end_utt()
        if self._decoder.hyp() is None:
            raise RuntimeError("no hypothesis")
        return list(self._decoder.seg())

    def _log(self, value: float) -> float:
        """Segment scores come as probabilities; back to log units (an underflow is a very bad score)."""
        return float(self._logmath.log(value)) if value > 0 else -1e9


def _small_dictionary(full: Path, words: set[str]) -> Any:
    """Only the words this verifier aligns (the full dictionary costs ~28 MB per decoder)."""
    lines = [
        line
        for line in full.read_text(encoding="utf-8").splitlines()
        if line.split(" ", 1)[0].split("(")[0] in words
    ]
    dictionary = tempfile.NamedTemporaryFile("w", suffix=".dict", encoding="utf-8")  # noqa: SIM115
    dictionary.write("\n".join(lines) + "\n")
    dictionary.flush()
    return dictionary


def _rms(pcm: bytes) -> float:
    samples = np.frombuffer(pcm[: len(pcm) - len(pcm) % 2], dtype="<i2").astype(np.float64)
    return float(np.sqrt(np.mean(samples**2))) + 1.0 if len(samples) else 1.0


def _relative_db(pcm: bytes, reference_rms: float) -> float:
    """Loudness of ``pcm`` relative to the phrase, floored; 0 (no evidence of a pause) if under 50 ms."""
    if len(pcm) < 5 * FRAME_BYTES:
        return 0.0
    return max(_FLOOR_DB, 20.0 * math.log10(_rms(pcm) / reference_rms))
