"""A wake word from a model trained for it (``ting wake train``): speech embeddings → small classifier.

Every 80 ms the newest embedding joins the last 15 and the classifier scores the 1.28 s they cover; the
device wakes when ``TRIGGER_STEPS`` scores in a row reach the threshold that the sensitivity maps to. Works
for any language espeak-ng can speak (the Mandarin 小听小听 too), with no speech recognition model at all.
"""

from __future__ import annotations

import logging
import math
from pathlib import Path

import numpy as np

from ting.device.wake.base import SpottingDetector, wakeword_id
from ting.device.wake.classifier import WINDOW_EMBEDDINGS, WakeModel, sliding_windows
from ting.device.wake.embedding import EMBEDDING_SIZE, SpeechEmbedder
from ting.device.wake.shared_stream import EmbeddingSource, SharedEmbeddings
from ting.errors import SpeechModelError

_LOGGER = logging.getLogger(__name__)
TRIGGER_STEPS = 1
STRICTEST_LOGIT, DEFAULT_LOGIT, LOOSEST_LOGIT = 8.0, 3.44, -4.0
"""Classifier thresholds (as logits) at sensitivity 0, 0.5 (the default) and 1, linear in between. The
default's +3.44 was chosen on the dev split of bench/wake_trained.py (the fewest dev false accepts with at
most 5 % dev misses), as the other detectors' defaults were on theirs; see docs/benchmarks.md."""


def model_path(models_dir: Path, phrase: str, lang: str) -> Path:
    """Where ``ting wake train`` puts the model of a phrase."""
    return models_dir / "wake" / f"{wakeword_id(phrase, lang)}.npz"


def min_logit(sensitivity: float) -> float:
    """Sensitivity 0..1 -> the least logit that wakes (higher sensitivity: lower logit)."""
    sensitivity = min(1.0, max(0.0, sensitivity))
    if sensitivity <= 0.5:
        return STRICTEST_LOGIT + (DEFAULT_LOGIT - STRICTEST_LOGIT) * sensitivity / 0.5
    return DEFAULT_LOGIT + (LOOSEST_LOGIT - DEFAULT_LOGIT) * (sensitivity - 0.5) / 0.5


def sensitivity_of(logit: float) -> float:
    """The sensitivity whose threshold is ``logit`` (``min_logit``'s inverse, clamped to 0..1)."""
    if logit >= DEFAULT_LOGIT:
        share = (STRICTEST_LOGIT - logit) / (STRICTEST_LOGIT - DEFAULT_LOGIT) * 0.5
    else:
        share = 0.5 + (DEFAULT_LOGIT - logit) / (DEFAULT_LOGIT - LOOSEST_LOGIT) * 0.5
    return min(1.0, max(0.0, share))


class TrainedWakeDetector(SpottingDetector):
    """``last_score``: the newest window's logit (for logs, tests and the benchmark). ``embeddings``: a tap
    of a hub shared with the other models hearing the same audio (``SharedEmbeddings``); without one, a
    stream of its own (from ``embedder``'s models, or models loaded for it)."""

    def __init__(
        self,
        model: WakeModel,
        *,
        sensitivity: float = 0.5,
        cooldown_seconds: float = 2.0,
        embedder: SpeechEmbedder | None = None,
        embeddings: EmbeddingSource | None = None,
        threshold_logit: float | None = None,
    ) -> None:
        super().__init__(model.phrase, model.lang, cooldown_seconds=cooldown_seconds)
        self.model = model
        self.threshold_logit = min_logit(sensitivity) if threshold_logit is None else threshold_logit
        self._embeddings = embeddings or SharedEmbeddings(embedder or SpeechEmbedder()).tap()
        self._window = np.zeros((0, EMBEDDING_SIZE), dtype=np.float32)
        self._above = 0
        self.last_score = -math.inf
        self._restart()

    @classmethod
    def from_file(
        cls, path: Path, phrase: str, lang: str, *, sensitivity: float = 0.5, cooldown_seconds: float = 2.0
    ) -> TrainedWakeDetector:
        model = WakeModel.load(path)
        if (model.phrase, model.lang) != (phrase, lang):
            raise SpeechModelError(
                f"{path} was trained for {model.phrase!r} ({model.lang}), not {phrase!r} ({lang})"
            )
        return cls(model, sensitivity=sensitivity, cooldown_seconds=cooldown_seconds)

    def _spot(self, pcm: bytes) -> bool:
        new = self._embeddings.feed(pcm)
        if len(new) == 0:
            return False
        self._window = np.concatenate([self._window, new])[-(WINDOW_EMBEDDINGS + len(new) - 1) :]
        for logit in self.model.logits(sliding_windows(self._window)):
            self.last_score = float(logit)
            self._above = self._above + 1 if logit >= self.threshold_logit else 0
            if self._above >= TRIGGER_STEPS:
                _LOGGER.debug("wake %r: score %.2f", self.phrase, logit)
                return True
        return False

    def _margin(self) -> float:
        return self.last_score - self.threshold_logit

    def _restart(self) -> None:
        """Forget the audio, and look back on silence: the model sees ~2 s, and a phrase said right after a
        start (or a pause) would otherwise come too early to be scored."""
        silence = self._embeddings.restart()
        self._window = silence[-(WINDOW_EMBEDDINGS - 1) :]
        self._above = 0
