"""The barge-in detector: the wake phrases and the stop/pause phrases spotted side by side, in one stream.

Used while the device speaks or plays music (``ting.device.barge_in``). The stop phrases are spotted by the
same engines as the wake phrases (``ting.device.wake``): a trained model where ``ting wake train --stop``,
the server (``ting.device.wake_models``) or the benchmark made one (``ting.device.wake.stop_training``), else
(``device.barge_in = true`` only: ``auto`` hears a phrase only with its model) PocketSphinx keyphrase spotting
for English (no download) and a Vosk model for other languages. A language with none of these has no stop
phrases (one log line says so); its wake phrase still works.

The trained models among them (stop and pause phrases, and the wake word where it has one) hear one
embedding stream (``SharedEmbeddings``): the front end runs once per chunk, not once per model.

Each hit is a ``WakeDetection`` whose ``wakeword_id`` says what was heard: the wake phrase's own id, or
``stop:<phrase>`` / ``pause:<phrase>`` (``Heard.parse`` reads it back).
"""

from __future__ import annotations

import enum
import logging
import math
from dataclasses import dataclass, field

import numpy as np

from ting.device.interfaces import AudioChunk, WakeDetection
from ting.device.wake import Sources, build_wake_detector
from ting.device.wake.base import SpottingDetector
from ting.device.wake.classifier import WINDOW_EMBEDDINGS, WakeModel
from ting.device.wake.shared_stream import EmbeddingSource, FrontEnd, SharedEmbeddings
from ting.device.wake.sound_alike import sounds_like_part_of
from ting.device.wake.trained import TrainedWakeDetector
from ting.errors import SpeechModelError
from ting.settings import DeviceSettings

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


class AloneCheck:
    """A phrase's alone check (``alone_check``) hearing the detector's embedding stream: it scores its newest
    window (and the one before it) when asked (~0.1 ms a window), so a stop hit can be decided at the hit or
    at any window after it."""

    def __init__(self, model: WakeModel, embeddings: EmbeddingSource) -> None:
        self.model = model
        self._embeddings = embeddings
        self._recent = embeddings.restart()[-WINDOW_EMBEDDINGS - 1 :]
        """The newest window's embeddings and the one before them."""
        self._logits: list[float | None] = [None, None]
        """The scores of the window before the newest and of the newest, once asked."""
        self.fresh = True
        """A window not asked about yet."""

    def hear(self, pcm: bytes) -> None:
        new = self._embeddings.feed(pcm)
        if len(new):
            self._recent = np.concatenate([self._recent, new])[-WINDOW_EMBEDDINGS - 1 :]
            self._logits = [self._logits[1] if len(new) == 1 else None, None]
            self.fresh = True

    def logit(self, back: int = 0) -> float:
        """The check's log-odds that the newest window (``back`` = 1: the one before it) holds the phrase said
        alone."""
        from ting.device.wake.alone_check import alone_logit

        slot = 1 - back
        score = self._logits[slot]
        if score is None:
            end = len(self._recent) - back
            if end < WINDOW_EMBEDDINGS:  # no window that far back since the stream started
                return -math.inf
            score = self._logits[slot] = alone_logit(self.model, self._recent[end - WINDOW_EMBEDDINGS : end])
            _LOGGER.debug("%s: alone check %+.2f", self.model.phrase, score)
        if back == 0:
            self.fresh = False
        return score

    def said_alone(self) -> bool:
        from ting.device.wake.alone_check import ALONE_LOGIT

        return self.logit() >= ALONE_LOGIT

    def reset(self) -> None:
        self._recent = self._embeddings.restart()[-WINDOW_EMBEDDINGS - 1 :]
        self._logits, self.fresh = [None, None], True


class PhraseSpotter:
    """One stop or pause phrase: its engine's hits, named ``<kind>:<phrase>``; ``alone``: its alone check,
    for a trained phrase that sounds like part of a wake phrase and has one."""

    def __init__(
        self, detector: SpottingDetector, kind: HeardKind, phrase: str, alone: AloneCheck | None = None
    ) -> None:
        self._detector = detector
        self.kind = kind
        self.phrase = phrase
        self.alone = alone

    def process(self, chunk: AudioChunk) -> WakeDetection | None:
        found = self._detector.process(chunk)
        if self.alone is not None and chunk.pcm:
            self.alone.hear(chunk.pcm)
        if found is None:
            return None
        return WakeDetection(f"{self.kind}:{self.phrase}", found.lang, found.end_seconds, found.margin)

    def reset(self) -> None:
        self._detector.reset()
        if self.alone is not None:
            self.alone.reset()


