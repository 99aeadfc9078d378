"""Example files: natural sentences per intent, with their slots marked, that train the second pass.

A skill may ship ``examples/<lang>.yaml`` inside its sentences folder, beside ``<lang>.yaml``: real
sentences people say for its intents (like sample utterances), which the statistical second pass
(``ting.nlu.fallback``) learns from alongside the walks through the templates. A name, number, time or
free text the sentence says is written as a placeholder naming its slot, so the pass learns the phrasing
around it, not a household's names::

    language: en
    examples:
      home.turn_off:
        - "could you switch off the {device} in the {area} please"
        - sentences: ["kill every light upstairs"]   # a block of examples ...
          slots: {domain: light}                      # ... with slot values they mean
      timer.set:
        - "give me {duration} for the {label} will you"
      none:                                           # no command: refused
        - "how long does rice take to cook"

The placeholders are the second pass's (``fallback.delex``): ``{device}``, ``{area}``, ``{floor}``,
``{scene}``, ``{location}``, ``{number}``, ``{time}``, ``{date}``, ``{duration}``, ``{recurrence}`` and
any list of names; another one (``{message}``, ``{song}``: free text) says nothing, as a wildcard says
nothing in the walks. A block's ``slots`` pick which variant of the intent the examples mean when its
templates fix slots (``media.volume`` up or down; 关灯 fixes ``domain: light``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ting.errors import NluError
from ting.nlu.colloquial import more_after_unit, standard_forms, without_hesitations, without_vague_like
from ting.nlu.normalize import tokenize
from ting.nlu.numbers import with_halves_read

EXAMPLES_FOLDER = "examples"
"""The folder inside a skill's sentences folder that holds its ``<lang>.yaml`` example files."""
NONE = "none"
"""The examples of sentences that are no intent of the skill (out of scope, or another skill's near
miss): the second pass refuses a sentence most like them."""
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_SLOT_VALUE_TYPES = (str, int, float, bool)
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Example:
    intent: str
    lang: str
    tokens: tuple[str, ...]
    """Normalized tokens as the recognizer hears them; a placeholder is one token (``{device}``)."""
    slots: tuple[tuple[str, Any], ...] = ()
    """Slot values the example means that its placeholders do not say (``direction: up``)."""


def examples_path(sentence_file: Path) -> Path:
    """Where the example file of the sentence file ``<folder>/<lang>.yaml`` is."""
    return sentence_file.parent / EXAMPLES_FOLDER / sentence_file.name


def example_tokens(text: str) -> tuple[str, ...]:
    """``text``'s tokens as the recognizer normalizes a sentence, placeholders kept whole."""
    tokens: list[str] = []
    at = 0
    for found in _PLACEHOLDER.finditer(text):
        tokens.extend(_heard(text[at : found.start()]))
        tokens.append(found.group(0))
        at = found.end()
    tokens.extend(_heard(text[at:]))
    return tuple(tokens)


def _heard(text: str) -> list[str]:
    heard = without_hesitations(standard_forms(with_halves_read(tokenize(text))))
    return [token.text for token in more_after_unit(without_vague_like(heard))]


def load_examples(path: Path, lang: str) -> tuple[Example, ...]:
    """The examples of one file (none when it does not exist); ``NluError`` names the file and the
    problem."""
    if not path.is_file():
        return ()
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except OSError as error:
        raise NluError(f"{path}: cannot read example file: {error.strerror}") from None
    except yaml.YAMLError as error:
        raise NluError(f"{path}: not valid YAML: {error}") from None
    return parse_examples(data, lang, str(path))


def parse_examples(data: Any, lang: str, source: str = "<examples>") -> tuple[Example, ...]:
    """Check already-loaded example data (the YAML document as Python objects)."""
    if not isinstance(data, Mapping) or not isinstance(data.get("examples"), Mapping):
        raise NluError(f"{source}: expected a mapping with 'examples' (intent -> list of sentences)")
    unknown = set(data) - {"language", "examples"}
    if unknown:
        raise NluError(f"{source}: unknown key(s) {sorted(unknown)}")
    if data.get("language", lang) != lang:
        raise NluError(f"{source}: says language {data['language']!r} but is loaded as {lang!r}")
    found: list[Example] = []
    for intent, entries in data["examples"].items():
        where = f"{source}: intent {intent}"
        if not isinstance(intent, str) or not isinstance(entries, list) or not entries:
            raise NluError(f"{where}: expected a non-empty list of example sentences")
        for entry in entries:
            for text, slots in _entry(entry, where):
                tokens = example_tokens(text)
                if not tokens:
                    raise NluError(f"{where}: example {text!r} says nothing")
                found.append(Example(intent, lang, tokens, slots))
    return tuple(found)


def _entry(entry: Any, where: str) -> list[tuple[str, tuple[tuple[str, Any], ...]]]:
    if isinstance(entry, str):
        return [(entry, ())]
    if isinstance(entry, Mapping) and isinstance(entry.get("sentences"), list):
        slots = entry.get("slots") or {}
        if not isinstance(slots, Mapping) or not all(
            isinstance(name, str) and isinstance(value, _SLOT_VALUE_TYPES) for name, value in slots.items()
        ):
            raise NluError(f"{where}: slots: expected a mapping of slot names to values")
        texts = entry["sentences"]
        if not texts or not all(isinstance(text, str) for text in texts):
            raise NluError(f"{where}: sentences: expected a non-empty list of strings")
        return [(text, tuple(sorted(slots.items()))) for text in texts]
    raise NluError(f"{where}: {entry!r} is neither an example sentence nor {{sentences, slots}}")
