"""Word automata for PocketSphinx: a grammar compiled to an FSG, made deterministic and minimal.

PocketSphinx compiles JSGF into a finite-state grammar with one state per grammar position and many
null (epsilon) arcs: the skills' compact export becomes ~7,000 states and ~21,000 arcs, and the FSG
search pays for every word arc it can enter. The same language as a minimal deterministic automaton
has ~10x fewer states and arcs (shared prefixes and suffixes merged), so decoding is ~5x faster with
the same words accepted.

    nfa = parse_fsg(text)                       # PocketSphinx's FSG text (FsgModel.writefile)
    dfa = minimal_dfa(nfa, keep=is_known_word)  # subset construction + Moore refinement
    start, final, arcs = fsg_transitions(dfa)   # for Decoder.create_fsg
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from ting.errors import SpeechModelError

Transition = tuple[int, int, float] | tuple[int, int, float, str]
"""``(from, to, probability[, word])`` as ``Decoder.create_fsg`` takes it; no word = a null arc."""


@dataclass(frozen=True)
class WordNfa:
    """A word automaton with null arcs and one final state, as PocketSphinx writes an FSG."""

    start: int
    final: int
    words: dict[int, list[tuple[str, int]]] = field(default_factory=dict)
    """state -> [(word, next state)]"""
    nulls: dict[int, list[int]] = field(default_factory=dict)
    """state -> next states reached without a word"""


@dataclass(frozen=True)
class WordDfa:
    """A deterministic word automaton: states ``0..len(arcs)-1``, no null arcs."""

    start: int
    accepting: frozenset[int]
    arcs: tuple[dict[str, int], ...]
    """state -> {word: next state}"""

    @property
    def n_states(self) -> int:
        return len(self.arcs)

    @property
    def n_arcs(self) -> int:
        return sum(len(out) for out in self.arcs)

    def accepts(self, words: Iterable[str]) -> bool:
        state = self.start
        for word in words:
            found = self.arcs[state].get(word)
            if found is None:
                return False
            state = found
        return state in self.accepting


def parse_fsg(text: str) -> WordNfa:
    """PocketSphinx's FSG text format: ``TRANSITION from to prob [word]`` lines (no word = null arc)."""
    start = final = -1
    words: dict[int, list[tuple[str, int]]] = defaultdict(list)
    nulls: dict[int, list[int]] = defaultdict(list)
    for line in text.splitlines():
        parts = line.split()
        if not parts:
            continue
        try:
            if parts[0] == "START_STATE":
                start = int(parts[1])
            elif parts[0] == "FINAL_STATE":
                final = int(parts[1])
            elif parts[0] == "TRANSITION" and len(parts) > 4:
                words[int(parts[1])].append((parts[4], int(parts[2])))
            elif parts[0] == "TRANSITION":
                nulls[int(parts[1])].append(int(parts[2]))
        except (IndexError, ValueError):
            raise SpeechModelError(f"not a PocketSphinx FSG line: {line!r}") from None
    if start < 0 or final < 0:
        raise SpeechModelError("the FSG has no START_STATE or FINAL_STATE")
    return WordNfa(start, final, dict(words), dict(nulls))


def phrases_nfa(phrases: Iterable[Sequence[str]]) -> WordNfa:
    """An automaton accepting exactly ``phrases`` (each a sequence of words), as a prefix tree."""
    words: dict[int, list[tuple[str, int]]] = defaultdict(list)
    nulls: dict[int, list[int]] = defaultdict(list)
    children: dict[tuple[int, str], int] = {}
    final, count = 1, 2
    for phrase in phrases:
        state = 0
        for word in phrase:
            nxt = children.get((state, word))
            if nxt is None:
                nxt = children[state, word] = count
                count += 1
                words[state].append((word, nxt))
            state = nxt
        if final not in nulls[state]:
            nulls[state].append(final)
    return WordNfa(0, final, dict(words), dict(nulls))


def minimal_dfa(nfa: WordNfa, keep: Callable[[str], bool] | None = None) -> WordDfa:
    """The minimal DFA of ``nfa``'s language, words failing ``keep`` (if given) taken out first."""
    return minimize(trim(determinize(nfa, keep)))


