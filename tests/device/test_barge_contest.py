"""Which hit wins when a wake hit and a stop hit fall on the same words (``BargeIn``, ``BargeDetector``):
the stop, unless both come from trained models and the wake model is the surer (its log-odds over its
threshold, ``WakeDetection.margin``); and a trained stop hit waits while a trained wake model can still claim
its words. "hey ting" over music is not 停; "stop" taken for the wake word by the keyphrase spotter (no
margin) still stops. Detectors whose hits are given, and a real trained-model detector (real embeddings)
with a classifier that scores every window alike (the trained models are measured in bench/barge_in.py)."""

from __future__ import annotations

import numpy as np

from ting.device.barge_in import BargeIn
from ting.device.interfaces import AudioChunk, WakeDetection
from ting.device.wake.barge import CONTEST_SECONDS, REACH_LOGITS, BargeDetector, HeardKind, PhraseSpotter
from ting.device.wake.base import SpottingDetector
from ting.device.wake.classifier import WINDOW_EMBEDDINGS, WakeModel
from ting.device.wake.embedding import EMBEDDING_SIZE
from ting.device.wake.trained import WAKE_DEFAULT_LOGIT, TrainedWakeDetector, min_logit
from ting.supervise import Backoff

Hit = tuple[str, float | None]
"""What a scripted detector hears in a chunk: its id and its margin (None: an engine without one)."""


class Scripted:
    """A barge-in detector whose hits are given: chunk index -> (id, margin)."""

    def __init__(self, hits: dict[int, Hit]) -> None:
        self.hits = hits
        self.index = -1

    def process(self, chunk: AudioChunk) -> WakeDetection | None:
        self.index += 1
        if self.index not in self.hits:
            return None
        said, margin = self.hits[self.index]
        return WakeDetection(said, "en", chunk.start_seconds + chunk.seconds, margin)

    def reset(self) -> None:
        pass


async def heard_over(hits: dict[int, Hit], chunks: int = 60) -> list[tuple[int, HeardKind, str]]:
    barge = BargeIn(
        lambda: Scripted(hits), lambda s, _e: np.zeros(int(s * 16_000), np.float32), Backoff(0.1, 1), {}
    )
    barge._mic.batch_seconds = 0.0  # every chunk checked as it comes: the chunk index is the hit's
    rng = np.random.default_rng(5)
    found = []
    for index in range(chunks):
        pcm = (rng.standard_normal(480) * 2000).astype("<i2").tobytes()
        heard = await barge.hear(AudioChunk(pcm, index * 0.03))
        if heard is not None:
            found.append((index, heard.kind, heard.phrase))
    return found


async def test_a_surer_trained_wake_word_wins_over_a_stop_on_its_words() -> None:
    found = await heard_over({10: ("hey_ting", 2.0), 12: ("stop:停", 0.4)})
    assert found == [(12, HeardKind.WAKE, "hey_ting")]


async def test_a_surer_stop_model_still_stops() -> None:
    found = await heard_over({10: ("hey_ting", 0.3), 12: ("stop:停", 1.5)})
    assert found == [(12, HeardKind.STOP, "停")]


async def test_a_stop_wins_over_the_wake_spotter_which_has_no_margin() -> None:
    found = await heard_over({10: ("hey_ting", None), 12: ("stop:stop", 0.1)})
    assert found == [(12, HeardKind.STOP, "stop")]


class Engine(SpottingDetector):
    """An engine whose hits (chunk index -> margin) are given, behind the real ``SpottingDetector``."""

    def __init__(self, phrase: str, hits: dict[int, float | None]) -> None:
        super().__init__(phrase, "en", cooldown_seconds=2.0)
        self.hits = hits
        self.index = -1

    def _spot(self, pcm: bytes) -> bool:
        self.index += 1
        return self.index in self.hits

    def _margin(self) -> float | None:
        return self.hits[self.index]

    def _restart(self) -> None:
        pass


