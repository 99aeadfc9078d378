"""Wake word misses and false accepts on a synthetic corpus: the spotter alone vs spotter + verifier.

Positives: "hey ting" from espeak-ng English voices x variants x speeds x pitches, in pink noise at 20 and
10 dB SNR (0.5 s of noise either side). Negatives: hours of espeak-ng read text that never contains "ting"
(sentences from the comments of Python's standard library), varied voices, in pink noise at 20 or 10 dB.

Honest evaluation: thresholds are tuned on a dev split and reported on held-out data. Positives are held
out by voice (HELD_OUT_VOICES) and by variant (HELD_OUT_VARIANTS); negatives by text (even-numbered
sentences are dev, odd-numbered held-out; even segments read dev text). The audio is cached (``--cache``);
the detectors see it in 30 ms chunks as the agent feeds them, in ``--jobs`` processes.

    .venv/bin/python bench/wake_corpus.py     # --hours 2 --jobs 2 --spotter-sensitivities 0.5,1.0
"""

from __future__ import annotations

import argparse
import hashlib
import math
import multiprocessing
import os
import pickle
import platform
import re
import sys
import sysconfig
import time
from collections.abc import Callable
from itertools import product
from pathlib import Path

import numpy as np

from ting.device.interfaces import AudioChunk
from ting.device.wake.pocketsphinx import (
    FIRST_STAGE_THRESHOLD,
    PocketSphinxWakeDetector,
    kws_threshold,
    verifier_min_score,
)
from ting.device.wake.synthetic import ENGLISH_VOICES, VARIANTS, Voice, espeak, mix
from ting.device.wake.verify import Verification, VerifierSettings
from ting.settings import DeviceSettings

PHRASE = "hey ting"
VOICES = list(ENGLISH_VOICES)
SPEEDS = [130, 165, 200]
PITCHES = [30, 50, 70]
WEIGHT = VerifierSettings().margin_weight
HELD_OUT_VOICES = {"en-gb-x-rp", "en-029", "en-us-nyc"}
HELD_OUT_VARIANTS = {"m7", "f4"}
SNRS_DB = [20.0, 10.0]
SEGMENT_SECONDS = 30.0
CHUNK_BYTES = 960  # 30 ms at 16 kHz, as the agent's sources deliver it
RATE = 16_000


# -- corpus -----------------------------------------------------------------------------------


def positive_specs() -> list[tuple[str, str, int, int, float]]:
    return list(product(VOICES, VARIANTS, SPEEDS, PITCHES, SNRS_DB))


def make_positive(args: tuple[Path, tuple[str, str, int, int, float]], phrase: str = PHRASE) -> Path:
    cache, (voice, variant, wpm, pitch, snr) = args
    folder = "pos" if phrase == PHRASE else "pos-" + hashlib.sha1(phrase.encode()).hexdigest()[:8]
    path = cache / folder / f"{voice}+{variant or 'base'}_{wpm}_{pitch}_{snr:.0f}.pcm"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        seed = int(hashlib.sha1(path.name.encode()).hexdigest()[:8], 16)
        path.write_bytes(mix(espeak(phrase, Voice(voice, variant, wpm, pitch)), snr, seed))
    return path


def sentences() -> list[str]:
    """English sentences without "ting" (nor "tin"/"ping"-like look-alikes): stdlib comments."""
    root = Path(sysconfig.get_paths()["stdlib"])
    found: list[str] = []
    for file in sorted(root.glob("*.py")):
        text = " ".join(
            line.strip()[2:]
            for line in file.read_text(errors="ignore").splitlines()
            if line.strip().startswith("# ")
        )
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            words = sentence.split()
            readable = len(words) >= 5 and all(re.fullmatch(r"[A-Za-z,;'.!?-]+", w) for w in words)
            if readable and not re.search(r"t[iy]ng|tin\b|ding|king", sentence, re.IGNORECASE):
                found.append(sentence)
    return found


def split_of(path: Path) -> str:
    """ "dev" or "held-out" for a corpus file."""
    if path.parent.name == "neg":
        return "dev" if int(path.stem.split("_")[0]) % 2 == 0 else "held-out"
    voice, variant = path.name.split("_")[0].split("+")
    held = voice in HELD_OUT_VOICES or variant in HELD_OUT_VARIANTS
    return "held-out" if held else "dev"


