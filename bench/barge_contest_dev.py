"""Dev clips for the contest between a stop phrase that sounds like part of a wake phrase (停) and that wake
phrase ("hey ting"): the trained models' scores, window by window, around each phrase, and a replay of how
long ``BargeDetector`` waits on them with its rule and with a candidate rule. Only dev clips: voices,
variants, pitches, speeds, music and a Piper answer that bench/barge_in.py does not use (its clips are where
a choice is measured, once).

  .venv/bin/python bench/barge_contest_dev.py --trained MODELS_DIR --out traces.json [--slow] [--beds ...]
  .venv/bin/python bench/barge_contest_dev.py --replay traces.json [more.json ...]

Each trace: the phrase, its bed, the phrase's first and last sound (stream seconds), and per 30 ms chunk the
stream time, the wake model's newest logit (and whether it scored a new window), the 停 model's, the RMS the
listener heard, and which detectors hit. The replay: for each 停 the detector heard, the wait from its hit
to the stop given; for each "hey ting" the wake model heard, a 停 hit is placed 0.12-0.45 s before the wake
hit (where the wake model is within reach: the trained 停 model fires on the "ting" of "hey ting" there) and
it counts the ones the candidate rule gives to 停 before the wake hit comes. What the replay found is in
docs/benchmarks.md ("Barge-in: deciding 停 against the wake phrase sooner").
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from statistics import median
from typing import Any

import numpy as np
from barge.audio import Audio, at_db, music, piper, room_echo

from ting.device.aec import EchoCanceller
from ting.device.interfaces import AudioChunk
from ting.device.room import CHUNK_SAMPLES
from ting.device.wake.barge import CONTEST_SECONDS, REACH_LOGITS, build_barge_detector
from ting.device.wake.shared_stream import FrontEnd
from ting.device.wake.stop_training import generated_music
from ting.device.wake.synthetic import Voice, espeak, speech_bounds
from ting.device.wake.trained import TrainedWakeDetector
from ting.settings import DeviceSettings

Trace = dict[str, Any]


def voices(names: list[tuple[str, str]], speeds: list[tuple[int, int]]) -> list[Voice]:
    return [Voice(name, variant, wpm, pitch) for name, variant in names for wpm, pitch in speeds]


MANDARIN = [("cmn-latn-pinyin", variant) for variant in ("", "m1", "f1", "f4")]
DEV_VOICES = {
    "hey ting": voices(
        [("en-gb-scotland", ""), ("en-us-nyc", "f1"), ("en-gb-x-gbclan", "m1"), ("en", "f4")],
        [(150, 40), (185, 60)],
    ),
    "停": voices(MANDARIN, [(150, 40), (185, 60)]),
}
"""Not the bench's voices (its Mandarin: +f3 +m3 +f2 +m7; its English: en-us, en-us+f3, en-gb, en-us+m3 ...),
nor its speeds (140, 175 wpm) nor its pitch (50)."""
SLOW_VOICES = {
    "hey ting": voices(
        [("en-gb-x-gbcwmd", ""), ("en-us-nyc", "m1"), ("en-gb-scotland", "f4"), ("en", "m7")],
        [(125, 55), (135, 45)],
    ),
    "停": voices(MANDARIN, [(125, 55), (135, 45)]),
}
"""``--slow``: slower speakers (a slow "hey ting" is the one taken for 停 over music)."""
DEV_ANSWER = (
    "Here is the news. The city council voted to open two new libraries next spring, the river path is "
    "closed for repairs until Monday, and the football match last night ended in a draw after extra time."
)
"""A Piper answer the bench does not say."""
LEAD_SAMPLES = 64_000
PLACED_BEFORE_WAKE_CHUNKS = range(4, 16)
"""Where a 停 hit is placed in a "hey ting": 0.12-0.45 s before the wake model's hit."""


DEV_CHORDS = (
    ("D4", "F#4", "A4", "D3"),
    ("B3", "D4", "F#4", "B2"),
    ("G3", "B3", "D4", "G2"),
    ("A3", "C#4", "E4", "A2"),
)
"""Music made the way the bench makes its own, other chords and tremolo."""


