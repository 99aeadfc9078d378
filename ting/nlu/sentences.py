"""Sentence files: one YAML file per skill and language with intents, lists and rules.

```yaml
language: zh
intents:
  home.turn_on:
    - "[请|帮我]把{device}打开[吧]"
    - sentences: ["关灯"]          # a block of templates ...
      slots: {domain: light}       # ... with slots they always fill
      spoken: false                # optional: read in text only, left out of the recognizers' grammars
lists:
  brightness: {range: {from: 0, to: 100, percent: true}}
expansion_rules:
  please: "[请|麻烦]"
implied_slots:                     # slot values the intent itself means: not reported
  home.set_brightness: {domain: light}
target_domains:                    # the device kinds an intent acts on: a reading naming a device
  home.set_brightness: [light]     # of another kind ranks after every reading that fits
```
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from ting.errors import NluError
from ting.nlu.examples import Example, examples_path, load_examples
from ting.nlu.lists import SlotList, build_list

_LOGGER = logging.getLogger(__name__)

SENTENCE_LANGUAGES = ("zh", "en")
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's loader when PyYAML was built with it (several times faster: cold start)."""


@dataclass(frozen=True)
class SentenceFile:
    skill: str
    lang: str
    path: Path


@dataclass(frozen=True)
class TemplateSpec:
    text: str
    fixed_slots: tuple[tuple[str, Any], ...] = ()
    """Slots every match of this template fills (``关灯`` -> ``domain: light``)."""
    spoken: bool = True
    """In the recognizers' grammars too; ``False`` (a block's ``spoken: false``): read in text only, for a
    form so bare ("the desk lamp 40") that in a grammar search it would take other commands' sounds."""


@dataclass(frozen=True)
class SentenceData:
    """A parsed sentence file (templates not yet compiled)."""

    source: str
    lang: str
    intents: Mapping[str, tuple[TemplateSpec, ...]]
    lists: Mapping[str, SlotList] = field(default_factory=dict)
    rules: Mapping[str, str] = field(default_factory=dict)
    implied: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """Per intent, slot values the intent itself implies and that are not reported (``implied_slots``:
    home.set_brightness -> domain light, so 灯调到四十 has no ``domain``, as the catalog lists its slots)."""
    target_domains: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Per intent, the device kinds it acts on (``target_domains``): a reading whose device or domain is
    of another kind ranks after every reading that fits (窗帘开到一半 is set_position, not brightness)."""
    examples: tuple[Example, ...] = ()
    """Natural sentences per intent that train the second pass (``examples/<lang>.yaml`` beside the
    sentence file: ``ting.nlu.examples``)."""


def discover_sentence_files(skill_folders: Iterable[tuple[str, Path]]) -> list[SentenceFile]:
    """``(skill name, sentences folder)`` pairs -> their ``<lang>.yaml`` files, in the given order."""
    files: list[SentenceFile] = []
    for skill, folder in skill_folders:
        if not folder.is_dir():
            raise NluError(f"skill {skill}: sentence folder {folder} does not exist")
        for path in sorted(folder.glob("*.yaml")):
            if path.stem not in SENTENCE_LANGUAGES:
                _LOGGER.warning(
                    "%s: not a language we know (%s), ignored", path, ", ".join(SENTENCE_LANGUAGES)
                )
                continue
            files.append(SentenceFile(skill, path.stem, path))
    return files


def load_sentence_file(path: Path, lang: str) -> SentenceData:
    """Read and check one sentence file and its example file, if it has one (``examples/<lang>.yaml``
    in the same folder); ``NluError`` names the file and what is wrong."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except OSError as error:
        raise NluError(f"{path}: cannot read sentence file: {error.strerror}") from None
    except yaml.YAMLError as error:
        raise NluError(f"{path}: not valid YAML: {error}") from None
    try:
        parsed = parse_sentences(data, lang, str(path))
    except NluError as error:
        message = str(error)
        raise NluError(message if message.startswith(str(path)) else f"{path}: {message}") from None
    examples = load_examples(examples_path(path), lang)
    return replace(parsed, examples=examples) if examples else parsed


def parse_sentences(data: Any, lang: str, source: str = "<sentences>") -> SentenceData:
    """Check already-loaded sentence data (the YAML document as Python objects)."""
    if not isinstance(data, Mapping):
        raise NluError(f"{source}: expected a mapping with 'intents'")
    known = {"language", "intents", "lists", "expansion_rules", "implied_slots", "target_domains"}
    unknown = set(data) - known
    if unknown:
        raise NluError(f"{source}: unknown key(s) {sorted(unknown)}")
    if data.get("language", lang) != lang:
        raise NluError(f"{source}: says language {data['language']!r} but is loaded as {lang!r}")
    intents = _mapping(data.get("intents"), f"{source}: intents")
    lists = _mapping(data.get("lists"), f"{source}: lists")
    rules = _mapping(data.get("expansion_rules"), f"{source}: expansion_rules")
    implied = {
        intent: dict(_mapping(slots, f"{source}: implied_slots: {intent}"))
        for intent, slots in _mapping(data.get("implied_slots"), f"{source}: implied_slots").items()
    }
    domains = {
        intent: _domains(kinds, f"{source}: target_domains: {intent}")
        for intent, kinds in _mapping(data.get("target_domains"), f"{source}: target_domains").items()
    }
    if not all(isinstance(body, str) for body in rules.values()):
        raise NluError(f"{source}: expansion_rules: every rule must be a template string")
    return SentenceData(
        source=source,
        lang=lang,
        intents={name: _templates(name, specs, source) for name, specs in intents.items()},
        lists={name: build_list(name, spec) for name, spec in lists.items()},
        rules=dict(rules),
        implied=implied,
        target_domains=domains,
    )


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping) or not all(isinstance(key, str) for key in value):
        raise NluError(f"{where}: expected a mapping")
    return value


def _domains(value: Any, where: str) -> frozenset[str]:
    if not isinstance(value, list) or not value or not all(isinstance(kind, str) for kind in value):
        raise NluError(f"{where}: expected a non-empty list of domains")
    return frozenset(value)


def _templates(intent: str, specs: Any, source: str) -> tuple[TemplateSpec, ...]:
    if not isinstance(specs, list) or not specs:
        raise NluError(f"{source}: intent {intent}: expected a non-empty list of templates")
    templates: list[TemplateSpec] = []
    for spec in specs:
        if isinstance(spec, str):
            templates.append(TemplateSpec(spec))
        elif isinstance(spec, Mapping) and isinstance(spec.get("sentences"), list):
            fixed = tuple(sorted(_mapping(spec.get("slots"), f"{source}: intent {intent}: slots").items()))
            spoken = spec.get("spoken", True)
            if not isinstance(spoken, bool):
                raise NluError(f"{source}: intent {intent}: spoken must be true or false, not {spoken!r}")
            templates.extend(TemplateSpec(text, fixed, spoken) for text in spec["sentences"])
        else:
            raise NluError(
                f"{source}: intent {intent}: {spec!r} is neither a template nor {{sentences, slots}}"
            )
    for template in templates:
        if not isinstance(template.text, str):
            raise NluError(f"{source}: intent {intent}: template {template.text!r} is not a string")
    return tuple(templates)
