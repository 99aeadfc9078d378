"""Speech recognition engines behind ``SpeechRecognizer``, and the factory that picks one from settings.

``device.stt_engine = "auto"`` (the default) uses, per language, the pipeline measured best where its Whisper
model is installed (docs/benchmarks.md): English ``hybrid`` (Whisper tiny.en on a 10 s window, PocketSphinx's
grammar transcript when the NLU understands Whisper's less well), Mandarin faster-whisper alone; else what
needs no Whisper model: PocketSphinx (bundled US-English model) for English, a Vosk model for other languages.
``pocketsphinx``, ``vosk`` and ``whisper`` force one engine; ``hybrid`` runs the grammar engine and Whisper on
each command, the NLU choosing between their transcripts (``ting.device.stt.hybrid``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ting.device.interfaces import SpeechRecognizer, TranscriptJudge
from ting.device.models import RECOMMENDED
from ting.errors import SpeechModelError
from ting.settings import DeviceSettings

if TYPE_CHECKING:  # the module imports faster-whisper's helpers lazily: not for a PocketSphinx-only device
    from ting.device.stt.whisper import WhisperModels


def build_recognizer(
    settings: DeviceSettings,
    lang: str,
    *,
    phrases: Sequence[str] | None = None,
    jsgf: str | None = None,
    prompt: str | None = None,
    judge: TranscriptJudge | None = None,
    whisper_models: WhisperModels | None = None,
    grammar_engines: GrammarEngines | None = None,
) -> SpeechRecognizer:
    """The configured recognizer for ``lang``; ``phrases``/``jsgf`` become its default grammar (PocketSphinx,
    Vosk), ``prompt`` Whisper's initial prompt, ``judge`` (transcript -> NLU confidence) decides the hybrid
    and picks among Whisper's n best. ``whisper_models``: the models already loaded, shared (None: a model of
    this recognizer's own); ``grammar_engines``: the grammar engine built last, kept for the same grammar."""
    engine = engine_for(settings, lang)
    if engine == "hybrid":
        if judge is None:
            raise ValueError("the hybrid recognizer needs the NLU's judgement (judge)")
        from ting.device.stt.hybrid import HybridRecognizer

        grammar = _grammar_recognizer(settings, lang, phrases, jsgf, grammar_engines)
        whisper = _whisper_recognizer(settings, lang, prompt, judge, phrases, whisper_models)
        first, second = (grammar, whisper) if settings.stt_hybrid_first == "grammar" else (whisper, grammar)
        return HybridRecognizer(
            first,
            second,
            judge,
            min_confidence=settings.stt_hybrid_min_nlu_confidence,
            # Metaphone is English's: another language's grammar phrase is not weighed by its sound
            max_edits_per_sound=settings.stt_hybrid_grammar_max_sound_edits_per_sound
            if lang == "en"
            else 1.0,
        )
    if engine == "whisper":
        _check_any_model(settings, lang)
        return _whisper_recognizer(settings, lang, prompt, judge, phrases, whisper_models)
    return _grammar_recognizer(settings, lang, phrases, jsgf, grammar_engines)


class GrammarEngines:
    """The grammar engine built last for each language, and the grammar it was built from. A library scan's
    new names change the phrases but often not the compact JSGF (it says the first 12 names of a list, most
    played first): PocketSphinx for that JSGF is the one already built (its grammar automaton, which holds
    the names it says, takes seconds to build), and Whisper's part alone is made anew. A kept PocketSphinx is
    a fresh one's equal: each utterance sets its own cepstral mean, the searches are keyed by content."""

    def __init__(self) -> None:
        self._built: dict[str, tuple[object, SpeechRecognizer]] = {}
        self._lock = threading.Lock()
        self.kept = 0
        """Times a language's engine was kept for the same grammar."""

    def get(self, lang: str, grammar: object, make: Callable[[], SpeechRecognizer]) -> SpeechRecognizer:
        with self._lock:
            known = self._built.get(lang)
            if known is not None and known[0] == grammar:
                self.kept += 1
                return known[1]
        engine = make()  # not under the lock: seconds, and another language may be built meanwhile
        with self._lock:
            self._built[lang] = (grammar, engine)
        return engine


def _whisper_recognizer(
    settings: DeviceSettings,
    lang: str,
    prompt: str | None,
    judge: TranscriptJudge | None,
    phrases: Sequence[str] | None,
    models: WhisperModels | None,
) -> SpeechRecognizer:
    from ting.device.stt.sound_alike import SoundAlikes
    from ting.device.stt.sound_alike_en import EnglishSoundAlikes
    from ting.device.stt.whisper import WhisperModels, WhisperRecognizer

    model_dir, hint = whisper_model_dir(settings, lang)
    model = (models or WhisperModels()).load(model_dir, threads=settings.whisper_threads, download_hint=hint)
    # Mandarin: the grammar's sentences, for words Whisper wrote as sound-alikes (~0.1 s to build)
    # English: the same for the household's names, offered only when the NLU reads none of Whisper's n best
    sound_alikes: SoundAlikes | EnglishSoundAlikes | None = None
    if phrases and judge is not None:
        sound_alikes = (
            SoundAlikes(phrases) if lang == "zh" else EnglishSoundAlikes(phrases) if lang == "en" else None
        )
    return WhisperRecognizer(
        model,
        lang,
        prompt=prompt,
        beam_size=settings.whisper_beam_size,
        window_seconds=settings.whisper_window_seconds,
        hypotheses=settings.whisper_hypotheses.get(lang, 1),
        judge=judge,
        sound_alikes=sound_alikes,
    )


