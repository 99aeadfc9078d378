"""Every sentence of a development set the NLU reads wrong, one a line: the list to group misses by cause.

.venv/bin/python bench/nlu_dev_misses.py [--split dev|dev3|...|dev13 ...] [--statistical] [--kind KIND]

Only the tuning sets (``DEV_SPLITS``) can be listed: held-out sets are measured by bench/nlu_generalization.py
as a summary and their sentences are never printed. By default the templates alone are asked (the
statistical second pass learns from these very sets through the skills' examples, so its dev readings say
little); ``--statistical`` asks both passes. Each miss: split, language, kinds, the sentence, what was
expected and what ting read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from nlu_generalization import (  # noqa: E402
    CORPUS,
    _files,
    corpus_household,
    describe,
    fallback_options,
    frame_ok,
    load,
)

from ting.clock import HouseholdClock  # noqa: E402
from ting.nlu import IntentRecognizer  # noqa: E402
from ting.settings import Settings  # noqa: E402

DEV_SPLITS = ("dev", "dev3", "dev4", "dev5", "dev7", "dev8", "dev9", "dev10", "dev11", "dev12", "dev13")
"""The sets written to be tuned on; nothing else is listed sentence by sentence."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", nargs="+", choices=DEV_SPLITS, default=list(DEV_SPLITS))
    parser.add_argument("--statistical", action="store_true", help="also ask the second pass")
    parser.add_argument("--kind", help="only sentences of this phrasing kind (rambling, asr ...)")
    parser.add_argument("--lang", choices=("zh", "en"), help="only this language")
    args = parser.parse_args()
    settings = Settings()
    household = corpus_household()
    recognizer = IntentRecognizer.from_files(
        _files(), household, confidence_threshold=settings.nlu.confidence_threshold,
        clock=HouseholdClock(settings.household.timezone), fallback=fallback_options(settings),
    )  # fmt: skip
    for name in args.split:
        if not (CORPUS / f"{name}.yaml").exists():
            continue
        now, sentences = load(name)
        wrong = {"zh": 0, "en": 0}
        total = {"zh": 0, "en": 0}
        for sentence in sentences:
            if args.lang and sentence.lang != args.lang:
                continue
            if args.kind and args.kind not in sentence.kinds:
                continue
            area = household.area_for_site(sentence.site) if sentence.site else None
            result = recognizer.recognize(
                sentence.text, lang=sentence.lang, area=area, now=now, statistical=args.statistical
            )
            total[sentence.lang] += 1
            if frame_ok(sentence, result, household):
                continue
            wrong[sentence.lang] += 1
            kinds = ",".join(sentence.kinds)
            print(f"{name} {sentence.lang} [{kinds}] {sentence.text!r}")
            print(f"    expected {sentence.intent} {sentence.slots}; got {describe(result)}")
        for lang in ("zh", "en"):
            right = total[lang] - wrong[lang]
            print(f"## {name} {lang}: {right}/{total[lang]} right ({right / max(total[lang], 1):.1%})")


if __name__ == "__main__":
    main()
