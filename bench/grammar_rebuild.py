"""How long a command waits when the English grammar changes just before it is said: the recognizer rebuilt on
the recognition worker (what the agent did: forget every recognizer, build again on that worker) vs on the
pool's builder thread (``RecognizerPool.rebuild``), and with no rebuild at all.

    .venv/bin/python bench/grammar_rebuild.py [--rounds N]

Real PocketSphinx with the skills' English grammar (as the server announces it), one command spoken by
espeak-ng ("turn on the kitchen light"), fed to ``CommandRecognition`` right after the grammar change, as the
agent feeds it. Figure: end of speech (``finish()`` called) -> transcript; and the build's own time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ting.cli.nlu import household_of, sentence_data
from ting.device.command_audio import SpeechTrim
from ting.device.recognition import CommandRecognition
from ting.device.recognizer_pool import RecognizerPool
from ting.device.stt import build_recognizer
from ting.device.wav import read_wav
from ting.server.grammar import announcement
from ting.settings import DeviceSettings, Settings

_TEXT = "turn on the kitchen light"
_CHUNK_BYTES = 960


def _spoken(text: str) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "command.wav"
        subprocess.run(["espeak-ng", "-v", "en-us", "-w", str(path), text], check=True)
        return read_wav(path) + bytes(16_000)  # and 0.5 s of silence


async def _command(pool: RecognizerPool, worker: ThreadPoolExecutor, pcm: bytes) -> tuple[float, str]:
    command = CommandRecognition(pool, "en", worker, SpeechTrim())
    for offset in range(0, len(pcm), _CHUNK_BYTES):
        command.feed(pcm[offset : offset + _CHUNK_BYTES])
    ended = time.monotonic()
    transcript = await command.finish()
    return time.monotonic() - ended, transcript.text


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    settings = Settings()
    device = DeviceSettings(stt_engine="pocketsphinx")
    grammar = announcement(sentence_data(settings), household_of(settings), "en")
    pool = RecognizerPool(
        lambda lang: build_recognizer(device, lang, phrases=grammar.vosk, jsgf=grammar.jsgf)
    )
    worker = ThreadPoolExecutor(1, thread_name_prefix="stt")
    pcm = _spoken(_TEXT)
    pool.prepare(["en"])
    waits: dict[str, list[float]] = {"none": [], "on the worker (before)": [], "on the builder (after)": []}
    builds: list[float] = []
    wrong = 0
    for _ in range(args.rounds):
        for mode, waited in waits.items():
            started = time.monotonic()
            if mode.startswith("on the worker"):
                pool.clear()
                worker.submit(pool.prepare, ["en"])
            elif mode.startswith("on the builder"):
                pool.rebuild("en")
            seconds, text = await _command(pool, worker, pcm)
            waited.append(seconds)
            wrong += text != _TEXT
            while pool.building("en"):  # noqa: ASYNC110 (a thread's state)
                await asyncio.sleep(0.005)
            if mode.startswith("on the builder"):
                builds.append(time.monotonic() - started)
            await asyncio.to_thread(worker.submit(lambda: None).result)  # the worker idle again
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"{args.rounds} rounds, load {load}, {wrong} wrong transcripts")
    print("grammar rebuilt | end of speech -> transcript, median / max (ms)")
    for mode, waited in waits.items():
        print(f"{mode} | {statistics.median(waited) * 1000:.0f} / {max(waited) * 1000:.0f}")
    print(
        f"build on the builder (from the grammar change), median: {statistics.median(builds) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    asyncio.run(main())
