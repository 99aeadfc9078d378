"""``ting nlu parse``: text in, intent and slots out (JSON, Hermes ``NluIntent`` style), no server needed."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from ting.clock import HouseholdClock
from ting.nlu import (
    Household,
    IntentRecognizer,
    Recognition,
    detect_language,
    discover_sentence_files,
    load_household,
    load_sentence_file,
)
from ting.nlu.fallback import FallbackOptions
from ting.nlu.sentences import SentenceData
from ting.settings import Settings


def add_parser(commands: Any, common: argparse.ArgumentParser | None = None) -> None:
    parents = [common] if common is not None else []
    nlu = commands.add_parser("nlu", parents=parents, help="natural-language understanding tools")
    actions = nlu.add_subparsers(dest="nlu_command", required=True, metavar="ACTION")
    parse = actions.add_parser("parse", parents=parents, help="recognize the intent of a sentence")
    parse.add_argument(
        "text", metavar="TEXT", help="the sentence; '-' reads one sentence per line from stdin"
    )
    parse.add_argument("--lang", choices=["en", "zh"], help="language (default: detected from the text)")
    parse.add_argument("--now", type=_timestamp, help="reference time YYYY-MM-DDTHH:MM:SS (default: now)")
    parse.add_argument("--site", help="siteId of the speaker (its area fills in 'the light')")
    parse.add_argument("--json", action="store_true", help="print JSON (the default; kept for scripts)")
    parse.set_defaults(run=run)
    grammar = actions.add_parser(
        "grammar", parents=parents, help="export a speech recognizer grammar from the skills' sentences"
    )
    grammar.add_argument("--lang", choices=["en", "zh"], required=True)
    grammar.add_argument("--format", choices=["vosk", "jsgf"], default="vosk", dest="grammar_format")
    grammar.add_argument(
        "--check-vocabulary",
        metavar="MODEL",
        help="'pocketsphinx', a Vosk model folder (graph/words.txt) or a dictionary file: "
        "report the words it lacks",
    )
    grammar.add_argument(
        "--full",
        action="store_true",
        help="jsgf: every variant of every template (the NLU's text grammar); the default is the compact "
        "recognizer grammar the server publishes to devices",
    )
    grammar.set_defaults(run=run_grammar)


def _timestamp(text: str) -> datetime:
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S")
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DDTHH:MM:SS, got {text!r}") from None


def run(args: argparse.Namespace, settings: Settings) -> int:
    recognizer = build_recognizer(settings)
    household = recognizer.household
    area = household.area_for_site(args.site) if args.site else None
    # --now is household wall time, whatever zone this machine runs in
    now = HouseholdClock(settings.household.timezone).local(args.now) if args.now else None
    lines: Iterable[str] = (line.rstrip("\n") for line in sys.stdin) if args.text == "-" else [args.text]
    for text in lines:
        lang = args.lang
        result = recognizer.recognize(text, lang=lang, area=area, now=now)
        print(json.dumps(to_json(text, result, lang), ensure_ascii=False), flush=True)
    return 0


def run_grammar(args: argparse.Namespace, settings: Settings) -> int:
    """Print the grammar; with ``--check-vocabulary`` list missing words on stderr (the JSGF omits them)."""
    from ting.nlu.grammar import export, grammar_words, load_vocabulary, missing_words, vocabulary_file

    vocabulary = None
    if args.check_vocabulary:
        path = vocabulary_file(args.check_vocabulary)
        if path is None:
            print(f"{args.check_vocabulary}: no vocabulary file found (graph/words.txt)", file=sys.stderr)
        else:
            vocabulary = load_vocabulary(path)
    compact = not args.full
    text = export(
        sentence_data(settings), household_of(settings), args.lang, args.grammar_format, compact=compact
    )
    if vocabulary is not None:
        missing = missing_words(_words(text, args.grammar_format, grammar_words), vocabulary)
        print(f"{len(missing)} word(s) missing from the vocabulary: {' '.join(missing)}", file=sys.stderr)
        if args.grammar_format == "jsgf":
            data, household = sentence_data(settings), household_of(settings)
            text = export(data, household, args.lang, "jsgf", vocabulary, compact=compact)
    print(text)
    return 0


def _words(text: str, fmt: str, jsgf_words: Any) -> set[str]:
    if fmt == "vosk":
        return {word for phrase in json.loads(text) for word in phrase.split()}
    return set(jsgf_words(text))


def household_of(settings: Settings) -> Household:
    return load_household(settings.household.registry_file).with_sites(settings.household.sites)


def sentence_data(settings: Settings) -> list[SentenceData]:
    """The parsed sentence files of every enabled skill."""
    return [
        load_sentence_file(file.path, file.lang) for file in discover_sentence_files(_skill_folders(settings))
    ]


def build_recognizer(settings: Settings) -> IntentRecognizer:
    """The recognizer of the installed skills' sentences and the configured household."""
    household = load_household(settings.household.registry_file).with_sites(settings.household.sites)
    files = discover_sentence_files(_skill_folders(settings))
    return IntentRecognizer.from_files(
        files,
        household,
        confidence_threshold=settings.nlu.confidence_threshold,
        clock=HouseholdClock(settings.household.timezone),
        fallback=FallbackOptions.of(settings.nlu),
    )


def _skill_folders(settings: Settings) -> list[tuple[str, Path]]:
    # Only the sentence folders are needed here: no skill's code is imported, no handler runs.
    from ting.skills.sdk.discovery import sentence_folders

    return sentence_folders(settings.skills)


def to_json(text: str, result: Recognition | None, lang: str | None) -> dict[str, Any]:
    """The ``ting nlu parse`` JSON object for one sentence (``pass``: ``templates`` or ``statistical``, the
    pass that read it)."""
    if result is None:
        return {"input": text, "intent": None, "slots": [], "lang": lang or detect_language(text)}
    return {
        "input": text,
        "intent": {"intentName": result.intent_name, "confidenceScore": result.confidence},
        "slots": [
            {
                "slotName": slot.name,
                "rawValue": slot.raw_value,
                "value": {"kind": slot.kind, "value": slot.value},
            }
            for slot in result.slots
        ],
        "lang": result.lang,
        "pass": result.source,
    }
