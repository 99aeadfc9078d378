"""Token matching with backtracking over compiled template graphs.

Each template is compiled once into a small graph of states (``template_graph``).
``TemplateIndex.search`` picks the templates that can start with the
input's first word (and whose required words all occur in the input), walks each graph
depth-first over every way the input can be read, and returns the best complete match.
Filler tokens ("please", 吧) may be skipped at a cost in confidence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ting.nlu.candidate import Budget, Candidate, SlotFill
from ting.nlu.lists import MatchContext, SlotList
from ting.nlu.template_graph import State, Terminal, compile_template, mark_needs
from ting.nlu.templates import Alternative, Expression, SlotRef, Words, first_elements, required_choices
from ting.nlu.walk import Walk

__all__ = ["Budget", "Candidate", "SlotFill", "TemplateIndex"]


@dataclass(frozen=True, slots=True)
class _Template:
    start: State
    required: tuple[frozenset[str], ...]
    """Sets of tokens the input must hold one of each (``templates.required_choices``)."""
    intent: str
    words: frozenset[str] = frozenset()
    """The words of the sets of one word: asked all at once (most templates' required sets are single
    words, and ``possible`` is asked of hundreds of templates per parse)."""

    def possible(self, present: frozenset[str]) -> bool:
        if not self.words <= present:
            return False
        # a loop, not all(...) over a generator
        for choice in self.required:  # noqa: SIM110
            if choice.isdisjoint(present):
                return False
        return True


@dataclass(frozen=True, slots=True)
class _Bucket:
    """The templates that start with one word (or with any: ``TemplateIndex._open``), by the rarest word each
    needs: a sentence is asked only about those whose word it holds. 你 / 帮 / 请 begin ~300 Mandarin
    templates each (polite openings), and asking each whether the sentence could match it cost more than
    walking the few that can."""

    templates: Sequence[_Template]
    """The bucket, in the order its templates were added."""
    by_word: dict[str, tuple[int, ...]]
    """Needed word -> places in ``templates`` (places, not pairs: a device holds tens of thousands)."""
    always: tuple[int, ...]
    """Places of the templates that need no single word (only one of several, or none)."""

    @classmethod
    def of(cls, templates: Sequence[_Template], frequency: Mapping[str, int]) -> _Bucket:
        by_word: dict[str, list[int]] = {}
        always: list[int] = []
        for place, template in enumerate(templates):
            if template.words:
                rarest = min(template.words, key=lambda word: (frequency[word], word))
                by_word.setdefault(rarest, []).append(place)
            else:
                always.append(place)
        return cls(templates, {word: tuple(places) for word, places in by_word.items()}, tuple(always))

    def candidates(self, present: frozenset[str]) -> list[_Template]:
        """Every template of the bucket that ``present`` may match (and some it may not), in bucket order."""
        by_word = self.by_word
        if len(present) <= len(by_word):
            found = [place for word in present for place in by_word.get(word, ())]
        else:
            found = [place for word, places in by_word.items() if word in present for place in places]
        found.extend(self.always)
        found.sort()
        templates = self.templates
        return [templates[place] for place in found]


class TemplateIndex:
    """The compiled templates of one language, indexed by the words they can start with."""

    def __init__(self) -> None:
        self._by_first: dict[str, list[_Template]] = {}
        self._open: list[_Template] = []
        self._needs: dict[tuple[str, ...], tuple[str, ...]] = {}
        """Each set of words some state needs, once (``template_graph.mark_needs``)."""
        self._buckets: tuple[dict[str, _Bucket], _Bucket] | None = None
        """``_by_first`` and ``_open`` as buckets (built on first use after templates were added)."""
        self.vocabulary: set[str] = set()
        """Every template word and every word of the value lists the templates use."""
        self.names: set[str] = set()
        """The words of the value lists (device, area, scene, genre, city names...)."""
        """Templates that can start with any word (a number or wildcard slot first)."""
        self.size = 0

    def add(self, expression: Expression, resolve: Callable[[SlotRef], SlotList], terminal: Terminal) -> None:
        start = State()
        compile_template(expression, start, resolve).end = terminal
        mark_needs(start, self._needs)
        self.vocabulary |= _words(expression, resolve, names=False)
        self.names |= _words(expression, resolve, names=True)
        # the smallest sets first: they rule a template out soonest
        choices = tuple(sorted(required_choices(expression), key=len))
        words = frozenset(word for choice in choices if len(choice) == 1 for word in choice)
        several = tuple(choice for choice in choices if len(choice) > 1)
        template = _Template(start, several, terminal.intent, words)
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
        self._buckets = None

    def buckets(self) -> tuple[dict[str, _Bucket], _Bucket]:
        """The templates by first word and those that start anywhere, each by the rarest word they need
        (built once templates were added: ``TemplatePass.prepare``, else by the first parse)."""
        if self._buckets is None:
            templates = {id(t): t for bucket in (*self._by_first.values(), self._open) for t in bucket}
            frequency = Counter(word for template in templates.values() for word in template.words)
            by_first = {word: _Bucket.of(bucket, frequency) for word, bucket in self._by_first.items()}
            self._buckets = (by_first, _Bucket.of(self._open, frequency))
        return self._buckets

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
        search = Walk(tokens, context, costs, budget)
        seen: set[int] = set()
        position, skipped = 0, 0
        by_first, anywhere = self.buckets()
        while position < len(tokens):
            heard = (tokens[position], *(sounds[position] if sounds is not None else ()))
            # the templates of each bucket in its order, without most of those that cannot match: the same
            # walks in the same order (the sound-alike pass's counted steps depend on it)
            starting = [t for word in heard if word in by_first for t in by_first[word].candidates(present)]
            for template in (*starting, *(anywhere.candidates(present) if position == 0 else ())):
                if id(template) in seen or not template.possible(present):
                    continue
                seen.add(id(template))
                if accept is None or accept(template.intent):
                    search.start(template.start, position, skipped)
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
