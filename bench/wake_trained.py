"""Trained wake words (``ting wake train``) on the wake word corpus: misses and false accepts per hour.

The corpus is bench/wake_corpus.py's (built and cached by it, or here): "hey ting" from 8 English espeak-ng
voices x 8 variants x 3 speeds x 3 pitches at 20 and 10 dB SNR, and hours of read text without the phrase.
Mandarin is added here: "小听小听" from the 2 Mandarin voices x 8 variants x 3 x 3 x 2 SNRs, and Chinese read
text (words of zhconv's dictionary) for its false accepts, beside the English negatives.

Honest evaluation: each model is trained by the product's own ``train_wake_word`` on the dev split only —
dev voices and variants (English: not en-gb-x-rp, en-029, en-us-nyc, m7, f4; Mandarin: not m7, f4) and read
text that the corpus does not use (English: docstrings, the corpus reads comments; Chinese: even-numbered
dictionary words, the corpus reads odd-numbered ones). Reported on held-out positives and negatives; the
default threshold (sensitivity 0.5) was fixed before any run. Peer: the spotter + verifier that ships as
the fallback, from bench/wake_corpus.py's saved run (same corpus, same split), and the spotter alone.

    .venv/bin/python bench/wake_trained.py            # --hours 2 --jobs 2 [--retrain] [--trigger-steps 1]
    # [--sound-alikes 0.5 --rooms 0.25]: train with the phrase's sound-alikes and rooms (off by default)
    # [--dev-only]: print the dev split's figures alone, to choose a threshold without seeing held-out ones
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import os
import pickle
import platform
import sys
import time
from dataclasses import replace
from itertools import product
from pathlib import Path

import numpy as np
from pypinyin import Style, pinyin

sys.path.insert(0, str(Path(__file__).parent))
from wake_corpus import (
    HELD_OUT_VARIANTS,
    HELD_OUT_VOICES,
    PITCHES,
    SNRS_DB,
    SPEEDS,
    build_corpus,
    make_positive,
    split_of,
)

from ting.device.interfaces import AudioChunk
from ting.device.wake.classifier import WakeModel, sliding_windows
from ting.device.wake.embedding import SpeechEmbedder
from ting.device.wake.look_alikes import phonemes, sound_alikes
from ting.device.wake.synthetic import ENGLISH_VOICES, MANDARIN_VOICES, VARIANTS, Voice, espeak, mix
from ting.device.wake.texts import chinese_words, near_misses
from ting.device.wake.trained import (
    LOOSEST_LOGIT,
    STRICTEST_LOGIT,
    WAKE_DEFAULT_LOGIT,
    WAKE_TRIGGER_STEPS,
    TrainedWakeDetector,
    Trigger,
    min_logit,
    sensitivity_of,
)
from ting.device.wake.training import TrainingPlan, train_wake_word

RATE = 16_000
COOLDOWN_STEPS = 25  # 2 s of 80 ms steps, the detector's default cooldown
ZH_PHRASE = "小听小听"
LEAD_BYTES = RATE  # 0.5 s of 16-bit samples
CHUNK_CLIPS = 32  # clips a worker scores with one model and one embedder of its own
EMBEDDINGS = "embeddings"
"""The corpus's embeddings, beside its audio (``--cache``): a folder per clip folder, a .npy per clip."""


def zh_positive_specs() -> list[tuple[str, str, int, int, float]]:
    return list(product(MANDARIN_VOICES, VARIANTS, SPEEDS, PITCHES, SNRS_DB))


def zh_split(path: Path) -> str:
    variant = path.name.split("_")[0].split("+")[1]
    return "held-out" if variant in HELD_OUT_VARIANTS else "dev"


def make_zh_negative(args: tuple[Path, int, str]) -> Path:
    cache, index, text = args
    path = cache / "neg-zh" / f"{index:04d}.pcm"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        rng = np.random.default_rng(index)
        voice = Voice(
            MANDARIN_VOICES[index % len(MANDARIN_VOICES)],
            VARIANTS[index % 8],
            int(rng.integers(130, 201)),
            int(rng.integers(30, 71)),
        )
        path.write_bytes(mix(espeak(text, voice), SNRS_DB[index % 2], 20_000 + index))
    return path