def determinize(nfa: WordNfa, keep: Callable[[str], bool] | None = None) -> WordDfa:
    """Subset construction with null closure; arcs whose word fails ``keep`` are dropped."""
    closures: dict[int, frozenset[int]] = {}

    def closure_of(state: int) -> frozenset[int]:
        found = closures.get(state)
        if found is None:
            seen, todo = {state}, [state]
            while todo:
                for nxt in nfa.nulls.get(todo.pop(), ()):
                    if nxt not in seen:
                        seen.add(nxt)
                        todo.append(nxt)
            found = closures[state] = frozenset(seen)
        return found

    kept: dict[str, bool] = {}
    first = closure_of(nfa.start)
    ids = {first: 0}
    todo = [first]
    arcs: list[dict[str, int]] = [{}]
    accepting: set[int] = set()
    while todo:
        subset = todo.pop()
        here = ids[subset]
        if nfa.final in subset:
            accepting.add(here)
        targets: dict[str, set[int]] = defaultdict(set)
        for state in subset:
            for word, nxt in nfa.words.get(state, ()):
                if keep is not None and not kept.setdefault(word, keep(word)):
                    continue
                targets[word] |= closure_of(nxt)
        out = arcs[here]
        for word, states in targets.items():
            target = frozenset(states)
            if target not in ids:
                ids[target] = len(arcs)
                arcs.append({})
                todo.append(target)
            out[word] = ids[target]
    return WordDfa(0, frozenset(accepting), tuple(arcs))


def trim(dfa: WordDfa) -> WordDfa:
    """Only the states on some path from the start to an accepting state (renumbered)."""
    incoming: list[list[int]] = [[] for _ in dfa.arcs]
    for state, out in enumerate(dfa.arcs):
        for nxt in out.values():
            incoming[nxt].append(state)
    alive, todo = set(dfa.accepting), list(dfa.accepting)
    while todo:
        for prev in incoming[todo.pop()]:
            if prev not in alive:
                alive.add(prev)
                todo.append(prev)
    if dfa.start not in alive:
        return WordDfa(0, frozenset(), ({},))
    order = sorted(alive)
    new = {old: i for i, old in enumerate(order)}
    arcs = tuple({w: new[t] for w, t in dfa.arcs[old].items() if t in alive} for old in order)
    return WordDfa(new[dfa.start], frozenset(new[s] for s in dfa.accepting), arcs)


def minimize(dfa: WordDfa) -> WordDfa:
    """Moore partition refinement: states with the same future are merged. Expects a trimmed DFA
    (missing arcs mean rejection, so no dead state is needed)."""
    block = [int(state in dfa.accepting) for state in range(dfa.n_states)]
    count = len(set(block))
    while True:
        signatures: dict[tuple[object, ...], int] = {}
        refined = [
            signatures.setdefault(
                (block[s], tuple(sorted((w, block[t]) for w, t in dfa.arcs[s].items()))), len(signatures)
            )
            for s in range(dfa.n_states)
        ]
        block = refined
        if len(signatures) == count:
            break
        count = len(signatures)
    arcs: list[dict[str, int]] = [{} for _ in range(count)]
    for state, out in enumerate(dfa.arcs):
        arcs[block[state]] = {w: block[t] for w, t in out.items()}
    return WordDfa(block[dfa.start], frozenset(block[s] for s in dfa.accepting), tuple(arcs))


def fsg_transitions(dfa: WordDfa) -> tuple[int, int, list[Transition]]:
    """``(start, final, transitions)`` for ``Decoder.create_fsg``. It takes one final state, so each
    accepting state gets a null arc to an extra one. Every way out of a state (its words, and ending
    there) is equally likely: the grammar says what may be said, not how often.
    """
    final = dfa.n_states
    transitions: list[Transition] = []
    for state, out in enumerate(dfa.arcs):
        ends = state in dfa.accepting
        probability = 1.0 / (len(out) + ends) if out or ends else 1.0
        transitions.extend((state, nxt, probability, word) for word, nxt in sorted(out.items()))
        if ends:
            transitions.append((state, final, probability))
    return dfa.start, final, transitions
