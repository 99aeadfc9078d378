"""The sentence template language (hassil-like) and what the matcher needs to know about it.

``(a|b)`` alternatives, ``[x]`` optional, ``{slot}`` / ``{list:slot}`` a slot filled from
a list, ``<rule>`` a named fragment. Literal text is tokenized exactly like the input
(see ``normalize.tokenize``); word boundaries are token boundaries, so write
``(light|lights)``, not ``light[s]``. Templates are never expanded into their variants
(optional parts multiply): the matcher walks the expression graph instead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ting.errors import NluError
from ting.nlu.normalize import token_texts

_NAME = re.compile(r"^[A-Za-z_][\w.]*$")


@dataclass(frozen=True, slots=True)
class SlotRef:
    list_name: str
    slot_name: str


@dataclass(frozen=True, slots=True)
class Words:
    tokens: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Sequence:
    items: tuple[Expression, ...]


@dataclass(frozen=True, slots=True)
class Alternative:
    options: tuple[Expression, ...]


Expression = Words | SlotRef | Sequence | Alternative
_EMPTY = Sequence(())


class _Parser:
    def __init__(self, text: str, rules: Mapping[str, str], resolving: tuple[str, ...]) -> None:
        self.text = text
        self.position = 0
        self.rules = rules
        self.resolving = resolving

    def error(self, problem: str) -> NluError:
        return NluError(f"template {self.text!r}: {problem} (at character {self.position})")

    def parse(self) -> Expression:
        expression = self.alternatives()
        if self.position < len(self.text):
            raise self.error(f"unexpected {self.text[self.position]!r}")
        return expression

    def alternatives(self) -> Expression:
        options = [self.sequence()]
        while self.peek() == "|":
            self.position += 1
            options.append(self.sequence())
        return options[0] if len(options) == 1 else Alternative(tuple(options))

    def peek(self) -> str:
        return self.text[self.position] if self.position < len(self.text) else ""

    def sequence(self) -> Expression:
        items: list[Expression] = []
        literal = ""
        while (char := self.peek()) and char not in "|)]":
            if char in "([{<":
                items.extend(self.words(literal))
                literal = ""
                self.position += 1
                items.append(self.group(char))
            elif char in "}>":
                raise self.error(f"unmatched {char!r}")
            else:
                literal += char
                self.position += 1
        items.extend(self.words(literal))
        return items[0] if len(items) == 1 else Sequence(tuple(items))

    @staticmethod
    def words(literal: str) -> list[Expression]:
        tokens = token_texts(literal)
        return [Words(tokens)] if tokens else []

    def group(self, opener: str) -> Expression:
        if opener in "([":
            inner = self.alternatives()
            closer = ")" if opener == "(" else "]"
            if self.peek() != closer:
                raise self.error(f"{opener!r} is not closed with {closer!r}")
            self.position += 1
            return inner if opener == "(" else Alternative((inner, _EMPTY))
        closer = "}" if opener == "{" else ">"
        end = self.text.find(closer, self.position)
        if end < 0:
            raise self.error(f"{opener!r} is not closed with {closer!r}")
        name = self.text[self.position : end].strip()
        self.position = end + 1
        return self.slot(name) if opener == "{" else self.rule(name)

    def slot(self, name: str) -> SlotRef:
        list_name, _, slot_name = name.partition(":")
        slot_name = slot_name or list_name
        if not (_NAME.match(list_name) and _NAME.match(slot_name)):
            raise self.error(f"bad slot {{{name}}}")
        return SlotRef(list_name, slot_name)

    def rule(self, name: str) -> Expression:
        if name not in self.rules:
            raise self.error(f"unknown expansion rule <{name}>")
        if name in self.resolving:
            raise self.error(f"expansion rule <{name}> refers to itself")
        return _Parser(self.rules[name], self.rules, (*self.resolving, name)).parse()


def parse_template(text: str, rules: Mapping[str, str] | None = None) -> Expression:
    """Parse one template; raises ``NluError`` naming the template when it is malformed."""
    if not isinstance(text, str) or not text.strip():
        raise NluError(f"template {text!r}: empty")
    return _Parser(text, rules or {}, ()).parse()


def nullable(expression: Expression) -> bool:
    """True when ``expression`` can match no tokens at all."""
    if isinstance(expression, Words):
        return not expression.tokens
    if isinstance(expression, SlotRef):
        return False
    if isinstance(expression, Alternative):
        return any(nullable(option) for option in expression.options)
    return all(nullable(item) for item in expression.items)


def required_choices(expression: Expression) -> frozenset[frozenset[str]]:
    """Sets of literal tokens of which every match of ``expression`` contains at least one each: a required
    (把|将) or <cancel> gives one set. A cheap pre-filter: a sentence without any of a template's verbs is
    not walked through it."""
    if isinstance(expression, Words):
        return frozenset(frozenset({token}) for token in expression.tokens)
    if isinstance(expression, SlotRef):
        return frozenset()
    if isinstance(expression, Alternative):
        picked: set[str] = set()
        for option in expression.options:
            choices = required_choices(option)
            if not choices:
                return frozenset()  # an option (or an empty one: optional) needs no word
            picked |= min(choices, key=lambda choice: (len(choice), sorted(choice)))
        return frozenset({frozenset(picked)})
    return frozenset().union(*(required_choices(item) for item in expression.items))


def first_elements(expression: Expression) -> tuple[frozenset[str], frozenset[SlotRef]]:
    """The literal tokens and the slots a match of ``expression`` can begin with."""
    if isinstance(expression, Words):
        return frozenset(expression.tokens[:1]), frozenset()
    if isinstance(expression, SlotRef):
        return frozenset(), frozenset({expression})
    options = expression.options if isinstance(expression, Alternative) else ()
    words: frozenset[str] = frozenset()
    slots: frozenset[SlotRef] = frozenset()
    if isinstance(expression, Alternative):
        for option in options:
            option_words, option_slots = first_elements(option)
            words, slots = words | option_words, slots | option_slots
        return words, slots
    for item in expression.items:
        item_words, item_slots = first_elements(item)
        words, slots = words | item_words, slots | item_slots
        if not nullable(item):
            break
    return words, slots


def compile_template(text: str, rules: Mapping[str, str] | None = None) -> Expression:
    """Parse and check one template: it must not be able to match an empty sentence."""
    expression = parse_template(text, rules)
    if nullable(expression):
        raise NluError(f"template {text!r}: can match an empty sentence")
    return expression