def chords(seconds: float) -> Audio:
    return music(seconds, DEV_CHORDS, tremolo=(3, 50))


def beds() -> dict[str, tuple[Audio | None, float]]:
    """Bed name -> (what the device plays, its RMS relative to the phrase's)."""
    speech = (piper(DEV_ANSWER) * 0.8).astype(np.float32)
    made_like_the_bench = chords(10)
    return {
        "none": (None, 0.0),
        "music_0dB": (generated_music(10, seed=21).astype(np.float32), 0.0),
        "music_-6dB": (generated_music(10, seed=22).astype(np.float32), -6.0),
        "speech_-6dB": (speech, -6.0),
        "chords_0dB": (made_like_the_bench, 0.0),
        "chords_-6dB": (made_like_the_bench, -6.0),
        "speech_-12dB": (speech, -12.0),
    }


def trace(clip: Audio, bed: Audio | None, db: float, settings: DeviceSettings, front: FrontEnd) -> Trace:
    """The phrase said ``LEAD_SAMPLES`` into its bed through the bench's room and the canceller, chunk by
    chunk through the household's barge-in detectors (each fed every chunk, hits recorded, none held)."""
    first, last = speech_bounds(clip.astype(np.float64))
    words = clip[first:last]
    padded = np.concatenate([np.zeros(LEAD_SAMPLES, np.float32), words, np.zeros(32_000, np.float32)])
    reference = None if bed is None else at_db(np.resize(bed, len(padded)), words, db)
    mic = padded if reference is None else padded + room_echo(reference, 1.0)[: len(padded)]
    canceller = EchoCanceller() if reference is not None else None
    detector = build_barge_detector(settings, front)
    wake = [d for d in detector.wake if isinstance(d, TrainedWakeDetector)]
    stops = [s._detector for s in detector.phrases]
    chunks = []
    before = [d.last_score for d in wake]
    for start in range(0, len(mic), CHUNK_SAMPLES):
        piece = mic[start : start + CHUNK_SAMPLES]
        if canceller is not None and reference is not None:
            piece = canceller.process(piece, reference[start : start + CHUNK_SAMPLES])
        chunk = AudioChunk(np.clip(piece, -32768, 32767).astype("<i2").tobytes(), start / 16_000)
        hits = [d.wakeword_id for d in detector.wake if d.process(chunk) is not None]
        hits += [f"{s.kind}:{s.phrase}" for s in detector.phrases if s.process(chunk) is not None]
        scores = [d.last_score for d in wake]
        chunks.append(
            {
                "t": round((start + CHUNK_SAMPLES) / 16_000, 3),
                "wake": [round(s, 2) for s in scores],
                "new": [s != b for s, b in zip(scores, before, strict=True)],  # a new window scored
                "stop": [round(float(getattr(s, "last_score", 0.0)), 2) for s in stops],
                "hits": hits,
                "rms": round(float(np.sqrt(np.mean(piece.astype(np.float64) ** 2))), 1),
            }
        )
        before = scores
    return {
        "start": LEAD_SAMPLES / 16_000,
        "end": (LEAD_SAMPLES + len(words)) / 16_000,
        "thresholds": [d.threshold_logit for d in wake],
        "chunks": chunks,
    }


def given(tr: Trace, hit: int, drop: float | None, gap: float) -> tuple[int, str]:
    """A 停 hit in chunk ``hit``: the chunk where the stop is given, or where the wake model hits first.
    The rule in force (``drop`` None): wait while the wake model is within ``REACH_LOGITS`` of its
    threshold, at most ``CONTEST_SECONDS``. The candidate: also stop once a window scores ``drop`` under
    the highest since the hit while that highest stayed ``gap`` under the threshold (it turned back)."""
    threshold, chunks = tr["thresholds"][0], tr["chunks"]
    if chunks[hit]["wake"][0] <= threshold - REACH_LOGITS:
        return hit, "at once"
    peak = chunks[hit]["wake"][0]
    for index in range(hit + 1, len(chunks)):
        chunk = chunks[index]
        if "hey_ting" in chunk["hits"]:
            return index, "wake"
        score = chunk["wake"][0]
        if chunk["new"][0] and drop is not None:
            if score <= peak - drop and peak < threshold - gap:
                return index, "turned back"
            peak = max(peak, score)
        if chunk["t"] >= chunks[hit]["t"] + CONTEST_SECONDS or score <= threshold - REACH_LOGITS:
            return index, "waited"
    return len(chunks) - 1, "end"


