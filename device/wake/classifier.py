"""A small wake word classifier over the last 16 speech embeddings (1.28 s), in numpy.

The network (standardize → 1536 → 64 → 64 → 1, ReLU, a logistic output) is tiny: ~100 k weights, ~0.1 ms a
step. Training (Adam on a class-weighted logistic loss) is here too, so a device can train its own wake word
from synthetic speech (``ting wake train``) with no framework beyond numpy. Models are saved as ``.npz``
with a JSON header (phrase, language, what they were trained on); they are made on the user's machine and
never shipped.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import logging
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ting.device.wake.embedding import EMBEDDING_SIZE
from ting.errors import SpeechModelError

_LOGGER = logging.getLogger(__name__)
WINDOW_EMBEDDINGS = 16
FORMAT_VERSION = 2
"""2: int8 first layer (one scale per unit), float32 elsewhere, compressed: ~120 kB, small enough to travel
over MQTT (``ting.messages.WakeModelAnnouncement``); 1 (float64, ~800 kB) is still read."""
READ_FORMATS = (1, 2)
Windows = npt.NDArray[np.float32]
"""(n, WINDOW_EMBEDDINGS, EMBEDDING_SIZE)."""
Array = npt.NDArray[np.float64]


def array_digest(*arrays: npt.NDArray[Any]) -> str:
    """16 hex digits of the arrays' SHA-256: the same training data and model from one run (or machine) to the
    next show as the same digests, and a different one shows where two trainings part."""
    digest = hashlib.sha256()
    for array in arrays:
        digest.update(np.ascontiguousarray(array).tobytes())
    return digest.hexdigest()[:16]


def sliding_windows(embeddings: npt.NDArray[np.float32]) -> Windows:
    """Every run of ``WINDOW_EMBEDDINGS`` consecutive embeddings, the i-th ending with embedding
    ``i + WINDOW_EMBEDDINGS - 1`` (none when there are fewer)."""
    if len(embeddings) < WINDOW_EMBEDDINGS:
        return np.zeros((0, WINDOW_EMBEDDINGS, EMBEDDING_SIZE), dtype=np.float32)
    view = np.lib.stride_tricks.sliding_window_view(embeddings, WINDOW_EMBEDDINGS, axis=0)
    return np.ascontiguousarray(view.transpose(0, 2, 1))


@dataclass(frozen=True)
class TrainingSettings:
    hidden_units: int = 64
    epochs: int = 40
    batch_size: int = 256
    learning_rate: float = 1e-3
    negative_weight: float = 20.0
    """How much more a false accept costs than a miss."""
    weight_decay: float = 1e-4
    seed: int = 0


@dataclass
class WakeModel:
    phrase: str
    lang: str
    mean: Array
    scale: Array
    layers: list[tuple[Array, Array]]
    info: dict[str, Any] = field(default_factory=dict)
    """What it was trained on (voices, clips, seconds of negatives, date)."""

    def logits(self, windows: Windows) -> Array:
        if len(windows) == 0:
            return np.zeros(0)
        x = (windows.reshape(len(windows), -1).astype(np.float64) - self.mean) / self.scale
        for index, (weights, bias) in enumerate(self.layers):
            x = x @ weights + bias
            if index < len(self.layers) - 1:
                x = np.maximum(x, 0.0)
        return np.asarray(x[:, 0])

    def scores(self, windows: Windows) -> Array:
        """Probability-like 0..1 that each window ends with the wake phrase."""
        return np.asarray(1.0 / (1.0 + np.exp(-np.clip(self.logits(windows), -50, 50))))

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".part")
        partial.write_bytes(self.to_bytes())
        partial.replace(path)

    def to_bytes(self) -> bytes:
        header = {"format": FORMAT_VERSION, "phrase": self.phrase, "lang": self.lang, "info": self.info}
        arrays: dict[str, Any] = {
            "header": np.array(json.dumps(header)),
            "mean": self.mean.astype(np.float32),
            "scale": self.scale.astype(np.float32),
        }
        for index, (weights, bias) in enumerate(self.layers):
            # 98 % of the weights: int8 with one scale per unit moves a logit by < 0.1 on speech
            if index == 0:
                unit_scale = (np.abs(weights).max(axis=0) / 127.0).astype(np.float32)
                unit_scale[unit_scale == 0] = 1.0
                quantized = np.rint(weights / unit_scale.astype(np.float64)).astype(np.int8)
                arrays |= {"q0": quantized, "s0": unit_scale, "b0": bias.astype(np.float32)}
            else:
                arrays |= {f"w{index}": weights.astype(np.float32), f"b{index}": bias.astype(np.float32)}
        buffer = io.BytesIO()
        np.savez_compressed(buffer, **arrays)
        return buffer.getvalue()

    @classmethod
    def load(cls, path: Path) -> WakeModel:
        try:
            data = path.read_bytes()
        except OSError as error:
            raise SpeechModelError(f"{path}: cannot read the wake model ({error.strerror})") from None
        return cls.from_bytes(data, str(path))

    @classmethod
    def from_bytes(cls, raw: bytes, name: str = "wake model") -> WakeModel:
        """A model file's content; ``SpeechModelError`` (naming ``name``) when it is not one."""
        try:
            with np.load(io.BytesIO(raw), allow_pickle=False) as data:
                header = json.loads(str(data["header"]))
                if header.get("format") not in READ_FORMATS:
                    raise SpeechModelError(
                        f"{name}: wake model format {header.get('format')}, expected one of {READ_FORMATS}"
                    )
                count = sum(1 for name_ in data.files if name_.startswith("b"))
                layers = [(_weights(data, i), data[f"b{i}"].astype(np.float64)) for i in range(count)]
                model = cls(
                    str(header["phrase"]),
                    str(header["lang"]),
                    data["mean"].astype(np.float64),
                    data["scale"].astype(np.float64),
                    layers,
                    dict(header["info"]),
                )
        except SpeechModelError:
            raise
        except (OSError, ValueError, KeyError, TypeError, EOFError, zipfile.BadZipFile) as error:
            raise SpeechModelError(
                f"{name}: not a ting wake model ({error}); train it again: ting wake train"
            ) from None
        if not layers or layers[0][0].shape[0] != WINDOW_EMBEDDINGS * EMBEDDING_SIZE:
            raise SpeechModelError(f"{name}: wake model has the wrong shape; train it again: ting wake train")
        return model


