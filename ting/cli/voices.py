"""``ting voices list``, ``ting voices say "..." [--voice NAME] [--lang L] [--out FILE.wav]``, and the Piper
part of ``ting models download piper-<voice>`` and ``ting models list``.

``say`` speaks with what the device would use for the language (``device.tts_voices``, an installed voice,
else espeak-ng), or with ``--voice`` (a Piper voice name or ``.onnx`` path, or ``espeak-ng``); to the
speaker, or into a WAV file with ``--out``. A ``--voice`` that cannot be loaded is an error here, not a
fallback: the user asked for that voice.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tomlkit

from ting.config_edit import ConfigEditor
from ting.nlu import detect_language
from ting.settings import DeviceSettings, Settings

if TYPE_CHECKING:
    from ting.device.interfaces import Synthesizer

LANGUAGES = ("en", "zh")


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    voices = commands.add_parser("voices", parents=[common], help="list the voices and try one")
    actions = voices.add_subparsers(dest="voices_command", required=True, metavar="ACTION")
    listing = actions.add_parser(
        "list", parents=[common], help="the installed Piper voices and the voice each language uses"
    )
    listing.set_defaults(run=run_list)
    say = actions.add_parser("say", parents=[common], help="say a text to the speaker or into a WAV file")
    say.add_argument("text", metavar="TEXT")
    say.add_argument("--voice", metavar="NAME", help="a Piper voice name or .onnx path, or espeak-ng")
    say.add_argument("--lang", choices=LANGUAGES, help="the text's language (default: guessed from it)")
    say.add_argument("--out", type=Path, metavar="FILE.wav", help="write a WAV file instead of playing")
    say.set_defaults(run=run_say)


# -- list ------------------------------------------------------------------------------------------


def run_list(args: argparse.Namespace, settings: Settings) -> int:
    print("\n".join(describe_voices(settings.device)))
    return 0


def describe_voices(device: DeviceSettings) -> list[str]:
    """The installed voices, then the voice each language speaks with on this site."""
    from ting.device.voice_download import PREFIX, RECOMMENDED_VOICES
    from ting.device.voices import installed_voices, voice_for_language, voices_dir

    installed = installed_voices(device)
    lines = [f"{'VOICE':<26} {'LANG':<5} {'SOURCE':<30} FILE"]
    lines += [f"{v.name:<26} {v.lang or '?':<5} {v.source:<30} {v.model}" for v in installed]
    if not installed:
        lines.append("(no Piper voice installed)")
    lines.append(f"\nvoice per language (site {device.site_id}; tts_engine = {device.tts_engine!r}):")
    for lang in sorted({*LANGUAGES, *device.tts_voices, *device.tts_site_voices.get(device.site_id, {})}):
        voice = None if device.tts_engine in ("pyttsx3", "espeak-ng") else voice_for_language(device, lang)
        if voice is None:
            tip = RECOMMENDED_VOICES.get(lang)
            hint = f"  (a Piper voice: ting models download {PREFIX}{tip})" if tip else ""
            lines.append(f"  {lang:<3} espeak-ng{hint}")
        elif not voice.model.is_file():
            lines.append(
                f"  {lang:<3} piper {voice.name}  MISSING: {voice.model}; espeak-ng speaks instead "
                f"(ting models download {PREFIX}{voice.name})"
            )
        else:
            lines.append(f"  {lang:<3} piper {voice.name}  ({voice.source})")
    lines.append(f"\ndownloaded voices go to {voices_dir(device)} (device.models_dir)")
    return lines


# -- say -------------------------------------------------------------------------------------------


def run_say(args: argparse.Namespace, settings: Settings) -> int:
    from ting.device.audio_out import decode_wav

    device = settings.device
    lang = args.lang or detect_language(args.text)
    synthesizer, description = _synthesizer(device, args.voice, lang)
    started = time.monotonic()
    wav = synthesizer.synthesize(args.text, lang)
    elapsed_ms = (time.monotonic() - started) * 1000
    seconds = decode_wav(wav).seconds
    made = f"{seconds:.1f} s of audio by {description}, synthesized in {elapsed_ms:.0f} ms"
    if args.out is not None:
        args.out.write_bytes(wav)
        print(f"{args.out}: {made}")
        return 0
    from ting.device.audio_out import open_sink

    asyncio.run(open_sink(device.output_device).play(wav, volume=device.volume))
    print(f"said: {made}")
    return 0


def _synthesizer(device: DeviceSettings, voice: str | None, lang: str) -> tuple[Synthesizer, str]:
    from ting.device.synthesis import LanguageVoices, build_synthesizer
    from ting.device.tts import default_synthesizer
    from ting.device.voices import ESPEAK, resolve_voice

    def espeak() -> Synthesizer:
        engine = "auto" if device.tts_engine == "piper" else device.tts_engine
        return default_synthesizer(engine, rate_wpm=device.tts_rate_wpm)

    if voice is None:
        voices = build_synthesizer(device)
        assert isinstance(voices, LanguageVoices)
        return voices, voices.describe(lang)
    if voice == ESPEAK:
        return LanguageVoices(lambda _lang: None, espeak), ESPEAK
    from ting.device.piper_tts import PiperSynthesizer

    files = resolve_voice(device, voice)
    piper = PiperSynthesizer(files)  # TtsError (a TingError) when it cannot: the CLI says why
    return LanguageVoices(lambda _lang: files, espeak, load_voice=lambda _files: piper), f"piper {files.name}"


# -- ting models download piper-<voice> --------------------------------------------------------


def run_download(args: argparse.Namespace, settings: Settings, config_file: Path) -> int:
    from ting.device.models import ProgressBar
    from ting.device.voice_download import download_voice, voice_name
    from ting.device.voices import voices_dir

    device = settings.device
    name = voice_name(args.name)
    editor = None if args.no_config else ConfigEditor(config_file)  # fails now, not after the download
    model = voices_dir(device) / f"{name}.onnx"
    if args.force or not model.is_file():
        bar = ProgressBar(name, sys.stderr)
        try:
            done = download_voice(name, voices_dir(device), device.piper_voices_base_url, progress=bar)
        finally:
            bar.finish()
        print(
            f"checksum: size and MD5 of both files verified against voices.json; installed {done.model}",
            file=sys.stderr,
        )
    else:
        print(f"{name} is already installed: {model} (--force: download again)", file=sys.stderr)
    lang = name.split("_")[0]
    if editor is None:
        print("config not changed (--no-config); to use the voice, put in ting.toml:", file=sys.stderr)
        print(f"[device]\ntts_voices = {{ {lang} = {_toml(name)} }}")
        return 0
    if editor.get("device", "tts_voices", lang) != name:
        editor.set("device", "tts_voices", lang, value=name)
    editor.save()
    if not editor.changes:
        print(f"{editor.path}: already speaks {lang!r} with {name}; nothing changed")
        return 0
    print(f"{editor.path}{'' if editor.exists else ' (created)'}:")
    for change in editor.changes:
        was = "was not set" if change.old is None else f"was {_toml(change.old)}"
        print(f"  {change.key} = {_toml(change.new)}  ({was})")
    return 0


def _toml(value: Any) -> str:
    return str(tomlkit.item(value).as_string())
