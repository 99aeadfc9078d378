"""Was a stop phrase said alone, or was it the start of a wake phrase that sounds like it (停 / "hey ting")?

Why: the trained 停 model fires on the "ting" of "hey ting" too, so a 停 hit used to wait (up to
``barge.CONTEST_SECONDS``) for the wake model to claim the words; over music and over the device's own answer
that wait was most of 停's 280 ms from "said" to "silent" (docs/benchmarks.md). This check looks at the same
1.28 s window the stop model fired on and asks one question, with the "hey" (or the 小) still in it: is
there a wake phrase's beginning before this "ting"? When it is sure there is not, the stop is given at once;
otherwise the wait goes on as before (the check only shortens it).

The check is a ``WakeModel`` (same network, same training code, same file format) trained on synthetic
speech made as the stop model's is (``stop_training``): the stop phrase said alone (positives) and the wake
phrases it sounds like (negatives), by espeak-ng's voices at many speeds, alone and over the device's own
answers and music through its echo canceller; only the windows ending around the end of each phrase, where
the stop model fires, are used. Kept beside the stop model (``alone_model_path``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ting.device.interfaces import SAMPLE_RATE_HZ
from ting.device.wake.classifier import (
    WINDOW_EMBEDDINGS,
    TrainingSettings,
    WakeModel,
    Windows,
    array_digest,
    train,
)
from ting.device.wake.embedding import STEP_SAMPLES, SpeechEmbedder
from ting.device.wake.stop_training import EchoStream, generated_music, over_echo, stop_model_path
from ting.device.wake.synthetic import VARIANTS, VOICES, Samples, Voice, espeak, pink_noise
from ting.device.wake.training import FIRST_STEP

_LOGGER = logging.getLogger(__name__)

ALONE_LOGIT = 4.0
"""The check's least logit for "said alone". Chosen on bench/barge_dev.py's dev clips (other voices, speeds,
music and answers than bench/barge_in.py's; replayed with bench/barge_rule_dev.py): the highest score the
check trained now gave "hey ting", at a 停 hit or at any window of the wait before the wake model's hit, was
+1.92 (over music at -6 dB), 2 logits under; at +5.0, 停 over a dev answer still waited 60 ms median (0 at
+4.0) and 停 with no playback 120 ms (0); at +1.0 one "hey ting" was taken for 停. docs/benchmarks.md,
"Barge-in: where 停's latency over speech goes"."""
BEFORE_END_SECONDS = {1: 0.16, 0: 0.48}
"""Windows ending this long before a phrase's last sound are used (label 1: the stop phrase alone, which its
model hears at its end; 0: a wake phrase, whose "ting" its model hears from its start)."""
AFTER_END_SECONDS = {1: 0.32, 0: 0.64}
"""... up to this long after it: the stop model's hit comes at most a few windows after 停, and the check is
asked again at each window of the wait after a hit (up to ``barge.CONTEST_SECONDS``), which on a wake phrase
ends about when its model has heard it."""
GAP_SECONDS = 2.5
"""Between clips said in a quiet room (the window looks back 1.28 s: no clip sees the one before)."""


def alone_model_path(models_dir: Path, phrase: str, lang: str) -> Path:
    """Beside the stop model: ``<models_dir>/stop/<lang>_<phrase>.alone.npz``."""
    return beside(stop_model_path(models_dir, phrase, lang))


def beside(stop_model: Path) -> Path:
    """The alone check's file for the stop model file ``stop_model``: ``<stem>.alone.npz`` beside it."""
    return stop_model.with_name(stop_model.stem + ".alone.npz")


@dataclass(frozen=True)
class AlonePlan:
    phrase: str
    lang: str
    wake_phrases: tuple[tuple[str, str], ...]
    """(phrase, language) of the wake phrases the stop phrase sounds like part of."""
    speeds_wpm: tuple[int, ...] = (110, 130, 150, 170, 190, 210, 230)
    pitches: tuple[int, ...] = (30, 55, 80)
    wake_variants: int = 8
    """Timbres per voice saying a wake phrase (the stop phrase gets every variant: it has one voice)."""
    echo_gains: tuple[float, ...] = (0.4, 1.0)
    """The device's output at the microphone, relative to what it plays; each clip is also said alone."""
    passes: int = 4
    """Times each played sound is heard at each gain (other phrases over it each time)."""
    music_seeds: tuple[int, ...] = (7, 8)
    """More generated music (30 s a seed) beside what the device plays: over music, the check's first model
    (answers and 30 s of music) scored 停 lower than said alone (dev clips, docs/benchmarks.md)."""
    phrase_db: tuple[float, float] = (-3.0, 12.0)
    network: TrainingSettings = field(
        default_factory=lambda: TrainingSettings(hidden_units=32, epochs=30, negative_weight=8.0)
    )
    seed: int = 0


