"""``ting transcribe FILE.wav [--lang en|zh] --json``: the device's speech recognition on a WAV file.

With no other flag it runs exactly what the device runs for ``--lang`` (interfaces.md): the recognizer
``device.stt_engine`` picks for that language, given the grammar the server would announce for the
installed skills and the household's prompt, fed through the agent's own ``CommandRecognition`` (silence
trimmed, decoded as it arrives). ``--open`` decodes with no grammar and no prompt (diagnostics).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ting.errors import TingError
from ting.settings import Settings

if TYPE_CHECKING:  # device code is loaded by the command only: a plain install builds the CLI without it
    from ting.device.interfaces import SpeechRecognizer, Transcript

_LOGGER = logging.getLogger(__name__)
_CHUNK_BYTES = 960
"""30 ms: the pieces the microphone hands the agent."""


def add_parser(commands: Any, common: argparse.ArgumentParser | None = None) -> None:
    parents = [common] if common is not None else []
    parser = commands.add_parser("transcribe", parents=parents, help="speech to text for a WAV file")
    parser.add_argument("file", metavar="FILE.wav", type=Path)
    parser.add_argument("--lang", choices=["en", "zh"], default="en", help="spoken language (default: en)")
    parser.add_argument(
        "--open",
        action="store_true",
        help="no grammar and no household prompt: the engine's open vocabulary (not what the device runs)",
    )
    parser.add_argument(
        "--grammar", action="store_true", help="(the default; kept for scripts) the device's grammar"
    )
    parser.add_argument("--json", action="store_true", help="print JSON (the default; kept for scripts)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from ting.device.wav import read_wav

    pcm = read_wav(args.file)
    if args.open:
        from ting.device.stt import build_recognizer

        transcript = build_recognizer(settings.device, args.lang).transcribe(pcm)
    else:
        recognizer = device_recognizer(settings, args.lang)
        transcript = asyncio.run(
            _as_the_device(recognizer, args.lang, pcm, settings.device.vad_aggressiveness)
        )
    print(
        json.dumps(
            {"text": transcript.text, "engine": transcript.engine, "seconds": round(transcript.seconds, 3)},
            ensure_ascii=False,
        )
    )
    return 0


def device_recognizer(settings: Settings, lang: str) -> SpeechRecognizer:
    """What the device's ``DeviceParts.make_recognizer`` builds once the server announced its grammar."""
    from ting.device.nlu import DeviceNlu
    from ting.device.parts import build_parts

    nlu = DeviceNlu(settings)
    try:
        from ting.cli.nlu import household_of, sentence_data
        from ting.server.grammar import announcement

        nlu.on_grammar(announcement(sentence_data(settings), household_of(settings), lang))
    except TingError as error:
        _LOGGER.warning("no grammar from the skills (%s): the recognizer's open vocabulary", error)
    return build_parts(settings.device, nlu).make_recognizer(lang)


async def _as_the_device(
    recognizer: SpeechRecognizer, lang: str, pcm: bytes, aggressiveness: int
) -> Transcript:
    from ting.device.command_audio import SpeechTrim
    from ting.device.interfaces import Transcript
    from ting.device.recognition import CommandRecognition
    from ting.device.recognizer_pool import RecognizerPool

    with ThreadPoolExecutor(1, thread_name_prefix="stt") as worker:
        trim = SpeechTrim(aggressiveness=aggressiveness)
        command = CommandRecognition(RecognizerPool(lambda _lang: recognizer), lang, worker, trim)
        for offset in range(0, len(pcm), _CHUNK_BYTES):
            command.feed(pcm[offset : offset + _CHUNK_BYTES])
        transcript = await command.finish()
    return Transcript(transcript.text, transcript.confidence, len(pcm) / 32000, transcript.engine)
