"""A wake word from a model trained for it (``ting wake train``): speech embeddings → small classifier.

Every 80 ms the newest embedding joins the last 15 and the classifier scores the 1.28 s they cover; the
device wakes when ``WAKE_TRIGGER_STEPS`` scores in a row reach the threshold that the sensitivity maps to (a
stop phrase: ``STOP_TRIGGER_STEPS``). Works for any language espeak-ng can speak (the Mandarin 小听小听 too),
with no speech recognition model at all.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable
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
most 5 % dev misses), as the other detectors' defaults were on theirs; see docs/benchmarks.md. A wake word
has its own (``WAKE_DEFAULT_LOGIT``), and so does a stop phrase (``STOP_DEFAULT_LOGIT``)."""
WAKE_DEFAULT_LOGIT = 2.48
"""A wake word's threshold at sensitivity 0.5, since it takes ``WAKE_TRIGGER_STEPS`` windows: chosen again on
the dev split by the same rule, with 2 h of dev text (+2.48: 1.9 % dev misses, 1 false wake in 2 h)."""
STOP_DEFAULT_LOGIT = 3.0
"""A stop phrase's threshold at sensitivity 0.5 (``device.stop_sensitivity``), with ``STOP_TRIGGER_STEPS``.
Chosen for 停 on dev voices only (the default server-trained model; bench/barge_false_stops.py, 10 min of dev
sentences said over a dev answer and alone; bench/barge_hit_dev.py): the lowest of +3.44, +3.25 .. +0.5 with
no more false stops than +3.44 (7 in 10.1 min, 41.5 an hour, at +3.44 .. +3.00; 9 at +2.75, 14 at +1.5) and
no self-stop on the answer's echo (its peak -4.8). On 18 dev clips over an answer it fires on the same 12
as +3.44, two of them earlier (m1 200 -> 120 ms, f1 160 -> 100 ms); see docs/benchmarks.md."""


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


class Trigger:
    """When scores make a wake: ``steps`` windows in a row at ``threshold_logit``, then ``cooldown_steps``
    windows during which nothing wakes. One rule for the detector and the benchmarks (bench/wake_trained.py,
    bench/wake_zh_natural.py), so that what is measured is what the device does. The detector keeps its
    cooldown in seconds (``SpottingDetector``) and passes 0 here."""

    def __init__(
        self, threshold_logit: float, steps: int = WAKE_TRIGGER_STEPS, cooldown_steps: int = 0
    ) -> None:
        if steps < 1:
            raise ValueError(f"trigger_steps must be at least 1, not {steps}")
        self.threshold_logit = threshold_logit
        self.steps = steps
        self.cooldown_steps = cooldown_steps
        self._run = 0
        self._quiet = 0

    def feed(self, logit: float) -> bool:
        """True when this window's score completes a wake."""
        self._run = self._run + 1 if logit >= self.threshold_logit else 0
        if self._quiet > 0:
            self._quiet -= 1
            return False
        if self._run >= self.steps:
            # the next wake can come ``cooldown_steps`` windows after this one, not before
            self._run, self._quiet = 0, max(0, self.cooldown_steps - 1)
            return True
        return False

    def reset(self) -> None:
        self._run = self._quiet = 0

    def count(self, logits: Iterable[float]) -> int:
        """Wakes in a run of scores (from a fresh start)."""
        self.reset()
        return sum(self.feed(float(logit)) for logit in logits)


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
        self.model = model
        self.trigger = Trigger(
            min_logit(sensitivity, default_logit) if threshold_logit is None else threshold_logit,
            trigger_steps,
        )
        self._embeddings = embeddings or SharedEmbeddings(embedder or SpeechEmbedder()).tap()
        self._window = np.zeros((0, EMBEDDING_SIZE), dtype=np.float32)
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
            if self.trigger.feed(self.last_score):
                _LOGGER.debug("wake %r: score %.2f", self.phrase, logit)
                return True
        return False

    @property
    def threshold_logit(self) -> float:
        return self.trigger.threshold_logit

    @property
    def trigger_steps(self) -> int:
        return self.trigger.steps

    def _margin(self) -> float:
        return self.last_score - self.threshold_logit

    def _restart(self) -> None:
        """Forget the audio, and look back on silence: the model sees ~2 s, and a phrase said right after a
        start (or a pause) would otherwise come too early to be scored."""
        silence = self._embeddings.restart()
        self._window = silence[-(WINDOW_EMBEDDINGS - 1) :]
        self.trigger.reset()
