"""Speech embeddings for trained wake words: openWakeWord's frozen front end, run with onnxruntime.

Two ONNX models ship inside the ``openwakeword`` 0.4 wheel (Apache-2.0): a log-mel spectrogram (32 bands,
10 ms hop) and Google's ``speech_embedding`` network, which turns 76 mel frames (~0.78 s) into 96 numbers,
every 8 frames (80 ms). A wake word classifier (``ting.device.wake.classifier``) then looks at the last 16
embeddings (1.28 s). Only the model files are used: the package's Python code is not imported.

``SpeechEmbedder.embed`` does a whole clip (training, benchmarks); ``EmbeddingStream`` does the same as audio
arrives, 80 ms at a time, and gives the same embeddings (tested).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import numpy.typing as npt

from ting.errors import SpeechModelError

Embeddings = npt.NDArray[np.float32]
"""(n, 96) float32."""

EMBEDDING_SIZE = 96
MEL_BANDS = 32
MEL_WINDOW_FRAMES = 76
MEL_STEP_FRAMES = 8
HOP_SAMPLES = 160
STEP_SAMPLES = MEL_STEP_FRAMES * HOP_SAMPLES  # 1280 = 80 ms at 16 kHz
MEL_CONTEXT_SAMPLES = 480
"""The mel model's frame is 640 samples: 480 samples of the previous step make 8 whole frames per step."""
_BATCH_WINDOWS = 32
"""Embedding windows per inference call: bounds onnxruntime's working memory on long clips."""


OPENWAKEWORD_REQUIREMENT = "openwakeword>=0.4,<0.5"
"""The wheel with the two ONNX files (0.5 and later download them at run time instead). ``./run`` installs it
with ``--no-deps``: only its files are used, so its dependencies (scipy, scikit-learn) are not needed."""
INSTALL_OPENWAKEWORD = f"pip install --no-deps '{OPENWAKEWORD_REQUIREMENT}'"


def model_dir() -> Path:
    """Where the installed ``openwakeword`` package keeps its ONNX models (without importing it)."""
    spec = importlib.util.find_spec("openwakeword")
    if spec is None or spec.origin is None:
        raise SpeechModelError(
            f"trained wake words need the ONNX files of the openwakeword package: {INSTALL_OPENWAKEWORD}"
        )
    folder = Path(spec.origin).parent / "resources" / "models"
    if not (folder / "embedding_model.onnx").is_file():
        raise SpeechModelError(
            f"{folder} has no embedding_model.onnx: openwakeword 0.4 ships it, later versions do not"
            f" ({INSTALL_OPENWAKEWORD})"
        )
    return folder


