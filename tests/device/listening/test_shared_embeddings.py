"""One embedding stream for all trained models (``ting.device.wake.shared_stream``): every model fires
exactly where it fires with a stream of its own, on real speech (espeak-ng, made now), while the hub
computes the embeddings once per chunk, apart from the few seconds after a model fired.

The models are small networks with weights drawn from a seeded generator, their thresholds set so each
fires a few times on the clip: what is tested is the stream under them, which must make no difference."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from ting.device.interfaces import AudioChunk
from ting.device.wake.barge import BargeDetectors
from ting.device.wake.classifier import WINDOW_EMBEDDINGS, WakeModel, sliding_windows
from ting.device.wake.embedding import EMBEDDING_SIZE, SpeechEmbedder
from ting.device.wake.shared_stream import EmbeddingTap, FrontEnd, SharedEmbeddings
from ting.device.wake.stop_training import stop_model_path
from ting.device.wake.trained import (
    STOP_DEFAULT_LOGIT,
    STOP_TRIGGER_STEPS,
    WAKE_DEFAULT_LOGIT,
    TrainedWakeDetector,
    model_path,
)
from ting.device.wav import read_wav
from ting.settings import DeviceSettings

from .conftest import Speech

SENTENCES = (
    ("stop the music please", "en-us"),
    ("hey ting what is the weather like tomorrow", "en-gb"),
    ("be quiet, I am on the phone", "en-us+f3"),
    ("pause it for a minute and then play the next song", "en-us+m3"),
    ("别说了", "cmn"),
    ("暂停一下音乐", "cmn"),
)


@pytest.fixture(scope="module")
def embedder() -> SpeechEmbedder:
    return SpeechEmbedder()


@pytest.fixture(scope="module")
def speech(spoken: Speech, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """~15 s: six sentences, two voices of Mandarin among them, with pink noise under them."""
    parts = [read_wav(spoken(text, voice=voice, pad_seconds=0.4)) for text, voice in SENTENCES]
    noise = tmp_path_factory.mktemp("noise") / "pink.wav"
    seconds = sum(len(part) for part in parts) / 32_000
    synth = ["synth", f"{seconds:.2f}", "pinknoise", "vol", "0.02"]
    subprocess.run(["sox", "-R", "-n", "-r", "16000", "-c", "1", "-b", "16", str(noise), *synth], check=True)
    clip = np.frombuffer(b"".join(parts), dtype="<i2").astype(np.int32)
    pink = np.frombuffer(read_wav(noise), dtype="<i2")[: len(clip)].astype(np.int32)
    clip[: len(pink)] += pink
    return np.clip(clip, -32768, 32767).astype("<i2").tobytes()


def model(seed: int, windows: npt.NDArray[np.float32], fires_share: float) -> tuple[WakeModel, float]:
    """A small network over the clip's windows, and a threshold its top ``fires_share`` of them reach."""
    rng = np.random.default_rng(seed)
    flat = windows.reshape(len(windows), -1).astype(np.float64)
    hidden = 16
    layers = [
        (rng.normal(0, 0.05, (WINDOW_EMBEDDINGS * EMBEDDING_SIZE, hidden)), rng.normal(0, 0.1, hidden)),
        (rng.normal(0, 0.5, (hidden, 1)), np.zeros(1)),
    ]
    made = WakeModel(f"phrase {seed}", "en", flat.mean(axis=0), flat.std(axis=0) + 1e-3, layers)
    return made, float(np.quantile(made.logits(windows), 1 - fires_share))


@pytest.fixture(scope="module")
def models(embedder: SpeechEmbedder, speech: bytes) -> list[tuple[WakeModel, float]]:
    windows = sliding_windows(embedder.embed(speech))
    return [model(seed, windows, share) for seed, share in ((1, 0.03), (2, 0.05), (3, 0.02), (4, 0.04))]


