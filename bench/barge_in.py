"""Barge-in: "stop" said while the device speaks → playback silent; self-wakes per hour of Piper speech; wake
word misses over music vs without music (the same clips).

The device's own parts: the Piper voice (``build_synthesizer``: the packaged en_US-joe-medium) behind a
``Speaker`` playing into a ``RecordingSink``; the barge-in listener (``BargeIn`` over
``build_barge_detector``: PocketSphinx "hey ting" with its verifier, "stop" / "be quiet" / "pause"
spotters) checking each hit against what the speaker played; a ``SimulatedRoom`` bringing the answer back
into the microphone (echo gain, 20 ms delay, low-pass, 120 ms reverberation) mixed with the user's speech
(espeak-ng, made now).

Every figure twice in the same run, without and with the echo canceller (``EchoCanceller`` /
``EchoStage``, as the device's capture path runs it before the listeners):

1. Latency, real time: a long answer is spoken, "stop" is said over it after ``--stop-at`` seconds; from
   the last sample of "stop" reaching the microphone to the answer's sound ending in the sink.
2. Self-wakes: the same listener over the room's echo of long Piper answers alone, offline (faster than real
   time): hits accepted (wake or stop) per hour of speech, and how many the own-voice check removed.
3. Over music: "hey ting" and "stop" clips (espeak-ng voices) alone and over generated music at each
   ``--music-db`` relative to the phrase (RMS), after 4 s of the music alone, offline; detections of each;
   and what is accepted on 20 s of music alone.
4. The canceller's CPU time per 30 ms chunk.

With ``--trained MODELS_DIR`` a third way: the canceller and the trained stop-phrase models in
``MODELS_DIR/stop`` (``ting wake train --stop``; the phrases without one keep their spotter).
``--stop-phrase 别说了 --stop-voice cmn-latn-pinyin``: another phrase said over the answer.

  .venv/bin/python bench/barge_in.py            # --quick: fewer runs and less speech; --runs 12 (1.)
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import numpy.typing as npt

from ting.device.aec import EchoCanceller
from ting.device.audio_out import RecordingSink, decode_wav
from ting.device.barge_in import BargeIn
from ting.device.echo_stage import EchoStage
from ting.device.interfaces import AudioChunk
from ting.device.output_trace import to_16k_mono
from ting.device.room import CHUNK_SAMPLES, SimulatedRoom, impulse_response
from ting.device.speaker import Speaker
from ting.device.synthesis import build_synthesizer
from ting.device.wake.barge import Heard, HeardKind, build_barge_detector
from ting.settings import DeviceSettings
from ting.supervise import Backoff

ANSWERS = [
    "The weather today in Beijing will be mostly sunny with a high of twenty six degrees and a low of "
    "fourteen. Tomorrow clouds move in from the west, and by the afternoon there is a good chance of rain, "
    "so take an umbrella. On Saturday it clears up again, perfect for a walk in the park.",
    "Your next alarm is set for seven thirty tomorrow morning, and the kitchen timer has four minutes left. "
    "The living room lights are on, the front door is locked, and the heating is set to twenty one degrees. "
    "You have two reminders today: call the plumber at ten, and pick up the kids at four.",
    "Here is a recipe for tomato and egg stir fry. Beat four eggs with a pinch of salt. Cut three tomatoes "
    "into wedges. Scramble the eggs in hot oil until just set, then take them out. Fry the tomatoes until "
    "soft, add a spoon of sugar, return the eggs, stir for a minute, and serve over rice.",
    "Stopping by the station on the way home is quicker than the highway at this hour. Traffic on the ring "
    "road is heavy, about twenty five minutes to the city centre, and the subway runs every four minutes. "
    "Don't stop at the bakery, it closes early on Sundays.",
]
WAKE_VOICES = ["en-us", "en-us+f3", "en-gb", "en-us+m3", "en-gb+f2", "en-us+m7", "en-029", "en-gb-x-rp"]
CACHE = Path(tempfile.gettempdir()) / "ting-bench-barge"
SETTINGS = DeviceSettings(wake_phrases={"en": "hey ting"})
LISTENING = [SETTINGS]
"""The barge-in detector's settings for the configuration being measured (``--trained``: its models_dir)."""


