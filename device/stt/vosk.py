"""Vosk (Kaldi) with a model directory: grammar mode from a phrase list, open vocabulary as the fallback."""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import vosk

from device.interfaces import SAMPLE_RATE_HZ, SAMPLE_WIDTH_BYTES, SpeechStream, Transcript
from device.stt.grammar import UNKNOWN, normalize_phrase
from device.stt.stream import BufferedStream
from ting.errors import SpeechModelError

_MODELS: dict[Path, Any] = {}
vosk.SetLogLevel(-1)


def load_model(model_dir: Path, download_hint: str = "") -> Any:
    """A ``vosk.Model`` (one per directory, shared by the wake word and the recognizer);
    ``SpeechModelError`` naming the directory when it is missing or broken."""
    resolved = model_dir.resolve()
    if resolved not in _MODELS:
        _MODELS[resolved] = _load(model_dir, download_hint)
    return _MODELS[resolved]


def _load(model_dir: Path, download_hint: str) -> Any:
    hint = f" (get one with `ting models download {download_hint}`)" if download_hint else ""
    if not model_dir.is_dir():
        raise SpeechModelError(f"Vosk model directory {model_dir} does not exist{hint}")
    if not (model_dir / "am" / "final.mdl").is_file() and not (model_dir / "final.mdl").is_file():
        raise SpeechModelError(f"{model_dir} is not a Vosk model (no am/final.mdl){hint}")
    try:
        return vosk.Model(str(model_dir))
    except Exception as error:  # vosk raises a bare Exception("Failed to create a model")
        raise SpeechModelError(f"Vosk could not load the model in {model_dir}: {error}") from None


def vosk_grammar(phrases: Sequence[str]) -> list[str]:
    """Normalized phrases, then ``[unk]`` so speech outside them is not forced onto a phrase."""
    return [*dict.fromkeys(normalize_phrase(p) for p in phrases if p != UNKNOWN), UNKNOWN]


class VoskRecognizer:
    """``phrases`` (per call, or the default given here) constrain recognition; a result that is
    ``[unk]``, empty, or below ``min_confidence`` is decoded again with the open vocabulary
    (unless ``fallback=False``).
    """

    engine = "vosk"

    def __init__(
        self,
        model: Any,
        lang: str,
        *,
        phrases: Sequence[str] | None = None,
        min_confidence: float = 0.5,
        fallback: bool = True,
    ) -> None:
        self.model = model
        self.lang = lang
        self.phrases = phrases
        self.min_confidence = min_confidence
        self.fallback = fallback
        self._lock = threading.Lock()

    def stream(self) -> SpeechStream:
        return BufferedStream(self.transcribe)

    def transcribe(self, pcm: bytes, *, phrases: Sequence[str] | None = None) -> Transcript:
        seconds = len(pcm) / (SAMPLE_RATE_HZ * SAMPLE_WIDTH_BYTES)
        phrases = self.phrases if phrases is None else phrases
        if phrases:
            text, confidence = self._decode(pcm, vosk_grammar(phrases))
            good = text and UNKNOWN not in text and confidence >= self.min_confidence
            if good or not self.fallback:
                return Transcript(text, confidence, seconds, self.engine)
        text, confidence = self._decode(pcm, None)
        return Transcript(text, confidence, seconds, self.engine)

    def _decode(self, pcm: bytes, grammar: list[str] | None) -> tuple[str, float]:
        with self._lock:
            if grammar is None:
                recognizer = vosk.KaldiRecognizer(self.model, SAMPLE_RATE_HZ)
            else:
                recognizer = vosk.KaldiRecognizer(self.model, SAMPLE_RATE_HZ, json.dumps(grammar))
            recognizer.SetWords(True)
            recognizer.AcceptWaveform(pcm)
            result = json.loads(recognizer.FinalResult())
        words = result.get("result") or []
        confidence = sum(float(w.get("conf", 0.0)) for w in words) / len(words) if words else 0.0
        text = str(result.get("text", "")).strip()
        return (text.replace(" ", "") if self.lang == "zh" else text), confidence
