"""The walk of one input over template graphs (``TemplateIndex.readings``): depth-first over every way the
input can be read, each complete reading offered, the best per intent kept. A walk without a step budget
(``Walk.complete``) finds the rest of the readings from each state and position once and reuses them, and
leaves a state at once whose words are not all said in the rest of the input.

A walk with one (the sound-alike pass) takes the steps the step-by-step walk it replaces took, and finds what
that walk found: where the steps run out decides what the pass reads. That walk went depth first from each
template's start, one step per (state, position) entered, in the order: empty edges, the end of a reading (at
the end of the input), literal edges, sound-alike edges, slot matches, a skip; a pair that had led to no
reading was never entered again, one that had was entered again for each way of reaching it; out of steps,
nothing more was entered. Now the pairs a template reaches are counted first, breadth first (``Walk.reach``):
a template that reads nothing took a step per pair (most of them: a refusal walks dozens of templates to
nothing); one that reads something is walked once per pair (``Walk.bounded``), a later visit of a pair taking
its steps at once.
"""

from __future__ import annotations

from collections.abc import Sequence

from ting.nlu.candidate import Budget, Candidate, SlotFill
from ting.nlu.lists import MatchContext, SlotList, SlotMatch
from ting.nlu.template_graph import State, Terminal

__all__ = ["Walk"]

_Suffix = tuple[Terminal, tuple[SlotFill, ...], int, int, int]
"""The rest of a complete reading from some state on: where it ends, its slots, and the literals, skips and
sound-alike words it adds."""

_Known = tuple[tuple[_Suffix, ...], int]
"""What a walk with a budget found from a state and position (``Walk.bounded``), and the steps a later visit
of the pair takes."""