def plan_voices(plan: AlonePlan, rng: np.random.Generator) -> list[tuple[str, Voice, int]]:
    """(text, voice, label) of every clip: the stop phrase by every variant of its language's voices at
    every speed, each wake phrase by its language's voices at every speed (pitches drawn)."""
    said: list[tuple[str, Voice, int]] = []
    for name in VOICES.get(plan.lang, ()):
        for variant in VARIANTS:
            for wpm in plan.speeds_wpm:
                said.append((plan.phrase, Voice(name, variant, wpm, int(rng.choice(plan.pitches))), 1))
    for text, lang in plan.wake_phrases:
        for name in VOICES.get(lang, ()):
            variants = rng.choice(VARIANTS, plan.wake_variants, replace=False)
            for variant in variants:
                wpm = int(rng.choice(plan.speeds_wpm))
                said.append((text, Voice(name, str(variant), wpm, int(rng.choice(plan.pitches))), 0))
    return said


def around_ends(embedder: SpeechEmbedder, stream: EchoStream) -> tuple[Windows, Windows]:
    """(alone, part of a wake phrase): the windows of ``stream`` ending around each phrase's end."""
    pcm = np.clip(stream.residual, -32768, 32767).astype("<i2").tobytes()
    embeddings = embedder.embed(pcm)
    empty = np.zeros((0, WINDOW_EMBEDDINGS, 96), np.float32)
    if len(embeddings) < WINDOW_EMBEDDINGS:
        return empty, empty
    view = np.lib.stride_tricks.sliding_window_view(embeddings, WINDOW_EMBEDDINGS, axis=0)
    windows = np.ascontiguousarray(view.transpose(0, 2, 1))
    ends = (np.arange(WINDOW_EMBEDDINGS - 1, len(embeddings)) + FIRST_STEP) * STEP_SAMPLES
    picked: dict[int, list[Windows]] = {0: [], 1: []}
    for _first, last, label in stream.phrases:
        near = (ends >= last - BEFORE_END_SECONDS[label] * SAMPLE_RATE_HZ) & (
            ends <= last + AFTER_END_SECONDS[label] * SAMPLE_RATE_HZ
        )
        picked[label].append(windows[near])
    joined = [np.concatenate(picked[label]) if picked[label] else empty for label in (1, 0)]
    return joined[0], joined[1]


def quiet_room(audio: Sequence[tuple[Samples, int]], rng: np.random.Generator) -> EchoStream:
    """Every clip (audio, label) said once, ``GAP_SECONDS`` apart, at its own level over a faint hiss."""
    gap = int(GAP_SECONDS * SAMPLE_RATE_HZ)
    mic = np.zeros(gap + sum(len(words) + gap for words, _ in audio))
    spots = []
    start = gap
    for words, label in audio:
        mic[start : start + len(words)] += words * float(rng.uniform(0.3, 1.0))
        spots.append((start, start + len(words), label))
        start += len(words) + gap
    hiss = pink_noise(len(mic), rng)
    mic += hiss / (np.std(hiss) + 1e-9) * float(rng.uniform(3.0, 30.0))
    return EchoStream(mic, tuple(spots))


def train_alone_check(
    plan: AlonePlan, played: Sequence[Samples], progress: Callable[[str, int, int], None] | None = None
) -> WakeModel:
    """The check, trained on ``plan``'s clips said alone (over a faint hiss) and over each of ``played`` (the
    device's own answers and music, 16 kHz, int16 scale) at each echo gain."""
    rng = np.random.default_rng(plan.seed + 11)
    said = plan_voices(plan, rng)
    audio = [(espeak(text, voice), label) for text, voice, label in said]
    embedder = SpeechEmbedder()
    alone: list[Windows] = []
    part: list[Windows] = []
    played = [*played, *(generated_music(30, seed=seed) for seed in plan.music_seeds)]
    runs = [(sound, gain) for _ in range(plan.passes) for gain in plan.echo_gains for sound in played]
    queue = [audio[index] for index in rng.permutation(len(audio))]
    for done, (sound, gain) in enumerate([(None, 0.0), *runs], 1):
        # the first run: every clip said in a quiet room; then each played sound hears the next clips
        if sound is None:
            stream = quiet_room(audio, rng)
        else:
            stream = over_echo(sound, queue, gain, plan.phrase_db, rng)
            used = len(stream.phrases)
            queue = queue[used:] + queue[:used]
        good, bad = around_ends(embedder, stream)
        alone.append(good)
        part.append(bad)
        if progress is not None:
            progress("is the stop phrase said alone", done, len(runs) + 1)
    positives, negatives = np.concatenate(alone), np.concatenate(part)
    info = {
        "kind": "stop phrase alone check",
        "wake_phrases": [list(pair) for pair in plan.wake_phrases],
        "clips": len(said),
        "alone_windows": len(positives),
        "wake_phrase_windows": len(negatives),
        "data_sha256": array_digest(positives, negatives),
    }
    _LOGGER.info(
        "alone check for %r: %d alone, %d wake windows (data %s)",
        plan.phrase,
        len(positives),
        len(negatives),
        info["data_sha256"],
    )
    check = train(plan.phrase, plan.lang, positives, negatives, plan.network, info=info)
    _LOGGER.info(
        "alone check for %r trained: weights %s", plan.phrase, array_digest(*(w for w, _ in check.layers))
    )
    return check


def alone_logit(check: WakeModel, window: Windows) -> float:
    """The check's log-odds that ``window`` (the one the stop model fired on) holds the phrase said alone."""
    return float(check.logits(window[None, ...])[0])
