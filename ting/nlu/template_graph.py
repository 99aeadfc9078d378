"""A template compiled into a graph of states: literal tokens and slots are edges, alternatives and optional
parts are empty (epsilon) edges, so optional parts never multiply into variants. ``matcher`` walks these
graphs over a sentence's tokens."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ting.nlu.lists import SlotList
from ting.nlu.templates import Alternative, Expression, SlotRef, Words
from ting.nlu.templates import Sequence as Sequence_


@dataclass(frozen=True, slots=True)
class Terminal:
    intent: str
    order: int
    """Position of the template among all templates (earlier wins ties)."""
    fixed_slots: tuple[tuple[str, Any], ...] = ()
    domains: frozenset[str] = frozenset()
    """The device kinds the intent acts on (``target_domains``; empty: any): a reading whose device or
    ``domain`` is of another kind ranks after every reading that fits (窗帘开到一半 is a position)."""


_NO_LITERALS: Mapping[str, tuple[State, ...]] = MappingProxyType({})


@dataclass(eq=False, slots=True)
class State:
    """One state of a template graph. A device's NLU holds ~48,000 (every template of both languages), most
    with one edge: edges are tuples, a state with literal edges for one word only keeps that word and its
    states (``word``, ``word_next``) instead of a dict, and one without shares one empty mapping (a dict
    and two lists of every state's own were ~14 MB of the device's resident memory)."""

    literals: Mapping[str, tuple[State, ...]] = field(default_factory=lambda: _NO_LITERALS)
    """The literal edges, by word, when they are for two words or more."""
    word: str | None = None
    word_next: tuple[State, ...] = ()
    slots: tuple[tuple[str, SlotList, State], ...] = ()
    epsilons: tuple[State, ...] = ()
    end: Terminal | None = None
    needs: tuple[str, ...] = ()
    """Template words every way on from here to an end reads (``mark_needs``): the rest of an input without
    one of them reads as nothing from here, found without walking it (a tuple: a third of a set's memory)."""

    def after(self, token: str) -> tuple[State, ...]:
        """The states ``token`` leads to by a literal edge."""
        if self.word is not None:
            return self.word_next if token == self.word else ()
        return self.literals.get(token, ())

    def add_literal(self, token: str, following: State) -> None:
        if self.word is None and not self.literals:
            self.word, self.word_next = token, (following,)
        elif self.word == token:
            self.word_next = (*self.word_next, following)
        else:
            literals = dict(self.literals)
            if self.word is not None:
                literals[self.word], self.word, self.word_next = self.word_next, None, ()
            literals[token] = (*literals.get(token, ()), following)
            self.literals = literals

    def add_epsilon(self, following: State) -> None:
        self.epsilons = (*self.epsilons, following)


def compile_template(
    expression: Expression,
    state: State,
    resolve: Callable[[SlotRef], SlotList],
    end: State | None = None,
) -> State:
    """Add ``expression``'s edges from ``state``; return the state where it ends: ``end`` when given, its
    last edges leading there (an option of an alternative ends where the options join, not in a state of
    its own with an empty edge to there: ~40,000 states fewer in a device's NLU, one visit fewer each)."""
    if isinstance(expression, Words):
        if not expression.tokens:
            return _joined(state, end)
        for token in expression.tokens[:-1]:
            following = State()
            state.add_literal(token, following)
            state = following
        last = end if end is not None else State()
        state.add_literal(expression.tokens[-1], last)
        return last
    if isinstance(expression, SlotRef):
        following = end if end is not None else State()
        state.slots = (*state.slots, (expression.slot_name, resolve(expression), following))
        return following
    if isinstance(expression, Alternative):
        # An option that begins with a word starts from ``state`` itself, reached by that word's literal edge
        # (a dict look-up) instead of an empty edge per option: an optional of 24 polite openings (<please>)
        # cost the walk 24 visits at every template start, nearly all dead ends. The other options keep one
        # branch state each, so the walk tries them in the order written and, of equally good matches, the
        # first written wins (a word-first option and a slot-first one never read the input alike: the
        # word counts as a literal).
        joined = end if end is not None else State()
        for option in expression.options:
            if _starts_with_word(option):
                compile_template(option, state, resolve, joined)
                continue
            branch = State()
            state.add_epsilon(branch)
            compile_template(option, branch, resolve, joined)
        return joined
    if not expression.items:
        return _joined(state, end)
    for item in expression.items[:-1]:
        state = compile_template(item, state, resolve)
    return compile_template(expression.items[-1], state, resolve, end)


def _joined(state: State, end: State | None) -> State:
    """Where an expression that reads nothing ends: ``state`` itself, or ``end`` by an empty edge."""
    if end is None:
        return state
    state.add_epsilon(end)
    return end


def _starts_with_word(expression: Expression) -> bool:
    while isinstance(expression, Sequence_) and expression.items:
        expression = expression.items[0]
    return isinstance(expression, Words) and bool(expression.tokens)


def mark_needs(start: State, interned: dict[tuple[str, ...], tuple[str, ...]]) -> None:
    """Set ``needs`` of every state reachable from ``start`` (a template's graph: no cycles). A state where
    a reading may end needs nothing; any other needs what all its edges need: a literal edge its word and
    what its state needs, a slot or empty edge what its state needs. Equal ones are shared (``interned``)."""
    done: dict[int, frozenset[str]] = {}

    def needs(state: State) -> frozenset[str]:
        if id(state) in done:
            return done[id(state)]
        found: frozenset[str] | None = frozenset() if state.end is not None else None
        literal_edges = (
            ((state.word, following) for following in state.word_next)
            if state.word is not None
            else ((word, following) for word, states in state.literals.items() for following in states)
        )
        for word, following in literal_edges:
            found = _meet(found, needs(following) | {word})
        for _, _, following in state.slots:
            found = _meet(found, needs(following))
        for following in state.epsilons:
            found = _meet(found, needs(following))
        result = frozenset() if found is None else found
        words = tuple(sorted(result))
        state.needs = interned.setdefault(words, words)
        done[id(state)] = result
        return result

    needs(start)


def _meet(found: frozenset[str] | None, more: frozenset[str]) -> frozenset[str]:
    return more if found is None else found & more
