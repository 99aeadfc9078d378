"""``ting transcribe FILE.wav [--lang en|zh] --json``: the device's speech recognizer on a WAV file."""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path
from typing import Any

from ting.errors import TingError
from ting.settings import Settings

_LOGGER = logging.getLogger(__name__)


def add_parser(commands: Any, common: argparse.ArgumentParser | None = None) -> None:
    parents = [common] if common is not None else []
    parser = commands.add_parser("transcribe", parents=parents, help="speech to text for a WAV file")
    parser.add_argument("file", metavar="FILE.wav", type=Path)
    parser.add_argument("--lang", choices=["en", "zh"], default="en", help="spoken language (default: en)")
    parser.add_argument(
        "--grammar",
        action="store_true",
        help="constrain recognition to the installed skills' sentences (grammar mode)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON (the default; kept for scripts)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from ting.device.stt import build_recognizer
    from ting.device.wav import read_wav

    pcm = read_wav(args.file)
    phrases = _grammar_phrases(settings, args.lang) if args.grammar else None
    recognizer = build_recognizer(settings.device, args.lang, phrases=phrases)
    transcript = recognizer.transcribe(pcm)
    print(
        json.dumps(
            {"text": transcript.text, "engine": transcript.engine, "seconds": round(transcript.seconds, 3)},
            ensure_ascii=False,
        )
    )
    return 0


def _grammar_phrases(settings: Settings, lang: str) -> list[str] | None:
    """The NLU grammar export's phrases (``[unk]`` left out: each engine adds its own garbage)."""
    try:
        from ting.cli.nlu import household_of, sentence_data
        from ting.nlu.grammar import UNK, grammar_source, vosk_phrases

        source = grammar_source(sentence_data(settings), household_of(settings), lang)
        return [p for p in vosk_phrases(source) if p != UNK]
    except TingError as error:
        _LOGGER.warning("no grammar from the NLU (%s): open vocabulary", error)
        return None