def zh_words() -> tuple[list[str], list[str]]:
    """(training words, corpus words): zhconv's dictionary words, even- and odd-numbered."""
    words = chinese_words()
    return words[0::2], words[1::2]


def model_scores(task: tuple[Path, list[Path]]) -> list[tuple[Path, Path, np.ndarray, float, float]]:
    """One model's logits on each clip of a chunk (with the CPU time of each)."""
    model_file, paths = task
    embedder = SpeechEmbedder()
    model = WakeModel.load(model_file)
    scores = []
    for path in paths:
        pcm = path.read_bytes()
        if path.parent.name.startswith("pos"):
            # the agent listens all along: give the model the ~2 s it looks back over, as 1.5 s more of the
            # clip's own leading noise (a positive clip has only 0.5 s before the phrase)
            pcm = pcm[:LEAD_BYTES] * 3 + pcm
        # a clip's embeddings do not depend on the model: kept beside the clip, so that the next model
        # (main's, then a change's) is scored on the very same numbers in seconds instead of an hour
        cached = path.parent.parent / EMBEDDINGS / path.parent.name / (path.stem + ".npy")
        started = time.process_time()
        if cached.exists():
            embeddings, cpu = np.load(cached).astype(np.float32), math.nan
        else:
            embeddings = embedder.embed(pcm)
            cpu = time.process_time() - started
            cached.parent.mkdir(parents=True, exist_ok=True)
            np.save(cached, embeddings)
        logits = model.logits(sliding_windows(embeddings))
        scores.append((model_file, path, logits, len(pcm) / (2 * RATE), cpu))
    return scores


def chunks(model_file: Path, paths: list[Path]) -> list[tuple[Path, list[Path]]]:
    return [(model_file, paths[start : start + CHUNK_CLIPS]) for start in range(0, len(paths), CHUNK_CLIPS)]


def wakes(logits: np.ndarray, threshold: float, steps: int = WAKE_TRIGGER_STEPS) -> int:
    """Wakes as the detector counts them (its ``Trigger``): ``steps`` windows in a row at the threshold, then
    the 2 s cooldown."""
    return Trigger(threshold, steps, COOLDOWN_STEPS).count(logits)


def streaming_rtf(model_file: Path, paths: list[Path], seconds: float) -> float:
    """The detector as the agent runs it (30 ms chunks) on the first ``seconds`` of negatives: CPU / audio."""
    detector = TrainedWakeDetector(WakeModel.load(model_file), cooldown_seconds=2.0)
    audio, cpu = 0.0, 0.0
    for path in paths:
        pcm = path.read_bytes()
        started = time.process_time()
        for offset in range(0, len(pcm), 960):
            detector.process(AudioChunk(pcm[offset : offset + 960], audio + offset / (2 * RATE)))
        cpu += time.process_time() - started
        audio += len(pcm) / (2 * RATE)
        if audio >= seconds:
            break
    return cpu / audio


def train(
    cache: Path,
    lang: str,
    retrain: bool,
    jobs: int,
    minutes: float,
    alikes: float = 0.0,
    rooms: float = 0.0,
    seed: int = 0,
) -> Path:
    model_file = cache / f"model-{lang}.npz"
    if model_file.exists() and not retrain:
        return model_file
    started = time.monotonic()
    if lang == "en":
        voices = tuple(v for v in ENGLISH_VOICES if v not in HELD_OUT_VOICES)
        plan = TrainingPlan(
            "hey ting", "en", voices=voices, variants=_dev_variants(), negative_minutes=minutes, jobs=jobs
        )
    else:
        plan = TrainingPlan(
            ZH_PHRASE,
            "zh",
            voices=MANDARIN_VOICES,
            variants=_dev_variants(),
            negative_minutes=minutes,
            negative_text=tuple(_zh_sentences(zh_words()[0], 3000, 1)),
            jobs=jobs,
        )
    plan = replace(plan, sound_alikes_per_positive=alikes, room_share=rooms, seed=seed)
    model, report = train_wake_word(plan)
    model.save(model_file)
    print(f"trained {lang} in {time.monotonic() - started:.0f} s: {report}", flush=True)
    return model_file


def _dev_variants() -> tuple[str, ...]:
    return tuple(v for v in VARIANTS if v not in HELD_OUT_VARIANTS)


