"""What a grammar is made from: one language's templates, with the lists they use and the names they say."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from ting.nlu.builtin_lists import registry_lists
from ting.nlu.lists import SlotList
from ting.nlu.registry import Household
from ting.nlu.sentences import SentenceData
from ting.nlu.templates import Alternative, Expression, SlotRef, compile_template
from ting.nlu.templates import Sequence as Seq


@dataclass(frozen=True)
class GrammarSource:
    """The templates of one language with the lists they use."""

    lang: str
    templates: tuple[tuple[str, Expression], ...]
    lists: dict[str, SlotList]
    names: Mapping[str, Sequence[str]] = field(default_factory=dict)
    """The ``names`` lists' values by source, first most wanted (the music library's, most played first)."""


def grammar_source(
    sentences: Iterable[SentenceData],
    household: Household,
    lang: str,
    names: Mapping[str, Sequence[str]] | None = None,
) -> GrammarSource:
    builtin = registry_lists(household)
    templates: list[tuple[str, Expression]] = []
    lists: dict[str, SlotList] = dict(builtin)
    for data in sentences:
        if data.lang != lang:
            continue
        for intent, specs in data.intents.items():
            for spec in specs:
                if not spec.spoken:
                    continue
                templates.append((intent, _qualify(compile_template(spec.text, data.rules), data.source)))
        lists.update({f"{data.source}#{name}": slot_list for name, slot_list in data.lists.items()})
    return GrammarSource(lang, tuple(templates), lists, names or {})


def _qualify(expression: Expression, source: str) -> Expression:
    """Slot references point at the file's own lists first (two skills may both have ``{level}``)."""
    if isinstance(expression, SlotRef):
        return SlotRef(f"{source}#{expression.list_name}", expression.slot_name)
    if isinstance(expression, Alternative):
        return Alternative(tuple(_qualify(option, source) for option in expression.options))
    if isinstance(expression, Seq):
        return Seq(tuple(_qualify(item, source) for item in expression.items))
    return expression


def resolve(source: GrammarSource, ref: SlotRef) -> SlotList | None:
    found = source.lists.get(ref.list_name)
    if found is None:
        found = source.lists.get(ref.list_name.partition("#")[2])  # a built-in registry list
    return found


def slot_refs(expression: Expression) -> Iterator[SlotRef]:
    if isinstance(expression, SlotRef):
        yield expression
    elif isinstance(expression, Alternative | Seq):
        for part in expression.options if isinstance(expression, Alternative) else expression.items:
            yield from slot_refs(part)
