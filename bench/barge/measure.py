"""Each measurement of bench/barge_in.py, for one way of listening (``listen.Way``)."""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

import numpy as np

from barge.audio import (
    ANSWERS,
    Audio,
    at_db,
    espeak,
    music,
    piper,
    rms_db,
    room_echo,
    speech_only,
    voices_for,
)
from barge.listen import Way, latency_run, offline
from ting.device.aec import EchoCanceller
from ting.device.interfaces import AudioChunk
from ting.device.room import CHUNK_SAMPLES
from ting.device.wake.barge import HeardKind
from ting.device.wake.classifier import WakeModel
from ting.device.wake.embedding import SpeechEmbedder
from ting.device.wake.shared_stream import SharedEmbeddings
from ting.device.wake.trained import TrainedWakeDetector

LEAD_SAMPLES = 64_000
"""4 s of music (or of the answer) before each phrase: it has been playing a while (the canceller has
heard it)."""
AFTER_SECONDS = 1.0
"""A hit ending this long after the phrase is still its hit."""


async def stop_latency(args: argparse.Namespace, runs: int, way: Way) -> dict[str, object]:
    stop = espeak(args.stop_phrase, args.stop_voice, args.stop_wpm)
    latencies = []
    for index in range(runs):
        text = ANSWERS[index % len(ANSWERS)]
        echo = room_echo(piper(text) * 0.8, args.echo_gain)
        latencies.append(
            await latency_run(
                text, args.stop_at, args.echo_gain, speech_only(at_db(stop, echo, args.stop_db)), way
            )
        )
    silent = sorted(int(str(r["silent_ms"])) for r in latencies if "silent_ms" in r)
    stopped = [r for r in latencies if r["heard"] and not r["before_said"]]
    report: dict[str, object] = {
        "latency_runs": latencies,
        "stop_heard": f"{len(silent)}/{runs}",
        "false_stops_before_said": sum(1 for r in latencies if r["before_said"]),
        "wake_hits_while_said": sum(1 for r in stopped if str(r["heard"]).startswith("wake")),
        "hits_later_than_1s_after": sum(
            1 for r in stopped if not r["right"] and not str(r["heard"]).startswith("wake")
        ),
        "room_most_behind_ms": max(int(str(r["room_most_behind_ms"])) for r in latencies),
    }
    if silent:
        report["stop_to_silence_ms_median"] = silent[len(silent) // 2]
        report["stop_to_silence_ms_max"] = silent[-1]
    return report


async def self_wakes(quick: bool, echo_gain: float, way: Way) -> dict[str, object]:
    speech = [piper(text) * 0.8 for text in (ANSWERS[:2] if quick else ANSWERS)]
    seconds = sum(len(s) for s in speech) / 16_000
    accepted: list[str] = []
    dropped_before = way.own_voice
    for dry in speech:
        mic = room_echo(dry, echo_gain)[: len(dry)]
        accepted += [f"{h.kind}:{h.phrase}" for h in await offline(mic, dry, way)]
    return {
        "speech_seconds": round(seconds, 1),
        "accepted": accepted,
        "per_hour": round(len(accepted) * 3600 / seconds, 1),
        "own_voice_hits_dropped_per_hour": round((way.own_voice - dropped_before) * 3600 / seconds, 1),
    }


def kind_of(phrase: str, way: Way) -> HeardKind:
    """What ``phrase`` is in the way's settings: the wake phrase, a pause phrase or a stop phrase."""
    settings = way.settings
    if phrase in settings.wake_phrases.values():
        return HeardKind.WAKE
    if any(phrase in said for said in settings.pause_phrases.values()):
        return HeardKind.PAUSE
    return HeardKind.STOP


async def said_over(
    clips: list[Audio], beds: list[Audio | None], db: float, phrase: str, way: Way
) -> dict[str, object]:
    """Each clip said ``LEAD_SAMPLES`` into its bed (the device's output; its RMS ``db`` relative to the
    clip's; None: silence) through the room: how many are heard as ``phrase`` (its own detector's hit),
    how many only as something else (another stop or pause phrase, which stops the music too, or the wake
    word), and how many runs had a hit before the phrase was said."""
    kind = kind_of(phrase, way)
    right = early = 0
    others: list[str] = []
    waits_ms: list[int] = []
    for clip, bed in zip(clips, beds, strict=True):
        padded = np.concatenate([np.zeros(LEAD_SAMPLES, np.float32), clip, np.zeros(24_000, np.float32)])
        if bed is None:
            mic, reference = padded, None
        else:
            reference = at_db(np.resize(bed, len(padded)), clip, db)
            mic = padded + room_echo(reference, 1.0)[: len(padded)]
        returned: list[float] = []
        hits = await offline(mic, reference, way, returned)
        start, end = LEAD_SAMPLES / 16_000, (LEAD_SAMPLES + len(clip)) / 16_000 + AFTER_SECONDS
        during = [h for h in hits if start < h.detection.end_seconds <= end]
        mine = [h for h in during if h.kind is kind and (kind is HeardKind.WAKE or h.phrase == phrase)]
        right += bool(mine)
        if mine and kind is not HeardKind.WAKE:  # how long the listener held the phrase's hit back
            waits_ms.append(round((returned[hits.index(mine[0])] - mine[0].detection.end_seconds) * 1000))
        others += [] if mine or not during else [f"{during[0].kind}:{during[0].phrase}"]
        early += any(h.detection.end_seconds <= start for h in hits)
    return {
        "heard": right,
        "heard_as_another": len(others),
        "heard_as": dict(Counter(others)),
        "runs_with_a_hit_before": early,
        "clips": len(clips),
        **({"waits_ms": sorted(waits_ms)} if waits_ms else {}),
    }


def phrase_clips(phrase: str, voices: int) -> list[Audio]:
    return [espeak(phrase, voice, wpm) for voice in voices_for(phrase)[:voices] for wpm in (140, 175)]


async def over_music(phrase: str, voices: int, music_db: float | None, way: Way) -> dict[str, object]:
    """``phrase`` said over generated music at ``music_db`` (RMS relative to the phrase's; None: none)."""
    bed = music(8) if music_db is not None else None
    clips = phrase_clips(phrase, voices)
    return await said_over(clips, [bed] * len(clips), music_db or 0.0, phrase, way)


async def over_speech(phrase: str, voices: int, echo_db: float, way: Way) -> dict[str, object]:
    """``phrase`` said over the echo of a Piper answer (its RMS ``echo_db`` relative to the phrase's), each
    clip over another answer or another part of one."""
    answers = [piper(text) * 0.8 for text in ANSWERS]
    clips = phrase_clips(phrase, voices)
    beds = [answers[index % len(answers)][16_000 * (index // len(answers)) :] for index in range(len(clips))]
    return await said_over(clips, beds, echo_db, phrase, way)


async def music_alone(seconds: float, way: Way) -> list[str]:
    """Hits on the music by itself (at the level of the clips above 0 dB: ~-26 dBFS)."""
    bed = music(8)
    reference = np.resize(bed, int(seconds * 16_000)) * np.float32(10 ** ((-26 - rms_db(bed)) / 20))
    mic = room_echo(reference, 1.0)[: len(reference)]
    return [f"{h.kind}:{h.phrase}" for h in await offline(mic, reference, way)]


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


def trained_cpu(models_dir: Path) -> dict[str, object]:
    """CPU time of the trained models over 20 s of a Piper answer's echo: each with a stream of its own,
    and all on one shared stream (``SharedEmbeddings``), the same models and audio."""
    paths = sorted([*(models_dir / "stop").glob("*.npz"), *(models_dir / "wake").glob("*.npz")])
    models = [WakeModel.load(path) for path in paths]
    dry = np.resize(piper(ANSWERS[1]) * 0.8, 320_000)
    pcm = np.clip(room_echo(dry, 0.5)[: len(dry)], -32768, 32767).astype("<i2").tobytes()
    embedder = SpeechEmbedder()
    report: dict[str, object] = {"models": len(models), "audio_seconds": len(dry) / 16_000}
    hits: dict[str, list[tuple[int, float]]] = {}
    for name in ("separate", "shared"):
        hub = SharedEmbeddings(embedder)
        detectors = [
            TrainedWakeDetector(model, embeddings=hub.tap() if name == "shared" else None, embedder=embedder)
            for model in models
        ]
        hits[name] = []
        started = time.process_time()
        for start in range(0, len(pcm), CHUNK_SAMPLES * 2):
            chunk = AudioChunk(pcm[start : start + CHUNK_SAMPLES * 2], start / 32_000)
            for index, detector in enumerate(detectors):
                if (found := detector.process(chunk)) is not None:
                    hits[name].append((index, found.end_seconds))
        seconds = time.process_time() - started
        report[f"{name}_percent_of_a_core"] = round(seconds / (len(dry) / 16_000) * 100, 2)
    report["same_hits"] = hits["separate"] == hits["shared"]
    report["hits"] = len(hits["shared"])
    return report
