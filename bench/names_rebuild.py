"""How long the device's NLU takes to be up to date after a library scan changes only the names, in this tree
and in others (``--trees``: e.g. main at the commit this one started from), one tree after another per round.

    .venv/bin/python bench/names_rebuild.py [--rounds N] [--trees TREE ...]

Each tree runs in a process of its own (``PYTHONPATH`` = the tree): the device's NLU built from the skills'
sentence files (``DeviceNlu``), the server's grammar announcements with the library's names (English and
Chinese, as a scan sends them, the first ones retained), then per scan: both announcements with the new
names -> ``DeviceNlu.up_to_date``. Two libraries: a small one (a scan adds a track among the first names the
second pass learns) and one of 60 artists and titles, most played first (the scan's new track comes after
them). Also the English PocketSphinx grammar's rebuild from the new announcement (the speech recognizer's
part, the same code in every tree here). Figures: seconds, median of the rounds.
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

_SMALL = {"media.artist": ["周杰伦", "Norah Jones"], "media.title": ["晴天", "Come Away With Me"]}
_SMALL_SCAN = {
    "media.artist": ["周杰伦", "Norah Jones", "陈奕迅"],
    "media.title": ["晴天", "Come Away With Me", "十年"],
}
_LARGE = {
    "media.artist": [f"Artist {number}" for number in range(60)],
    "media.title": [f"Track {number}" for number in range(60)],
}
_LARGE_SCAN = {source: [*names, "Feels Like Home"] for source, names in _LARGE.items()}


def _measure(scans: int) -> dict[str, list[float]]:
    """In this process (one tree): seconds per scan until the NLU is up to date."""
    from ting.cli.nlu import household_of, sentence_data
    from ting.device.nlu import DeviceNlu
    from ting.device.stt.pocketsphinx import PocketSphinxRecognizer
    from ting.messages import GrammarAnnouncement
    from ting.nlu.names import SlotNames
    from ting.server.grammar import announcement
    from ting.settings import Settings

    settings = Settings()
    sentences, household = sentence_data(settings), household_of(settings)
    started = time.monotonic()
    nlu = DeviceNlu(settings)
    figures: dict[str, list[float]] = {"whole build": [time.monotonic() - started]}
    version = 0

    def announce(names: dict[str, list[str]]) -> list[GrammarAnnouncement]:
        nonlocal version
        version += 1
        supplied = SlotNames()
        supplied.update(names)
        grammars = [announcement(sentences, household, lang, supplied) for lang in ("en", "zh")]
        for grammar in grammars:
            grammar.version = str(version)
        return grammars

    def scan(names: dict[str, list[str]]) -> tuple[float, str | None]:
        """Both announcements of a scan -> seconds until the NLU is up to date, and the English JSGF."""
        grammars = announce(names)
        started = time.monotonic()
        for grammar in grammars:
            nlu.on_grammar(grammar)
        if not nlu.wait_settled(600) or not nlu.up_to_date:
            raise RuntimeError("the NLU did not take the new grammar in")
        return time.monotonic() - started, grammars[0].jsgf

    for grammar in announce(_SMALL):  # the retained copies on connect
        nlu.on_grammar(grammar)
    nlu.wait_settled(600)
    small = figures.setdefault("NLU up to date, small library (a track added / removed)", [])
    for _ in range(scans):
        small.extend((scan(_SMALL_SCAN)[0], scan(_SMALL)[0]))
    jsgf = scan(_LARGE)[1]  # not measured: the library grows
    large = figures.setdefault("NLU up to date, 60 names (a track added / removed at the end)", [])
    for _ in range(scans):
        large.extend((scan(_LARGE_SCAN)[0], scan(_LARGE)[0]))
    started = time.monotonic()
    PocketSphinxRecognizer(jsgf=jsgf)
    figures["English PocketSphinx grammar (speech recognizer, every tree)"] = [time.monotonic() - started]
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
            out = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
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
