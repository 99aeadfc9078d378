"""A dev set for barge-in that behaves like bench/barge_in.py: the bench's own code paths (``said_over``
offline through ``BargeIn`` and the canceller, ``latency_run`` in real time behind the speaker and the
simulated room) and the same kinds of playback (music from ``barge.audio.music``, a Piper answer), with
what the bench does not use: other chords and tremolo, another answer's text, other espeak-ng voices and
speeds for 停 and "hey ting". Where a rule for 停 against the wake phrase is chosen; the bench's clips are
where it is measured, once (docs/benchmarks.md, "Barge-in: 停 decided by an alone check").

  .venv/bin/python bench/barge_dev.py --trained DIR [DIR ...] [--parts music speech latency] [--runs 8]

Each DIR is a models dir (stop/, wake/) measured as a household runs it (``barge_in = "auto"``): e.g. one
with the alone check (``stop/zh_e5819c.alone.npz``) and one with the same models without it.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import logging
import os
import sys
from pathlib import Path
from statistics import median

from barge.audio import SETTINGS, Audio, at_db, espeak, music, piper, room_echo, speech_only
from barge.listen import Way, latency_run
from barge.measure import said_over
from barge_contest_dev import DEV_ANSWER, DEV_CHORDS

from ting.device.wake import alone_check

DEV_MANDARIN = ["cmn-latn-pinyin", "cmn-latn-pinyin+m1", "cmn-latn-pinyin+f1", "cmn-latn-pinyin+f4"]
"""Not the bench's (+f3 +m3 +f2 +m7)."""
DEV_ENGLISH = ["en-gb-scotland", "en-us-nyc", "en-gb-x-gbclan+f1", "en+f4", "en-us+m1", "en-gb+m7"]
"""Not the bench's (en-us, en-us+f3, en-gb, en-us+m3 with --voices 4)."""
DEV_SPEEDS_WPM = (125, 155, 190)
"""Not the bench's (140, 175)."""
DEV_ANSWERS = [
    DEV_ANSWER,
    "Your shopping list has eggs, rice, green tea and two lemons. The pharmacy on Elm Street is open until "
    "nine tonight, and the number twelve bus leaves from the corner in six minutes, then every quarter hour.",
]
"""Piper answers the bench does not say."""
DEV_TREMOLO = (3, 50)


