"""Sentence data -> compiled templates with their lists found, checked before any goes into an index."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ting.errors import NluError
from ting.nlu.lists import SlotList
from ting.nlu.sentences import SentenceData, SentenceFile
from ting.nlu.templates import Alternative, Expression, SlotRef, Words, compile_template


class SlotResolver:
    """Looks up the list of a ``{slot}``; an unknown list is an ``NluError`` naming file and template."""

    def __init__(self, lists: Mapping[str, SlotList], source: str, template: str) -> None:
        self.lists, self.source, self.template = lists, source, template

    def __call__(self, ref: SlotRef) -> SlotList:
        try:
            return self.lists[ref.list_name]
        except KeyError:
            raise NluError(
                f"{self.source}: template {self.template!r}: unknown list {{{ref.list_name}}}"
            ) from None


@dataclass(frozen=True)
class CompiledTemplate:
    """One template, parsed and with every slot's list found, not yet in an index."""

    lang: str
    intent: str
    expression: Expression
    resolve: SlotResolver
    fixed_slots: tuple[tuple[str, Any], ...]
    implied: tuple[tuple[str, Any], ...] = ()
    domains: frozenset[str] = frozenset()
    """The device kinds the intent acts on (``target_domains``; empty: any)."""


def compile_sentences(data: SentenceData, builtin: Mapping[str, SlotList]) -> list[CompiledTemplate]:
    """Every template of ``data``, checked whole before any is added (a skill goes in whole or not at all)."""
    lists: dict[str, SlotList] = {**builtin, **data.lists}
    compiled = []
    for intent, templates in data.intents.items():
        for template in templates:
            expression = _compile(template.text, data)
            resolve = SlotResolver(lists, data.source, template.text)
            for ref in _slot_refs(expression):
                resolve(ref)  # an unknown list raises here, not halfway through adding the skill
            implied = tuple(data.implied.get(intent, {}).items())
            domains = data.target_domains.get(intent, frozenset())
            compiled.append(
                CompiledTemplate(
                    data.lang, intent, expression, resolve, template.fixed_slots, implied, domains
                )
            )
    return compiled


def by_skill(files: Iterable[SentenceFile]) -> dict[str, list[SentenceFile]]:
    """Files grouped by skill, skills in the order they first appear."""
    grouped: dict[str, list[SentenceFile]] = {}
    for file in files:
        grouped.setdefault(file.skill, []).append(file)
    return grouped


def _slot_refs(expression: Expression) -> Iterator[SlotRef]:
    if isinstance(expression, SlotRef):
        yield expression
    elif isinstance(expression, Words):
        return
    else:
        for part in expression.options if isinstance(expression, Alternative) else expression.items:
            yield from _slot_refs(part)


def _compile(template: str, data: SentenceData) -> Expression:
    try:
        return compile_template(template, data.rules)
    except NluError as error:
        raise NluError(f"{data.source}: {error}") from None