class BargeDetector:
    """``WakeWordDetector`` over the wake phrases and every stop/pause phrase.

    Which hit wins when a wake hit and a stop hit fall on the same words: when both come from trained models,
    the surer of the two (``surer``: each model's log-odds over its own threshold, ``WakeDetection.margin``);
    a hit with no such score (the keyphrase spotters), the stop or pause, as before (the wake spotter takes
    "stop" for the wake word). A trained stop model hears 停 at the start of the "ting" of "hey ting", the
    wake model only at its end: so a trained hit of a phrase that sounds like part of a wake phrase
    (``sounds_like_part_of``: 停 and 暂停 for "hey ting"; decided here, once per detector built) waits, at
    most ``CONTEST_SECONDS``, while that phrase's trained wake model's score is within ``REACH_LOGITS`` of its
    threshold, for that model's hit on the same words, unless its alone check (``alone_check``: trained
    beside the stop model) is sure, at the hit or at a window after it, that the phrase was said alone.
    Any other phrase ("stop", 别放了) stops at once."""

    def __init__(self, wake: list[SpottingDetector], phrases: list[PhraseSpotter]) -> None:
        self.wake = wake
        self.phrases = phrases
        self._all: list[SpottingDetector | PhraseSpotter] = [*wake, *phrases]
        trained_wake = [d for d in wake if isinstance(d, TrainedWakeDetector)]
        self._rivals = [
            [d for d in trained_wake if sounds_like_part_of(spotter.phrase, d.phrase)] for spotter in phrases
        ]
        """Each phrase's trained wake models that may claim its words (none: its hits never wait)."""
        self._waiting: Wait | None = None
        """A trained stop hit waiting for its rival wake models (its alone check can end the wait at any
        window)."""

    def process(self, chunk: AudioChunk) -> WakeDetection | None:
        wake = phrase = None
        rivals: list[TrainedWakeDetector] = []
        said_by: PhraseSpotter | None = None
        for detector in self.wake:  # every detector hears every chunk (their streams stay whole)
            wake = detector.process(chunk) or wake
        for spotter, its_rivals in zip(self.phrases, self._rivals, strict=True):
            hit = spotter.process(chunk)
            if phrase is None and hit is not None:
                phrase, rivals, said_by = hit, its_rivals, spotter
        now = chunk.start_seconds + chunk.seconds
        if self._waiting is not None:
            wait = self._waiting
            if wake is not None:
                self._waiting = None
                return wait.ends("wake hit", now, surer(wake, wait.hit))
            if now >= wait.since + CONTEST_SECONDS:
                reason = "wait over"
            elif not within_reach(wait.rivals):
                reason = "wake model out of reach"
            elif wait.said_alone(now):
                reason = "alone"
            else:
                return None
            self._waiting = None
            return wait.ends(reason, now, wait.hit)
        if phrase is not None and wake is not None:
            return surer(wake, phrase)
        if said_by is not None and phrase is not None and phrase.margin is not None and within_reach(rivals):
            wait = Wait(phrase, now, rivals, said_by)
            wait.before()
            if wait.said_alone(now):  # no wake phrase's start before these words: nothing to wait for
                return wait.ends("alone", now, phrase)
            self._waiting = wait
            return None
        return phrase or wake

    def reset(self) -> None:
        self._waiting = None
        for detector in self._all:
            detector.reset()


@dataclass
class Wait:
    """A trained stop hit waiting for its rival wake models; the alone check's score at each window asked
    (for the log line that says why the stop came when it did)."""

    hit: WakeDetection
    since: float
    """Stream seconds at the hit."""
    rivals: list[TrainedWakeDetector]
    spotter: PhraseSpotter
    scores: list[tuple[int, float]] = field(default_factory=list)
    """(ms after the hit, the check's score) at each window asked."""

    def said_alone(self, now: float) -> bool:
        alone = self.spotter.alone
        if alone is None:
            return False
        if alone.fresh:
            self.scores.append((round((now - self.since) * 1000), round(alone.logit(), 2)))
        return alone.said_alone()

    def before(self) -> None:
        """At the hit: the score of the window before it too (for the log)."""
        if self.spotter.alone is not None:
            self.scores.append((-80, round(self.spotter.alone.logit(back=1), 2)))

    def ends(self, reason: str, now: float, given: WakeDetection) -> WakeDetection:
        """``given`` (the stop, or the wake word surer of the words), logged with why and when."""
        said = (given.wakeword_id, reason, (now - self.since) * 1000, self.spotter.phrase, self.scores)
        _LOGGER.debug("barge decision: %s (%s) %.0f ms after the %s hit; alone check %s", *said)
        return given


CONTEST_SECONDS = 0.53
"""How long a trained stop hit waits for a trained wake model's hit on the same words, at most (on dev
clips: "hey ting" over music, the wake model hit 0.3-0.4 s after the 停 model; 0.45 s then, and 80 ms more
since a wake needs a second window in a row, ``trained.WAKE_TRIGGER_STEPS``)."""
REACH_LOGITS = 14.5
"""A trained wake model this close to its threshold (logit above -11 at the default sensitivity) may still
hit the same words: on the dev clips, the wake model stayed above it from the 停 model's hit to its own on
"hey ting", and fell under it within 0.25 s of the hit on 停 said alone."""


