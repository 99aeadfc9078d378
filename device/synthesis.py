"""Which engine speaks each language: a Piper voice where one is configured or installed, espeak-ng otherwise.

``LanguageVoices`` is the agent's ``Synthesizer``. The server's ``tts/say`` carries the language; the voice
for it is chosen once (``ting.device.voices``) and loaded on first use. A voice that cannot be loaded (file
missing or broken, piper-tts not installed) is logged once, in one line saying which file and why, and that
language is spoken with espeak-ng from then on; so is a single answer a loaded voice fails on. Mandarin text
is normalized for speech (``ting.device.zh_text``) whichever engine speaks it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from ting.device.interfaces import Synthesizer
from ting.device.tts import TtsError, default_synthesizer
from ting.device.voices import VoiceFiles, voice_for_language
from ting.device.zh_text import normalize_zh
from ting.settings import DeviceSettings

_LOGGER = logging.getLogger(__name__)


def speakable(text: str, lang: str) -> str:
    """``text`` as the engines should read it."""
    return normalize_zh(text) if lang == "zh" else text


class LanguageVoices:
    """``Synthesizer`` routing each language to its Piper voice, else to the espeak-ng fallback."""

    engine_name = "voices"

    def __init__(
        self,
        pick_voice: Callable[[str], VoiceFiles | None],
        make_fallback: Callable[[], Synthesizer],
        *,
        load_voice: Callable[[VoiceFiles], Synthesizer] | None = None,
    ) -> None:
        self._pick_voice = pick_voice
        self._make_fallback = make_fallback
        self._load_voice = load_voice or _load_piper
        self._fallback: Synthesizer | None = None
        self._engines: dict[str, Synthesizer] = {}
        """Language -> the engine speaking it (decided on first use)."""
        self._lock = threading.Lock()

    def synthesize(self, text: str, lang: str) -> bytes:
        engine = self.engine_for(lang)
        spoken = speakable(text, lang)
        try:
            return engine.synthesize(spoken, lang)
        except TtsError as error:
            fallback = self.fallback()
            if engine is fallback:
                raise
            _LOGGER.warning("%s; saying this answer with espeak-ng", error)
            return fallback.synthesize(spoken, lang)

    def engine_for(self, lang: str) -> Synthesizer:
        with self._lock:
            engine = self._engines.get(lang)
            if engine is None:
                engine = self._engines[lang] = self._choose(lang)
            return engine

    def describe(self, lang: str) -> str:
        """``piper en_US-joe-medium`` / ``espeak-ng``: what speaks ``lang`` (loads it)."""
        engine = self.engine_for(lang)
        voice = getattr(engine, "voice", None)
        return f"piper {voice.name}" if isinstance(voice, VoiceFiles) else "espeak-ng"

    def fallback(self) -> Synthesizer:
        if self._fallback is None:
            self._fallback = self._make_fallback()
        return self._fallback

    def _choose(self, lang: str) -> Synthesizer:
        voice = self._pick_voice(lang)
        if voice is None:
            return self.fallback()
        try:
            engine = self._load_voice(voice)
        except TtsError as error:
            _LOGGER.warning("%s; speaking %s with espeak-ng", error, lang)
            return self.fallback()
        _LOGGER.info("speaking %s with Piper voice %s (%s)", lang, voice.name, voice.model)
        return engine


def _load_piper(voice: VoiceFiles, repeatable: bool = False) -> Synthesizer:
    from ting.device.piper_tts import PiperSynthesizer

    return PiperSynthesizer(voice, repeatable=repeatable)


def build_synthesizer(settings: DeviceSettings, *, repeatable: bool = False) -> Synthesizer:
    """The device's synthesizer from its settings (``tts_engine``, ``tts_voices``, ``tts_site_voices``);
    ``repeatable``: Piper voices without their sampling noise, the same audio for the same text every run
    (training audio: ``ting wake train --stop``), and espeak-ng always by its command line: pyttsx3 on a busy
    machine sometimes delivers no samples and falls back to it, answer by answer."""
    espeak_engine = "auto" if settings.tts_engine == "piper" else settings.tts_engine
    if repeatable:
        espeak_engine = "espeak-ng"

    def fallback() -> Synthesizer:
        return default_synthesizer(espeak_engine, rate_wpm=settings.tts_rate_wpm)

    if settings.tts_engine in ("pyttsx3", "espeak-ng"):
        return LanguageVoices(lambda _lang: None, fallback)
    return LanguageVoices(
        lambda lang: voice_for_language(settings, lang),
        fallback,
        load_voice=lambda voice: _load_piper(voice, repeatable),
    )