def make_negative(args: tuple[Path, int, str]) -> Path:
    cache, index, text = args
    path = cache / "neg" / f"{index:04d}_{'dev' if index % 2 == 0 else 'held'}.pcm"
    if not path.exists():
        rng = np.random.default_rng(index)
        voice, variant = VOICES[index % len(VOICES)], VARIANTS[(index // len(VOICES)) % len(VARIANTS)]
        wpm, pitch = int(rng.integers(130, 201)), int(rng.integers(30, 71))
        speech = espeak(text, Voice(voice, variant, wpm, pitch))
        path.write_bytes(mix(speech, SNRS_DB[index % 2], 10_000 + index))
    return path


def build_corpus(
    cache: Path, hours: float, pool: multiprocessing.pool.Pool, held_out_hours: float | None = None
) -> tuple[list[Path], list[Path]]:
    """Positives, and ``hours`` of negatives (half dev, half held-out), or ``hours / 2`` of dev negatives and
    ``held_out_hours`` of held-out ones. A segment's text depends on its index alone, so a larger corpus holds
    the smaller one's segments (the cache is reused)."""
    (cache / "pos").mkdir(parents=True, exist_ok=True)
    (cache / "neg").mkdir(parents=True, exist_ok=True)
    positives = pool.map(make_positive, [(cache, spec) for spec in positive_specs()], chunksize=16)
    text = sentences()
    pools = (text[0::2], text[1::2])  # dev sentences, held-out sentences
    held_out_seconds = hours * 1800 if held_out_hours is None else held_out_hours * 3600
    wanted = {"dev": hours * 1800, "held-out": held_out_seconds}
    rng = np.random.default_rng(7)
    words_per_segment = int(SEGMENT_SECONDS * 165 / 60)
    # espeak's pauses vary: over-provision, trim below
    segments = int(max(wanted.values()) * 2 / SEGMENT_SECONDS * 1.15) + 2
    planned = {"dev": 0.0, "held-out": 0.0}
    jobs = []
    for index in range(segments):
        picked: list[str] = []
        sentence_pool = pools[index % 2]
        while sum(len(s.split()) for s in picked) < words_per_segment:
            picked.append(sentence_pool[int(rng.integers(len(sentence_pool)))])
        split = "dev" if index % 2 == 0 else "held-out"
        if planned[split] < wanted[split] * 1.15 + SEGMENT_SECONDS:
            planned[split] += SEGMENT_SECONDS
            jobs.append((cache, index, " ".join(picked)))
    negatives = pool.map(make_negative, jobs, chunksize=4)
    kept, seconds = [], {"dev": 0.0, "held-out": 0.0}
    for path in negatives:
        split = split_of(path)
        if seconds[split] < wanted[split]:
            kept.append(path)
            seconds[split] += path.stat().st_size / (2 * RATE)
    return positives, kept


# -- detection --------------------------------------------------------------------------------

Task = tuple[str, float, Path]
"""("spotter", sensitivity, file) or ("verified", 0, file)."""
Hit = tuple[float, float, float, float]
"""(seconds into the file, llr_per_frame, pause_db, margin_per_frame) of a verified hit (the spotter alone:
(seconds, inf, 0, 0))."""
Result = tuple[str, float, Path, list[Hit], float, float, float, int]
"""kind, sensitivity, file, hits, audio seconds, CPU seconds, of which in the verifier, first-stage hits."""

_DETECTORS: dict[tuple[str, float], PocketSphinxWakeDetector] = {}
_CLOCK = [0.0]


def _detector(kind: str, sensitivity: float) -> PocketSphinxWakeDetector:
    key = (kind, sensitivity)
    if key not in _DETECTORS:
        if kind == "spotter":
            _DETECTORS[key] = PocketSphinxWakeDetector(
                PHRASE, sensitivity=sensitivity, cooldown_seconds=0.0, verify=False
            )
        else:  # every first-stage hit with its score; thresholds and the cooldown are applied afterwards
            detector = PocketSphinxWakeDetector(PHRASE, cooldown_seconds=0.0, min_score=-math.inf)
            assert detector.verifier is not None
            detector.verifier.verify = _timed(detector.verifier.verify)  # type: ignore[method-assign,assignment]
            _DETECTORS[key] = detector
    return _DETECTORS[key]


_VERIFY_CPU = [0.0]


def _timed(verify: Callable[[bytes], Verification | None]) -> Callable[[bytes], Verification | None]:
    def timed(pcm: bytes) -> Verification | None:
        started = time.process_time()
        try:
            return verify(pcm)
        finally:
            _VERIFY_CPU[0] += time.process_time() - started

    return timed


def detections(task: Task) -> Result:
    kind, sensitivity, path = task
    detector = _detector(kind, sensitivity)
    detector.reset()
    pcm = path.read_bytes()
    hits: list[Hit] = []
    cpu, first, verify_cpu = 0.0, detector.first_stage_hits, _VERIFY_CPU[0]
    base = _CLOCK[0] + 10.0  # a clock that only moves on
    for offset in range(0, len(pcm), CHUNK_BYTES):
        started = time.process_time()
        found = detector.process(AudioChunk(pcm[offset : offset + CHUNK_BYTES], base + offset / (2 * RATE)))
        cpu += time.process_time() - started
        if found:
            verdict = detector.last_verification
            parts = (
                (verdict.llr_per_frame, verdict.pause_db, verdict.margin_per_frame)
                if verdict
                else (math.inf, 0, 0)
            )
            hits.append(((offset + CHUNK_BYTES) / (2 * RATE), *parts))
    seconds = len(pcm) / (2 * RATE)
    _CLOCK[0] = base + seconds
    verify_cpu = _VERIFY_CPU[0] - verify_cpu
    return kind, sensitivity, path, hits, seconds, cpu, verify_cpu, detector.first_stage_hits - first


def wakes(hits: list[Hit], min_score: float, cooldown_seconds: float, weight: float) -> int:
    """What the detector with this threshold would report: hits at or above it, minus the cooldown."""
    count, last = 0, None
    for seconds, llr, pause_db, margin in hits:
        if llr - pause_db + weight * margin < min_score:
            continue
        if last is None or seconds - last >= cooldown_seconds:
            count += 1
        last = seconds
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "ting-bench" / "wake_corpus")
    parser.add_argument("--hours", type=float, default=2.0, help="negatives: hours of speech (half held out)")
    parser.add_argument(
        "--held-out-hours", type=float, help="held-out negatives in hours (then --hours / 2 of dev negatives)"
    )
    parser.add_argument("--spotter-sensitivities", default="0.5,1.0", help="the spotter alone (the peer)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--report-only", action="store_true", help="report the saved results of the last run")
    args = parser.parse_args()
    saved = args.cache / "results.pickle"
    if args.report_only:
        report(pickle.loads(saved.read_bytes()))
        return
    started = time.monotonic()
    with multiprocessing.Pool(args.jobs) as pool:
        positives, negatives = build_corpus(args.cache, args.hours, pool, args.held_out_hours)
        print(corpus_line(positives, negatives, time.monotonic() - started, args.cache), flush=True)
        tasks: list[Task] = [("verified", 0.0, p) for p in negatives + positives]
        sensitivities = [float(s) for s in args.spotter_sensitivities.split(",") if s]
        tasks += [("spotter", s, p) for s in sensitivities for p in negatives + positives]
        tasks.sort(key=lambda t: -t[2].stat().st_size)  # long ones first: the pool ends evenly
        results = pool.map(detections, tasks, chunksize=1)
    saved.write_bytes(pickle.dumps(results))
    print(f"\n{platform.machine()}, {os.cpu_count()} cores, load average {os.getloadavg()}")
    report(results)
    print(f"total {time.monotonic() - started:.0f} s", file=sys.stderr)


def corpus_line(positives: list[Path], negatives: list[Path], built_seconds: float, cache: Path) -> str:
    parts = []
    for split in ("dev", "held-out"):
        pos = [p for p in positives if split_of(p) == split]
        hours = sum(p.stat().st_size for p in negatives if split_of(p) == split) / (2 * RATE) / 3600
        parts.append(f"{split}: {len(pos)} positives, {hours:.2f} h of negatives")
    return f"corpus: {'; '.join(parts)}; built/loaded in {built_seconds:.0f} s ({cache})"


def rates(
    results: list[Result], split: str, min_score: float, weight: float = WEIGHT
) -> tuple[list[float], float, float]:
    """([misses at each SNR] in %, false accepts/h, hours of negatives)."""
    cooldown = DeviceSettings().wake_cooldown_seconds
    rows = [r for r in results if split_of(r[2]) == split]
    misses = []
    for snr in SNRS_DB:
        pos = [r for r in rows if r[2].parent.name == "pos" and r[2].name.endswith(f"_{snr:.0f}.pcm")]
        misses.append(100 * sum(wakes(r[3], min_score, cooldown, weight) == 0 for r in pos) / len(pos))
    neg = [r for r in rows if r[2].parent.name == "neg"]
    hours = sum(r[4] for r in neg) / 3600
    return misses, sum(wakes(r[3], min_score, cooldown, weight) for r in neg) / hours, hours


def row(label: str, results: list[Result], min_score: float) -> str:
    cells = [label]
    for split in ("dev", "held-out"):
        misses, fa, _ = rates(results, split, min_score)
        cells += [f"{(misses[0] + misses[1]) / 2:.1f} %", f"{misses[0]:.1f} %", f"{misses[1]:.1f} %"]
        cells.append(f"{fa:.1f}")
    return "| " + " | ".join(cells) + " |"


def report(results: list[Result]) -> None:
    head = (
        "| detector | dev misses | 20 dB | 10 dB | dev FA/h | held-out misses | 20 dB | 10 dB | held-out FA/h"
    )
    print(head + " |\n" + "|---" * 9 + "|")
    default = DeviceSettings().wake_sensitivity
    for sensitivity in sorted({r[1] for r in results if r[0] == "spotter"}):
        spotter = [r for r in results if r[0] == "spotter" and r[1] == sensitivity]
        label = f"spotter alone, sensitivity {sensitivity:.2f} ({kws_threshold(sensitivity):.0e})"
        print(row(label, spotter, -math.inf))
    verified = [r for r in results if r[0] == "verified"]
    for sensitivity in (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0):
        score = verifier_min_score(sensitivity)
        mark = " (default)" if sensitivity == default else ""
        print(row(f"+ verifier, sensitivity {sensitivity:.1f}{mark} (score >= {score:.1f})", verified, score))
    first_stage = f"first stage of the verified detector ({FIRST_STAGE_THRESHOLD:.0e}), unverified"
    print(row(first_stage, verified, -math.inf))
    audio = sum(r[4] for r in verified)
    verify_cpu, candidates = sum(r[6] for r in verified), sum(r[7] for r in verified)
    neg = [r for r in verified if r[2].parent.name == "neg"]
    print(
        f"verified detector: RTF {sum(r[5] for r in verified) / audio:.3f} overall,"
        f" {(sum(r[5] for r in verified) - verify_cpu) / audio:.3f} of it spotting;"
        f" {candidates} first-stage hits ({sum(r[7] for r in neg) / (sum(r[4] for r in neg) / 3600):.0f}/h"
        f" in read speech), {1000 * verify_cpu / max(1, candidates):.0f} ms verifying per hit (2 checks)"
    )
    spotter_rows = [r for r in results if r[0] == "spotter"]
    if spotter_rows:
        print(f"spotter alone: RTF {sum(r[5] for r in spotter_rows) / sum(r[4] for r in spotter_rows):.3f}")
    for weight in sorted({0.0, 0.5, 1.0, 2.0, WEIGHT}):
        print(f"verifier threshold sweep, look-alike margin weight {weight} (misses / false accepts per h):")
        for score in np.arange(-12.0, 24.5, 1.0):
            misses, fa, _ = rates(verified, "dev", float(score), weight)
            held_misses, held_fa, _ = rates(verified, "held-out", float(score), weight)
            print(
                f"  >= {score:5.1f}: dev {(misses[0] + misses[1]) / 2:5.1f} % {fa:7.1f}/h"
                f" | held-out {(held_misses[0] + held_misses[1]) / 2:5.1f} % {held_fa:7.1f}/h"
            )


if __name__ == "__main__":
    main()
