"""Token matching with backtracking over compiled template graphs.

Each template is compiled once into a small graph of states (``template_graph``).
``TemplateIndex.search`` picks the templates that can start with the
input's first word (and whose required words all occur in the input), walks each graph
depth-first over every way the input can be read, and returns the best complete match.
Filler tokens ("please", 吧) may be skipped at a cost in confidence.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ting.nlu.lists import MatchContext, SlotList, SlotMatch
from ting.nlu.template_graph import State, Terminal, compile_template
from ting.nlu.templates import Alternative, Expression, SlotRef, Words, first_elements, required_choices


@dataclass(frozen=True, slots=True)
class SlotFill:
    name: str
    start: int
    end: int
    """Token span [start, end)."""
    value: Any
    kind: str
    wildcard: bool
    similarity: float = 1.0
    """Below 1.0 for a fuzzy (near-miss) list match."""


@dataclass(slots=True)
class Budget:
    """Steps a search may still take (shared by the searches of one sentence); a search out of steps stops."""

    visits: int


@dataclass(frozen=True, slots=True)
class Candidate:
    terminal: Terminal
    slots: tuple[SlotFill, ...]
    literals: int
    skipped: int
    homophones: int = 0
    """Template words matched by a sound-alike word (the phonetic pass)."""
    off_domain: bool = False
    """The reading's device or domain is not of a kind the intent acts on (``Terminal.domains``)."""
    skipped_tokens: int = 0
    """Tokens passed by skips (a filler phrase counts its words): skipping 给我 before a message weighs what
    the message swallowing it would, so 提醒我给我妈打电话 keeps the message 给我妈打电话."""

    @property
    def fuzzy_fills(self) -> int:
        return sum(1 for fill in self.slots if fill.similarity < 1.0)

    @property
    def wildcard_tokens(self) -> int:
        return sum(fill.end - fill.start for fill in self.slots if fill.wildcard)

    def rank(self) -> tuple[bool, int, int, int, int, int, int, int]:
        """Smaller is better: a device of a kind the intent acts on, fewer fuzzy slots, fewer tokens skipped
        or swallowed by a wildcard ("放点民谣吧" is genre 民谣 with 吧 skipped, not the song 民谣吧), fewer
        skipped, fewer slots, more literals."""
        return (
            self.off_domain,
            self.fuzzy_fills + self.homophones,
            self.skipped_tokens + self.wildcard_tokens,
            self.skipped,
            len(self.slots),
            -self.literals,
            self.terminal.order,
            self.homophones,
        )


@dataclass(frozen=True, slots=True)
class _Template:
    start: State
    required: tuple[frozenset[str], ...]
    """Sets of tokens the input must hold one of each (``templates.required_choices``)."""
    intent: str

    def possible(self, present: frozenset[str]) -> bool:
        # a loop, not all(...) over a generator: asked of hundreds of templates per parse
        for choice in self.required:  # noqa: SIM110
            if choice.isdisjoint(present):
                return False
        return True