def espeak(text: str, voice: str = "en-us+f3", wpm: int = 160) -> npt.NDArray[np.float32]:
    wav = subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(wpm), "--stdout", text], capture_output=True, check=True
    ).stdout
    sound = decode_wav(_fix(wav))
    return to_16k_mono(sound.samples, sound.rate_hz)


def _fix(wav: bytes) -> bytes:
    from ting.device.tts import _fix_stream_header

    return _fix_stream_header(wav)


def piper(text: str) -> npt.NDArray[np.float32]:
    """The answer in the device's English voice (cached across runs: synthesis is the slow part here)."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / (hashlib.sha1(text.encode()).hexdigest()[:16] + ".npy")
    if path.exists():
        return np.asarray(np.load(path), np.float32)
    sound = decode_wav(build_synthesizer(SETTINGS).synthesize(text, "en"))
    audio = to_16k_mono(sound.samples, sound.rate_hz)
    np.save(path, audio)
    return audio


def music(seconds: float) -> npt.NDArray[np.float32]:
    """Generated music: chords with a bass line and a beat (sox), 16 kHz mono."""
    out = CACHE / f"music-{seconds:.0f}.wav"
    if not out.exists():
        CACHE.mkdir(exist_ok=True)
        chords = [
            ("C4", "E4", "G4", "C3"),
            ("A3", "C4", "E4", "A2"),
            ("F3", "A3", "C4", "F2"),
            ("G3", "B3", "D4", "G2"),
        ]
        parts = []
        for index in range(int(seconds / 2)):
            notes = chords[index % 4]
            part = CACHE / f"bar{index % 4}.wav"
            synth = [f"pluck {n}" if k < 3 else f"sine {n}" for k, n in enumerate(notes)]
            args = [word for spec in synth for word in spec.split()]
            command = ["sox", "-n", "-r", "16000", "-c", "1", "-b", "16", str(part), "synth", "2", *args]
            subprocess.run([*command, "tremolo", "4", "40", "fade", "0.01", "2", "0.05"], check=True)
            parts.append(str(part))
        subprocess.run(["sox", *parts, str(out)], check=True)
    sound = decode_wav(out.read_bytes())
    return sound.samples.astype(np.float32)


def room_echo(dry: npt.NDArray[np.float32], gain: float) -> npt.NDArray[np.float32]:
    """Offline, what ``SimulatedRoom`` does to the device's output (delay, reverberation, low-pass)."""
    delayed = np.concatenate([np.zeros(320, np.float32), dry])
    return np.convolve(delayed, impulse_response(0.12))[: len(dry) + 320] * np.float32(gain)


def rms_db(x: npt.NDArray[np.float32]) -> float:
    return float(20 * np.log10(np.sqrt(np.mean(x.astype(np.float64) ** 2)) + 1e-9))


async def offline(
    mic: npt.NDArray[np.float32], reference: npt.NDArray[np.float32] | None, aec: bool = False
) -> list[Heard]:
    """Every accepted hit over ``mic`` (the reference, time-aligned, is what the device played); ``aec``: the
    microphone goes through the echo canceller first, as in the device's capture path."""
    position = [0]

    def played(seconds: float, _end: float) -> npt.NDArray[np.float32]:
        if reference is None:
            return np.zeros(int(seconds * 16_000), np.float32)
        end = position[0]
        start = max(0, end - int(seconds * 16_000))
        window = reference[start:end]
        return np.concatenate([np.zeros(int(seconds * 16_000) - len(window), np.float32), window])

    canceller = EchoCanceller() if aec else None
    barge = BargeIn(
        lambda: build_barge_detector(LISTENING[0]),
        played,
        Backoff(0.1, 1.0),
        {},
        settled=(lambda: canceller.settled) if canceller is not None else None,
    )
    barge._mic.batch_seconds = 0.0
    heard: list[Heard] = []
    played_all = np.zeros(len(mic), np.float32) if reference is None else reference[: len(mic)]
    for start in range(0, len(mic), CHUNK_SAMPLES):
        position[0] = start + CHUNK_SAMPLES
        piece = mic[start : start + CHUNK_SAMPLES]
        if canceller is not None:  # chunk by chunk, as the device does: the listener hears it as it learns
            piece = canceller.process(piece, played_all[start : start + CHUNK_SAMPLES])
        pcm = np.clip(piece, -32768, 32767).astype("<i2").tobytes()
        hit = await barge.hear(AudioChunk(pcm, start / 16_000))
        if hit is not None:
            heard.append(hit)
    heard_own[0] += barge.own_voice
    return heard