def _zh_sentences(words: list[str], count: int, seed: int) -> list[str]:
    rng = np.random.default_rng(seed)
    return ["".join(rng.choice(words, size=int(rng.integers(3, 7)))) for _ in range(count)]


def build_zh(cache: Path, hours: float, pool: multiprocessing.pool.Pool) -> tuple[list[Path], list[Path]]:
    positives = pool.map(_make_zh_positive, [(cache, spec) for spec in zh_positive_specs()], chunksize=8)
    sentences = _zh_sentences(zh_words()[1], 6000, 2)
    segments = int(hours * 3600 / 20) + 1  # ~20 s each
    jobs = [
        (cache, i, "，".join(sentences[i * 6 % len(sentences) : i * 6 % len(sentences) + 6]))
        for i in range(segments)
    ]
    return positives, pool.map(make_zh_negative, jobs, chunksize=4)


def _make_zh_positive(args: tuple[Path, tuple[str, str, int, int, float]]) -> Path:
    return make_positive(args, ZH_PHRASE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "ting-bench" / "wake_corpus")
    parser.add_argument("--hours", type=float, default=2.0, help="English negatives (half held out)")
    parser.add_argument(
        "--held-out-hours", type=float, help="English held-out negatives, hours (then --hours / 2 of dev)"
    )
    parser.add_argument(
        "--zh-hours", type=float, default=1.0, help="Chinese read-text negatives, all held out"
    )
    parser.add_argument("--minutes", type=float, default=30.0, help="training: minutes of read text")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--retrain", action="store_true")
    parser.add_argument(
        "--sound-alikes", type=float, default=0.0, help="training: sound-alike clips per positive clip"
    )
    parser.add_argument("--rooms", type=float, default=0.0, help="training: share of clips heard in a room")
    parser.add_argument("--langs", default="en,zh", help="which models to train and measure")
    parser.add_argument(
        "--seed", type=int, default=0, help="training's seed (the product's is 0; others show its spread)"
    )
    parser.add_argument("--report-only", action="store_true", help="report the saved results of the last run")
    parser.add_argument(
        "--dev-only",
        action="store_true",
        help="the dev columns and choice alone (for tuning: no held-out figure, no look-alikes)",
    )
    parser.add_argument(
        "--trigger-steps",
        type=int,
        default=WAKE_TRIGGER_STEPS,
        help="windows in a row at the threshold for a wake (the detector's; 1: as before the confirmation)",
    )
    args = parser.parse_args()
    started = time.monotonic()
    if args.report_only:
        results = pickle.loads((args.cache / "trained-results.pickle").read_bytes())
        models = {lang: args.cache / f"model-{lang}.npz" for lang in args.langs.split(",")}
        report(results, models, {lang: math.nan for lang in models}, args.trigger_steps, args.dev_only)
        return
    with multiprocessing.get_context("forkserver").Pool(args.jobs) as pool:
        positives, negatives = build_corpus(args.cache, args.hours, pool, args.held_out_hours)
        langs = args.langs.split(",")
        zh_positives, zh_negatives = build_zh(args.cache, args.zh_hours, pool) if "zh" in langs else ([], [])
    print(f"corpus ready in {time.monotonic() - started:.0f} s", flush=True)
    models = {
        lang: train(
            args.cache, lang, args.retrain, args.jobs, args.minutes, args.sound_alikes, args.rooms, args.seed
        )
        for lang in langs
    }
    tasks = chunks(models["en"], positives + negatives) if "en" in models else []
    tasks += chunks(models["zh"], zh_positives + zh_negatives + negatives) if "zh" in models else []
    with multiprocessing.get_context("forkserver").Pool(args.jobs) as pool:
        results = [score for chunk in pool.map(model_scores, tasks) for score in chunk]
    (args.cache / "trained-results.pickle").write_bytes(pickle.dumps(results))
    rtf = {lang: streaming_rtf(models[lang], negatives, 300.0) for lang in models}
    print(f"\n{platform.machine()}, {os.cpu_count()} cores, load average {os.getloadavg()}")
    report(results, models, rtf, args.trigger_steps, args.dev_only)
    for lang, model_file in models.items():
        if not args.dev_only:
            print(look_alike_line(lang, model_file))
    print(f"total {time.monotonic() - started:.0f} s", file=sys.stderr)


