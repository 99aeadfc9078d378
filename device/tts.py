"""Text to speech: pyttsx3 on espeak-ng, rendered to a WAV buffer (never played by the engine).

Why pyttsx3's ``save_to_file`` first, espeak-ng's command line as the fallback:
pyttsx3 drives libespeak-ng in-process (no process start per answer, ~10 ms for a short
sentence), and ``save_to_file`` hands us the samples instead of playing them, so playback,
volume and interruption stay in ``ting.device.audio_out``. pyttsx3 keeps one engine per process
over a process-global libespeak, so every call is serialized by a lock. When pyttsx3 cannot
start (no libespeak-ng, a broken driver), ``EspeakSynthesizer`` runs ``espeak-ng --stdout``:
the same voices, one subprocess per answer. ``default_synthesizer()`` picks the first that works.

Voices: Mandarin ``cmn`` for ``zh``, ``en-us`` for ``en``; anything else falls back to the
language of the text (CJK characters → ``zh``).
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ting.errors import TingError
from ting.nlu import detect_language

_LOGGER = logging.getLogger(__name__)

VOICES: Mapping[str, str] = {"zh": "cmn-latn-pinyin", "en": "en-us"}
"""ting language → espeak-ng voice. Mandarin is ``cmn-latn-pinyin``: espeak-ng 1.51's ``cmn`` turns characters
into pinyin and then reads that as English ("xiao three ting one")."""
DEFAULT_RATE_WPM = 165
_ESPEAK_TIMEOUT_SECONDS = 20.0
_WAV_HEADER_BYTES = 44


class TtsError(TingError):
    """Speech could not be synthesized."""


def voice_for(lang: str | None, text: str) -> str:
    return VOICES.get(lang or "", VOICES[detect_language(text)])


class PyttsxSynthesizer:
    """``Synthesizer`` on pyttsx3's espeak driver, ``save_to_file`` into a temporary WAV."""

    engine_name = "pyttsx3"
    _lock = threading.Lock()  # one libespeak per process: never two syntheses at once

    def __init__(self, *, rate_wpm: int = DEFAULT_RATE_WPM) -> None:
        import pyttsx3
        import pyttsx3.drivers.espeak as espeak_driver

        # The driver prints "Audio saved to ..." after every save; the agent's stdout is the demo's.
        espeak_driver.print = lambda *args, **kwargs: None
        try:
            self._engine: Any = pyttsx3.init("espeak")
        except Exception as error:  # pyttsx3 raises anything from ctypes/OSError to RuntimeError
            raise TtsError(f"pyttsx3 could not start espeak-ng: {error!r}") from None
        self._rate_wpm = rate_wpm

    def synthesize(self, text: str, lang: str) -> bytes:
        with self._lock, tempfile.TemporaryDirectory(prefix="ting-tts-") as folder:
            path = Path(folder) / "say.wav"
            self._engine.setProperty("voice", voice_for(lang, text))
            self._engine.setProperty("rate", self._rate_wpm)
            self._engine.save_to_file(text, str(path))
            self._engine.runAndWait()
            wav = path.read_bytes() if path.is_file() else b""
        if len(wav) > _WAV_HEADER_BYTES:
            return wav
        # Seen on a clean install under load: libespeak's callback delivered no samples and pyttsx3
        # wrote a bare header. Silence must never stand in for an answer: say it through the CLI.
        _LOGGER.warning("pyttsx3 wrote no audio for %r; using espeak-ng directly", text)
        return EspeakSynthesizer(rate_wpm=self._rate_wpm).synthesize(text, lang)


class EspeakSynthesizer:
    """``Synthesizer`` running ``espeak-ng --stdout`` (the fallback: one process per answer)."""

    engine_name = "espeak-ng"

    def __init__(self, *, rate_wpm: int = DEFAULT_RATE_WPM, binary: str | None = None) -> None:
        found = binary or shutil.which("espeak-ng")
        if found is None:
            raise TtsError("espeak-ng is not installed (apt-get install espeak-ng)")
        self._binary = found
        self._rate_wpm = rate_wpm

    def synthesize(self, text: str, lang: str) -> bytes:
        command = [self._binary, "-v", voice_for(lang, text), "-s", str(self._rate_wpm), "--stdout", text]
        try:
            done = subprocess.run(command, capture_output=True, timeout=_ESPEAK_TIMEOUT_SECONDS, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise TtsError(f"espeak-ng failed: {error}") from None
        if done.returncode != 0 or done.stdout[:4] != b"RIFF":
            raise TtsError(f"espeak-ng failed: {done.stderr.decode(errors='replace').strip()}")
        return _fix_stream_header(done.stdout)


def _fix_stream_header(wav: bytes) -> bytes:
    """espeak-ng writes 0xFFFFFFFF sizes to a pipe; put the real ones in so ``wave`` reads it whole."""
    if len(wav) < 44 or wav[12:16] != b"fmt ":
        return wav
    fixed = bytearray(wav)
    fixed[4:8] = (len(wav) - 8).to_bytes(4, "little")
    data_at = wav.find(b"data", 12)
    if data_at >= 0:
        fixed[data_at + 4 : data_at + 8] = (len(wav) - data_at - 8).to_bytes(4, "little")
    return bytes(fixed)


def default_synthesizer(
    engine: str = "auto", *, rate_wpm: int = DEFAULT_RATE_WPM
) -> PyttsxSynthesizer | EspeakSynthesizer:
    """``pyttsx3`` / ``espeak-ng`` / ``auto`` (pyttsx3, else espeak-ng)."""
    if engine in ("auto", "pyttsx3"):
        try:
            return PyttsxSynthesizer(rate_wpm=rate_wpm)
        except (TtsError, ImportError) as error:
            if engine == "pyttsx3":
                raise TtsError(str(error)) from None
            _LOGGER.warning("pyttsx3 unavailable (%s); speaking with espeak-ng directly", error)
    return EspeakSynthesizer(rate_wpm=rate_wpm)
