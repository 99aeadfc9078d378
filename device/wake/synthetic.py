"""Synthetic speech for training and measuring wake words: espeak-ng voices, pink noise, mixing at an SNR.

Used by ``ting wake train`` (device/wake/training.py) and by bench/wake_corpus.py, so that what the model is
trained on and what it is measured on are made the same way (from different voices and texts).
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from ting.device.interfaces import SAMPLE_RATE_HZ
from ting.device.wav import read_wav
from ting.errors import SpeechModelError

Samples = npt.NDArray[np.float64]

ENGLISH_VOICES = (
    "en",
    "en-us",
    "en-gb-scotland",
    "en-gb-x-gbclan",
    "en-gb-x-rp",
    "en-gb-x-gbcwmd",
    "en-029",
    "en-us-nyc",
)
MANDARIN_VOICES = ("cmn-latn-pinyin",)
"""espeak-ng 1.51's ``cmn`` reads characters as pinyin spelled in English; only this one speaks Mandarin."""
VARIANTS = ("", "m1", "m3", "m7", "f1", "f2", "f3", "f4")
"""espeak-ng voice variants (``voice+variant``): male and female timbres."""
VOICES = {"en": ENGLISH_VOICES, "zh": MANDARIN_VOICES}


@dataclass(frozen=True)
class Voice:
    """One way espeak-ng can say something."""

    name: str
    variant: str = ""
    words_per_minute: int = 165
    pitch: int = 50

    @property
    def spec(self) -> str:
        return f"{self.name}+{self.variant}" if self.variant else self.name


def espeak(text: str, voice: Voice) -> Samples:
    """``text`` spoken by espeak-ng, 16 kHz mono, as float samples on the int16 scale."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.wav"
        command = ["espeak-ng", "-v", voice.spec, "-s", str(voice.words_per_minute), "-p", str(voice.pitch)]
        try:
            subprocess.run(
                [*command, "-w", str(path), "--stdin"], input=text.encode(), check=True, capture_output=True
            )
        except FileNotFoundError:
            raise SpeechModelError("espeak-ng is not installed (apt-get install espeak-ng)") from None
        except subprocess.CalledProcessError as error:
            raise SpeechModelError(
                f"espeak-ng -v {voice.spec} failed: {error.stderr.decode().strip()}"
            ) from None
        return np.frombuffer(read_wav(path), dtype="<i2").astype(np.float64)


def pink_noise(n: int, rng: np.random.Generator) -> Samples:
    spectrum = np.fft.rfft(rng.normal(0, 1, n))
    spectrum /= np.sqrt(np.maximum(np.arange(len(spectrum)), 1))
    return np.asarray(np.fft.irfft(spectrum, n), dtype=np.float64)


def mix(speech: Samples, snr_db: float | None, seed: int, pad_seconds: float = 0.5) -> bytes:
    """``speech`` with ``pad_seconds`` of silence either side and pink noise at ``snr_db`` (None: clean), as
    16 kHz s16le."""
    pad = np.zeros(int(pad_seconds * SAMPLE_RATE_HZ))
    speech = np.concatenate([pad, speech, pad])
    if snr_db is not None:
        noise = pink_noise(len(speech), np.random.default_rng(seed))
        power = np.mean(speech[np.abs(speech) > 0] ** 2) if np.any(speech) else 1.0
        noise *= np.sqrt(power / 10 ** (snr_db / 10)) / np.sqrt(np.mean(noise**2))
        speech = speech + noise
    return bytes(np.clip(speech, -32768, 32767).astype("<i2").tobytes())


def reverberate(speech: Samples, rt60_seconds: float, seed: int) -> Samples:
    """``speech`` heard across a room, as loud as before and ``rt60_seconds`` longer: the direct sound and a
    tail of echoes that dies away by 60 dB in ``rt60_seconds`` (noise under an exponential decay, the usual
    stand-in for a measured room response), 0 to 10 dB below the direct sound."""
    rng = np.random.default_rng(seed)
    length = int(rt60_seconds * SAMPLE_RATE_HZ)
    tail = rng.normal(0, 1, length) * np.exp(-6.9 * np.arange(length) / length)
    tail[: int(0.005 * SAMPLE_RATE_HZ)] = 0.0  # the first reflection comes a few ms after the direct sound
    tail *= np.sqrt(10 ** (-rng.uniform(0, 10) / 10) / np.sum(tail**2))
    tail[0] = 1.0
    size = 1 << int(np.ceil(np.log2(len(speech) + length)))
    heard = np.fft.irfft(np.fft.rfft(speech, size) * np.fft.rfft(tail, size), size)[: len(speech) + length]
    loudness = np.sqrt(np.mean(speech**2) / max(1e-9, float(np.mean(heard**2))))
    return np.asarray(heard * loudness, dtype=np.float64)


def speech_bounds(samples: Samples, threshold: float = 200.0) -> tuple[int, int]:
    """First and one-past-last sample louder than ``threshold`` (espeak-ng's output is clean)."""
    loud = np.flatnonzero(np.abs(samples) > threshold)
    if len(loud) == 0:
        return 0, 0
    return int(loud[0]), int(loud[-1]) + 1
