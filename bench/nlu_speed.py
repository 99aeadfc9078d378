"""NLU speed: time per ``IntentRecognizer.recognize()`` call on the built-in skills' sentences.

.venv/bin/python bench/nlu_speed.py [--calls 2000]
"""

from __future__ import annotations

import argparse
import platform
import time

from ting.nlu import IntentRecognizer, SentenceFile
from ting.nlu.registry import load_household
from ting.settings import SkillsSettings
from ting.skills.sdk.loader import load_skills

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


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--calls", type=int, default=2000)
    args = parser.parse_args()
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
        for _ in range(args.calls):
            recognizer.recognize(text, lang=lang, area="living_room")
        per_call_us = (time.perf_counter() - begin) / args.calls * 1e6
        print(f"| {text} | {lang} | {result.intent_name if result else '–'} | {per_call_us:.0f} |")


if __name__ == "__main__":
    main()