UNSEEN_LOOK_ALIKES = {
    # none of these is in device/wake/negatives.yaml (what training uses)
    "en": (
        "hey tink",
        "hey ping",
        "hey sting",
        "hey kin",
        "hey dean",
        "hey tea",
        "hey thin",
        "hey teeny",
        "pay ting",
        "hey tang",
        "hey tong",
        "hey dink",
        "eating",
        "meeting",
        "greeting",
        "they think",
    ),
    "zh": (
        "小亭小亭",
        "小听",
        "晓停晓停",
        "小情小情",
        "小金小金",
        "小平小平",
        "小林小林",
        "小新小新",
        "听一听",
        "小听说",
        "消停",
        "笑听笑听",
    ),
}


def look_alike_line(lang: str, model_file: Path) -> str:
    """Unseen look-alikes from held-out voices, clean and at 10 dB: how many wake at the default."""
    model, embedder = WakeModel.load(model_file), SpeechEmbedder()
    threshold = min_logit(0.5, WAKE_DEFAULT_LOGIT)
    voices = (
        [Voice(v, "m7") for v in sorted(HELD_OUT_VOICES)]
        if lang == "en"
        else [Voice(v, variant) for v in MANDARIN_VOICES for variant in sorted(HELD_OUT_VARIANTS)]
    )
    woke: list[str] = []
    total = 0
    for text in UNSEEN_LOOK_ALIKES[lang]:
        for index, voice in enumerate(voices):
            for snr in (None, 10.0):
                pcm = mix(espeak(text, voice), snr, index, pad_seconds=2.0)
                windows = sliding_windows(embedder.embed(pcm))
                total += 1
                if wakes(model.logits(windows), threshold):
                    woke.append(f"{text!r} ({voice.spec}, {snr or 'clean'})")
    phrase = "hey ting" if lang == "en" else ZH_PHRASE
    trained_on = set(
        near_misses(lang, phrase, TrainingPlan(phrase, lang).near_misses, np.random.default_rng(2))
    )
    seen = sorted(trained_on & set(UNSEEN_LOOK_ALIKES[lang]))
    return (
        f"{lang}: look-alikes not in negatives.yaml that woke at the default: {len(woke)} of {total}"
        f" (of them among the training's random near misses: {seen or 'none'}; among its sound-alikes, as"
        f" sounds: {among_sound_alikes(lang, phrase) or 'none'}): {', '.join(woke)}"
    )


def among_sound_alikes(lang: str, phrase: str) -> list[str]:
    """The bench's look-alikes that training now says itself (``look_alikes.sound_alikes``, which writes
    sounds, not words): the same phonemes (English, as the first dev voice says them) or tone-numbered
    pinyin."""
    voice = "en"  # the first of the dev voices, whose phonemes training writes
    made = set(sound_alikes(lang, phrase, voice))
    if lang == "en":
        return [text for text in UNSEEN_LOOK_ALIKES[lang] if f"[[{phonemes(text, voice)}]]" in made]
    said = {
        text: " ".join(r[0] for r in pinyin(text, style=Style.TONE3, neutral_tone_with_five=True))
        for text in UNSEEN_LOOK_ALIKES[lang]
    }
    return [text for text, sounds in said.items() if sounds in made]