def chunks(pcm: bytes, sizes: tuple[int, ...]) -> Iterator[AudioChunk]:
    """The clip in chunks of ``sizes`` samples, in turn (none a multiple of the 80 ms step)."""
    start = index = 0
    while start < len(pcm) // 2:
        size = sizes[index % len(sizes)]
        yield AudioChunk(pcm[start * 2 : (start + size) * 2], start / 16_000)
        start, index = start + size, index + 1


def hits(detectors: list[TrainedWakeDetector], pcm: bytes, sizes: tuple[int, ...]) -> list[tuple[int, float]]:
    found = []
    for chunk in chunks(pcm, sizes):
        for index, detector in enumerate(detectors):  # each hears every chunk, as in the barge-in detector
            detection = detector.process(chunk)
            if detection is not None:
                found.append((index, round(detection.end_seconds, 4)))
    return found


def detectors_of(
    models: list[tuple[WakeModel, float]], embedder: SpeechEmbedder
) -> list[TrainedWakeDetector]:
    """Each with a stream of its own; each fires on one window at its threshold (random networks, whose hits
    are many single windows: the stream is under test here, not the wake word's confirmation)."""
    return [
        TrainedWakeDetector(
            made, threshold_logit=threshold, cooldown_seconds=0.0, embedder=embedder, trigger_steps=1
        )
        for made, threshold in models
    ]


@pytest.mark.parametrize("sizes", [(480,), (320, 1000, 2900, 160)], ids=["30ms", "mixed"])
def test_one_shared_stream_fires_exactly_where_separate_streams_do(
    embedder: SpeechEmbedder, speech: bytes, models: list[tuple[WakeModel, float]], sizes: tuple[int, ...]
) -> None:
    separate = hits(detectors_of(models, embedder), speech, sizes)
    hub = SharedEmbeddings(embedder)
    shared = [
        TrainedWakeDetector(
            made, threshold_logit=threshold, cooldown_seconds=0.0, embeddings=hub.tap(), trigger_steps=1
        )
        for made, threshold in models
    ]
    most_streams = quiet_chunks = 0
    found: list[tuple[int, float]] = []
    for chunk in chunks(speech, sizes):
        for index, detector in enumerate(shared):
            detection = detector.process(chunk)
            if detection is not None:
                found.append((index, round(detection.end_seconds, 4)))
        most_streams = max(most_streams, hub.streams)
        if chunk.start_seconds - max((end for _, end in found), default=0.0) > 1.0:
            assert hub.streams == 1  # a second after the last hit, one stream again
            quiet_chunks += 1

    assert found == separate
    assert len({index for index, _ in found}) == len(models)  # every model fired, most of them often
    assert len(found) >= 8
    # a model that fired starts again from silence on a branch of its own, which joins the others ~0.8 s on
    assert most_streams >= 2
    # the cost: one stream, plus a second one for < 1 s after each hit (separate: len(models) streams)
    chunks_per_second = 16_000 / np.mean(sizes)
    assert hub.stream_feeds - hub.chunks <= len(found) * chunks_per_second
    assert hub.stream_feeds < 0.5 * len(models) * hub.chunks
    assert quiet_chunks > hub.chunks / 10, (quiet_chunks, len(found), hub.stream_feeds, hub.chunks)


def test_models_restarting_together_share_one_stream_again_at_once(
    embedder: SpeechEmbedder, speech: bytes, models: list[tuple[WakeModel, float]]
) -> None:
    hub = SharedEmbeddings(embedder)
    detectors = [
        TrainedWakeDetector(made, threshold_logit=np.inf, embeddings=hub.tap()) for made, _ in models
    ]
    pcm = speech[: 3 * 32_000]
    for chunk in chunks(pcm, (480,)):
        for detector in detectors:
            assert detector.process(chunk) is None  # none fires: one stream throughout
        assert hub.streams == 1
    detectors[0].reset()
    assert hub.streams == 2
    for detector in detectors[1:]:
        detector.reset()  # the barge-in detector's reset: every model at the same place
    assert hub.streams == 1