def hits_of(detector: BargeDetector, chunks: int = 20) -> list[tuple[int, str, float | None]]:
    found = []
    for index in range(chunks):
        hit = detector.process(AudioChunk(b"\0\0" * 480, index * 0.03))
        if hit is not None:
            found.append((index, hit.wakeword_id, hit.margin))
    return found


def test_in_the_same_chunk_the_surer_model_wins() -> None:
    both = BargeDetector(
        [Engine("hey ting", {5: 1.8})], [PhraseSpotter(Engine("ting", {5: 0.2}), HeardKind.STOP, "停")]
    )
    assert hits_of(both) == [(5, "hey_ting", 1.8)]
    both = BargeDetector(
        [Engine("hey ting", {5: 0.2})], [PhraseSpotter(Engine("ting", {5: 0.9}), HeardKind.STOP, "停")]
    )
    assert hits_of(both) == [(5, "stop:停", 0.9)]
    spotter = BargeDetector(
        [Engine("hey ting", {5: None})], [PhraseSpotter(Engine("stop", {5: None}), HeardKind.STOP, "stop")]
    )
    assert hits_of(spotter) == [(5, "stop:stop", None)]


def steady_wake_model(logit: float) -> TrainedWakeDetector:
    """A trained-model detector (real embeddings) whose classifier scores every window ``logit``."""
    size = WINDOW_EMBEDDINGS * EMBEDDING_SIZE
    model = WakeModel(
        "hey ting", "en", np.zeros(size), np.ones(size), [(np.zeros((size, 1)), np.array([logit]))]
    )
    return TrainedWakeDetector(model)


def test_a_trained_stop_waits_only_while_the_wake_model_can_still_claim_its_words() -> None:
    threshold = min_logit(0.5, WAKE_DEFAULT_LOGIT)  # the wake model's
    stop_at = 10
    for wake_logit, expected_chunk in [
        (threshold - REACH_LOGITS - 5, stop_at),  # the wake model nowhere near: the stop at once
        (threshold - 5, stop_at + round(CONTEST_SECONDS / 0.03)),  # within reach: it waits, then stops
    ]:
        detector = BargeDetector(
            [steady_wake_model(wake_logit)],
            [PhraseSpotter(Engine("ting", {stop_at: 0.7}), HeardKind.STOP, "停")],
        )
        assert hits_of(detector, 40) == [(expected_chunk, "stop:停", 0.7)]


def test_only_a_phrase_that_sounds_like_part_of_the_wake_phrase_waits_for_it() -> None:
    """停 and 暂停 share "ting" with "hey ting" and wait while its model is within reach; "stop", 别说了
    and 别放了 share no sound with it and stop at once, the wake model as close to firing."""
    within_reach = min_logit(0.5) - 5
    stop_at, waited = 10, round(CONTEST_SECONDS / 0.03)
    for phrase, expected_chunk in [
        ("停", stop_at + waited),
        ("暂停", stop_at + waited),
        ("stop", stop_at),
        ("别说了", stop_at),
        ("别放了", stop_at),
    ]:
        detector = BargeDetector(
            [steady_wake_model(within_reach)],
            [PhraseSpotter(Engine(phrase, {stop_at: 0.7}), HeardKind.STOP, phrase)],
        )
        assert hits_of(detector, 40) == [(expected_chunk, f"stop:{phrase}", 0.7)], phrase


def test_a_phrase_waits_only_for_the_wake_models_it_sounds_like() -> None:
    """Two stop phrases heard in the same chunk: the first one's rivals decide the wait."""
    within_reach = min_logit(0.5) - 5
    detector = BargeDetector(
        [steady_wake_model(within_reach)],
        [
            PhraseSpotter(Engine("stop", {10: 0.9}), HeardKind.STOP, "stop"),
            PhraseSpotter(Engine("停", {10: 0.7}), HeardKind.STOP, "停"),
        ],
    )
    assert hits_of(detector, 40) == [(10, "stop:stop", 0.9)]