def report(
    results: list[tuple[Path, Path, np.ndarray, float, float]],
    models: dict[str, Path],
    rtf: dict[str, float],
    steps: int = WAKE_TRIGGER_STEPS,
    dev_only: bool = False,
) -> None:
    for lang, model_file in models.items():
        rows = [r for r in results if r[0] == model_file]
        fresh = [r for r in rows if not math.isnan(r[4])]  # embedded in this run (not from the cache)
        batch_rtf = sum(r[4] for r in fresh) / sum(r[3] for r in fresh) if fresh else math.nan
        print(f"\n{lang}: {model_file.name}, streaming RTF {rtf[lang]:.4f}, batch CPU RTF {batch_rtf:.4f}")
        print(f"a wake: {steps} window(s) in a row at the threshold")
        print(
            "| sensitivity (logit) | dev misses | dev FA/h |"
            if dev_only
            else "| sensitivity (logit) | held-out misses | 20 dB | 10 dB | held-out FA/h (own language)"
            " | FA/h English held-out | dev misses | dev FA/h |"
        )
        for sensitivity in (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0):
            threshold = min_logit(sensitivity, WAKE_DEFAULT_LOGIT)
            cells = [f"{sensitivity:.1f} ({threshold:+.1f})"]
            for split in ("held-out", "dev"):
                pos = [r for r in rows if _is_positive(r[1], lang) and _split(r[1], lang) == split]
                by_snr = [[r for r in pos if r[1].name.endswith(f"_{snr:.0f}.pcm")] for snr in SNRS_DB]
                misses = [
                    100 * sum(wakes(r[2], threshold, steps) == 0 for r in group) / max(1, len(group))
                    for group in by_snr
                ]
                neg = [
                    r
                    for r in rows
                    if not _is_positive(r[1], lang) and r[1].parent.name == "neg" and split_of(r[1]) == split
                ]
                hours = sum(r[3] for r in neg) / 3600
                fa = sum(wakes(r[2], threshold, steps) for r in neg) / max(1e-9, hours)
                own = [r for r in rows if r[1].parent.name == "neg-zh"]
                if split == "held-out":
                    cells += [f"{sum(misses) / 2:.1f} %", f"{misses[0]:.1f} %", f"{misses[1]:.1f} %"]
                    if lang == "zh":
                        own_fa = sum(wakes(r[2], threshold, steps) for r in own) / max(
                            1e-9, sum(r[3] for r in own) / 3600
                        )
                        cells.append(f"{own_fa:.1f} ({sum(r[3] for r in own) / 3600:.2f} h)")
                    else:
                        cells.append(f"{fa:.1f} ({sum(r[3] for r in neg) / 3600:.2f} h)")
                    cells.append(f"{fa:.1f}")
                else:
                    cells += [f"{sum(misses) / 2:.1f} %", f"{fa:.1f}"]
            print("| " + " | ".join(cells[:1] + cells[-2:] if dev_only else cells) + " |")
        print(dev_choice(rows, lang, steps))


DEV_MAX_MISSES_PERCENT = 5.0


def dev_choice(
    rows: list[tuple[Path, Path, np.ndarray, float, float]], lang: str, steps: int = WAKE_TRIGGER_STEPS
) -> str:
    """The default sensitivity, chosen on the dev split alone: the fewest false accepts an hour with at most
    ``DEV_MAX_MISSES_PERCENT`` misses (ties: fewer misses, then the stricter)."""
    pos = [r for r in rows if _is_positive(r[1], lang) and _split(r[1], lang) == "dev"]
    neg = [
        r
        for r in rows
        if not _is_positive(r[1], lang) and r[1].parent.name == "neg" and split_of(r[1]) == "dev"
    ]
    hours = sum(r[3] for r in neg) / 3600
    options = []
    for step in range(101):  # thresholds from +8 to -4 in steps of 0.12 logits, whatever the mapping
        threshold = STRICTEST_LOGIT + (LOOSEST_LOGIT - STRICTEST_LOGIT) * step / 100
        sensitivity = sensitivity_of(threshold, WAKE_DEFAULT_LOGIT)
        misses = 100 * sum(wakes(r[2], threshold, steps) == 0 for r in pos) / max(1, len(pos))
        fa = sum(wakes(r[2], threshold, steps) for r in neg) / max(1e-9, hours)
        if misses <= DEV_MAX_MISSES_PERCENT:
            options.append((fa, misses, sensitivity, threshold))
    if not options:
        return f"dev choice ({lang}): none has at most {DEV_MAX_MISSES_PERCENT:g} % dev misses"
    fa, misses, sensitivity, threshold = min(options)
    return (
        f"dev choice ({lang}): sensitivity {sensitivity:.2f} (logit {threshold:+.2f}): "
        f"dev misses {misses:.1f} %, dev FA/h {fa:.1f} ({len(pos)} dev clips, {hours:.2f} h dev text)"
    )


def _is_positive(path: Path, lang: str) -> bool:
    return path.parent.name.startswith("pos")


def _split(path: Path, lang: str) -> str:
    return split_of(path) if lang == "en" else zh_split(path)


if __name__ == "__main__":
    main()
