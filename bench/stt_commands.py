"""Command accuracy and real-time factor: PocketSphinx grammar mode vs open vocabulary.

Synthesized English commands (espeak-ng voices x speeds x pitches) with white noise at 20 dB SNR.
    .venv/bin/python bench/stt_commands.py
"""

from __future__ import annotations

import platform
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

from device.stt.grammar import phrases_to_jsgf
from device.stt.pocketsphinx import PocketSphinxRecognizer
from device.wav import read_wav

COMMANDS = [
    "turn on the kitchen light", "turn off the kitchen light", "turn on the bedroom light",
    "turn off the living room light", "what time is it", "what is the weather like",
    "set an alarm for seven", "play some music", "stop the music", "open the curtains",
    "close the curtains", "turn up the volume", "turn down the volume", "what day is it today",
]  # fmt: skip
VOICES = [("en-us", 160, 50), ("en", 140, 40), ("en-us+f3", 175, 60), ("en-us+m3", 150, 30),
          ("en-gb-x-rp", 165, 55), ("en-us+f2", 130, 70)]  # fmt: skip
SNR_DB = 20.0


def synth(text: str, voice: str, wpm: int, pitch: int, rng: np.random.Generator, folder: Path) -> bytes:
    path = folder / "s.wav"
    subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(wpm), "-p", str(pitch), "-w", str(path), text], check=True
    )
    speech = np.frombuffer(read_wav(path), dtype="<i2").astype(np.float64)
    speech = np.concatenate([np.zeros(4800), speech, np.zeros(4800)])
    noise = rng.normal(0, 1, len(speech))
    noise *= np.sqrt(np.mean(speech**2) / 10 ** (SNR_DB / 10)) / np.sqrt(np.mean(noise**2))
    return np.clip(speech + noise, -32768, 32767).astype("<i2").tobytes()


def main() -> None:
    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as folder:
        audio = [(t, synth(t, v, w, p, rng, Path(folder))) for v, w, p in VOICES for t in COMMANDS]
    seconds = sum(len(pcm) / 32000 for _, pcm in audio)
    for label, recognizer in (
        ("grammar", PocketSphinxRecognizer(jsgf=phrases_to_jsgf(COMMANDS))),
        ("open", PocketSphinxRecognizer()),
    ):
        started = time.perf_counter()
        right = sum(recognizer.transcribe(pcm).text == text for text, pcm in audio)
        spent = time.perf_counter() - started
        share = 100 * right / len(audio)
        print(f"{label:8s} accuracy {right}/{len(audio)} = {share:.1f}%  RTF {spent / seconds:.3f}")
    print(f"{len(audio)} utterances, {seconds:.0f} s of audio; {platform.processor() or platform.machine()}")


if __name__ == "__main__":
    main()
