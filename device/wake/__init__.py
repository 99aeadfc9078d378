"""Wake word engines behind ``WakeWordDetector``, and the factory that builds one per configured language.

A phrase with a trained model (from the server, ``ting.device.wake_models``, or ``ting wake train``:
``<models_dir>/wake/<wakeword id>.npz``) uses it, in any language (``trained.py``).
Without one, English uses PocketSphinx keyphrase spotting with a second-stage check of each hit
(``verify.py``) unless a Vosk model is configured for it; every other language needs a Vosk model.
The detectors of all languages listen side by side.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from ting.device.interfaces import AudioChunk, WakeDetection
from ting.device.memory import release_freed_memory
from ting.device.wake.base import SpottingDetector, wakeword_id
from ting.errors import SpeechModelError
from ting.settings import DeviceSettings

if TYPE_CHECKING:
    from ting.device.wake.shared_stream import EmbeddingSource

Sources = Callable[[], "EmbeddingSource"]
"""Where each trained detector built gets its embeddings: a tap of a hub shared by the models hearing the
same audio (``SharedEmbeddings.tap``), or a stream of its own from embedding models loaded once
(``FrontEnd``)."""

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


def build_wake_detector(settings: DeviceSettings, embeddings: Sources | None = None) -> MultiWakeDetector:
    """``embeddings``: for the trained models (without it, each loads the embedding models itself)."""
    detectors: list[SpottingDetector] = []
    for lang, phrase in settings.wake_phrases.items():
        try:
            detectors.append(_detector(settings, lang, phrase, embeddings))
        except SpeechModelError as error:
            _LOGGER.warning("no wake word %r for %s: %s", phrase, lang, error)
    if not detectors:
        raise SpeechModelError(f"no wake word can be spotted (device.wake_phrases = {settings.wake_phrases})")
    release_freed_memory()  # loading models leaves freed memory held by the allocator (~9 MB for onnxruntime)
    return MultiWakeDetector(detectors)


def _detector(
    settings: DeviceSettings, lang: str, phrase: str, embeddings: Sources | None
) -> SpottingDetector:
    options = {"sensitivity": settings.wake_sensitivity, "cooldown_seconds": settings.wake_cooldown_seconds}
    trained = _trained_detector(settings, lang, phrase, embeddings)
    if trained is not None:
        return trained
    if lang == "en" and settings.stt_engine != "vosk" and "en" not in settings.vosk_model_dirs:
        from ting.device.wake.pocketsphinx import PocketSphinxWakeDetector

        engine = "spotter + verifier" if settings.wake_verify else "spotter alone"
        _LOGGER.info("wake word %r (%s): PocketSphinx %s", phrase, lang, engine)
        return PocketSphinxWakeDetector(phrase, verify=settings.wake_verify, **options)
    from ting.device.models import RECOMMENDED
    from ting.device.stt import vosk_model_dir

    model_dir = vosk_model_dir(settings, lang)  # no model: a SpeechModelError before libvosk is loaded
    from ting.device.stt.vosk import load_model
    from ting.device.wake.vosk import VoskWakeDetector

    model = load_model(model_dir, RECOMMENDED.get(lang, ""))
    _LOGGER.info("wake word %r (%s): Vosk model %s", phrase, lang, model_dir)
    return VoskWakeDetector(model, phrase, lang, **options)


def _trained_detector(
    settings: DeviceSettings, lang: str, phrase: str, embeddings: Sources | None
) -> SpottingDetector | None:
    """The phrase's trained model when there is one; a broken one is an error, not a silent fallback."""
    from ting.device.wake.trained import model_path

    path = model_path(settings.models_dir.expanduser(), phrase, lang)
    if not path.is_file():
        return None
    from ting.device.wake.classifier import WakeModel
    from ting.device.wake.trained import TrainedWakeDetector

    advice = f"to replace it: ting wake train --lang {lang} --force"
    try:
        model = WakeModel.load(path)
    except SpeechModelError as error:
        raise SpeechModelError(f"{error} ({advice})") from None
    if (model.phrase, model.lang) != (phrase, lang):
        raise SpeechModelError(
            f"{path} was trained for {model.phrase!r} ({model.lang}), not {phrase!r}; {advice}"
        )
    # the front end's errors (no openwakeword, a broken ONNX file) are not the model's: they pass as they are
    detector = TrainedWakeDetector(
        model,
        sensitivity=settings.wake_sensitivity,
        cooldown_seconds=settings.wake_cooldown_seconds,
        embeddings=embeddings() if embeddings is not None else None,
    )
    _LOGGER.info("wake word %r (%s): trained model %s", phrase, lang, path)
    return detector