heard_own = [0]


async def latency_run(
    text: str, stop_at: float, echo_gain: float, stop: npt.NDArray[np.float32], aec: bool
) -> dict[str, object]:
    sink = RecordingSink()
    voices = build_synthesizer(SETTINGS)
    speaker = Speaker(
        lambda: voices,
        lambda: sink,
        volume=0.8,
        earcons=False,
        backoff=Backoff(0.1, 1),
        restarts={},
        streaming=True,
    )
    # every chunk handed on, late if the loop is behind: the load delays what is heard, it does not cut
    # pieces out of the phrase and the echo (a real device's sound card buffers far more than a loaded
    # machine's stalls); how far behind it was is in each run's figures
    room = SimulatedRoom(sink, echo_gain=echo_gain, max_behind_seconds=None)
    echo = EchoStage(speaker.trace.window) if aec else None
    barge = BargeIn(
        lambda: build_barge_detector(LISTENING[0]),
        speaker.trace.window,
        Backoff(0.1, 1.0),
        {},
        settled=echo.settled if echo is not None else None,
    )
    await barge.prepare()
    saying = asyncio.create_task(speaker.say(text, "en"))
    clip_seconds = len(stop) / 16_000
    said = None
    heard: Heard | None = None
    heard_at = 0.0
    async for heard_chunk in room.chunks():
        chunk = await echo.clean(heard_chunk) if echo is not None else heard_chunk
        if saying.done():
            if said is None or said.end_monotonic is not None:
                break  # (the stop may be heard before it was all said: its end is still wanted)
            continue
        if not speaker.busy or not sink.played:
            continue
        # said ``stop_at`` into the answer in the microphone's time line (the loop may be behind real time)
        captured = heard_chunk.captured_monotonic or time.monotonic()
        if said is None and captured - sink.played[0].started_monotonic > stop_at:
            said = room.say(np.clip(stop, -32768, 32767).astype("<i2").tobytes())
        found = await barge.hear(chunk)
        if found is not None and heard is None:
            heard, heard_at = found, time.monotonic()
            await speaker.stop()
    await saying
    early = heard is not None and (
        said is None or said.start_seconds is None or heard.detection.end_seconds < said.start_seconds
    )
    result: dict[str, object] = {
        "heard": f"{heard.kind}:{heard.phrase}" if heard else None,
        "before_said": early,
        "own_voice_dropped": barge.own_voice,
        "room_most_behind_ms": round(room.most_behind_seconds * 1000),
    }
    # the right hit: a stop (a pause ends an answer too) ending, in the microphone's stream, while "stop"
    # is said or within 1 s after it (stream time: a loop behind real time hears it late, not elsewhere)
    said_end = said.end_seconds if said is not None else None
    result["right"] = bool(
        heard is not None
        and heard.kind is not HeardKind.WAKE
        and not early
        and said_end is not None
        and said_end - clip_seconds <= heard.detection.end_seconds <= said_end + 1.0
    )
    if heard is not None and said_end is not None and result["right"]:
        ended = sink.played[-1].ended_monotonic or 0.0
        # the detector's own delay (stream time, from the end of the clip: its last ~0.35 s is silence)
        # plus the agent's, from the hit to the sink's silence (wall time): a device that keeps up
        result["heard_ms"] = round((heard.detection.end_seconds - said_end) * 1000)
        result["hit_to_silent_ms"] = round((ended - heard_at) * 1000)
        result["silent_ms"] = result["heard_ms"] + result["hit_to_silent_ms"]
    return result


def ratio(before: float, after: float) -> str:
    return f"{after / before:.2f}" if before else "-"


