"""A wake word from a model trained for it (``ting wake train``): speech embeddings → small classifier.

Every 80 ms the newest embedding joins the last 15 and the classifier scores the 1.28 s they cover; the
device wakes when ``WAKE_TRIGGER_STEPS`` scores in a row reach the threshold that the sensitivity maps to (a
stop phrase: ``STOP_TRIGGER_STEPS``). Works for any language espeak-ng can speak (the Mandarin 小听小听 too),
with no speech recognition model at all.
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
WAKE_TRIGGER_STEPS = 2
"""Windows in a row at the threshold before a wake word wakes: the second is a confirmation 80 ms later.
The phrase's end scores high for several windows (training marks three as positives), while the false wakes
on read text were single-window spikes (on bench/wake_trained.py's dev split: 6 wakes in 1.7 h at +3.44 with
one window, none with two, for 3.3 points more misses); see docs/benchmarks.md."""
STOP_TRIGGER_STEPS = 1
"""A stop phrase keeps one window: it must silence the device at once, and its thresholds were measured so."""
STRICTEST_LOGIT, DEFAULT_LOGIT, LOOSEST_LOGIT = 8.0, 3.44, -4.0
"""Classifier thresholds (as logits) at sensitivity 0, 0.5 (the default) and 1, linear in between. The
default's +3.44 was chosen on the dev split of bench/wake_trained.py (the fewest dev false accepts with at
most 5 % dev misses), as the other detectors' defaults were on theirs; see docs/benchmarks.md. A stop phrase
keeps it; a wake word has its own (``WAKE_DEFAULT_LOGIT``)."""
WAKE_DEFAULT_LOGIT = 2.48
"""A wake word's threshold at sensitivity 0.5, since it takes ``WAKE_TRIGGER_STEPS`` windows: chosen again on
the dev split by the same rule, with 2 h of dev text (+2.48: 1.9 % dev misses, 1 false wake in 2 h)."""


def model_path(models_dir: Path, phrase: str, lang: str) -> Path:
    """Where ``ting wake train`` puts the model of a phrase."""
    return models_dir / "wake" / f"{wakeword_id(phrase, lang)}.npz"


def min_logit(sensitivity: float, default_logit: float = DEFAULT_LOGIT) -> float:
    """Sensitivity 0..1 -> the least logit that wakes (higher sensitivity: lower logit); ``default_logit`` at
    0.5 (a wake word: ``WAKE_DEFAULT_LOGIT``)."""
    sensitivity = min(1.0, max(0.0, sensitivity))
    if sensitivity <= 0.5:
        return STRICTEST_LOGIT + (default_logit - STRICTEST_LOGIT) * sensitivity / 0.5
    return default_logit + (LOOSEST_LOGIT - default_logit) * (sensitivity - 0.5) / 0.5


def sensitivity_of(logit: float, default_logit: float = DEFAULT_LOGIT) -> float:
    """The sensitivity whose threshold is ``logit`` (``min_logit``'s inverse, clamped to 0..1)."""
    if logit >= default_logit:
        share = (STRICTEST_LOGIT - logit) / (STRICTEST_LOGIT - default_logit) * 0.5
    else:
        share = 0.5 + (default_logit - logit) / (default_logit - LOOSEST_LOGIT) * 0.5
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
        trigger_steps: int = WAKE_TRIGGER_STEPS,
        default_logit: float = WAKE_DEFAULT_LOGIT,
    ) -> None:
        super().__init__(model.phrase, model.lang, cooldown_seconds=cooldown_seconds)
        if trigger_steps < 1:
            raise ValueError(f"trigger_steps must be at least 1, not {trigger_steps}")
        self.model = model
        self.trigger_steps = trigger_steps
        self.threshold_logit = (
            min_logit(sensitivity, default_logit) if threshold_logit is None else threshold_logit
        )
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
            if self._above >= self.trigger_steps:
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
