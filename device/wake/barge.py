"""The barge-in detector: the wake phrases and the stop/pause phrases spotted side by side, in one stream.

Used while the device speaks or plays music (``ting.device.barge_in``). The stop phrases are spotted by the
same engines as the wake phrases (``ting.device.wake``): a trained model where ``ting wake train --stop``,
the server (``ting.device.wake_models``) or the benchmark made one (``ting.device.wake.stop_training``), else
(``device.barge_in = true`` only: ``auto`` hears a phrase only with its model) PocketSphinx keyphrase spotting
for English (no download) and a Vosk model for other languages. A language with none of these has no stop
phrases (one log line says so); its wake phrase still works.

Each hit is a ``WakeDetection`` whose ``wakeword_id`` says what was heard: the wake phrase's own id, or
``stop:<phrase>`` / ``pause:<phrase>`` (``Heard.parse`` reads it back).
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ting.device.interfaces import AudioChunk, WakeDetection
from ting.device.wake import build_wake_detector
from ting.device.wake.base import SpottingDetector
from ting.errors import SpeechModelError
from ting.settings import DeviceSettings

if TYPE_CHECKING:
    from ting.device.wake.embedding import SpeechEmbedder

_LOGGER = logging.getLogger(__name__)


class HeardKind(enum.StrEnum):
    WAKE = "wake"
    STOP = "stop"
    PAUSE = "pause"


@dataclass(frozen=True)
class Heard:
    """What a barge-in detection means."""

    kind: HeardKind
    phrase: str
    """The stop/pause phrase, or the wake word's id."""
    detection: WakeDetection

    @classmethod
    def parse(cls, detection: WakeDetection) -> Heard:
        kind, _, phrase = detection.wakeword_id.partition(":")
        if phrase and kind in (HeardKind.STOP, HeardKind.PAUSE):
            return cls(HeardKind(kind), phrase, detection)
        return cls(HeardKind.WAKE, detection.wakeword_id, detection)


class PhraseSpotter:
    """One stop or pause phrase: its engine's hits, named ``<kind>:<phrase>``."""

    def __init__(self, detector: SpottingDetector, kind: HeardKind, phrase: str) -> None:
        self._detector = detector
        self.kind = kind
        self.phrase = phrase

    def process(self, chunk: AudioChunk) -> WakeDetection | None:
        found = self._detector.process(chunk)
        if found is None:
            return None
        return WakeDetection(f"{self.kind}:{self.phrase}", found.lang, found.end_seconds)

    def reset(self) -> None:
        self._detector.reset()


class BargeDetector:
    """``WakeWordDetector`` over the wake phrases and every stop/pause phrase: a stop or pause hit wins over
    a wake hit in the same chunk (the wake spotter can take a stop phrase for the wake word)."""

    def __init__(self, wake: list[SpottingDetector], phrases: list[PhraseSpotter]) -> None:
        self.wake = wake
        self.phrases = phrases
        self._all: list[SpottingDetector | PhraseSpotter] = [*wake, *phrases]

    def process(self, chunk: AudioChunk) -> WakeDetection | None:
        wake = phrase = None
        for detector in self.wake:  # every detector hears every chunk (their streams stay whole)
            wake = detector.process(chunk) or wake
        for spotter in self.phrases:
            hit = spotter.process(chunk)
            phrase = phrase or hit
        return phrase or wake

    def reset(self) -> None:
        for detector in self._all:
            detector.reset()


_NOT_HEARD: set[tuple[HeardKind, str, str]] = set()
"""Phrases already logged as not heard: a detector is built per answer, the missing model stays missing."""


def build_barge_detector(settings: DeviceSettings) -> BargeDetector:
    """The configured wake phrases plus ``stop_phrases`` / ``pause_phrases`` of every language."""
    wake = build_wake_detector(settings).detectors
    phrases: list[PhraseSpotter] = []
    for kind, table in ((HeardKind.STOP, settings.stop_phrases), (HeardKind.PAUSE, settings.pause_phrases)):
        for lang, said in table.items():
            for phrase in said:
                try:
                    phrases.append(PhraseSpotter(_spotter(settings, lang, phrase), kind, phrase))
                except SpeechModelError as error:
                    if (kind, phrase, lang) not in _NOT_HEARD:  # once per process, not per detector built
                        _NOT_HEARD.add((kind, phrase, lang))
                        _LOGGER.warning("%s phrase %r (%s) not heard: %s", kind, phrase, lang, error)
    return BargeDetector(wake, phrases)


def _spotter(settings: DeviceSettings, lang: str, phrase: str) -> SpottingDetector:
    cooldown = settings.wake_cooldown_seconds
    trained = _trained_spotter(settings, lang, phrase)
    if trained is not None:
        return trained
    if settings.barge_in == "auto":  # the spotters below stop the device on its own voice
        raise SpeechModelError("no trained model yet (device.barge_in = auto hears a phrase only with one)")
    if lang == "en" and "en" not in settings.vosk_model_dirs:
        from ting.device.wake.pocketsphinx import PocketSphinxWakeDetector

        # the second stage is made for the wake phrase (its look-alikes, its pause before): not used here
        return PocketSphinxWakeDetector(
            phrase, verify=False, sensitivity=settings.stop_sensitivity, cooldown_seconds=cooldown
        )
    from ting.device.models import RECOMMENDED
    from ting.device.stt import vosk_model_dir

    model_dir = vosk_model_dir(settings, lang)  # a SpeechModelError when there is none
    from ting.device.stt.vosk import load_model
    from ting.device.wake.vosk import VoskWakeDetector

    model = load_model(model_dir, RECOMMENDED.get(lang, ""))
    return VoskWakeDetector(
        model, phrase, lang, sensitivity=settings.stop_sensitivity, cooldown_seconds=cooldown
    )


def _trained_spotter(settings: DeviceSettings, lang: str, phrase: str) -> SpottingDetector | None:
    """The phrase's trained model (``ting wake train --stop``) when there is one: trained on the device's
    own voice through the echo canceller, it fires on the residual far less than the keyphrase spotters."""
    from ting.device.wake.stop_training import stop_model_path

    path = stop_model_path(settings.models_dir.expanduser(), phrase, lang)
    if not path.is_file():
        return None
    from ting.device.wake.classifier import WakeModel
    from ting.device.wake.trained import TrainedWakeDetector

    model = WakeModel.load(path)  # a broken file: a SpeechModelError, logged once as "not heard"
    if (model.phrase, model.lang) != (phrase, lang):
        raise SpeechModelError(
            f"{path} was trained for {model.phrase!r} ({model.lang});"
            f" ting wake train --stop --lang {lang} --force"
        )
    if not _EMBEDDER:
        from ting.device.wake.embedding import SpeechEmbedder

        _EMBEDDER.append(SpeechEmbedder())  # its ONNX sessions, loaded once; each detector has its own stream
    return TrainedWakeDetector(
        model,
        sensitivity=settings.stop_sensitivity,
        cooldown_seconds=settings.wake_cooldown_seconds,
        embedder=_EMBEDDER[0],
    )


_EMBEDDER: list[SpeechEmbedder] = []