class SpeechEmbedder:
    """The two ONNX sessions, one thread each, no memory arena (a device has little memory to spare)."""

    def __init__(self) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.enable_cpu_mem_arena = False
        options.enable_mem_pattern = False  # ~16 MB less resident, same speed for these small inputs
        options.log_severity_level = 3
        folder = model_dir()
        try:
            self._mel = ort.InferenceSession(
                str(folder / "melspectrogram.onnx"), sess_options=options, providers=["CPUExecutionProvider"]
            )
            self._embedding = ort.InferenceSession(
                str(folder / "embedding_model.onnx"), sess_options=options, providers=["CPUExecutionProvider"]
            )
        except Exception as error:  # onnxruntime raises its own exception types
            raise SpeechModelError(f"cannot load the wake word front end from {folder}: {error}") from None

    def mel(self, samples: npt.NDArray[np.int16]) -> npt.NDArray[np.float32]:
        """(frames, 32) log-mel frames of 16 kHz samples (frames = (len - 640) // 160 + 1)."""
        if len(samples) < 640:
            return np.zeros((0, MEL_BANDS), dtype=np.float32)
        batch = samples.astype(np.float32)[None, :]
        spectrum = self._mel.run(None, {"input": batch})[0]
        return np.asarray(spectrum.reshape(-1, MEL_BANDS) / 10.0 + 2.0, dtype=np.float32)

    def embed_mel(self, mel: npt.NDArray[np.float32]) -> Embeddings:
        """One embedding per 76-frame window, every 8 frames, the last window ending with the last frame."""
        first = (len(mel) - MEL_WINDOW_FRAMES) % MEL_STEP_FRAMES if len(mel) >= MEL_WINDOW_FRAMES else 0
        starts = range(first, len(mel) - MEL_WINDOW_FRAMES + 1, MEL_STEP_FRAMES)
        windows = [mel[start : start + MEL_WINDOW_FRAMES] for start in starts]
        if not windows:
            return np.zeros((0, EMBEDDING_SIZE), dtype=np.float32)
        out = []
        for first in range(0, len(windows), _BATCH_WINDOWS):
            batch = np.stack(windows[first : first + _BATCH_WINDOWS])[..., None].astype(np.float32)
            out.append(self._embedding.run(None, {"input_1": batch})[0].reshape(-1, EMBEDDING_SIZE))
        return np.concatenate(out).astype(np.float32)

    def embed(self, pcm: bytes) -> Embeddings:
        """A whole clip (16 kHz s16le) -> its embeddings, one per 80 ms step from the 10th on, each ending
        with its step (a trailing part step is left out): the same as an ``EmbeddingStream`` fed the clip."""
        samples = np.frombuffer(pcm, dtype="<i2")
        padded = np.concatenate([np.zeros(MEL_CONTEXT_SAMPLES, dtype=np.int16), samples])
        return self.embed_mel(self.step_mel(padded, len(samples) // STEP_SAMPLES))

    def step_mel(self, samples: npt.NDArray[np.int16], steps: int) -> npt.NDArray[np.float32]:
        """The mel frames of ``steps`` 80 ms steps (``samples`` starts with 480 samples of context), one
        model call per step: the model floors its output at the loudest frame of the call minus 80 dB, so
        only the same calls give the same frames, in a stream (whatever its pieces) and for a whole clip."""
        calls = [
            self.mel(samples[step * STEP_SAMPLES : (step + 1) * STEP_SAMPLES + MEL_CONTEXT_SAMPLES])
            for step in range(steps)
        ]
        return np.concatenate(calls) if calls else np.zeros((0, MEL_BANDS), dtype=np.float32)

    def stream(self) -> EmbeddingStream:
        return EmbeddingStream(self)


class EmbeddingStream:
    """Feed audio as it comes; get each new embedding (every 80 ms once the first 0.76 s are in)."""

    def __init__(self, embedder: SpeechEmbedder) -> None:
        self._embedder = embedder
        self._pending = np.zeros(MEL_CONTEXT_SAMPLES, dtype=np.int16)
        self._mel = np.zeros((0, MEL_BANDS), dtype=np.float32)

    def reset(self) -> None:
        self._pending = np.zeros(MEL_CONTEXT_SAMPLES, dtype=np.int16)
        self._mel = np.zeros((0, MEL_BANDS), dtype=np.float32)

    def state(self) -> tuple[npt.NDArray[np.int16], npt.NDArray[np.float32]]:
        """What the next embeddings depend on besides the audio to come: two streams in the same state
        give the same embeddings from then on."""
        return self._pending, self._mel

    def feed(self, pcm: bytes) -> Embeddings:
        """The embeddings that ``pcm`` completes (usually none or one)."""
        self._pending = np.concatenate([self._pending, np.frombuffer(pcm, dtype="<i2")])
        steps = (len(self._pending) - MEL_CONTEXT_SAMPLES) // STEP_SAMPLES
        if steps <= 0:
            return np.zeros((0, EMBEDDING_SIZE), dtype=np.float32)
        used = steps * STEP_SAMPLES
        mel = self._embedder.step_mel(self._pending[: used + MEL_CONTEXT_SAMPLES], steps)
        self._pending = self._pending[used:]
        # the windows already embedded end before the new frames: keep just enough to continue
        self._mel = np.concatenate([self._mel, mel])
        keep = MEL_WINDOW_FRAMES - MEL_STEP_FRAMES + len(mel)
        embeddings = (
            self._embedder.embed_mel(self._mel[-keep:]) if len(self._mel) >= MEL_WINDOW_FRAMES else None
        )
        self._mel = self._mel[-(MEL_WINDOW_FRAMES - MEL_STEP_FRAMES) :]
        if embeddings is None:
            return np.zeros((0, EMBEDDING_SIZE), dtype=np.float32)
        return embeddings