def _grammar_recognizer(
    settings: DeviceSettings,
    lang: str,
    phrases: Sequence[str] | None,
    jsgf: str | None,
    engines: GrammarEngines | None = None,
) -> SpeechRecognizer:
    if lang == "en" and settings.stt_engine != "vosk":
        from ting.device.stt.pocketsphinx import PocketSphinxRecognizer

        def pocketsphinx() -> SpeechRecognizer:
            return PocketSphinxRecognizer(jsgf=jsgf, phrases=phrases)

        if engines is None:
            return pocketsphinx()
        # with a JSGF, the phrases are not used (PocketSphinxRecognizer): the JSGF alone is its grammar
        return engines.get(lang, ("jsgf", jsgf) if jsgf else ("phrases", tuple(phrases or ())), pocketsphinx)
    model_dir = vosk_model_dir(settings, lang)  # first: no Vosk library loaded (~16 MB) for a missing model
    from ting.device.stt.vosk import VoskRecognizer, load_model

    model = load_model(model_dir, RECOMMENDED.get(lang, ""))
    return VoskRecognizer(model, lang, phrases=phrases, min_confidence=settings.stt_min_confidence)


def engine_for(settings: DeviceSettings, lang: str) -> str:
    """``whisper``, ``pocketsphinx``, ``vosk`` or ``hybrid``: what ``build_recognizer`` uses for ``lang``."""
    engine = settings.stt_engine
    if engine == "pocketsphinx" and lang != "en":
        return "vosk"
    if engine == "hybrid":
        # both parts must be there: Whisper's model, and a grammar engine (PocketSphinx is English only)
        if not whisper_installed(settings, lang):
            return "pocketsphinx" if lang == "en" else "vosk"
        return "hybrid" if lang == "en" or _vosk_installed(settings, lang) else "whisper"
    if engine != "auto":
        return engine
    if whisper_installed(settings, lang):
        # English: Whisper, and PocketSphinx's grammar transcript when the NLU understands Whisper's less
        # well (measured best: docs/benchmarks.md); other languages have no grammar engine installed here
        return "hybrid" if lang == "en" else "whisper"
    if lang == "en":
        return "pocketsphinx"
    return "vosk" if _vosk_installed(settings, lang) else "whisper"  # the error names the Whisper download


def _check_any_model(settings: DeviceSettings, lang: str) -> None:
    """``auto`` with no model at all for ``lang``: name both downloads."""
    if settings.stt_engine != "auto" or whisper_installed(settings, lang):
        return
    model_dir, name = whisper_model_dir(settings, lang)
    vosk = RECOMMENDED.get(lang)
    also = f", or Vosk: `ting models download {vosk}`" if vosk else ""
    raise SpeechModelError(
        f"no speech model for {lang!r} (no {model_dir}): get Whisper with `ting models download {name}`{also}"
    )


def recognizer_missing(settings: DeviceSettings, lang: str) -> str | None:
    """Why ``lang`` cannot be recognized here, naming the download (None: it can), without loading a model."""
    try:
        engine = engine_for(settings, lang)
        if engine == "hybrid" and lang != "en":
            vosk_model_dir(settings, lang)
        if engine in ("whisper", "hybrid"):
            _check_any_model(settings, lang)
            model_dir, hint = whisper_model_dir(settings, lang)
            from ting.device.stt.whisper import check_model_dir

            check_model_dir(model_dir, hint)
        elif engine == "vosk":
            vosk_model_dir(settings, lang)
    except SpeechModelError as error:
        return str(error)
    return None


def whisper_model_dir(settings: DeviceSettings, lang: str) -> tuple[Path, str]:
    """The faster-whisper folder for ``lang``, and the ``ting models download`` name that provides it."""
    from ting.device.whisper_models import DEFAULT_MODELS, find_whisper_model

    name = settings.whisper_models.get(lang) or DEFAULT_MODELS.get(lang, "base")
    info = find_whisper_model(name)
    configured = settings.whisper_model_dirs.get(lang)
    if configured is not None:
        return configured.expanduser(), info.command_name
    return settings.models_dir.expanduser() / info.folder, info.command_name


def whisper_installed(settings: DeviceSettings, lang: str) -> bool:
    try:
        return (whisper_model_dir(settings, lang)[0] / "model.bin").is_file()
    except SpeechModelError:
        return False


def _vosk_installed(settings: DeviceSettings, lang: str) -> bool:
    try:
        vosk_model_dir(settings, lang)
    except SpeechModelError:
        return False
    return True


def vosk_model_dir(settings: DeviceSettings, lang: str) -> Path:
    model_dir = settings.vosk_model_dirs.get(lang)
    if model_dir is not None:
        return model_dir.expanduser()
    name = RECOMMENDED.get(lang)
    if name is None:
        raise SpeechModelError(f"no speech model for language {lang!r}")
    default = settings.models_dir.expanduser() / f"vosk-model-{name}"
    if default.is_dir():
        return default
    engine = "the Vosk engine" if settings.stt_engine == "vosk" else "PocketSphinx (English only)"
    raise SpeechModelError(
        f"no Vosk model for {lang!r}: {engine} needs device.vosk_model_dirs.{lang}, "
        f"or a model in {default} (get it with `ting models download {name}`)"
    )
