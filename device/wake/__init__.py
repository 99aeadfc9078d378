"""Wake word engines behind ``WakeWordDetector``, and the factory that builds one per configured language.

English uses PocketSphinx keyphrase spotting with a second-stage check of each hit (``verify.py``)
unless a Vosk model is configured for it; every other language needs a Vosk model. The detectors of all
languages listen side by side.
"""

from __future__ import annotations

import logging

from device.interfaces import AudioChunk, WakeDetection
from device.wake.base import SpottingDetector, wakeword_id
from ting.errors import SpeechModelError
from ting.settings import DeviceSettings

__all__ = ["MultiWakeDetector", "SpottingDetector", "build_wake_detector", "wakeword_id"]
_LOGGER = logging.getLogger(__name__)


class MultiWakeDetector:
    """Several phrases (one per language) at once; the first to fire wins."""

    def __init__(self, detectors: list[SpottingDetector]) -> None:
        self.detectors = detectors

    def process(self, chunk: AudioChunk) -> WakeDetection | None:
        for detector in self.detectors:
            detection = detector.process(chunk)
            if detection is not None:
                return detection
        return None

    def reset(self) -> None:
        for detector in self.detectors:
            detector.reset()

    def pause(self) -> None:
        for detector in self.detectors:
            detector.pause()

    def resume(self) -> None:
        for detector in self.detectors:
            detector.resume()


def build_wake_detector(settings: DeviceSettings) -> MultiWakeDetector:
    detectors: list[SpottingDetector] = []
    for lang, phrase in settings.wake_phrases.items():
        try:
            detectors.append(_detector(settings, lang, phrase))
        except SpeechModelError as error:
            _LOGGER.warning("no wake word %r for %s: %s", phrase, lang, error)
    if not detectors:
        raise SpeechModelError(f"no wake word can be spotted (device.wake_phrases = {settings.wake_phrases})")
    return MultiWakeDetector(detectors)


def _detector(settings: DeviceSettings, lang: str, phrase: str) -> SpottingDetector:
    options = {"sensitivity": settings.wake_sensitivity, "cooldown_seconds": settings.wake_cooldown_seconds}
    if lang == "en" and settings.stt_engine == "pocketsphinx" and "en" not in settings.vosk_model_dirs:
        from device.wake.pocketsphinx import PocketSphinxWakeDetector

        return PocketSphinxWakeDetector(phrase, verify=settings.wake_verify, **options)
    from device.models import RECOMMENDED
    from device.stt import vosk_model_dir

    model_dir = vosk_model_dir(settings, lang)  # no model: a SpeechModelError before libvosk is loaded
    from device.stt.vosk import load_model
    from device.wake.vosk import VoskWakeDetector

    model = load_model(model_dir, RECOMMENDED.get(lang, ""))
    return VoskWakeDetector(model, phrase, lang, **options)
