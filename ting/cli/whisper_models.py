"""``ting models download whisper-NAME``: a faster-whisper model, and the config pointed at it.

An English-only model (``.en``) becomes ``device.whisper_models.en``, a multilingual one
``device.whisper_models.zh`` (Mandarin needs it; English keeps its faster ``.en`` model). A config that forces
another engine (``device.stt_engine`` = ``pocketsphinx`` / ``vosk``) is set to ``auto``, which uses Whisper
for a language whose model is installed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ting.config_edit import ConfigEditor
from ting.settings import DeviceSettings, Settings

if TYPE_CHECKING:
    from ting.device.whisper_models import WhisperModelInfo


def run_whisper_download(args: argparse.Namespace, settings: Settings) -> int:
    from ting.cli.models import config_file
    from ting.device.whisper_models import find_whisper_model, installed_whisper_dir

    info = find_whisper_model(args.name)
    # a config file that cannot be edited fails now, not after the download
    editor = None if args.no_config else ConfigEditor(config_file(args))
    models_dir = settings.device.models_dir.expanduser()
    model_dir = None if args.force else installed_whisper_dir(info, models_dir)
    if model_dir is None:
        model_dir = _download(info, settings.device)
    else:
        print(
            f"{info.command_name} is already installed in {model_dir} (--force: download again)",
            file=sys.stderr,
        )
    lang = language_of(info)
    if editor is None:
        print("config not changed (--no-config); to use the model, put in ting.toml:", file=sys.stderr)
        print(f'[device]\nwhisper_models = {{ {lang} = "{info.name}" }}')
        return 0
    if editor.get("device", "stt_engine") in ("pocketsphinx", "vosk"):
        editor.set("device", "stt_engine", value="auto")
    if editor.get("device", "whisper_models", lang) != info.name:
        editor.set("device", "whisper_models", lang, value=info.name)
    editor.save()
    if not editor.changes:
        print(f"{editor.path}: already uses {info.command_name} for {lang!r}; nothing changed")
    else:
        print(f"{editor.path}{'' if editor.exists else ' (created)'}:")
        for change in editor.changes:
            print(f"  {change.key} = {change.new!r}  (was {change.old!r})")
    return 0


def language_of(info: WhisperModelInfo) -> str:
    """The language the model is configured for: English-only models English, the others Chinese."""
    return "en" if info.langs == ("en",) else "zh"


def _download(info: WhisperModelInfo, device: DeviceSettings) -> Path:
    from ting.device.models import ProgressBar
    from ting.device.whisper_models import FILES, download_whisper_model

    bar = ProgressBar(info.command_name, sys.stderr)
    try:
        result = download_whisper_model(
            info, device.models_dir.expanduser(), device.whisper_models_base_url, progress=bar
        )
    finally:
        bar.finish()
    for file in FILES:
        how = "verified against the published SHA-256" if file in result.verified else "size checked"
        print(f"  {file}: SHA-256 {result.sha256[file]} ({how})", file=sys.stderr)
    print(f"installed {info.command_name} in {result.model_dir}", file=sys.stderr)
    return result.model_dir