class TemplateIndex:
    """The compiled templates of one language, indexed by the words they can start with."""

    def __init__(self) -> None:
        self._by_first: dict[str, list[_Template]] = {}
        self._open: list[_Template] = []
        self.vocabulary: set[str] = set()
        """Every template word and every word of the value lists the templates use."""
        self.names: set[str] = set()
        """The words of the value lists (device, area, scene, genre, city names...)."""
        """Templates that can start with any word (a number or wildcard slot first)."""
        self.size = 0

    def add(self, expression: Expression, resolve: Callable[[SlotRef], SlotList], terminal: Terminal) -> None:
        start = State()
        compile_template(expression, start, resolve).end = terminal
        self.vocabulary |= _words(expression, resolve, names=False)
        self.names |= _words(expression, resolve, names=True)
        # the smallest sets first: they rule a template out soonest
        choices = tuple(sorted(required_choices(expression), key=len))
        template = _Template(start, choices, terminal.intent)
        words, slots = first_elements(expression)
        firsts = set(words)
        for ref in slots:
            slot_firsts = resolve(ref).first_tokens()
            if slot_firsts is None:
                self._open.append(template)
                firsts.clear()
                break
            firsts |= slot_firsts
        for word in firsts:
            self._by_first.setdefault(word, []).append(template)
        self.size += 1

    def search(
        self,
        tokens: Sequence[str],
        context: MatchContext,
        *,
        fillers: frozenset[str] = frozenset(),
        accept: Callable[[str], bool] | None = None,
        skip_costs: Sequence[int | None] | None = None,
    ) -> Candidate | None:
        """The best complete match of ``tokens``, or None (see ``readings``)."""
        found = self.readings(tokens, context, fillers=fillers, accept=accept, skip_costs=skip_costs)
        return found[0] if found else None

    def readings(
        self,
        tokens: Sequence[str],
        context: MatchContext,
        *,
        fillers: frozenset[str] = frozenset(),
        accept: Callable[[str], bool] | None = None,
        skip_costs: Sequence[int | None] | None = None,
        budget: Budget | None = None,
    ) -> tuple[Candidate, ...]:
        """The best complete match of ``tokens`` for each intent that has one, best first.

        ``skip_costs`` (one per token: None = no skip starts here, else how many tokens one skip from here
        passes) overrides ``fillers``: a filler phrase (那个, could you) is skipped whole, at the cost of one
        filler, never in part (partial skips would multiply the ways to read the input).
        """
        sounds = context.homophones
        # in the sound-alike pass, a word the template needs may be heard as something like it
        present = frozenset(tokens) if sounds is None else frozenset(tokens).union(*sounds)
        costs = skip_costs if skip_costs is not None else [1 if t in fillers else None for t in tokens]
        search = _Search(tokens, context, costs, budget)
        seen: set[int] = set()
        position, skipped = 0, 0
        while position < len(tokens):
            heard = (tokens[position], *(sounds[position] if sounds is not None else ()))
            starting = [template for word in heard for template in self._by_first.get(word, ())]
            for template in (*starting, *(self._open if position == 0 else ())):
                if id(template) in seen or not template.possible(present):
                    continue
                seen.add(id(template))
                if accept is None or accept(template.intent):
                    search.visit(template.start, position, (), 0, skipped)
            if costs[position] is None:
                break  # templates may only start after leading fillers
            position, skipped = position + (costs[position] or 1), skipped + 1
        return tuple(sorted(search.by_intent.values(), key=Candidate.rank))


def _words(expression: Expression, resolve: Callable[[SlotRef], SlotList], *, names: bool) -> set[str]:
    """The template's own words (``names`` False), or the words of the value lists it uses (True)."""
    if isinstance(expression, Words):
        return set() if names else set(expression.tokens)
    if isinstance(expression, SlotRef):
        words = getattr(resolve(expression), "words", None)
        return set(words()) if names and callable(words) else set()
    parts = expression.options if isinstance(expression, Alternative) else expression.items
    return set().union(*(_words(part, resolve, names=names) for part in parts)) if parts else set()


