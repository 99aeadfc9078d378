"""How much the second pass's decisions hang on its draw: leave one pair out, retrained under N seeds.

.venv/bin/python bench/nlu_draws.py [--draws 6] [--averaged D] [--folds 1 3 ...] [--out decisions.json]
    [--misses N]

The second pass trains on seeded random walks through the templates (``FallbackOptions.seed``,
``ting.nlu.walks``); a template edited anywhere redraws its walks as a new seed does. For each fold of
``bench/nlu_leave_one_out.py`` (the fold's dev / out-of-scope pair left out of the examples) the recognizer is
trained once per seed 0 .. N-1, everything else the same, and every left-out sentence's reading is kept. A
sentence *flips* when its reading (intent and slots, or nothing) is not the same under every seed. Printed:
per seed, left-out dev frames right and out-of-scope false accepts; over the seeds, the sentences that flip,
the out-of-scope ones accepted under some seed and refused under another, and the dev ones right under some
seed only. Never reads a held-out set.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tools"))

from nlu_examples import DEV_SETS  # noqa: E402
from nlu_generalization import CORPUS, _files, corpus_household, describe, frame_ok, load  # noqa: E402
from nlu_leave_one_out import FOLDS, pair, taught_files  # noqa: E402

from ting.clock import HouseholdClock  # noqa: E402
from ting.nlu import IntentRecognizer  # noqa: E402
from ting.nlu.fallback import FallbackOptions, StatisticalParser  # noqa: E402
from ting.settings import Settings  # noqa: E402

Decision = tuple[str, bool]
"""A sentence's reading (``describe``) and whether it is right (dev: the frame; out of scope: refused)."""


def retrained(recognizer: IntentRecognizer, options: FallbackOptions, seed: int) -> IntentRecognizer:
    """``recognizer`` with its second pass trained again under ``seed`` (templates and examples the same)."""
    templates, examples = recognizer._templates.templates, recognizer._examples
    names = recognizer.slot_names.names()
    parser = StatisticalParser.train(templates, names, replace(options, seed=seed), examples=examples)
    assert recognizer._fallback is not None
    recognizer._fallback = (recognizer._fallback[0], recognizer._fallback[1], parser)
    return recognizer


def fold(k: int, settings: Settings, draws: int, averaged: int | None) -> dict[str, list[Decision]]:
    """Sentence key -> its decision under each seed (``averaged``: the draws one model averages, if not
    the default ``FallbackOptions.draws``)."""
    dev, oos = pair(k)
    options = FallbackOptions.of(settings.nlu)
    if averaged is not None:
        options = replace(options, draws=averaged)
    maker = IntentRecognizer.from_files(_files(), corpus_household(), fallback=options)
    recognizer = IntentRecognizer(
        taught_files(k, maker), corpus_household(), confidence_threshold=settings.nlu.confidence_threshold,
        clock=HouseholdClock(settings.household.timezone), fallback=options,
    )  # fmt: skip
    household = recognizer.household
    decisions: dict[str, list[Decision]] = defaultdict(list)
    sets = [(dev, True), (oos, False)] if dev in DEV_SETS else [(oos, False)]
    for seed in range(draws):
        retrained(recognizer, options, seed)
        for name, is_dev in sets:
            now, sentences = load(name)
            for at, sentence in enumerate(sentences):
                area = household.area_for_site(sentence.site) if sentence.site and is_dev else None
                result = recognizer.recognize(sentence.text, lang=sentence.lang, area=area, now=now)
                right = frame_ok(sentence, result, household) if is_dev else result is None
                key = f"{name}|{sentence.lang}|{at}|{sentence.text}"
                decisions[key].append((describe(result), right))
    return decisions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    folds = [k for k in FOLDS if (CORPUS / f"{pair(k)[1]}.yaml").exists()]
    parser.add_argument("--folds", nargs="+", type=int, default=folds, choices=folds)
    parser.add_argument("--draws", type=int, default=6, help="seeds 0 .. N-1")
    parser.add_argument("--averaged", type=int, help="draws per model (default: FallbackOptions')")
    parser.add_argument("--out", type=Path, help="write every sentence's decisions here (JSON)")
    parser.add_argument("--misses", type=int, default=0, help="print this many flipping sentences")
    args = parser.parse_args()
    settings = Settings()
    every: dict[str, list[Decision]] = {}
    for k in args.folds:
        every.update(fold(k, settings, args.draws, args.averaged))
        print(f"fold {k} done", flush=True)
    if args.out:
        args.out.write_text(json.dumps(every, ensure_ascii=False, indent=0), encoding="utf-8")
    summarize(every, args.draws, args.misses)


def summarize(every: dict[str, list[Decision]], draws: int, misses: int) -> None:
    for lang in ("zh", "en"):
        mine = {key: got for key, got in every.items() if key.split("|")[1] == lang}
        oos = {key: got for key, got in mine.items() if key.startswith("out_of_scope")}
        dev = {key: got for key, got in mine.items() if not key.startswith("out_of_scope")}
        accepts = [sum(not got[seed][1] for got in oos.values()) for seed in range(draws)]
        right = [sum(got[seed][1] for got in dev.values()) for seed in range(draws)]
        flips = [key for key, got in mine.items() if len({reading for reading, _ in got}) > 1]
        oos_flips = [key for key, got in oos.items() if len({ok for _, ok in got}) > 1]
        dev_flips = [key for key, got in dev.items() if len({ok for _, ok in got}) > 1]
        print(
            f"{lang}: false accepts per seed {accepts} of {len(oos)}; dev right per seed {right}"
            f" of {len(dev)}"
        )
        print(
            f"  readings that differ between seeds: {len(flips)} of {len(mine)}; out of scope accepted under"
            f" some seeds only: {len(oos_flips)}; dev right under some seeds only: {len(dev_flips)}"
        )
        for key in (oos_flips + dev_flips)[:misses]:
            print(f"    {key.split('|', 3)[3]!r}: {[reading for reading, _ in every[key]]}")


if __name__ == "__main__":
    main()