def replay(traces: list[Trace], drop: float | None, gap: float) -> dict[str, object]:
    waits, latencies, placed, lost = [], [], 0, 0
    for tr in traces:
        chunks = tr["chunks"]
        if tr["phrase"] == "停":
            hits = [k for k, c in enumerate(chunks) if "stop:停" in c["hits"]]
            if hits:
                index, why = given(tr, hits[0], drop, gap)
                if why != "wake":
                    waits.append(round((chunks[index]["t"] - chunks[hits[0]]["t"]) * 1000))
                    latencies.append(round((chunks[index]["t"] - tr["end"]) * 1000))
            continue
        wakes = [k for k, c in enumerate(chunks) if "hey_ting" in c["hits"]]
        for before in PLACED_BEFORE_WAKE_CHUNKS if wakes else ():
            hit = wakes[0] - before
            if given(tr, hit, None, gap)[1] != "wake":
                continue  # the rule in force would not wait there either: not a contest
            placed += 1
            lost += given(tr, hit, drop, gap)[1] != "wake"
    waited = sorted(w for w in waits if w > 0)
    return {
        "stops_heard": len(waits),
        "waited_ms": waited,
        "waited_median_ms": median(waited) if waited else None,
        "given_after_the_phrase_ms_median": median(latencies) if latencies else None,
        "hey_ting_given_to_stop": f"{lost}/{placed}",
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trained", type=Path, help="MODELS_DIR with stop/ (停) and wake/ (hey ting)")
    parser.add_argument("--out", type=Path, help="where to write the traces")
    parser.add_argument("--slow", action="store_true", help="the slower speakers (SLOW_VOICES)")
    parser.add_argument("--beds", nargs="*", help="only these beds")
    parser.add_argument("--replay", type=Path, nargs="*", help="replay these traces instead")
    parser.add_argument("--drop", type=float, nargs="+", default=[2.0, 3.0, 4.0])
    parser.add_argument("--gap", type=float, default=4.0)
    args = parser.parse_args()
    if args.replay:
        traces = [tr for path in args.replay for tr in json.loads(path.read_text())]
        report = {"rule_in_force": replay(traces, None, args.gap)}
        report |= {f"turned_back_drop_{d}_gap_{args.gap}": replay(traces, d, args.gap) for d in args.drop}
        print(json.dumps(report, indent=1))
        return
    if args.trained is None or args.out is None:
        parser.error("--trained and --out (or --replay)")
    settings = DeviceSettings(
        wake_phrases={"en": "hey ting"},
        barge_in="auto",
        models_dir=args.trained,
        stop_phrases={"zh": ["停"]},
        pause_phrases={},
    )
    front = FrontEnd()
    traces = []
    for bed_name, (bed, db) in beds().items():
        if args.beds and bed_name not in args.beds:
            continue
        for phrase, said_by in (SLOW_VOICES if args.slow else DEV_VOICES).items():
            for voice in said_by:
                found = trace(espeak(phrase, voice).astype(np.float32), bed, db, settings, front)
                traces.append({"phrase": phrase, "voice": voice.spec, "wpm": voice.words_per_minute})
                traces[-1] |= {"bed": bed_name, **found}
                hits = [(c["t"], c["hits"]) for c in found["chunks"] if c["hits"]]
                print(phrase, voice.spec, voice.words_per_minute, bed_name, found["end"], hits, flush=True)
    args.out.write_text(json.dumps(traces))


if __name__ == "__main__":
    main()
