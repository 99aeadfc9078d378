"""Barge-in: "stop" said while the device speaks → playback silent; self-wakes per hour of Piper speech; stop
phrases and the wake word over music and over the device's speech, against the same clips alone.

The device's own parts: the Piper voice (``build_synthesizer``: the packaged en_US-joe-medium) behind a
``Speaker`` playing into a ``RecordingSink``; the barge-in listener (``BargeIn`` over the detectors of
``BargeDetectors``: PocketSphinx "hey ting" with its verifier, "stop" / "be quiet" / "pause" spotters)
checking each hit against what the speaker played; a ``SimulatedRoom`` bringing the answer back into the
microphone (echo gain, 20 ms delay, low-pass, 120 ms reverberation) mixed with the user's speech (espeak-ng,
made now).

Every figure for each way in the same run: without and with the echo canceller (``EchoCanceller`` /
``EchoStage``, as the device's capture path runs it before the listeners), and with ``--trained
MODELS_DIR`` the canceller with the trained models in ``MODELS_DIR/stop`` (``ting wake train --stop``) and
``MODELS_DIR/wake`` (a trained wake word, if there is one), as a household runs them (``barge_in = "auto"``:
a phrase without a model is not heard; the wake word without one is PocketSphinx's):

1. Latency, real time: a long answer is spoken, ``--stop-phrase`` is said over it after ``--stop-at``
   seconds; from the last sample of the phrase reaching the microphone to the answer's sound ending.
2. Self-wakes: the listener over the room's echo of long Piper answers alone, offline (faster than real
   time): hits accepted (wake or stop) per hour of speech, and how many the own-voice check removed.
3. Over music: each ``--music-phrases`` ("hey ting" and "stop"; espeak-ng voices, Mandarin by its one
   Mandarin voice) alone and over generated music at each ``--music-db`` relative to the phrase (RMS),
   after 4 s of the music alone, offline; and what is accepted on 20 s of music alone.
4. Over speech, offline: each ``--speech-phrases`` said 4 s into a Piper answer's echo, ``--stop-db`` over
   it (the same clips as 3. for the phrases in both).
5. The canceller's CPU time per 30 ms chunk; with ``--trained``, the trained models' CPU time on one
   shared embedding stream against each on a stream of its own (same models, audio and run).

  .venv/bin/python bench/barge_in.py            # --quick: fewer runs, voices and less speech
  .venv/bin/python bench/barge_in.py --speech-only --runs 12 --trained DIR --ways aec aec_trained  # 1., 2.
  .venv/bin/python bench/barge_in.py --parts music --trained DIR --music-phrases 暂停 别放了
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import sys
import time
from pathlib import Path

from barge.audio import SETTINGS
from barge.listen import Way
from barge.measure import (
    aec_cpu,
    music_alone,
    over_music,
    over_speech,
    self_wakes,
    stop_latency,
    trained_cpu,
)

PARTS = ["latency", "self", "music", "speech", "cpu"]


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--echo-gain", type=float, default=0.5, help="the answer's level at the microphone")
    parser.add_argument(
        "--music-db", type=float, nargs="+", default=[0.0, -6.0], help="music RMS relative to the phrase's"
    )
    parser.add_argument("--stop-at", type=float, default=4.0)
    parser.add_argument(
        "--stop-db", type=float, default=6.0, help="the user's phrase RMS relative to the echo's"
    )
    parser.add_argument("--runs", type=int, default=12, help="answers with 'stop' said over them, each way")
    parser.add_argument("--speech-only", action="store_true", help="only 1. and 2. (--parts latency self)")
    parser.add_argument(
        "--parts", nargs="+", choices=PARTS, default=PARTS, help="which parts to measure (default: all)"
    )
    parser.add_argument(
        "--voices", type=int, default=4, help="espeak-ng voices per phrase in 3. and 4. (x 2 speeds)"
    )
    parser.add_argument("--stop-phrase", default="stop", help="what the user says over the answer (1.)")
    parser.add_argument("--stop-voice", default="en-us+f3", help="the espeak-ng voice saying it")
    parser.add_argument("--stop-wpm", type=int, default=160, help="its speed, words a minute (espeak-ng -s)")
    parser.add_argument(
        "--music-phrases", nargs="+", default=["hey ting", "stop"], help="said over music (3.)"
    )
    parser.add_argument("--speech-phrases", nargs="*", default=[], help="said over speech, offline (4.)")
    parser.add_argument(
        "--trained",
        type=Path,
        metavar="MODELS_DIR",
        help="also measure with the canceller and the models in MODELS_DIR (ting wake train [--stop])",
    )
    parser.add_argument(
        "--ways",
        nargs="+",
        default=["no_aec", "aec", "aec_trained"],
        help="which of no_aec, aec, aec_trained (with --trained) to measure",
    )
    return parser.parse_args()


def ways_of(args: argparse.Namespace, report: dict[str, object]) -> list[Way]:
    ways = [Way("no_aec", False, SETTINGS), Way("aec", True, SETTINGS)]
    if args.trained is not None:
        # what a household runs (``barge_in = "auto"``): only the phrases with a trained model are heard
        household = dataclasses.replace(SETTINGS, models_dir=args.trained, barge_in="auto")
        ways.append(Way("aec_trained", True, household))
        models = [*(args.trained / "stop").glob("*.npz"), *(args.trained / "wake").glob("*.npz")]
        report["trained_models"] = sorted(f"{path.parent.name}/{path.name}" for path in models)
    return [way for way in ways if way.name in args.ways]


async def music_part(args: argparse.Namespace, voices: int, ways: list[Way]) -> dict[str, object]:
    music: dict[str, object] = {}
    for phrase in args.music_phrases:
        clips = voices * 2 if phrase == "hey ting" else voices  # x 2 speeds each
        for db in [None, *args.music_db]:
            for way in ways:
                if db is None and way.aec and any(o.settings == way.settings and not o.aec for o in ways):
                    continue  # without music the canceller has nothing to cancel: the same as without it
                key = f"{phrase}_{'without_music' if db is None else f'{db:+.0f}dB'}_{way.name}"
                music[key] = await over_music(phrase, clips, db, way)
    for way in ways:
        music[f"hits_on_music_alone_20s_{way.name}"] = await music_alone(20, way)
    return music


async def main() -> None:
    args = arguments()
    parts = ["latency", "self"] if args.speech_only else args.parts
    runs = 2 if args.quick else args.runs
    voices = 2 if args.quick else args.voices
    report: dict[str, object] = {
        "load_1min": round(os.getloadavg()[0], 1),
        "echo_gain": args.echo_gain,
        "stop_db_vs_echo": args.stop_db,
    }
    ways = ways_of(args, report)
    for way in ways:
        started = time.perf_counter()
        if "latency" in parts:
            report[f"stop_over_speech_{way.name}"] = await stop_latency(args, runs, way)
        if "self" in parts:
            report[f"self_wakes_{way.name}"] = await self_wakes(args.quick, args.echo_gain, way)
        report[f"seconds_{way.name}"] = round(time.perf_counter() - started, 1)
        report[f"load_1min_after_{way.name}"] = round(os.getloadavg()[0], 1)
    if "music" in parts:
        report["music"] = await music_part(args, voices, ways)
        report["load_1min_after_music"] = round(os.getloadavg()[0], 1)
    if "speech" in parts:
        speech: dict[str, object] = {}
        for phrase in args.speech_phrases:
            for way in ways:
                speech[f"{phrase}_{way.name}"] = await over_speech(phrase, voices, -args.stop_db, way)
        report["phrases_over_speech"] = speech
        report["load_1min_after_speech"] = round(os.getloadavg()[0], 1)
    if "cpu" in parts:
        report["aec_cpu"] = aec_cpu()
        if args.trained is not None:
            report["trained_models_cpu"] = trained_cpu(args.trained)
    report["load_1min_end"] = round(os.getloadavg()[0], 1)
    json.dump(report, sys.stdout, indent=1, ensure_ascii=False)
    print()


if __name__ == "__main__":
    asyncio.run(main())
