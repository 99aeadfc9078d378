"""Speech recognition engines behind ``SpeechRecognizer``, and the factory that picks one from settings.

PocketSphinx (bundled US-English model) needs no download and is the default for English; any other
language, or ``stt_engine = "vosk"``, needs a Vosk model directory in ``device.vosk_model_dirs``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ting.device.interfaces import SpeechRecognizer
from ting.device.models import RECOMMENDED
from ting.errors import SpeechModelError
from ting.settings import DeviceSettings


def build_recognizer(
    settings: DeviceSettings, lang: str, *, phrases: Sequence[str] | None = None, jsgf: str | None = None
) -> SpeechRecognizer:
    """The configured recognizer for ``lang``; ``phrases``/``jsgf`` become its default grammar."""
    if settings.stt_engine == "pocketsphinx" and lang == "en":
        from ting.device.stt.pocketsphinx import PocketSphinxRecognizer

        return PocketSphinxRecognizer(jsgf=jsgf, phrases=phrases)
    model_dir = vosk_model_dir(settings, lang)  # first: no Vosk library loaded (~16 MB) for a missing model
    from ting.device.stt.vosk import VoskRecognizer, load_model

    model = load_model(model_dir, RECOMMENDED.get(lang, ""))
    return VoskRecognizer(model, lang, phrases=phrases, min_confidence=settings.stt_min_confidence)


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