def _weights(data: Any, index: int) -> Array:
    if index == 0 and "q0" in data.files:
        return np.asarray(data["q0"].astype(np.float64) * data["s0"].astype(np.float64)[None, :])
    return np.asarray(data[f"w{index}"].astype(np.float64))


def train(
    phrase: str,
    lang: str,
    positives: Windows,
    negatives: Windows,
    settings: TrainingSettings = TrainingSettings(),
    *,
    info: dict[str, Any] | None = None,
    progress: Callable[[int, float], None] | None = None,
) -> WakeModel:
    """Fit the network: ``positives`` end with the phrase, ``negatives`` do not. ``progress(epoch, loss)``."""
    if len(positives) == 0 or len(negatives) == 0:
        raise SpeechModelError("training a wake word needs both positive and negative examples")
    rng = np.random.default_rng(settings.seed)
    x = np.concatenate([positives, negatives]).reshape(len(positives) + len(negatives), -1).astype(np.float32)
    y = np.concatenate([np.ones(len(positives)), np.zeros(len(negatives))])
    # each class weighs as much in all as the other, then false accepts `negative_weight` times more
    weight = np.where(
        y == 1, len(y) / (2 * len(positives)), settings.negative_weight * len(y) / (2 * len(negatives))
    )
    mean = x.mean(axis=0).astype(np.float64)
    scale = (x.std(axis=0) + 1e-3).astype(np.float64)
    sizes = [x.shape[1], settings.hidden_units, settings.hidden_units, 1]
    layers = [
        (rng.normal(0, np.sqrt(2.0 / n_in), (n_in, n_out)), np.zeros(n_out))
        for n_in, n_out in itertools.pairwise(sizes)
    ]
    adam = _Adam(layers, settings.learning_rate)
    for epoch in range(settings.epochs):
        order = rng.permutation(len(y))
        total = 0.0
        for first in range(0, len(order), settings.batch_size):
            rows = order[first : first + settings.batch_size]
            batch = (x[rows].astype(np.float64) - mean) / scale
            total += _step(layers, adam, batch, y[rows], weight[rows], settings.weight_decay)
        if progress is not None:
            progress(epoch + 1, total / len(y))
    return WakeModel(phrase, lang, mean, scale, layers, dict(info or {}))


def _step(
    layers: list[tuple[Array, Array]], adam: _Adam, x: Array, y: Array, weight: Array, decay: float
) -> float:
    activations = [x]
    for index, (w, b) in enumerate(layers):
        z = activations[-1] @ w + b
        activations.append(np.maximum(z, 0.0) if index < len(layers) - 1 else z)
    logit = activations[-1][:, 0]
    probability = 1.0 / (1.0 + np.exp(-np.clip(logit, -50, 50)))
    loss = float(np.sum(weight * (np.logaddexp(0, logit) - y * logit)))
    delta = ((probability - y) * weight)[:, None] / len(y)
    grads: list[tuple[Array, Array]] = []
    for index in range(len(layers) - 1, -1, -1):
        w, _ = layers[index]
        grads.append((activations[index].T @ delta + decay * w, delta.sum(axis=0)))
        if index > 0:
            delta = (delta @ w.T) * (activations[index] > 0)
    adam.apply(grads[::-1])
    return loss


class _Adam:
    def __init__(self, layers: list[tuple[Array, Array]], rate: float) -> None:
        self.layers, self.rate, self.t = layers, rate, 0
        self.m = [(np.zeros_like(w), np.zeros_like(b)) for w, b in layers]
        self.v = [(np.zeros_like(w), np.zeros_like(b)) for w, b in layers]

    def apply(self, grads: list[tuple[Array, Array]]) -> None:
        self.t += 1
        beta1, beta2 = 0.9, 0.999
        for index, grad_pair in enumerate(grads):
            for part in (0, 1):
                m, v, g = self.m[index][part], self.v[index][part], grad_pair[part]
                m *= beta1
                m += (1 - beta1) * g
                v *= beta2
                v += (1 - beta2) * g * g
                m_hat = m / (1 - beta1**self.t)
                v_hat = v / (1 - beta2**self.t)
                self.layers[index][part][...] -= self.rate * m_hat / (np.sqrt(v_hat) + 1e-8)
