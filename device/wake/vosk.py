"""Wake phrase by Vosk with the grammar ``[phrase, "[unk]"]``: any language with a Vosk model."""

from __future__ import annotations

import json
from typing import Any

import vosk

from device.interfaces import SAMPLE_RATE_HZ
from device.stt.grammar import UNKNOWN, normalize_phrase, same_text
from device.wake.base import SpottingDetector


class VoskWakeDetector(SpottingDetector):
    """``min_confidence`` (from the sensitivity) is the least mean word confidence that counts."""

    def __init__(
        self, model: Any, phrase: str, lang: str, *, sensitivity: float = 0.5, cooldown_seconds: float = 2.0
    ) -> None:
        super().__init__(phrase, lang, cooldown_seconds=cooldown_seconds)
        self._target = normalize_phrase(phrase)
        self._grammar = json.dumps([self._target, UNKNOWN])
        self._model = model
        self.min_confidence = 0.9 - 0.6 * min(1.0, max(0.0, sensitivity))
        self._restart()

    def _spot(self, pcm: bytes) -> bool:
        if not self._recognizer.AcceptWaveform(pcm):
            return False
        result = json.loads(self._recognizer.Result())
        words = result.get("result") or []
        confidence = sum(float(w.get("conf", 0.0)) for w in words) / len(words) if words else 0.0
        return same_text(result.get("text", ""), self._target) and confidence >= self.min_confidence

    def _restart(self) -> None:
        self._recognizer = vosk.KaldiRecognizer(self._model, SAMPLE_RATE_HZ, self._grammar)
        self._recognizer.SetWords(True)