def test_the_barge_in_detector_feeds_its_trained_models_from_one_stream(
    embedder: SpeechEmbedder, speech: bytes, models: list[tuple[WakeModel, float]], tmp_path: Path
) -> None:
    """The trained wake word and stop phrases of a barge-in detector, built again for each answer: one
    stream for all, the embedding models loaded once, and the same hits as each with a stream of its own."""
    # each model moved so that its threshold is the default sensitivity's: the settings' own thresholds
    wake, stop, pause = (
        at_default(made, threshold, default)
        for (made, threshold), default in zip(
            models[:3], (WAKE_DEFAULT_LOGIT, STOP_DEFAULT_LOGIT, STOP_DEFAULT_LOGIT), strict=True
        )
    )
    settings = DeviceSettings(
        models_dir=tmp_path,
        wake_phrases={"en": "hey ting"},
        stop_phrases={"en": ["stop"]},
        pause_phrases={"en": ["pause"]},
        wake_cooldown_seconds=0.5,
    )
    wake, stop, pause = (
        WakeModel(phrase, "en", made.mean, made.scale, made.layers)
        for made, phrase in ((wake, "hey ting"), (stop, "stop"), (pause, "pause"))
    )
    for made, path in (
        (wake, model_path(tmp_path, "hey ting", "en")),
        (stop, stop_model_path(tmp_path, "stop", "en")),
        (pause, stop_model_path(tmp_path, "pause", "en")),
    ):
        made.save(path)
    front_end = FrontEnd()
    factory = BargeDetectors(settings, front_end)
    detector = [factory() for _ in range(2)][1]
    listening = [detector.wake[0], *(spotter._detector for spotter in detector.phrases)]
    trained = [one for one in listening if isinstance(one, TrainedWakeDetector)]
    assert len(trained) == 3
    assert front_end.embedder() is front_end.embedder()
    taps = [one._embeddings for one in trained]
    assert all(isinstance(tap, EmbeddingTap) for tap in taps)
    assert len({id(tap._hub) for tap in taps if isinstance(tap, EmbeddingTap)}) == 1

    assert [one.threshold_logit for one in trained] == pytest.approx(
        [WAKE_DEFAULT_LOGIT, *[STOP_DEFAULT_LOGIT] * 2]
    )
    separate = [
        TrainedWakeDetector(
            WakeModel.load(model_path(tmp_path, "hey ting", "en")), embedder=embedder, cooldown_seconds=0.5
        ),
        *(
            TrainedWakeDetector(
                WakeModel.load(path),
                embedder=embedder,
                cooldown_seconds=0.5,
                trigger_steps=STOP_TRIGGER_STEPS,
                default_logit=STOP_DEFAULT_LOGIT,
            )
            for path in (stop_model_path(tmp_path, "stop", "en"), stop_model_path(tmp_path, "pause", "en"))
        ),
    ]
    expected = hits(separate, speech, (480,))
    names = {0: "hey_ting", 1: "stop:stop", 2: "pause:pause"}
    found = []
    for chunk in chunks(speech, (480,)):
        for index, one in enumerate([detector.wake[0].process, *(p.process for p in detector.phrases)]):
            detection = one(chunk)
            if detection is not None:
                assert detection.wakeword_id == names[index]
                found.append((index, round(detection.end_seconds, 4)))
    assert found == expected
    assert {index for index, _ in found} == {0, 1, 2}


def at_default(made: WakeModel, threshold: float, default: float) -> WakeModel:
    """The model with its output moved so that ``threshold`` becomes ``default`` (sensitivity 0.5's)."""
    (first, last) = made.layers
    moved = (last[0], last[1] + default - threshold)
    return WakeModel(made.phrase, made.lang, made.mean, made.scale, [first, moved])