class _Search:
    def __init__(
        self, tokens: Sequence[str], context: MatchContext, costs: Sequence[int | None], budget: Budget | None
    ) -> None:
        self.budget = budget
        self.tokens = tokens
        self.length = len(tokens)
        self.context = context
        self.sounds = context.homophones
        self.sound_ranks: dict[int, dict[str, int]] = {}
        self.costs = costs
        self.cache: dict[tuple[int, int], list[SlotMatch]] = {}
        self.dead: list[set[State]] = [set() for _ in range(len(tokens) + 1)]
        """Per position, the states from which the rest of the input reads as nothing (a state's hash is its
        identity: no key to build per visit)."""
        self.by_intent: dict[str, Candidate] = {}
        self.ranks: dict[str, tuple[bool, int, int, int, int, int, int, int]] = {}

    def slot_matches(self, slot_list: SlotList, position: int) -> list[SlotMatch]:
        key = (id(slot_list), position)
        matches = self.cache.get(key)
        if matches is None:
            matches = self.cache[key] = list(slot_list.match(self.tokens, position, self.context))
        return matches

    def visit(
        self,
        state: State,
        position: int,
        slots: tuple[SlotFill, ...],
        literals: int,
        skipped: int,
        homophones: int = 0,
    ) -> bool:
        """Walk on from ``state`` at ``position``; True when some complete match was reached.

        Whether the rest of the input can be read from ``(state, position)`` does not depend on how the
        walk got there, so a pair that reached no end is remembered and never walked again (the many
        templates sharing "set the ..." / 把…… prefixes otherwise re-walk the same dead ends).
        """
        # The hottest function of a parse (thousands of calls for a long sentence): attributes are read into
        # locals once, ``State.after`` is inlined, and every walk still happens in the same order (the
        # sound-alike pass's step budget depends on it).
        dead = self.dead[position]
        if state in dead:
            return False
        budget = self.budget
        if budget is not None:
            if budget.visits <= 0:
                return False  # out of steps: not dead, just not walked
            budget.visits -= 1
        visit = self.visit
        found = False
        for following in state.epsilons:
            if visit(following, position, slots, literals, skipped, homophones):
                found = True
        if position == self.length:
            end = state.end
            if end is not None:
                off = bool(end.domains) and not self.fits(end, slots)
                passed = self.length - literals - sum(fill.end - fill.start for fill in slots)
                self.offer(Candidate(end, slots, literals, skipped, homophones, off, passed))
                return True
            if not found:
                dead.add(state)
            return found
        token = self.tokens[position]
        word = state.word
        if word is not None:
            following_states = state.word_next if token == word else ()
        else:
            following_states = state.literals.get(token, ())
        for following in following_states:
            if visit(following, position + 1, slots, literals + 1, skipped, homophones):
                found = True
        sounds = self.sounds
        if sounds is not None and (word is not None or state.literals):
            for following in self.alike_edges(state, position):
                if visit(following, position + 1, slots, literals + 1, skipped, homophones + 1):
                    found = True
        for name, slot_list, following in state.slots:
            for match in self.slot_matches(slot_list, position):
                wildcard = slot_list.wildcard if match.wildcard is None else match.wildcard
                fill = SlotFill(
                    name, position, match.end, match.value, match.kind, wildcard, match.similarity
                )
                if visit(following, match.end, (*slots, fill), literals, skipped, homophones):
                    found = True
        length = self.costs[position]
        if length is not None and visit(state, position + length, slots, literals, skipped + 1, homophones):
            found = True
        if not found:
            dead.add(state)
        return found

    def alike_edges(self, state: State, position: int) -> list[State]:
        """The states a word that sounds like the token at ``position`` leads to, in the order of the
        token's sound-alikes (a token may have dozens: a state with one word is asked about that one)."""
        sounds = self.sounds
        assert sounds is not None
        alikes = sounds[position]
        if state.word is not None:
            return list(state.word_next) if state.word in alikes else []
        if len(state.literals) >= len(alikes):
            return [following for alike in alikes for following in state.literals.get(alike, ())]
        ranks = self.sound_ranks.get(position)
        if ranks is None:
            ranks = self.sound_ranks[position] = {alike: rank for rank, alike in enumerate(alikes)}
        heard = sorted((ranks[word], word) for word in state.literals if word in ranks)
        return [following for _, word in heard for following in state.literals[word]]

    def fits(self, terminal: Terminal, slots: tuple[SlotFill, ...]) -> bool:
        """Every device and domain the reading names is of a kind ``terminal``'s intent acts on."""
        devices, kinds = self.context.device_domains, self.context.kind_domains
        named = [(fill.name, fill.value) for fill in slots] + list(terminal.fixed_slots)
        for name, value in named:
            if name == "device" and value in devices and devices[value] not in terminal.domains:
                return False
            # a kind is a domain or a device class (车库门: garage, a class of covers): the domains of the
            # devices of that kind; a kind no device has says nothing
            if name == "domain" and kinds.get(value, terminal.domains).isdisjoint(terminal.domains):
                return False
        return True

    def offer(self, candidate: Candidate) -> None:
        """Keep ``candidate`` when it is its intent's best so far (the best one's rank is kept, not built
        again from its slots for every comparison)."""
        rank = candidate.rank()
        intent = candidate.terminal.intent
        known = self.ranks.get(intent)
        if known is None or rank < known:
            self.by_intent[intent] = candidate
            self.ranks[intent] = rank
