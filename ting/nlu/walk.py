"""The walk of one input over template graphs (``TemplateIndex.readings``): depth-first over every way the
input can be read, each complete reading offered, the best per intent kept. A walk with a step budget (the
sound-alike pass) visits states one by one as it always did (its steps are counted, and where they run out
decides what it finds); one without finds the rest of the readings from each state and position once
(``Walk.complete``)."""

from __future__ import annotations

from collections.abc import Sequence

from ting.nlu.candidate import Budget, Candidate, SlotFill
from ting.nlu.lists import MatchContext, SlotList, SlotMatch
from ting.nlu.template_graph import State, Terminal

__all__ = ["Walk"]

_Suffix = tuple[Terminal, tuple[SlotFill, ...], int, int, int]
"""The rest of a complete reading from some state on: where it ends, its slots, and the literals, skips and
sound-alike words it adds."""


_FEW = 3
"""Completions kept as found up to this many; more are rid of repeats (``_unique``), which would otherwise
multiply from state to state back to the template's start (hashing each costs more than a few repeats)."""


def _unique(found: list[_Suffix]) -> tuple[_Suffix, ...]:
    """``found`` without exact repeats, first occurrences kept in order (a slot value that cannot be hashed
    is kept each time: only a repeat that is certainly one is left out)."""
    seen: set[_Suffix] = set()
    kept: list[_Suffix] = []
    for suffix in found:
        try:
            if suffix in seen:
                continue
            seen.add(suffix)
        except TypeError:
            pass
        kept.append(suffix)
    return tuple(kept)


class Walk:
    """One input's walk: ``start`` each template that may match, then ``by_intent`` holds the best complete
    reading of each intent."""

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
        positions = range(len(tokens) + 1) if budget is not None else range(0)
        self.dead: list[set[State]] = [set() for _ in positions]
        """Per position, the states from which the rest of the input reads as nothing (a state's hash is its
        identity: no key to build per visit); a walk with a budget only."""
        positions = range(len(tokens) + 1) if budget is None else range(0)
        self.completions: list[dict[State, tuple[_Suffix, ...]]] = [{} for _ in positions]
        self.ahead = [frozenset(tokens[position:]) for position in positions]
        """Per position, the words said from there on (what a state ``needs`` is looked for in)."""
        """Per position, the completions found from each state walked there (``complete``); a walk without a
        budget only."""
        self.by_intent: dict[str, Candidate] = {}
        self.ranks: dict[str, tuple[bool, int, int, int, int, int, int, int]] = {}

    def start(self, state: State, position: int, skipped: int) -> None:
        """Offer every complete reading of a template begun at ``position`` after ``skipped`` fillers."""
        if self.budget is not None:
            self.visit(state, position, (), 0, skipped)  # counted steps: walked as they always were
            return
        length = self.length
        for end, slots, literals, skips, homophones in self.complete(state, position):
            off = bool(end.domains) and not self.fits(end, slots)
            passed = length - literals - sum(fill.end - fill.start for fill in slots)
            self.offer(Candidate(end, slots, literals, skipped + skips, homophones, off, passed))

    def complete(self, state: State, position: int) -> tuple[_Suffix, ...]:
        """The rest of every complete reading from ``state`` at ``position``, in the order ``visit`` offers
        them, each once. It does not depend on how the walk got there, so it is found once per pair and
        reused: ``visit`` walks a pair again for each way of reaching it (a filler skipped or matched as a
        template word, 一下 optional or skipped ...), up to hundreds of times over in a long sentence. An
        exact repeat is left out: of equally ranked readings the first offered wins, so it never could."""
        done = self.completions[position]
        known = done.get(state)
        if known is not None:
            return known
        if self.sounds is None and not self.ahead[position].issuperset(state.needs):
            done[state] = ()  # a word every way on reads is not said from here on
            return ()
        found: list[_Suffix] = []
        complete = self.complete
        for following in state.epsilons:
            found.extend(complete(following, position))
        if position == self.length:
            if state.end is not None:
                found.append((state.end, (), 0, 0, 0))
            done[state] = known = _unique(found) if len(found) > _FEW else tuple(found)
            return known
        token = self.tokens[position]
        word = state.word
        if word is not None:
            following_states = state.word_next if token == word else ()
        else:
            following_states = state.literals.get(token, ())
        for following in following_states:
            for end, slots, literals, skips, homophones in complete(following, position + 1):
                found.append((end, slots, literals + 1, skips, homophones))
        if self.sounds is not None and self.sounds[position] and (word is not None or state.literals):
            for following in self.alike_edges(state, position):
                for end, slots, literals, skips, homophones in complete(following, position + 1):
                    found.append((end, slots, literals + 1, skips, homophones + 1))
        for name, slot_list, following in state.slots:
            for match in self.slot_matches(slot_list, position):
                rest = complete(following, match.end)
                if not rest:
                    continue
                wildcard = slot_list.wildcard if match.wildcard is None else match.wildcard
                fill = SlotFill(
                    name, position, match.end, match.value, match.kind, wildcard, match.similarity
                )
                for end, slots, literals, skips, homophones in rest:
                    found.append((end, (fill, *slots), literals, skips, homophones))
        length = self.costs[position]
        if length is not None:
            for end, slots, literals, skips, homophones in complete(state, position + length):
                found.append((end, slots, literals, skips + 1, homophones))
        done[state] = known = _unique(found) if len(found) > _FEW else tuple(found)
        return known

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
        # no call for a token nothing sounds like (most of them): its sound-alike edges are none
        if sounds is not None and sounds[position] and (word is not None or state.literals):
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
