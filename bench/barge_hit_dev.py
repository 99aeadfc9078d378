"""When does a trained stop model fire on a stop phrase said over the device's answer, per voice and speed?

A dev tool for barge-in latency (issue 18): the bench's real-time "said -> silent" (bench/barge_in.py) is the
stop model's own hit, from the end of the phrase, plus the listener's wait and batch; this looks at the first
part alone, offline (stream time: the machine's load does not change it). Each voice says the phrase at each
speed, ``--db`` over the echo of a Piper answer the bench does not say (``barge_dev.DEV_ANSWERS``), through
the room and the echo canceller as in the capture path; the stop model scores every 80 ms window of the
residual. Per voice: at each threshold, how many clips it fires on, the hit from the end of the phrase's
last sound (median / max), and the highest score on the answer's echo alone (a self-stop at or under it).

  .venv/bin/python bench/barge_hit_dev.py --trained DIR [--voices V ...] [--wpm 125 155 190]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from statistics import median

import numpy as np
from barge.audio import Audio, at_db, espeak, piper, room_echo, speech_only
from barge_dev import DEV_ANSWERS

from ting.device.aec import EchoCanceller
from ting.device.room import CHUNK_SAMPLES
from ting.device.wake.classifier import WINDOW_EMBEDDINGS, WakeModel
from ting.device.wake.embedding import STEP_SAMPLES, SpeechEmbedder
from ting.device.wake.stop_training import stop_model_path
from ting.device.wake.trained import DEFAULT_LOGIT, STOP_DEFAULT_LOGIT
from ting.device.wake.training import FIRST_STEP

LEAD_SAMPLES = 64_000
"""4 s of the answer before the phrase (the canceller has heard it)."""
AFTER_SAMPLES = 16_000
"""A window ending this long after the phrase still counts as its hit."""


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trained", type=Path, required=True, help="models dir (stop/)")
    parser.add_argument("--phrase", default="停")
    parser.add_argument("--lang", default="zh")
    parser.add_argument("--voices", nargs="+", default=["cmn-latn-pinyin+m1", "cmn-latn-pinyin+m3"])
    parser.add_argument("--wpm", type=int, nargs="+", default=[125, 155, 190])
    parser.add_argument("--db", type=float, default=6.0, help="the phrase's RMS over the echo's")
    parser.add_argument(
        "--thresholds", type=float, nargs="+", default=[DEFAULT_LOGIT, STOP_DEFAULT_LOGIT, 2.5, 1.5, 0.5]
    )
    return parser.parse_args()


def residual(clip: Audio, bed: Audio, db: float) -> tuple[Audio, Audio]:
    """(the canceller's output with ``clip`` said ``LEAD_SAMPLES`` into ``bed``, the same without it)."""
    padded = np.concatenate([np.zeros(LEAD_SAMPLES, np.float32), clip, np.zeros(24_000, np.float32)])
    return residual_of(padded, at_db(np.resize(bed, len(padded)), clip, -db))


def residual_of(speech: Audio, reference: Audio) -> tuple[Audio, Audio]:
    """(the canceller's output with ``speech`` said over the echo of ``reference``, the same without it)."""
    echo = room_echo(reference, 1.0)[: len(speech)]
    return cancelled(speech + echo, reference), cancelled(echo, reference)


def cancelled(mic: Audio, reference: Audio) -> Audio:
    """What a fresh canceller leaves of ``mic``, run in the capture path's chunks."""
    canceller = EchoCanceller()
    pieces = [
        canceller.process(mic[s : s + CHUNK_SAMPLES], reference[s : s + CHUNK_SAMPLES])
        for s in range(0, len(mic), CHUNK_SAMPLES)
    ]
    return np.concatenate(pieces)


def scores(model: WakeModel, embedder: SpeechEmbedder, audio: Audio) -> tuple[np.ndarray, np.ndarray]:
    """(each window's end in samples, its logit)."""
    pcm = np.clip(audio, -32768, 32767).astype("<i2").tobytes()
    embeddings = embedder.embed(pcm)
    view = np.lib.stride_tricks.sliding_window_view(embeddings, WINDOW_EMBEDDINGS, axis=0)
    windows = np.ascontiguousarray(view.transpose(0, 2, 1))
    ends = (np.arange(WINDOW_EMBEDDINGS - 1, len(embeddings)) + FIRST_STEP) * STEP_SAMPLES
    return ends, np.asarray(model.logits(windows), np.float64)


def main() -> None:
    args = arguments()
    model = WakeModel.load(stop_model_path(args.trained, args.phrase, args.lang))
    embedder = SpeechEmbedder()
    beds = [piper(text) * 0.8 for text in DEV_ANSWERS]
    report: dict[str, object] = {}
    for voice in args.voices:
        hits: dict[float, list[int]] = {t: [] for t in args.thresholds}
        peaks, echo_peaks = [], []
        for index, wpm in enumerate(args.wpm):
            clip = speech_only(espeak(args.phrase, voice, wpm))
            said, alone = residual(clip, beds[index % len(beds)][16_000 * index :], args.db)
            ends, logits = scores(model, embedder, said)
            _, echo_logits = scores(model, embedder, alone)
            echo_peaks.append(round(float(echo_logits.max()), 2))
            end = LEAD_SAMPLES + len(clip)
            near = (ends > LEAD_SAMPLES) & (ends <= end + AFTER_SAMPLES)
            peaks.append(round(float(logits[near].max()), 2))
            for threshold in args.thresholds:
                above = np.flatnonzero(near & (logits >= threshold))
                if len(above):
                    hits[threshold].append(round((int(ends[above[0]]) - end) / 16))
        report[voice] = {
            "peak_logits": peaks,
            "echo_alone_peak_logits": echo_peaks,
            **{
                f"at_{t:+.2f}": f"{len(h)}/{len(args.wpm)}"
                + (f" median {median(h):.0f} max {max(h)} ms" if h else "")
                for t, h in hits.items()
            },
        }
    json.dump(report, sys.stdout, indent=1, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
