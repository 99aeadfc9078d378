"""NLU speed: time per ``IntentRecognizer.recognize()`` call on the built-in skills' sentences.

.venv/bin/python bench/nlu_speed.py [--calls 2000]
.venv/bin/python bench/nlu_speed.py --tail [--repeat 3] [--slowest 20] [--profile 40] [--peer TREE]

``--tail``: every sentence of the tuning sets (the dev sets and the tuned-on out-of-scope sets of
``bench/nlu_results.py``; never a held-out one) on the corpus household, with the second pass; each parse's
CPU time is the fastest of ``--repeat`` (less noise on a busy machine than one parse each). Prints the
median, p95 and p99 and the load, the ``--slowest`` sentences, and with ``--profile N`` a cProfile of the
slowest 1 % (N functions by their own time). ``--peer TREE`` runs the same in another checkout, then in this
one, this one again and the peer again (one process each, interleaved: a busy machine's load moves between
runs).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import platform
import pstats
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from ting.nlu import IntentRecognizer, SentenceFile  # noqa: E402
from ting.nlu.registry import load_household  # noqa: E402
from ting.settings import SkillsSettings  # noqa: E402
from ting.skills.sdk.loader import load_skills  # noqa: E402

SENTENCES = (
    ("en", "turn on the kitchen light"),
    ("en", "dim the bedroom light to 20 percent"),
    ("en", "is the living room AC on"),
    ("en", "I like turtles"),
    ("zh", "把客厅的灯打开"),
    ("zh", "卧室灯亮度调到百分之二十"),
    ("zh", "客厅空调调到二十六度"),
    ("zh", "今天我很开心"),
)


def fixed(calls: int) -> None:
    started = time.perf_counter()
    skills = load_skills(SkillsSettings())
    files = [SentenceFile(skill=s, lang=lang, path=path) for s, lang, path in skills.sentence_files()]
    recognizer = IntentRecognizer.from_files(files, load_household(None))
    build_ms = (time.perf_counter() - started) * 1000
    machine = f"{platform.machine()}, Python {platform.python_version()}"
    print(f"machine: {machine}; recognizer built in {build_ms:.0f} ms\n")
    print("| sentence | lang | intent | µs per call |")
    print("|---|---|---|---|")
    for lang, text in SENTENCES:
        result = recognizer.recognize(text, lang=lang, area="living_room")
        begin = time.perf_counter()
        for _ in range(calls):
            recognizer.recognize(text, lang=lang, area="living_room")
        per_call_us = (time.perf_counter() - begin) / calls * 1e6
        print(f"| {text} | {lang} | {result.intent_name if result else '–'} | {per_call_us:.0f} |")


def tail(args: argparse.Namespace) -> None:
    """The tuning sentences' parse times, fastest of ``args.repeat`` each, and where the slowest spend it."""
    from nlu_generalization import _files, corpus_household, fallback_options, load, percentile
    from nlu_results import DEV_SETS, TUNED_OUT_OF_SCOPE

    from ting.clock import HouseholdClock
    from ting.settings import Settings

    settings = Settings()
    recognizer = IntentRecognizer.from_files(
        _files(), corpus_household(), confidence_threshold=settings.nlu.confidence_threshold,
        clock=HouseholdClock(settings.household.timezone), fallback=fallback_options(settings),
    )  # fmt: skip
    recognizer.prepare()
    sentences = [
        (sentence.text, sentence.lang, now)
        for name in DEV_SETS + TUNED_OUT_OF_SCOPE
        for now, said in [load(name)]
        for sentence in said
    ]
    gc.collect()  # what the build left, not a parse's
    best = [float("inf")] * len(sentences)
    for _ in range(args.repeat):
        for place, (text, lang, now) in enumerate(sentences):
            cpu = time.thread_time()
            recognizer.recognize(text, lang=lang, now=now)
            best[place] = min(best[place], (time.thread_time() - cpu) * 1000)
    median, p95, p99 = statistics.median(best), percentile(best, 0.95), percentile(best, 0.99)
    load_now = os.getloadavg()[0]
    print(f"{len(best)} parses, CPU ms (fastest of {args.repeat}): median {median:.3f}, p95 {p95:.3f}, "
          f"p99 {p99:.3f}; load {load_now:.1f}")  # fmt: skip
    ranked = sorted(range(len(best)), key=lambda place: -best[place])
    for place in ranked[: args.slowest]:
        print(f"  {best[place]:6.2f} ms  {sentences[place][1]}  {sentences[place][0]}")
    if args.profile:
        slow = [sentences[place] for place in ranked[: max(1, len(ranked) // 100)]]
        profile = cProfile.Profile()
        profile.enable()
        for text, lang, now in slow:
            recognizer.recognize(text, lang=lang, now=now)
        profile.disable()
        print(f"\ncProfile of the slowest {len(slow)} parses, by own time:")
        pstats.Stats(profile).sort_stats("tottime").print_stats(args.profile)


def interleaved(args: argparse.Namespace) -> None:
    """``--tail`` in the peer tree and in this one, peer / this / this / peer: one process per run."""
    # this tree's bench and corpus, each tree's ting (``PYTHONPATH``)
    command = [
        sys.executable,
        str(ROOT / "bench" / "nlu_speed.py"),
        "--tail",
        "--repeat",
        str(args.repeat),
        "--slowest",
        "0",
    ]
    for tree in (args.peer, ROOT, ROOT, args.peer):
        environment = {**os.environ, "PYTHONPATH": str(tree)}
        done = subprocess.run(command, cwd=tree, env=environment, capture_output=True, text=True, check=True)
        print(f"{'this' if tree == ROOT else 'peer'} ({tree}): {done.stdout.strip()}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--tail", action="store_true", help="the tuning sentences' median, p95 and p99")
    parser.add_argument("--repeat", type=int, default=3, help="--tail: a parse's time is the fastest of")
    parser.add_argument("--slowest", type=int, default=20, help="--tail: list this many slowest")
    parser.add_argument("--profile", type=int, default=0, help="--tail: cProfile the slowest 1 %%")
    parser.add_argument("--peer", type=Path, help="--tail: interleave with this checkout's runs")
    args = parser.parse_args()
    if args.peer is not None:
        interleaved(args)
    elif args.tail:
        tail(args)
    else:
        fixed(args.calls)


if __name__ == "__main__":
    main()
