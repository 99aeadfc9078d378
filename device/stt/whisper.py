"""faster-whisper (CTranslate2, int8 on the CPU): open-vocabulary recognition that hears people, in English
and Mandarin, biased to the household by a bounded initial prompt.

The language is forced (the recognizer's own: the site's, or the wake word's that was heard), never detected:
detection costs a pass and picks Japanese or Cantonese for short Mandarin commands. Decoding is greedy at
temperature 0 (no fallback temperatures): the same audio gives the same text every time. Whisper decodes
whole utterances, so ``WhisperStream`` keeps the audio and decodes it at the end of speech.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import zhconv

from ting.device.interfaces import SAMPLE_RATE_HZ, SAMPLE_WIDTH_BYTES, Transcript
from ting.errors import SpeechModelError

_LOGGER = logging.getLogger(__name__)

MODEL_FILES = ("model.bin", "config.json", "tokenizer.json")
"""Besides a vocabulary (``vocabulary.txt`` or ``.json``): what a faster-whisper model folder holds."""
_MODELS: dict[tuple[Path, int], Any] = {}
_MODELS_LOCK = threading.Lock()
_MAX_TOKENS = 200
_TOKENS_PER_SECOND = 12
"""Far above speech (English ~4, Mandarin ~6 tokens a second): the bound is only for runaway decoding."""
_PUNCTUATION = re.compile(r"[\s，。？！、；：“”‘’《》（）…,.?!;:\"()]+")
_CJK_SPACE = re.compile(r"(?<=[\u3400-\u9fff])\s+|\s+(?=[\u3400-\u9fff])")
_EN_PUNCTUATION = re.compile(r"[,.?!;:\"()]+(?=\s|$)")


def check_model_dir(model_dir: Path, download_hint: str) -> None:
    """``SpeechModelError`` naming the folder and ``ting models download`` when it is not a model."""
    hint = f" (get it with `ting models download {download_hint}`)" if download_hint else ""
    if not model_dir.is_dir():
        raise SpeechModelError(f"Whisper model folder {model_dir} does not exist{hint}")
    missing = [name for name in MODEL_FILES if not (model_dir / name).is_file()]
    if not any((model_dir / name).is_file() for name in ("vocabulary.txt", "vocabulary.json")):
        missing.append("vocabulary.txt")
    if missing:
        raise SpeechModelError(f"{model_dir} is not a faster-whisper model (no {', '.join(missing)}){hint}")


def load_whisper(model_dir: Path, *, threads: int, download_hint: str = "") -> Any:
    """A ``faster_whisper.WhisperModel`` (one per folder and thread count, shared); ``SpeechModelError``
    naming the folder and the download command when it is missing or damaged."""
    resolved = model_dir.expanduser().resolve()
    with _MODELS_LOCK:
        if (resolved, threads) not in _MODELS:
            _MODELS[resolved, threads] = _load(resolved, threads, download_hint)
        return _MODELS[resolved, threads]


def _load(model_dir: Path, threads: int, download_hint: str) -> Any:
    check_model_dir(model_dir, download_hint)
    from faster_whisper import WhisperModel

    try:
        # a folder path is never looked up online (faster-whisper downloads only for a bare size name)
        return WhisperModel(str(model_dir), device="cpu", compute_type="int8", cpu_threads=threads)
    except Exception as error:  # CTranslate2 raises RuntimeError/ValueError for a truncated or foreign file
        hint = (
            f"; download it again with `ting models download {download_hint} --force`"
            if download_hint
            else ""
        )
        raise SpeechModelError(f"cannot load the Whisper model in {model_dir}: {error}{hint}") from None


def normalize(text: str, lang: str) -> str:
    """Whisper's text as the NLU reads it: Chinese in simplified characters without punctuation or spaces,
    English without sentence punctuation; digits kept (the NLU normalizes numbers itself)."""
    text = text.strip()
    if lang == "zh":
        return _PUNCTUATION.sub("", zhconv.convert(_CJK_SPACE.sub("", text), "zh-cn"))
    return " ".join(_EN_PUNCTUATION.sub("", text).split()).lower()


class WhisperRecognizer:
    """``SpeechRecognizer`` for one language. ``phrases`` (grammar) are not used: Whisper has no grammar
    mode; the household reaches it through ``prompt``."""

    engine = "whisper"

    def __init__(self, model: Any, lang: str, *, prompt: str | None = None, beam_size: int = 1) -> None:
        self.model = model
        self.lang = lang
        self.prompt = prompt or None
        self.beam_size = beam_size
        self._lock = threading.Lock()
        """One decode at a time per model: a second would only halve the speed of both."""

    def stream(self) -> WhisperStream:
        return WhisperStream(self)

    def transcribe(self, pcm: bytes, *, phrases: Sequence[str] | None = None) -> Transcript:
        seconds = len(pcm) / (SAMPLE_RATE_HZ * SAMPLE_WIDTH_BYTES)
        if seconds < 0.1:
            return Transcript("", 0.0, seconds, self.engine)
        audio = np.frombuffer(pcm[: len(pcm) // 2 * 2], dtype="<i2").astype(np.float32) / 32768.0
        with self._lock:
            segments, _info = self.model.transcribe(
                audio,
                language=self.lang,
                task="transcribe",
                beam_size=self.beam_size,
                temperature=0.0,
                initial_prompt=self.prompt,
                condition_on_previous_text=False,
                without_timestamps=True,
                vad_filter=False,
                # a command is short: a decoder stuck in a loop ("4-4-4-4-...") stops here, not at 448 tokens
                max_new_tokens=min(_MAX_TOKENS, 24 + int(_TOKENS_PER_SECOND * seconds)),
            )
            pieces = list(segments)
        text = normalize("".join(piece.text for piece in pieces), self.lang)
        return Transcript(text, _confidence(pieces), seconds, self.engine)


def _confidence(pieces: list[Any]) -> float:
    """exp(mean token log probability), lowered by the chance it was no speech at all: 0..1."""
    if not pieces:
        return 0.0
    logprob = sum(float(piece.avg_logprob) for piece in pieces) / len(pieces)
    speech = 1.0 - max(float(piece.no_speech_prob) for piece in pieces)
    return max(0.0, min(1.0, float(np.exp(logprob)) * speech))


class WhisperStream:
    """Keeps the command's audio; Whisper decodes it in one piece at the end of speech."""

    def __init__(self, owner: WhisperRecognizer) -> None:
        self._owner = owner
        self._pieces: list[bytes] = []

    def feed(self, pcm: bytes) -> None:
        self._pieces.append(pcm)

    def finish(self) -> Transcript:
        pcm, self._pieces = b"".join(self._pieces), []
        return self._owner.transcribe(pcm)

    def cancel(self) -> None:
        self._pieces = []
