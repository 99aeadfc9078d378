"""Every tuning sentence's recognition as one JSON line, to diff two trees (a speed change must not move any).

.venv/bin/python bench/nlu_results.py > results.jsonl
diff <(cd /work/peer && PYTHONPATH=. .venv/bin/python bench/nlu_results.py) \
     <(PYTHONPATH=. .venv/bin/python bench/nlu_results.py)

The households and recognizers of bench/nlu_generalization.py: the dev sets and the tuned-on out-of-scope
sets on the corpus household, the out-of-scope sets again on ting's whole demo household, and the first dev
set on the 500-entity household; each sentence read with the templates only and with the second pass. A line
holds the intent, the confidence, the slots (name, value, words as heard, span), the alternatives, the aside
flag and the pass that read it. Held-out sets and the measured-only out-of-scope sets are never read.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from nlu_generalization import (  # noqa: E402
    _files,
    corpus_household,
    fallback_options,
    large_household,
    load,
)

from ting.cli.nlu import build_recognizer  # noqa: E402
from ting.clock import HouseholdClock  # noqa: E402
from ting.nlu import IntentRecognizer, Recognition  # noqa: E402
from ting.settings import Settings  # noqa: E402

DEV_SETS = ("dev12", "dev11", "dev10", "dev9", "dev8", "dev7", "dev5", "dev4", "dev3", "dev")
TUNED_OUT_OF_SCOPE = tuple(f"out_of_scope{k}" for k in ("19", "16", "12", "10", "8", "7", "5", "4", "3", ""))
"""Only the out-of-scope sets tuned on (as ``nlu_generalization.py --split tuning`` reads them)."""


def described(result: Recognition | None) -> object:
    if result is None:
        return None
    slots = [[s.name, repr(s.value), s.raw_value, s.kind, s.start, s.end] for s in result.slots]
    return [result.intent_name, result.confidence, slots, result.alternatives, result.aside, result.source]


def lines(recognizer: IntentRecognizer, household: str, names: tuple[str, ...]) -> Iterator[str]:
    for name in names:
        now, sentences = load(name)
        for sentence in sentences:
            site = recognizer.household.area_for_site(sentence.site) if sentence.site else None
            for statistical in (False, True):
                result = recognizer.recognize(
                    sentence.text, lang=sentence.lang, area=site, now=now, statistical=statistical
                )
                key = [household, name, sentence.lang, sentence.text, statistical]
                yield json.dumps([*key, described(result)], ensure_ascii=False, default=str)


def main() -> None:
    settings = Settings()
    corpus = IntentRecognizer.from_files(
        _files(), corpus_household(), confidence_threshold=settings.nlu.confidence_threshold,
        clock=HouseholdClock(settings.household.timezone), fallback=fallback_options(settings),
    )  # fmt: skip
    demo = build_recognizer(settings)
    big = IntentRecognizer.from_files(
        _files(), large_household(), clock=None, fallback=fallback_options(settings)
    )
    for line in (
        *lines(corpus, "corpus", DEV_SETS + TUNED_OUT_OF_SCOPE),
        *lines(demo, "demo", TUNED_OUT_OF_SCOPE),
        *lines(big, "500", ("dev",)),
    ):
        print(line)


if __name__ == "__main__":
    main()