def within_reach(wake_models: list[TrainedWakeDetector]) -> bool:
    """Whether one of these trained wake models may still hit the words just heard."""
    return any(d.last_score > d.threshold_logit - REACH_LOGITS for d in wake_models)


def surer(wake: WakeDetection, phrase: WakeDetection) -> WakeDetection:
    """Both on the same words: the wake word only when both models are trained and it is the surer one."""
    if wake.margin is not None and phrase.margin is not None and wake.margin > phrase.margin:
        said = (wake.wakeword_id, wake.margin, phrase.wakeword_id, phrase.margin)
        _LOGGER.info("%s %+.2f over %s %+.2f", *said)
        return wake
    return phrase


class BargeDetectors:
    """Builds the barge-in detector, again for each answer (``BargeIn``): the trained models of one detector
    share one embedding stream (``SharedEmbeddings``), and every detector the embedding models, loaded once
    (``front_end``)."""

    def __init__(self, settings: DeviceSettings, front_end: FrontEnd | None = None) -> None:
        self.settings = settings
        self.front_end = front_end or FrontEnd()
        self._not_heard: set[tuple[HeardKind, str, str]] = set()
        """Phrases already logged as not heard: a missing model stays missing from one answer to the next."""

    def __call__(self) -> BargeDetector:
        return build_barge_detector(self.settings, self.front_end, self._not_heard)


def build_barge_detector(
    settings: DeviceSettings,
    front_end: FrontEnd,
    not_heard: set[tuple[HeardKind, str, str]] | None = None,
) -> BargeDetector:
    """The configured wake phrases plus ``stop_phrases`` / ``pause_phrases`` of every language; the trained
    models among them hear one embedding stream. ``not_heard``: phrases already logged as missing."""
    hub: list[SharedEmbeddings] = []

    def tap() -> EmbeddingSource:
        if not hub:  # loaded with the first trained model: a detector without one needs no ONNX sessions
            hub.append(front_end.shared())
        return hub[0].tap()

    wake = build_wake_detector(settings, tap).detectors
    logged = set() if not_heard is None else not_heard
    phrases: list[PhraseSpotter] = []
    for kind, table in ((HeardKind.STOP, settings.stop_phrases), (HeardKind.PAUSE, settings.pause_phrases)):
        for lang, said in table.items():
            for phrase in said:
                try:
                    spotter = _spotter(settings, lang, phrase, tap)
                    trained = isinstance(spotter, TrainedWakeDetector)
                    check = _alone_check(settings, lang, phrase) if trained else None
                    alone = AloneCheck(check, tap()) if check is not None else None
                    phrases.append(PhraseSpotter(spotter, kind, phrase, alone))
                except SpeechModelError as error:
                    if (kind, phrase, lang) not in logged:  # once per device, not per detector built
                        logged.add((kind, phrase, lang))
                        _LOGGER.warning("%s phrase %r (%s) not heard: %s", kind, phrase, lang, error)
    return BargeDetector(wake, phrases)


def _alone_check(settings: DeviceSettings, lang: str, phrase: str) -> WakeModel | None:
    """The phrase's alone check, when ``ting wake train --stop`` made one (only for a phrase that sounds like
    part of a wake phrase); a broken file: a ``SpeechModelError`` (the phrase is then logged as not heard)."""
    from ting.device.wake.alone_check import alone_model_path

    path = alone_model_path(settings.models_dir.expanduser(), phrase, lang)
    return WakeModel.load(path) if path.is_file() else None


def _spotter(settings: DeviceSettings, lang: str, phrase: str, embeddings: Sources) -> SpottingDetector:
    cooldown = settings.wake_cooldown_seconds
    trained = _trained_spotter(settings, lang, phrase, embeddings)
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


def _trained_spotter(
    settings: DeviceSettings, lang: str, phrase: str, embeddings: Sources
) -> SpottingDetector | None:
    """The phrase's trained model (``ting wake train --stop``) when there is one: trained on the device's
    own voice through the echo canceller, it fires on the residual far less than the keyphrase spotters."""
    from ting.device.wake.stop_training import stop_model_path

    path = stop_model_path(settings.models_dir.expanduser(), phrase, lang)
    if not path.is_file():
        return None
    from ting.device.wake.trained import STOP_DEFAULT_LOGIT, STOP_TRIGGER_STEPS, TrainedWakeDetector

    model = WakeModel.load(path)  # a broken file: a SpeechModelError, logged once as "not heard"
    if (model.phrase, model.lang) != (phrase, lang):
        raise SpeechModelError(
            f"{path} was trained for {model.phrase!r} ({model.lang});"
            f" ting wake train --stop --lang {lang} --force"
        )
    return TrainedWakeDetector(
        model,
        sensitivity=settings.stop_sensitivity,
        cooldown_seconds=settings.wake_cooldown_seconds,
        embeddings=embeddings(),
        trigger_steps=STOP_TRIGGER_STEPS,
        default_logit=STOP_DEFAULT_LOGIT,
    )