async def stop_latency(args: argparse.Namespace, runs: int, aec: bool) -> dict[str, object]:
    stop = espeak(args.stop_phrase, args.stop_voice)
    latencies = []
    for index in range(runs):
        text = ANSWERS[index % len(ANSWERS)]
        echo_db = rms_db(room_echo(piper(text) * 0.8, args.echo_gain))
        level = np.float32(10 ** ((echo_db + args.stop_db - rms_db(stop)) / 20))
        latencies.append(await latency_run(text, args.stop_at, args.echo_gain, stop * level, aec))
    silent = sorted(int(r["silent_ms"]) for r in latencies if "silent_ms" in r)  # type: ignore[call-overload]
    report: dict[str, object] = {
        "latency_runs": latencies,
        "stop_heard": f"{len(silent)}/{runs}",
        "false_stops_before_said": sum(1 for r in latencies if r["before_said"]),
        "wake_hits_while_said": sum(
            1 for r in latencies if str(r["heard"]).startswith("wake") and not r["before_said"]
        ),
        "hits_later_than_1s_after": sum(
            1
            for r in latencies
            if r["heard"]
            and not r["before_said"]
            and not r["right"]
            and not str(r["heard"]).startswith("wake")
        ),
        "room_most_behind_ms": max(int(r["room_most_behind_ms"]) for r in latencies),  # type: ignore[call-overload]
    }
    if silent:
        report["stop_to_silence_ms_median"] = silent[len(silent) // 2]
        report["stop_to_silence_ms_max"] = silent[-1]
    return report


async def self_wakes(args: argparse.Namespace, aec: bool) -> dict[str, object]:
    answers = ANSWERS[:2] if args.quick else ANSWERS
    speech = [piper(text) * 0.8 for text in answers]
    seconds = sum(len(s) for s in speech) / 16_000
    accepted: list[str] = []
    heard_own[0] = 0
    for dry in speech:
        mic = room_echo(dry, args.echo_gain)[: len(dry)]
        accepted += [f"{h.kind}:{h.phrase}" for h in await offline(mic, dry, aec)]
    return {
        "speech_seconds": round(seconds, 1),
        "accepted": accepted,
        "per_hour": round(len(accepted) * 3600 / seconds, 1),
        "own_voice_hits_dropped_per_hour": round(heard_own[0] * 3600 / seconds, 1),
    }


LEAD_SAMPLES = 64_000
"""4 s of music before each phrase: it has been playing a while (the canceller has heard it)."""


async def over_music(
    clips: list[npt.NDArray[np.float32]], kind: HeardKind, music_db: float | None, aec: bool
) -> tuple[int, int]:
    """How many of ``clips`` are heard as ``kind`` while said (``music_db``: music RMS relative to each
    clip's; None: no music), and how many runs had a hit (any kind) before the clip was said."""
    bed = music(8)
    found = early = 0
    for clip in clips:
        padded = np.concatenate([np.zeros(LEAD_SAMPLES, np.float32), clip, np.zeros(24_000, np.float32)])
        if music_db is None:
            mic, reference = padded, None
        else:
            level = rms_db(clip) + music_db - rms_db(bed)
            reference = np.resize(bed, len(padded)) * np.float32(10 ** (level / 20))
            mic = padded + room_echo(reference, 1.0)[: len(padded)]
        hits = await offline(mic, reference, aec)
        said = (LEAD_SAMPLES / 16_000, (LEAD_SAMPLES + len(clip)) / 16_000 + 1.0)
        found += any(h.kind is kind and said[0] < h.detection.end_seconds <= said[1] for h in hits)
        early += any(h.detection.end_seconds <= said[0] for h in hits)
    return found, early


async def music_alone(seconds: float, aec: bool) -> list[str]:
    """Hits on the music by itself (at the level of the clips above 0 dB: ~-26 dBFS)."""
    bed = music(8)
    reference = np.resize(bed, int(seconds * 16_000)) * np.float32(10 ** ((-26 - rms_db(bed)) / 20))
    mic = room_echo(reference, 1.0)[: len(reference)]
    return [f"{h.kind}:{h.phrase}" for h in await offline(mic, reference, aec)]


def aec_cpu() -> dict[str, float]:
    """CPU time of the canceller per 30 ms microphone chunk, over 10 s of a Piper answer's echo."""
    dry = np.resize(piper(ANSWERS[0]) * 0.8, 160_000)
    mic = room_echo(dry, 0.5)[: len(dry)]
    canceller = EchoCanceller()
    started = time.process_time()
    for start in range(0, len(mic), CHUNK_SAMPLES):
        canceller.process(mic[start : start + CHUNK_SAMPLES], dry[start : start + CHUNK_SAMPLES])
    seconds = time.process_time() - started
    return {
        "ms_per_chunk": round(seconds * 1000 / (len(mic) / CHUNK_SAMPLES), 2),
        "percent_of_a_core": round(seconds / (len(mic) / 16_000) * 100, 1),
    }


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--echo-gain", type=float, default=0.5, help="the answer's level at the microphone")
    parser.add_argument(
        "--music-db", type=float, nargs="+", default=[0.0, -6.0], help="music RMS relative to the phrase's"
    )
    parser.add_argument("--stop-at", type=float, default=4.0)
    parser.add_argument(
        "--stop-db", type=float, default=6.0, help="the user's 'stop' RMS relative to the echo's"
    )
    parser.add_argument("--runs", type=int, default=12, help="answers with 'stop' said over them, each way")
    parser.add_argument("--speech-only", action="store_true", help="only 1. and 2. (no music, no CPU)")
    parser.add_argument("--stop-phrase", default="stop", help="what the user says over the answer")
    parser.add_argument("--stop-voice", default="en-us+f3", help="the espeak-ng voice saying it")
    parser.add_argument(
        "--trained",
        type=Path,
        metavar="MODELS_DIR",
        help="also measure with the canceller and the stop models in MODELS_DIR/stop "
        "(ting wake train --stop)",
    )
    parser.add_argument(
        "--ways",
        nargs="+",
        default=["no_aec", "aec", "aec_trained"],
        help="which of no_aec, aec, aec_trained (with --trained) to measure",
    )
    args = parser.parse_args()
    runs = 2 if args.quick else args.runs
    report: dict[str, object] = {
        "load_1min": round(os.getloadavg()[0], 1),
        "echo_gain": args.echo_gain,
        "stop_db_vs_echo": args.stop_db,
    }
    ways: list[tuple[str, bool, DeviceSettings]] = [("no_aec", False, SETTINGS), ("aec", True, SETTINGS)]
    if args.trained is not None:
        trained = dataclasses.replace(SETTINGS, models_dir=args.trained)
        ways.append(("aec_trained", True, trained))
        report["trained_stop_models"] = sorted(path.name for path in (args.trained / "stop").glob("*.npz"))
    ways = [way for way in ways if way[0] in args.ways]
    for name, aec, settings in ways:
        LISTENING[0] = settings
        started = time.perf_counter()
        report[f"stop_over_speech_{name}"] = await stop_latency(args, runs, aec)
        report[f"self_wakes_{name}"] = await self_wakes(args, aec)
        report[f"seconds_{name}"] = round(time.perf_counter() - started, 1)
        report[f"load_1min_after_{name}"] = round(os.getloadavg()[0], 1)
    if args.speech_only:
        report["load_1min_end"] = round(os.getloadavg()[0], 1)
        json.dump(report, sys.stdout, indent=1)
        print()
        return

    voices = WAKE_VOICES[:4] if args.quick else WAKE_VOICES
    wake = [espeak("hey ting", voice, wpm) for voice in voices for wpm in (140, 175)]
    stops = [espeak("stop", voice, wpm) for voice in voices[:4] for wpm in (140, 175)]
    music_report: dict[str, object] = {"wake_clips": len(wake), "stop_clips": len(stops)}
    conditions: list[tuple[str, float | None, bool, DeviceSettings]] = [
        ("without_music", None, False, SETTINGS)
    ]
    conditions += [
        (f"{db:+.0f}dB_{name}", db, aec, settings) for db in args.music_db for name, aec, settings in ways
    ]
    for key, music_db, aec, settings in conditions:
        LISTENING[0] = settings
        heard, early = await over_music(wake, HeardKind.WAKE, music_db, bool(aec))
        music_report[f"wake_missed_{key}"] = len(wake) - heard
        music_report[f"wake_runs_with_a_hit_before_{key}"] = early
        heard, early = await over_music(stops, HeardKind.STOP, music_db, bool(aec))
        music_report[f"stop_missed_{key}"] = len(stops) - heard
        music_report[f"stop_runs_with_a_hit_before_{key}"] = early
    for name, aec, settings in ways:
        LISTENING[0] = settings
        music_report[f"hits_on_music_alone_20s_{name}"] = await music_alone(20, aec)
    report["music"] = music_report
    report["aec_cpu"] = aec_cpu()
    report["load_1min_end"] = round(os.getloadavg()[0], 1)
    json.dump(report, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    asyncio.run(main())
