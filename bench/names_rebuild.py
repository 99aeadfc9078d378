"""How long the device's NLU takes to be up to date after a library scan changes only the names, in this tree
and in others (``--trees``: e.g. main at the commit this one started from), one tree after another per round.

    .venv/bin/python bench/names_rebuild.py [--rounds N] [--trees TREE ...]

Each tree runs in a process of its own (``PYTHONPATH`` = the tree): the device's NLU built from the skills'
sentence files (``DeviceNlu``), the server's grammar announcements with the library's names (English and
Chinese, as a scan sends them, the first ones retained), then per scan: both announcements with the new
names -> ``DeviceNlu.up_to_date``. Two libraries: a small one (a scan adds a track among the first names the
second pass learns) and one of 60 artists and titles, most played first (the scan's new track comes after
them), each scan adding a track and the next removing it. The English speech recognizer (PocketSphinx with
the announced JSGF, as ``device/parts.py`` makes it, in a ``RecognizerPool``) is rebuilt meanwhile, as the
agent does. Figures: seconds from the scan's announcements, median and range of every scan.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

_SMALL = {"media.artist": ["周杰伦", "Adele"], "media.title": ["晴天", "Hello"]}
_SMALL_SCAN = {
    "media.artist": ["周杰伦", "Adele", "陈奕迅"],
    "media.title": ["晴天", "Hello", "Yellow", "十年"],
}
_PHRASES = [
    f"{colour} {thing}"
    for colour in ("red", "blue", "green", "black", "white", "golden")
    for thing in ("river", "night", "heart", "road", "rain", "sky", "fire", "dream", "light", "song")
]
_LARGE = {"media.artist": [f"the {phrase}" for phrase in _PHRASES], "media.title": _PHRASES}
"""60 artists and titles, most played first (words the English grammar can say)."""
_GIVE_UP_SECONDS = 300
"""A scan not taken in by then fails the run (main at 9827aec left the NLU "not up to date" for good when
a first grammar came during a rebuild: tests/device/test_nlu_rebuild.py)."""
_LARGE_SCAN = {**_LARGE, "media.title": [*_PHRASES, "come away with me"]}


def _measure(scans: int) -> dict[str, list[float]]:
    """In this process (one tree): seconds per scan until the NLU, and the English speech recognizer, are
    built for the new grammar."""
    from ting.cli.nlu import household_of, sentence_data
    from ting.device import stt
    from ting.device.interfaces import SpeechRecognizer
    from ting.device.nlu import DeviceNlu
    from ting.device.recognizer_pool import RecognizerPool
    from ting.messages import GrammarAnnouncement
    from ting.nlu.names import SlotNames
    from ting.server.grammar import announcement
    from ting.settings import DeviceSettings, Settings

    settings, device = Settings(), DeviceSettings(stt_engine="pocketsphinx")
    sentences, household = sentence_data(settings), household_of(settings)
    started = time.monotonic()
    nlu = DeviceNlu(settings)
    figures: dict[str, list[float]] = {"NLU built whole (at start)": [time.monotonic() - started]}
    # as device/parts.py makes them: the tree's own way (a tree without GrammarEngines builds each anew)
    engines = {"grammar_engines": stt.GrammarEngines()} if hasattr(stt, "GrammarEngines") else {}

    def make(lang: str) -> SpeechRecognizer:
        jsgf, phrases = nlu.jsgf(lang), nlu.phrases(lang)
        return stt.build_recognizer(device, lang, phrases=phrases, jsgf=jsgf, **engines)  # type: ignore[arg-type]

    pool = RecognizerPool(make)
    version = 0

    def scan(names: dict[str, list[str]]) -> tuple[float, float]:
        """A scan's two announcements, handled as the agent does -> seconds until the NLU is up to date,
        and until the English recognizer is rebuilt too."""
        nonlocal version
        version += 1
        supplied = SlotNames()
        supplied.update(names)
        grammars = [announcement(sentences, household, lang, supplied) for lang in ("en", "zh")]
        started = time.monotonic()
        for grammar in grammars:
            grammar.version = str(version)
            nlu.on_grammar(grammar)
            if grammar.lang == "en":
                pool.rebuild("en")
        nlu_seconds = None
        while nlu_seconds is None or pool.building("en"):
            if nlu_seconds is None and not nlu.building and nlu.up_to_date:
                nlu_seconds = time.monotonic() - started
            if time.monotonic() - started > _GIVE_UP_SECONDS:
                state = f"NLU building {nlu.building}, up to date {nlu.up_to_date}; PocketSphinx building"
                raise RuntimeError(f"{state} {pool.building('en')} after {_GIVE_UP_SECONDS} s")
            time.sleep(0.005)
        return nlu_seconds, time.monotonic() - started

    for lang in ("en", "zh"):  # the retained copies on connect, then the grammars with the small library
        nlu.on_grammar(GrammarAnnouncement(lang=lang, vosk=["[unk]"], version="0"))
    pool.prepare(["en"])
    scan(_SMALL)
    for library, changes in (("small library", (_SMALL_SCAN, _SMALL)), ("60 names", (_LARGE_SCAN, _LARGE))):
        if library == "60 names":
            scan(_LARGE)  # not measured: the library grows
        for _ in range(scans):
            for names in changes:
                nlu_seconds, all_seconds = scan(names)
                figures.setdefault(f"NLU up to date, {library}", []).append(nlu_seconds)
                figures.setdefault(f"NLU and English recognizer, {library}", []).append(all_seconds)
    figures["NLU rebuilt whole (count, after the first build)"] = [
        float(getattr(nlu, "whole_rebuilds", nlu.rebuilds))
    ]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--scans", type=int, default=2, help="scans per library in each round")
    parser.add_argument("--trees", nargs="+", type=Path, default=[Path(__file__).parents[1]])
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(_measure(args.scans)))
        return
    results: dict[Path, dict[str, list[float]]] = {tree: {} for tree in args.trees}
    for _ in range(args.rounds):
        for tree in args.trees:
            env = {**os.environ, "PYTHONPATH": str(tree.resolve())}
            command = [sys.executable, __file__, "--one", "--scans", str(args.scans)]
            out = subprocess.run(command, env=env, check=True, stdout=subprocess.PIPE, text=True).stdout
            for name, values in json.loads(out.splitlines()[-1]).items():
                results[tree].setdefault(name, []).extend(values)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"{args.rounds} rounds x {args.scans} scans, load {load} (1/5/15 min)")
    names = list(dict.fromkeys(name for figures in results.values() for name in figures))
    print("| " + " | ".join(["seconds, median (min-max)", *(str(tree) for tree in args.trees)]) + " |")
    for name in names:
        cells = []
        for tree in args.trees:
            values = results[tree].get(name, [])
            cells.append(
                f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})" if values else "-"
            )
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