class CheckLogits(logging.Handler):
    """The alone check's logit at each stop hit it scored, and each waited hit's decision: what was given,
    why, how long after the hit, the check's score at each window asked (``BargeDetector`` logs both at
    DEBUG)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.logits: list[float] = []
        self.decisions: list[dict[str, object]] = []

    def emit(self, record: logging.LogRecord) -> None:
        args = record.args
        assert isinstance(args, tuple)
        if record.msg.startswith("barge decision"):
            given, reason, ms, _phrase, scores = args
            self.decisions.append({"given": given, "why": reason, "ms": round(float(ms)), "scores": scores})
        elif "alone check" in record.msg:
            self.logits.append(round(float(args[-1]), 2))

    def take(self) -> list[float]:
        taken, self.logits = self.logits, []
        return taken

    def take_decisions(self) -> list[dict[str, object]]:
        taken, self.decisions = self.decisions, []
        return taken


CHECK = CheckLogits()


def clips(phrase: str) -> list[Audio]:
    voices = DEV_ENGLISH if phrase.isascii() else DEV_MANDARIN
    return [espeak(phrase, voice, wpm) for voice in voices for wpm in DEV_SPEEDS_WPM]


async def offline_part(way: Way, part: str) -> dict[str, object]:
    """停 and "hey ting" with no playback, over the dev music at 0 and -6 dB, and over a dev answer 6 dB
    under the phrase (the bench's ``over_music`` and ``over_speech``, other sounds)."""
    tune = music(8, DEV_CHORDS, tremolo=DEV_TREMOLO)
    answers = [piper(text) * 0.8 for text in DEV_ANSWERS]
    beds: dict[str, tuple[list[Audio | None] | None, float]] = {}
    if part == "music":
        beds |= {"none": (None, 0.0), "music_+0dB": ([tune], 0.0), "music_-6dB": ([tune], -6.0)}
    else:
        beds |= {"speech_-6dB": ([*answers], -6.0)}
    report: dict[str, object] = {}
    for phrase in ("停", "hey ting"):
        said = clips(phrase)
        for name, (bed, db) in beds.items():
            laid: list[Audio | None] = (
                [None] * len(said)
                if bed is None
                else [bed[k % len(bed)][16_000 * (k // len(bed)) % 48_000 :] for k in range(len(said))]
            )
            CHECK.take(), CHECK.take_decisions()
            report[f"{phrase}_{name}"] = await said_over(said, laid, db, phrase, way)
            report[f"{phrase}_{name}"] |= {  # type: ignore[operator]
                "check_logits": CHECK.take(),
                "decisions": CHECK.take_decisions(),
            }
    return report


async def latency_part(way: Way, runs: int) -> dict[str, object]:
    """停 said 4 s into a dev answer in real time (the bench's ``stop_latency``, dev voices and answers)."""
    results = []
    for index in range(runs):
        text = DEV_ANSWERS[index % len(DEV_ANSWERS)]
        voice = DEV_MANDARIN[index % len(DEV_MANDARIN)]
        wpm = DEV_SPEEDS_WPM[index % len(DEV_SPEEDS_WPM)]
        echo = room_echo(piper(text) * 0.8, 0.5)
        stop = speech_only(at_db(espeak("停", voice, wpm), echo, 6.0))
        CHECK.take(), CHECK.take_decisions()
        run = await latency_run(text, 4.0, 0.5, stop, way)
        path = {"check_logits": CHECK.take(), "decisions": CHECK.take_decisions()}
        results.append({"voice": voice, "wpm": wpm, **run, **path})
    silent = sorted(int(str(r["silent_ms"])) for r in results if "silent_ms" in r)
    waited = sorted(int(str(r["waited_ms"])) for r in results if "waited_ms" in r)
    return {
        "runs": results,
        "stop_heard": f"{len(silent)}/{runs}",
        "taken_for_wake": sum(1 for r in results if str(r["heard"]).startswith("wake")),
        "silent_ms_median": median(silent) if silent else None,
        "silent_ms_max": silent[-1] if silent else None,
        "waited_ms_median": median(waited) if waited else None,
    }


def summary(report: dict[str, object]) -> dict[str, object]:
    """停: heard / clips and the waits; "hey ting": heard as the wake word / clips and taken for 停."""
    lines: dict[str, object] = {}
    for key, value in report.items():
        if not isinstance(value, dict) or "clips" not in value:
            continue
        waits = [int(w) for w in value.get("waits_ms", [])]
        lines[key] = f"{value['heard']}/{value['clips']} heard, as another {value['heard_as']}" + (
            f", waits median {median(waits):.0f} ms, max {max(waits)}" if waits else ""
        )
    return lines


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trained", type=Path, nargs="+", required=True, help="models dirs to compare")
    parser.add_argument("--parts", nargs="+", default=["music", "speech", "latency"])
    parser.add_argument("--runs", type=int, default=8, help="real-time runs (latency)")
    parser.add_argument("--alone-logit", type=float, help="the alone check's threshold (a dev choice)")
    args = parser.parse_args()
    if args.alone_logit is not None:
        alone_check.ALONE_LOGIT = args.alone_logit
    barge_log = logging.getLogger("ting.device.wake.barge")
    barge_log.setLevel(logging.DEBUG)
    barge_log.addHandler(CHECK)
    report: dict[str, object] = {
        "load_1min": round(os.getloadavg()[0], 1),
        "alone_logit": alone_check.ALONE_LOGIT,
    }
    for models in args.trained:
        settings = dataclasses.replace(SETTINGS, models_dir=models, barge_in="auto")
        way = Way(f"aec_trained:{models}", True, settings)
        mine: dict[str, object] = {}
        for part in args.parts:
            if part == "latency":
                mine["latency"] = await latency_part(way, args.runs)
            else:
                mine |= await offline_part(way, part)
        mine["summary"] = summary(mine)
        report[str(models)] = mine
        print(json.dumps({str(models): mine["summary"]}, ensure_ascii=False, indent=1), file=sys.stderr)
    report["load_1min_end"] = round(os.getloadavg()[0], 1)
    json.dump(report, sys.stdout, indent=1, ensure_ascii=False)
    print()


if __name__ == "__main__":
    asyncio.run(main())
