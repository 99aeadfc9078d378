"""Wake word misses and false accepts on a synthetic corpus, for the configured PocketSphinx detector.

Positives: "hey ting" from espeak-ng English voices x variants x speeds x pitches, in pink noise at 20 and
10 dB SNR (0.5 s of noise either side). Negatives: at least an hour of espeak-ng read text that never contains
"ting" (sentences from the comments of Python's standard library), varied voices, in pink noise at 20 or
10 dB. The audio is cached (``--cache``); each sensitivity runs the detector over all of it, 30 ms chunks as
the agent feeds them, in ``--jobs`` processes.

    .venv/bin/python bench/wake_corpus.py            # --sensitivities 0.5,0.6,0.7,0.8,0.9 --hours 1.0
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import os
import platform
import re
import subprocess
import sys
import sysconfig
import tempfile
import time
from itertools import product
from pathlib import Path

import numpy as np

from device.interfaces import AudioChunk
from device.wake.pocketsphinx import PocketSphinxWakeDetector, kws_threshold
from device.wav import read_wav
from ting.settings import DeviceSettings

PHRASE = "hey ting"
VOICES = [
    "en",
    "en-us",
    "en-gb-scotland",
    "en-gb-x-gbclan",
    "en-gb-x-rp",
    "en-gb-x-gbcwmd",
    "en-029",
    "en-us-nyc",
]
VARIANTS = ["", "m1", "m3", "m7", "f1", "f2", "f3", "f4"]
SPEEDS = [130, 165, 200]
PITCHES = [30, 50, 70]
SNRS_DB = [20.0, 10.0]
SEGMENT_SECONDS = 30.0
CHUNK_BYTES = 960  # 30 ms at 16 kHz, as the agent's sources deliver it
RATE = 16_000


def pink_noise(n: int, rng: np.random.Generator) -> np.ndarray:
    spectrum = np.fft.rfft(rng.normal(0, 1, n))
    spectrum /= np.sqrt(np.maximum(np.arange(len(spectrum)), 1))
    return np.fft.irfft(spectrum, n)


def mix(speech: np.ndarray, snr_db: float, seed: int, pad_seconds: float = 0.5) -> bytes:
    pad = np.zeros(int(pad_seconds * RATE))
    speech = np.concatenate([pad, speech, pad])
    noise = pink_noise(len(speech), np.random.default_rng(seed))
    power = np.mean(speech[np.abs(speech) > 0] ** 2) if np.any(speech) else 1.0
    noise *= np.sqrt(power / 10 ** (snr_db / 10)) / np.sqrt(np.mean(noise**2))
    return np.clip(speech + noise, -32768, 32767).astype("<i2").tobytes()


def espeak(text: str, voice: str, variant: str, wpm: int, pitch: int) -> np.ndarray:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.wav"
        name = f"{voice}+{variant}" if variant else voice
        subprocess.run(
            ["espeak-ng", "-v", name, "-s", str(wpm), "-p", str(pitch), "-w", str(path), "--stdin"],
            input=text.encode(),
            check=True,
            capture_output=True,
        )
        return np.frombuffer(read_wav(path), dtype="<i2").astype(np.float64)


# -- corpus -----------------------------------------------------------------------------------


def positive_specs() -> list[tuple[str, str, int, int, float]]:
    return list(product(VOICES, VARIANTS, SPEEDS, PITCHES, SNRS_DB))


def make_positive(args: tuple[Path, tuple[str, str, int, int, float]]) -> Path:
    cache, (voice, variant, wpm, pitch, snr) = args
    path = cache / "pos" / f"{voice}+{variant or 'base'}_{wpm}_{pitch}_{snr:.0f}.pcm"
    if not path.exists():
        seed = int(hashlib.sha1(path.name.encode()).hexdigest()[:8], 16)
        path.write_bytes(mix(espeak(PHRASE, voice, variant, wpm, pitch), snr, seed))
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


def make_negative(args: tuple[Path, int, str, int]) -> Path:
    cache, index, text, _ = args
    path = cache / "neg" / f"{index:04d}.pcm"
    if not path.exists():
        rng = np.random.default_rng(index)
        voice, variant = VOICES[index % len(VOICES)], VARIANTS[(index // len(VOICES)) % len(VARIANTS)]
        wpm, pitch = int(rng.integers(130, 201)), int(rng.integers(30, 71))
        path.write_bytes(mix(espeak(text, voice, variant, wpm, pitch), SNRS_DB[index % 2], 10_000 + index))
    return path


def build_corpus(cache: Path, hours: float, pool: multiprocessing.pool.Pool) -> tuple[list[Path], list[Path]]:
    (cache / "pos").mkdir(parents=True, exist_ok=True)
    (cache / "neg").mkdir(parents=True, exist_ok=True)
    positives = pool.map(make_positive, [(cache, spec) for spec in positive_specs()], chunksize=16)
    pool_text = sentences()
    rng = np.random.default_rng(7)
    words_per_segment = int(SEGMENT_SECONDS * 165 / 60)
    # espeak's pauses vary: over-provision, trim below
    segments = int(hours * 3600 / SEGMENT_SECONDS * 1.15) + 1
    jobs = []
    for index in range(segments):
        picked: list[str] = []
        while sum(len(s.split()) for s in picked) < words_per_segment:
            picked.append(pool_text[int(rng.integers(len(pool_text)))])
        jobs.append((cache, index, " ".join(picked), 0))
    negatives = pool.map(make_negative, jobs, chunksize=4)
    kept, seconds = [], 0.0
    for path in negatives:
        if seconds >= hours * 3600:
            break
        kept.append(path)
        seconds += path.stat().st_size / (2 * RATE)
    return positives, kept


# -- detection --------------------------------------------------------------------------------

_DETECTORS: dict[float, PocketSphinxWakeDetector] = {}
_CLOCK = [0.0]


def detections(args: tuple[float, Path]) -> tuple[float, str, int, float, float]:
    """(sensitivity, file, wakes, seconds of audio, seconds of CPU)."""
    sensitivity, path = args
    detector = _DETECTORS.get(sensitivity)
    if detector is None:
        detector = _DETECTORS[sensitivity] = PocketSphinxWakeDetector(PHRASE, sensitivity=sensitivity)
    detector.reset()
    pcm = path.read_bytes()
    started, wakes = time.process_time(), 0
    base = _CLOCK[0] + 10.0  # a clock that only moves on: the cooldown never spans two files
    for offset in range(0, len(pcm), CHUNK_BYTES):
        if detector.process(AudioChunk(pcm[offset : offset + CHUNK_BYTES], base + offset / (2 * RATE))):
            wakes += 1
    seconds = len(pcm) / (2 * RATE)
    _CLOCK[0] = base + seconds
    return sensitivity, str(path), wakes, seconds, time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "ting-bench" / "wake_corpus")
    parser.add_argument(
        "--hours", type=float, default=1.0, help="negatives: hours of speech without the phrase"
    )
    parser.add_argument("--sensitivities", default="0.5,0.6,0.7,0.8,0.9")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    sensitivities = [float(s) for s in args.sensitivities.split(",")]
    default = DeviceSettings().wake_sensitivity
    if default not in sensitivities:
        sensitivities.insert(0, default)
    started = time.monotonic()
    with multiprocessing.Pool(args.jobs) as pool:
        positives, negatives = build_corpus(args.cache, args.hours, pool)
        built = time.monotonic() - started
        pos_seconds = sum(p.stat().st_size for p in positives) / (2 * RATE)
        neg_seconds = sum(p.stat().st_size for p in negatives) / (2 * RATE)
        print(
            f"corpus: {len(positives)} positives ({pos_seconds / 60:.1f} min),"
            f" {len(negatives)} negative segments ({neg_seconds / 3600:.2f} h);"
            f" built/loaded in {built:.0f} s ({args.cache})",
            flush=True,
        )
        tasks = [(s, p) for s in sensitivities for p in negatives + positives]
        tasks.sort(key=lambda t: -Path(t[1]).stat().st_size)  # long ones first: the pool ends evenly
        results = pool.map(detections, tasks, chunksize=1)
    print(f"\nPocketSphinx keyphrase {PHRASE!r}, 30 ms chunks; {platform.machine()}, {os.cpu_count()} cores")
    print(
        "| sensitivity | kws threshold | misses (all) | misses 20 dB | misses 10 dB | false accepts/h | RTF |"
    )
    print("|---|---|---|---|---|---|---|")
    for sensitivity in sensitivities:
        rows = [r for r in results if r[0] == sensitivity]
        pos = [r for r in rows if "/pos/" in r[1]]
        neg = [r for r in rows if "/neg/" in r[1]]
        miss = {snr: [r for r in pos if r[1].endswith(f"_{snr:.0f}.pcm")] for snr in SNRS_DB}
        missed = {snr: sum(r[2] == 0 for r in miss[snr]) for snr in SNRS_DB}
        all_missed = sum(missed.values())
        fa = sum(r[2] for r in neg)
        hours = sum(r[3] for r in neg) / 3600
        rtf = sum(r[4] for r in rows) / sum(r[3] for r in rows)
        print(
            f"| {sensitivity:.2f}{' (default)' if sensitivity == default else ''}"
            f" | {kws_threshold(sensitivity):.0e}"
            f" | {100 * all_missed / len(pos):.1f} % ({all_missed}/{len(pos)})"
            + "".join(f" | {100 * missed[snr] / len(miss[snr]):.1f} %" for snr in SNRS_DB)
            + f" | {fa / hours:.1f} ({fa} in {hours:.2f} h) | {rtf:.3f} |"
        )
    worst = {}
    for r in results:
        if r[0] == default and "/pos/" in r[1] and r[2] == 0:
            voice = Path(r[1]).name.split("_")[0]
            worst[voice] = worst.get(voice, 0) + 1
    top = sorted(worst.items(), key=lambda kv: -kv[1])[:6]
    per_voice = len(SPEEDS) * len(PITCHES) * len(SNRS_DB)
    print("most missed at the default:", ", ".join(f"{v} {n}/{per_voice}" for v, n in top))
    print(f"total {time.monotonic() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
