"""The sound-alike pass's walk as it was before ``Walk.bounded`` (stop 37): one step per (state, position)
entered, a pair that led nowhere never entered again. The reference the counted walk is checked against: it
must take as many steps and offer the same readings, whatever the budget."""

from __future__ import annotations

from collections.abc import Sequence

from ting.nlu.candidate import Budget, Candidate, SlotFill
from ting.nlu.lists import MatchContext
from ting.nlu.template_graph import State
from ting.nlu.walk import Walk


class StepwiseWalk(Walk):
    """``Walk`` with a budget walked step by step (``visit``); one without as ``Walk`` walks it."""

    def __init__(
        self, tokens: Sequence[str], context: MatchContext, costs: Sequence[int | None], budget: Budget | None
    ) -> None:
        super().__init__(tokens, context, costs, budget)
        self.dead: list[set[State]] = [set() for _ in range(len(tokens) + 1)]

    def start(self, state: State, position: int, skipped: int) -> None:
        if self.budget is None:
            super().start(state, position, skipped)
        else:
            self.visit(state, position, (), 0, skipped)

    def visit(
        self,
        state: State,
        position: int,
        slots: tuple[SlotFill, ...],
        literals: int,
        skipped: int,
        homophones: int = 0,
    ) -> bool:
        """Walk on from ``state`` at ``position``; True when some complete match was reached."""
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
        for following in state.after(token):
            if visit(following, position + 1, slots, literals + 1, skipped, homophones):
                found = True
        sounds = self.sounds
        if sounds is not None and sounds[position] and (state.word is not None or state.literals):
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