_NOTHING: _Known = ((), 0)
_NO_WORDS: frozenset[str] = frozenset()


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
        self.known: list[dict[State, _Known]] = [{} for _ in positions]
        """Per position, what ``bounded`` found from each state walked there to its end; a walk with a
        budget only (a state's hash is its identity: no key to build per visit)."""
        positions = range(len(tokens) + 1) if budget is None else range(0)
        self.completions: list[dict[State, tuple[_Suffix, ...]]] = [{} for _ in positions]
        """Per position, the completions found from each state walked there (``complete``); a walk without a
        budget only."""
        self.ahead = [frozenset(tokens[position:]) for position in positions]
        """Per position, the words said from there on (what a state ``needs`` is looked for in)."""
        self.by_intent: dict[str, Candidate] = {}
        self.ranks: dict[str, tuple[bool, int, int, int, int, int, int, int]] = {}

    def start(self, state: State, position: int, skipped: int) -> None:
        """Offer every complete reading of a template begun at ``position`` after ``skipped`` fillers."""
        budget = self.budget
        if budget is None:
            found = self.complete(state, position)
        elif budget.visits <= 0:
            return  # out of steps
        else:
            # Every template has states of its own (``TemplateIndex.add``): none of the pairs it reaches was
            # entered before in this walk, and from a template that reads nothing none leads anywhere.
            pairs, ends = self.reach(state, position)
            if not ends:
                budget.visits = max(0, budget.visits - pairs)
                return
            found = self.bounded(state, position)[0]
        length = self.length
        for end, slots, literals, skips, homophones in found:
            off = bool(end.domains) and not self.fits(end, slots)
            passed = length - literals - sum(fill.end - fill.start for fill in slots)
            self.offer(Candidate(end, slots, literals, skipped + skips, homophones, off, passed))

    def complete(self, state: State, position: int) -> tuple[_Suffix, ...]:
        """The rest of every complete reading from ``state`` at ``position``, in the order the step-by-step
        walk offers them, each once. It does not depend on how the walk got there, so it is found once per
        pair and reused: the step-by-step walk walks a pair again for each way of reaching it (a filler
        skipped or matched as a template word, 一下 optional or skipped ...), up to hundreds of times over in
        a long sentence. An exact repeat is left out: of equally ranked readings the first offered wins, so
        it never could."""
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

    def reach(self, start: State, position: int) -> tuple[int, bool]:
        """How many (state, position) pairs are reachable from ``start`` at ``position``, and whether a
        reading ends among them: a position at a time, each pair once, no reading built."""
        length = self.length
        tokens, sounds, costs = self.tokens, self.sounds, self.costs
        entered: list[list[State] | None] = [None] * (length + 1)
        entered[position] = [start]
        pairs, at, last = 0, position, position
        while at <= last:
            stack = entered[at]
            if stack is None:
                at += 1
                continue
            seen: set[State] = set()
            if at == length:
                while stack:
                    state = stack.pop()
                    if state not in seen:
                        seen.add(state)
                        stack.extend(state.epsilons)
                return pairs + len(seen), any(state.end is not None for state in seen)
            token = tokens[at]
            alikes = sounds[at] if sounds is not None else _NO_WORDS
            heard: list[State] = []
            while stack:
                state = stack.pop()
                if state in seen:
                    continue
                seen.add(state)
                stack.extend(state.epsilons)
                word = state.word
                if word is not None:
                    if word == token or word in alikes:
                        heard.extend(state.word_next)
                elif state.literals:
                    heard.extend(state.literals.get(token, ()))
                    if alikes:
                        for alike in alikes & state.literals.keys():
                            heard.extend(state.literals[alike])
                for _, slot_list, following in state.slots:
                    for match in self.slot_matches(slot_list, at):
                        ahead = entered[match.end]
                        if ahead is None:
                            entered[match.end] = ahead = []
                            last = match.end if match.end > last else last
                        ahead.append(following)
            pairs += len(seen)
            skip = costs[at]
            if skip is not None:
                skipped = entered[at + skip]
                if skipped is None:
                    entered[at + skip] = skipped = []
                    last = at + skip if at + skip > last else last
                skipped.extend(seen)
            if heard:
                after = entered[at + 1]
                if after is None:
                    entered[at + 1] = heard
                    last = at + 1 if at + 1 > last else last
                else:
                    after.extend(heard)
            at += 1
        return pairs, False

    def slot_matches(self, slot_list: SlotList, position: int) -> list[SlotMatch]:
        key = (id(slot_list), position)
        matches = self.cache.get(key)
        if matches is None:
            matches = self.cache[key] = list(slot_list.match(self.tokens, position, self.context))
        return matches

    def bounded(self, state: State, position: int) -> _Known:
        """What the step-by-step walk offers from ``state`` at ``position`` with the steps left, in its order,
        and the steps a later visit of the pair takes (none for a pair that leads nowhere). That walk went
        into a pair again for each way of reaching it, one step a state, and never again into a pair that
        had led nowhere; so a later visit of a pair walked to its end takes the steps of every way on through
        pairs that lead somewhere (``again``), and finds what the first found. When that many steps are left,
        they are taken at once and the readings reused; else the pair is walked state by state again, to the
        step where the budget runs out (what it found up to there is what it offers). The walk takes the
        same number of steps and offers the same readings as the step-by-step walk did, at the cost of a
        walk once per state and position."""
        budget = self.budget
        assert budget is not None
        known = self.known[position].get(state)
        if known is not None and known[1] <= budget.visits:
            budget.visits -= known[1]  # a pair that leads nowhere: never walked again, no step
            return known
        if budget.visits <= 0:
            return _NOTHING  # out of steps: not walked
        budget.visits -= 1
        found: list[_Suffix] = []
        again = 1
        bounded = self.bounded
        for following in state.epsilons:
            rest, steps = bounded(following, position)
            if rest:
                found.extend(rest)
                again += steps
        if position == self.length:
            if state.end is not None:
                found.append((state.end, (), 0, 0, 0))
        else:
            token = self.tokens[position]
            word = state.word
            if word is not None:
                following_states = state.word_next if token == word else ()
            else:
                following_states = state.literals.get(token, ())
            for following in following_states:
                rest, steps = bounded(following, position + 1)
                if rest:
                    again += steps
                    for end, slots, literals, skips, homophones in rest:
                        found.append((end, slots, literals + 1, skips, homophones))
            sounds = self.sounds
            # no call for a token nothing sounds like (most of them): its sound-alike edges are none
            if sounds is not None and sounds[position] and (word is not None or state.literals):
                for following in self.alike_edges(state, position):
                    rest, steps = bounded(following, position + 1)
                    if rest:
                        again += steps
                        for end, slots, literals, skips, homophones in rest:
                            found.append((end, slots, literals + 1, skips, homophones + 1))
            for name, slot_list, following in state.slots:
                for match in self.slot_matches(slot_list, position):
                    rest, steps = bounded(following, match.end)
                    if not rest:
                        continue
                    again += steps
                    wildcard = slot_list.wildcard if match.wildcard is None else match.wildcard
                    fill = SlotFill(
                        name, position, match.end, match.value, match.kind, wildcard, match.similarity
                    )
                    for end, slots, literals, skips, homophones in rest:
                        found.append((end, (fill, *slots), literals, skips, homophones))
            length = self.costs[position]
            if length is not None:
                rest, steps = bounded(state, position + length)
                if rest:
                    again += steps
                    for end, slots, literals, skips, homophones in rest:
                        found.append((end, slots, literals, skips + 1, homophones))
        # kept only when walked to the end with steps left: a walk cut short found only part (and with no
        # step left, nothing is walked again anyway)
        known = (_unique(found) if len(found) > _FEW else tuple(found), again) if found else _NOTHING
        if budget.visits > 0:
            self.known[position][state] = known
        return known

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
