"""What slots an intent's templates take: per template, the slots every match fills and those it may.

A statistical reading is kept only when its slots are a frame some template of the intent allows: every
slot that template always fills was found, and no slot it cannot have. Intents are split by the slots
their templates fix (``media.volume`` with ``direction: up`` and with ``direction: down`` are two labels),
so the classifier also tells which fixed slots the sentence means.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ting.nlu.examples import Example
from ting.nlu.lists import SlotList
from ting.nlu.templates import Alternative, Expression, SlotRef, Words


@dataclass(frozen=True)
class Frame:
    required: frozenset[str]
    allowed: frozenset[str]


@dataclass
class Label:
    """One intent with one set of fixed slots, and what its templates allow."""

    intent: str
    fixed: tuple[tuple[str, Any], ...]
    domains: frozenset[str]
    frames: set[Frame] = field(default_factory=set)
    lists: dict[str, list[SlotList]] = field(default_factory=dict)
    """Slot name -> the lists that fill it in this label's templates."""
    words: set[str] = field(default_factory=set)
    """Every word the label's templates say."""

    def add(self, expression: Expression, resolve: Callable[[SlotRef], SlotList]) -> None:
        required, allowed = slot_sets(expression)
        fixed = frozenset(name for name, _ in self.fixed)
        self.frames.add(Frame(required - fixed, allowed - fixed))
        self.words.update(words(expression))
        for ref in refs(expression):
            found = self.lists.setdefault(ref.slot_name, [])
            slot_list = resolve(ref)
            if all(slot_list is not known for known in found):
                found.append(slot_list)

    def allows(self, names: frozenset[str]) -> bool:
        return any(frame.required <= names <= frame.allowed for frame in self.frames)


def label_name(intent: str, fixed: Iterable[tuple[str, Any]]) -> str:
    said = ",".join(f"{name}={value}" for name, value in fixed)
    return f"{intent}|{said}" if said else intent


def example_label(example: Example, labels: Mapping[str, Label]) -> str | None:
    """The label an example trains: of its intent, the one whose fixed slots the example means most of
    (all of them: ``direction: up``), or None when its intent has no template here."""
    meant = dict(example.slots)
    fitting = [
        (len(label.fixed), name)
        for name, label in labels.items()
        if label.intent == example.intent and all(meant.get(slot) == value for slot, value in label.fixed)
    ]
    return max(fitting)[1] if fitting else None


def slot_sets(expression: Expression) -> tuple[frozenset[str], frozenset[str]]:
    """(slots every path fills, slots some path fills)."""
    if isinstance(expression, SlotRef):
        named = frozenset({expression.slot_name})
        return named, named
    if isinstance(expression, Words):
        return frozenset(), frozenset()
    if isinstance(expression, Alternative):
        parts = [slot_sets(option) for option in expression.options]
        if not parts:
            return frozenset(), frozenset()
        return frozenset.intersection(*(part[0] for part in parts)), frozenset().union(*(p[1] for p in parts))
    parts = [slot_sets(item) for item in expression.items]
    return frozenset().union(*(p[0] for p in parts)), frozenset().union(*(p[1] for p in parts))


def refs(expression: Expression) -> Iterable[SlotRef]:
    if isinstance(expression, SlotRef):
        yield expression
    elif isinstance(expression, Alternative):
        for option in expression.options:
            yield from refs(option)
    elif not isinstance(expression, Words):
        for item in expression.items:
            yield from refs(item)


def words(expression: Expression) -> Iterable[str]:
    if isinstance(expression, Words):
        yield from expression.tokens
    elif isinstance(expression, Alternative):
        for option in expression.options:
            yield from words(option)
    elif not isinstance(expression, SlotRef):
        for item in expression.items:
            yield from words(item)
