"""The built-in skills' example files (``<sentences>/examples/<lang>.yaml``) from the NLU dev corpora.

.venv/bin/python tools/nlu_examples.py [--sets dev dev3 ... dev12] [--none out_of_scope ...] [--check]

Each dev sentence (bench/corpus/nlu, written blind by other people, with its intent and slots) becomes an
example of its intent in the skill whose sentence file has that intent: the words-as-said slots (a city, a
message, a song) and the names, numbers, times and dates the second pass reads as placeholders are written
as placeholders (``{device}``, ``{time}``), so the pass learns the phrasing around a household's names, not
the corpus household's names; the slot values that pick a variant of the intent (those its templates fix,
``direction: up``) are the block's ``slots``. The out-of-scope tuning sets (``--none``) become the
``none`` examples of the system skill: sentences the second pass refuses. Never reads a held-out set (nor
out_of_scope2, 6, 9, 11, 13, 14, 15, 17 or 18, written with one). ``--check``: exit 1 when the files
in the repository differ from what the corpora give (a corpus was edited, the tool not re-run).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from nlu_generalization import WORD_SLOTS, corpus_household  # noqa: E402

from ting.nlu import IntentRecognizer  # noqa: E402
from ting.nlu.examples import EXAMPLES_FOLDER, NONE, example_tokens  # noqa: E402
from ting.nlu.fallback import FallbackOptions  # noqa: E402
from ting.nlu.fallback.delex import is_placeholder  # noqa: E402
from ting.nlu.sentences import SENTENCE_LANGUAGES, discover_sentence_files, load_sentence_file  # noqa: E402
from ting.settings import Settings  # noqa: E402
from ting.skills.sdk.discovery import sentence_folders  # noqa: E402

CORPUS = ROOT / "bench" / "corpus" / "nlu"
DEV_SETS = ("dev", "dev3", "dev4", "dev5", "dev7", "dev8", "dev9", "dev10", "dev11", "dev12")
NONE_SETS = ("out_of_scope", *(f"out_of_scope{k}" for k in (3, 4, 5, 7, 8, 10, 12, 16, 19)))
NONE_SKILL = "system"
ZONE = ZoneInfo("Asia/Shanghai")
HEADER = (
    "# Natural example sentences for the NLU's second pass (docs/nlu.md, docs/skills.md), made by\n"
    "# tools/nlu_examples.py from bench/corpus/nlu/{sets}.yaml: re-run it after editing those, do not edit.\n"
)


def marked(text: str, slots: dict[str, Any]) -> str:
    """``text`` with each words-as-said slot value (a substring) replaced by its placeholder."""
    for name, value in sorted(slots.items(), key=lambda item: -len(str(item[1]))):
        if name not in WORD_SLOTS or not isinstance(value, str) or not value.strip():
            continue
        at = text.lower().find(value.strip().lower())
        if at >= 0:
            text = f"{text[:at]} {{{name}}} {text[at + len(value.strip()) :]}"
    return text


def rendered(tokens: list[str], lang: str) -> str:
    """Tokens as one line: words apart in English; Chinese characters together, a Latin word or a
    placeholder set apart from another by a space."""
    if lang == "en":
        return " ".join(tokens)
    said = ""
    for token in tokens:
        latin = token.isascii() and not is_placeholder(token)
        if said and latin and (said[-1].isascii() and said[-1].isalnum()):
            said += " "
        said += token
    return said


def examples(
    recognizer: IntentRecognizer, sets: list[str], none_sets: list[str]
) -> dict[tuple[Path, str], dict[str, Any]]:
    """(example file, lang) -> intent -> {slots tuple -> [sentences]}."""
    files = discover_sentence_files(sentence_folders(Settings().skills))
    owner: dict[tuple[str, str], Path] = {}
    fixed_names: dict[tuple[str, str], set[str]] = defaultdict(set)
    for file in files:
        data = load_sentence_file(file.path, file.lang)
        target = file.path.parent / EXAMPLES_FOLDER / file.path.name
        for intent, specs in data.intents.items():
            owner.setdefault((file.lang, intent), target)
            for spec in specs:
                fixed_names[(file.lang, intent)].update(name for name, _ in spec.fixed_slots)
        if file.skill == NONE_SKILL:
            owner[(file.lang, NONE)] = target
    found: dict[tuple[Path, str], dict[str, Any]] = defaultdict(lambda: defaultdict(dict))
    for name in [*sets, *none_sets]:
        data = yaml.safe_load((CORPUS / f"{name}.yaml").read_text(encoding="utf-8"))
        now = datetime.fromisoformat(data["now"]).replace(tzinfo=ZONE)
        for sentence in data["sentences"]:
            lang, intent = sentence["lang"], sentence["intent"] or NONE
            slots = dict(sentence.get("slots") or {})
            path = owner.get((lang, intent))
            if path is None:
                continue  # an intent no skill here has
            tokens = list(example_tokens(marked(sentence["text"], slots)))
            said = recognizer.delexicalized(tokens, lang, now)
            if not said:
                continue
            meant = tuple(
                sorted(
                    (slot, slots[slot])
                    for slot in fixed_names[(lang, intent)]
                    if slot in slots and f"{{{slot}}}" not in said  # said as a name: not a fixed variant
                )
            )
            texts = found[(path, lang)][intent].setdefault(meant, [])
            text = rendered(said, lang)
            if text not in texts:
                texts.append(text)
    return found


def document(lang: str, intents: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, list[Any]] = {}
    for intent in sorted(intents):
        entries: list[Any] = []
        for meant, texts in sorted(intents[intent].items(), key=lambda item: str(item[0])):
            if meant:
                entries.append({"sentences": texts, "slots": dict(meant)})
            else:
                entries.extend(texts)
        body[intent] = entries
    return {"language": lang, "examples": body}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=list(DEV_SETS), choices=DEV_SETS)
    parser.add_argument("--none", nargs="*", default=list(NONE_SETS), choices=NONE_SETS)
    parser.add_argument("--check", action="store_true", help="compare with the files, write nothing")
    args = parser.parse_args()
    settings = Settings()
    # the corpus household: the names the dev sentences say are the ones turned into placeholders
    recognizer = IntentRecognizer.from_files(
        discover_sentence_files(sentence_folders(settings.skills)), corpus_household(),
        fallback=FallbackOptions.of(settings.nlu),
    )  # fmt: skip
    stale = 0
    header = HEADER.format(sets=", ".join([*args.sets, *args.none]))
    for (path, lang), intents in sorted(examples(recognizer, args.sets, args.none).items()):
        assert lang in SENTENCE_LANGUAGES
        body = yaml.safe_dump(document(lang, intents), allow_unicode=True, sort_keys=False, width=120)
        text = header + body
        if args.check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                print(f"{path}: differs from what {', '.join(args.sets)} give")
                stale += 1
            continue
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        count = sum(len(texts) for by_slots in intents.values() for texts in by_slots.values())
        print(f"{path}: {count} examples")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
