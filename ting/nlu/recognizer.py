"""``IntentRecognizer``: sentence files + household -> text to ``Recognition``.

Built once (templates expanded and merged into one prefix tree per language); after that
``recognize`` is pure, synchronous and does no I/O. ``from_files`` builds it skill by skill: one
skill's broken sentence file (bad YAML, a template that does not parse, an unknown list or rule)
leaves that skill out, not every skill.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from ting.clock import Clock, HouseholdClock
from ting.errors import NluError
from ting.nlu.fillers import (
    CLAUSE_PENALTY,
    FILLER_PENALTY,
    NAME_PREFIXES,
    WILDCARD_EDGES,
    WILDCARD_ENDS,
    clause_starts,
    skip_costs,
)
from ting.nlu.language import detect_language
from ting.nlu.lists import MatchContext, SlotList, ValueList
from ting.nlu.matcher import Budget as _Budget
from ting.nlu.matcher import Candidate, TemplateIndex, Terminal
from ting.nlu.names import SlotNames
from ting.nlu.normalize import Token, tokenize
from ting.nlu.numbers import halves_after_unit
from ting.nlu.phonetic import Homophones
from ting.nlu.recurrence import apply_recurrence
from ting.nlu.registry import Household, Names
from ting.nlu.result import Recognition, RecognizedSlot
from ting.nlu.sentences import SentenceData, SentenceFile, load_sentence_file
from ting.nlu.templates import Alternative, Expression, SlotRef, Words, compile_template

_LOGGER = logging.getLogger(__name__)

HOMOPHONE_PENALTY = 0.15
"""Confidence lost for each template word heard as a sound-alike (暂挺 for 暂停)."""
FUZZY_PENALTY = 0.15
"""Confidence lost for each registry name matched only approximately, plus 0.5 x (1 - similarity)."""
PHONETIC_VISITS = 4000
"""Steps the sound-alike pass may take per sentence (all its clauses together). A match takes tens; a
refusal of a long rambling sentence could take tens of thousands, and the pass is a last resort."""
ALTERNATIVE_MARGIN = 0.1
"""A reading of another intent this close to the best one's confidence is reported as an alternative."""
MAX_ALTERNATIVES = 2
PRIVATE_SLOT_PREFIX = "_"
_NONE = object()
"""``{list:_name}`` matches like any slot but is not reported ("is today the {ordinal:_day}")."""
AREA_CONTEXT_INTENT_PREFIX = "home."
"""Intents that get the site's area when the sentence names no device or area."""
PLACE_SLOTS = frozenset({"device", "area", "scene", "floor", "whole_home"})
"""Slots that say where: with one of them the site's area is not added (``whole_home``: "in the house",
"全家")."""


def registry_lists(household: Household) -> dict[str, ValueList]:
    """The built-in lists ``device``, ``area``, ``floor``, ``scene`` and ``domain``, aliases of every
    language."""

    def aliases(items: Iterable[tuple[str, Names]]) -> list[tuple[str, str]]:
        return [
            (alias, item_id)
            for item_id, names in items
            for lang_names in names.values()
            for alias in lang_names
        ]

    return {
        "device": ValueList.from_aliases(
            "device", aliases((d.id, d.names) for d in household.devices.values()), fuzzy=True
        ),
        "area": ValueList.from_aliases(
            "area", aliases((a.id, a.names) for a in household.areas.values()), fuzzy=True
        ),
        "floor": ValueList.from_aliases(
            "floor", aliases((f.id, f.names) for f in household.floors.values()), fuzzy=True
        ),
        "scene": ValueList.from_aliases("scene", aliases((s.id, s.names) for s in household.scenes.values())),
        "domain": ValueList.from_aliases("domain", aliases(household.domain_names.items())),
    }


class IntentRecognizer:
    def __init__(
        self,
        sentences: Iterable[SentenceData],
        household: Household,
        *,
        confidence_threshold: float = 0.5,
        clock: Clock | None = None,
        names: SlotNames | None = None,
    ) -> None:
        """Every template of ``sentences``; the first that does not compile raises ``NluError``.
        ``clock``: the household's (default: Asia/Shanghai, the default ``household.timezone``);
        ``names``: the values of the ``names`` lists (``ting.nlu.names``), shared with their supplier."""
        self._household = household
        self.slot_names = names or SlotNames()
        self._threshold = confidence_threshold
        self._clock = clock or HouseholdClock()
        self._indexes: dict[str, TemplateIndex] = {}
        self._intents: set[str] = set()
        self._implied: dict[str, dict[str, Any]] = {}
        self._order = 0
        self._skipped: dict[str, str] = {}
        self._builtin = registry_lists(household)
        self._sound_alikes: dict[str, tuple[int, Homophones]] = {}
        self._names = _registry_names(self._builtin)
        for data in sentences:
            self._add(_compiled(data, self._builtin))
        self._log_size()
        self.prepare()

    @classmethod
    def from_files(
        cls,
        files: Iterable[SentenceFile],
        household: Household,
        *,
        confidence_threshold: float = 0.5,
        clock: Clock | None = None,
        names: SlotNames | None = None,
    ) -> IntentRecognizer:
        """The skills' sentence files, skill by skill: a skill with a file that does not load or compile
        is left out whole (a warning names the file and the problem; ``skipped`` keeps it)."""
        recognizer = cls((), household, confidence_threshold=confidence_threshold, clock=clock, names=names)
        for skill, skill_files in _by_skill(files).items():
            try:
                compiled = [
                    template
                    for file in skill_files
                    for template in _compiled(load_sentence_file(file.path, file.lang), recognizer._builtin)
                ]
            except NluError as error:
                _LOGGER.warning("skill %s left out: its sentences do not compile: %s", skill, error)
                recognizer._skipped[skill] = str(error)
                continue
            recognizer._add(compiled)
        recognizer._log_size()
        recognizer.prepare()
        return recognizer

    def _add(self, templates: Iterable[_Compiled]) -> None:
        for template in templates:
            self._intents.add(template.intent)
            if template.implied:
                self._implied.setdefault(template.intent, {}).update(template.implied)
            index = self._indexes.setdefault(template.lang, TemplateIndex())
            terminal = Terminal(template.intent, self._order, template.fixed_slots)
            index.add(template.expression, template.resolve, terminal)
            self._order += 1

    def _log_size(self) -> None:
        sizes = {lang: index.size for lang, index in self._indexes.items()}
        _LOGGER.debug("recognizer: %d intents, %s", len(self._intents), sizes)

    @property
    def intents(self) -> frozenset[str]:
        return frozenset(self._intents)

    @property
    def skipped(self) -> Mapping[str, str]:
        """Skill -> why its sentences were left out (``from_files``)."""
        return dict(self._skipped)

    @property
    def household(self) -> Household:
        return self._household

    def recognize(
        self,
        text: str,
        *,
        lang: str | None = None,
        area: str | None = None,
        intent_filter: Sequence[str] | None = None,
        now: datetime | None = None,
    ) -> Recognition | None:
        """The intent of ``text`` with its slots, or None (no match, or below the confidence threshold).

        ``lang`` None detects the language; a sentence in the other language than ``lang`` (English typed
        on a Chinese device) is tried in that language too. ``area`` is the area of the requesting site.
        ``now`` (aware; default: the clock's now) is taken in the household's zone: times and dates in the
        slots are household wall times.
        """
        if now is not None and now.tzinfo is None:
            raise ValueError("recognize(now=...) needs an aware datetime (household time: clock.local)")
        tokens = _with_halves_read(tokenize(text))
        if not tokens:
            return None
        detected = detect_language(text)
        accept = None if intent_filter is None else frozenset(intent_filter).__contains__
        moment = self._clock.now() if now is None else now.astimezone(self._clock.zone)
        # A name in the other script ("play 晴天", "播放Yesterday") leaves the sentence's language open.
        other = "en" if detected == "zh" else "zh"
        mixed = detected == "zh" and any(char.isascii() and char.isalpha() for char in text)
        languages = list(dict.fromkeys((lang or detected, detected, *((other,) if mixed else ()))))
        budget = _Budget(PHONETIC_VISITS)
        starts = clause_starts(text, [(token.start, token.end) for token in tokens])
        starts = _merge_filler_clauses(starts, skip_costs([token.text for token in tokens], languages[0]))
        ends = [*starts[1:], len(tokens)]
        # Sound-alike readings only when no exact or near-miss reading of the whole sentence or of a clause
        # was found; their walk is bounded (``PHONETIC_VISITS``): a refusal costs a few milliseconds at most.
        for phonetic in (False, True):
            whole = self._match(text, tokens, languages, moment, accept, area, dropped=0, phonetic=phonetic,
                                budget=budget)  # fmt: skip
            if whole is not None:
                return whole
            # A side remark in its own clause (太吵了，小点声 / "I'm up, stop"): the command alone, at a cost
            # per clause left out; of equally good readings the later one wins (people correct themselves).
            best: Recognition | None = None
            for first in range(len(starts)):
                for last in range(first, len(starts)):
                    dropped = len(starts) - (last - first + 1)
                    if not dropped:
                        continue
                    part = tokens[starts[first] : ends[last]]
                    found = self._match(text, part, languages, moment, accept, area, dropped=dropped,
                                        phonetic=phonetic, budget=budget)  # fmt: skip
                    if found is not None and (best is None or found.confidence >= best.confidence):
                        best = found
            if best is not None:
                return best
        return None

    def _match(
        self,
        text: str,
        tokens: Sequence[Token],
        languages: Sequence[str],
        moment: datetime,
        accept: Callable[[str], bool] | None,
        area: str | None,
        *,
        dropped: int,
        phonetic: bool,
        budget: _Budget,
    ) -> Recognition | None:
        texts = tuple(token.text for token in tokens)
        # Near misses of registry names only when nothing matches exactly, and only when some name is said
        # nearly right (else that pass would walk the same paths again for nothing).
        passes = ((True, True),) if phonetic else ((False, False), (True, False))
        for fuzzy, sound_alike in passes:
            if fuzzy and not sound_alike and not any(self._near_miss(texts, at) for at in range(len(texts))):
                return None
            for language in languages:
                index = self._indexes.get(language)
                if index is None:
                    continue
                sounds = self._homophones(language, index).alternatives(texts) if sound_alike else None
                if sound_alike and not any(sounds or ()):
                    continue
                if sound_alike and budget.visits <= 0:
                    return None
                context = MatchContext(
                    now=moment,
                    lang=language,
                    fuzzy=fuzzy,
                    homophones=sounds,
                    loose_words=WILDCARD_EDGES.get(language, frozenset()),
                    end_words=WILDCARD_ENDS.get(language, frozenset()),
                    names=self._names.get(language, frozenset()),
                    slot_names=self.slot_names.lists(),
                )
                costs = skip_costs(texts, language)
                readings = index.readings(
                    texts, context, accept=accept, skip_costs=costs, budget=budget if sound_alike else None
                )
                if readings:
                    found = self._recognition(text, tokens, language, readings[0], area, dropped)
                    return self._with_alternatives(found, readings[1:], dropped)
        return None

    def _near_miss(self, texts: Sequence[str], start: int) -> bool:
        """Some registry name is said almost right from ``start`` (the fuzzy pass can read something new)."""
        lists = [names for names in self._builtin.values() if names.fuzzy]
        return any(any(True for _ in names.near_misses(texts, start)) for names in lists)

    def prepare(self) -> None:
        """Build what the first refusal would otherwise build (the sound-alike tables, ~100 ms)."""
        for language, index in self._indexes.items():
            self._homophones(language, index)

    def _homophones(self, lang: str, index: TemplateIndex) -> Homophones:
        """Built on first use (the index's vocabulary is complete once every skill is added)."""
        built = self._sound_alikes.get(lang)
        if built is None or built[0] != index.size:
            built = (index.size, Homophones(index.vocabulary, index.names))
            self._sound_alikes[lang] = built
        return built[1]

    def _with_alternatives(
        self, found: Recognition | None, others: Sequence[Candidate], dropped: int
    ) -> Recognition | None:
        """``found`` with the next readings whose confidence is within ``ALTERNATIVE_MARGIN`` of its own."""
        if found is None:
            return None
        close = []
        for other in others[:MAX_ALTERNATIVES]:
            confidence = round(1.0 - _penalty(other, dropped), 3)
            if confidence >= max(self._threshold, found.confidence - ALTERNATIVE_MARGIN):
                close.append((other.terminal.intent, confidence))
        return replace(found, alternatives=tuple(close)) if close else found

    def _recognition(
        self, text: str, tokens: Sequence[Token], lang: str, best: Candidate, area: str | None, dropped: int
    ) -> Recognition | None:
        confidence = max(0.0, round(1.0 - _penalty(best, dropped), 3))
        if confidence < self._threshold:
            _LOGGER.debug(
                "%r: %s at confidence %.2f, below threshold", text, best.terminal.intent, confidence
            )
            return None
        slots = [
            _slot(text, tokens, fill.name, fill.start, fill.end, fill.value, fill.kind)
            for fill in best.slots
            if not fill.name.startswith(PRIVATE_SLOT_PREFIX)
        ]
        slots.extend(RecognizedSlot(name, value, "") for name, value in best.terminal.fixed_slots)
        slots = apply_recurrence(slots)  # with a recurrence, time is its first occurrence
        intent = best.terminal.intent
        implied = self._implied.get(intent)
        if implied:  # 灯调到四十: "light" is what set_brightness means anyway, not a slot of it
            slots = [slot for slot in slots if implied.get(slot.name, _NONE) != slot.value]
        names = {slot.name for slot in slots}
        if area is not None and intent.startswith(AREA_CONTEXT_INTENT_PREFIX) and not names & PLACE_SLOTS:
            slots.append(RecognizedSlot("area", area, ""))
        return Recognition(
            intent_name=intent, confidence=confidence, text=text, lang=lang, slots=tuple(slots)
        )


def _with_halves_read(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """二十六度半 as 二十六点五度 (``点 五`` in the places of ``度 半``, then the unit again), so every
    template with ``{temperature}度`` takes the half said after the unit; the raw text still spans 度半."""
    units = halves_after_unit([token.text for token in tokens])
    if not units:
        return tokens
    out = list(tokens)
    for index in reversed(units):
        number, unit, half = tokens[index - 1], tokens[index], tokens[index + 1]
        if number.text.isdigit():  # 25度半: the recognizer's digits take the half as a decimal
            out[index - 1 : index + 2] = [Token(f"{number.text}.5", number.start, number.end),
                                          Token(unit.text, unit.start, half.end)]  # fmt: skip
            continue
        out[index : index + 2] = [
            Token("点", unit.start, unit.end),
            Token("五", half.start, half.end),
            Token(unit.text, half.start, half.end),
        ]
    return tuple(out)


def _merge_filler_clauses(starts: list[int], costs: Sequence[int | None]) -> list[int]:
    """Clause starts without those around a clause of fillers only (嗯，那个，…): leaving such a clause out
    costs what skipping its words costs, so trying the clauses without it would only repeat the work."""
    if len(starts) < 2:
        return starts
    ends = [*starts[1:], len(costs)]
    kept = list(starts)
    for start, end in zip(starts, ends, strict=True):
        position = start
        while position < end and costs[position] is not None:
            position += costs[position] or 1
        if position < end:
            continue  # a word that is not a filler
        if end < len(costs) and end in kept:
            kept.remove(end)  # joined to the clause after it
        elif start in kept and start != 0:
            kept.remove(start)  # the last clause: joined to the one before
    return kept


def _registry_names(builtin: Mapping[str, ValueList]) -> dict[str, frozenset[tuple[str, ...]]]:
    """Per language: the area and device names as token tuples, with the words that may stand before."""
    names = [alias for key in ("area", "device") if key in builtin for alias, _ in builtin[key].entries]
    return {
        lang: frozenset((*prefix, *name) for name in names for prefix in prefixes)
        for lang, prefixes in NAME_PREFIXES.items()
    }


def _penalty(candidate: Candidate, dropped: int) -> float:
    """Confidence lost to skipped words and clauses, sound-alike words and near-miss names."""
    near = [fill.similarity for fill in candidate.slots if fill.similarity < 1]
    fuzzy = sum(FUZZY_PENALTY + 0.5 * (1 - similarity) for similarity in near)
    skips = FILLER_PENALTY * candidate.skipped + CLAUSE_PENALTY * dropped
    return skips + HOMOPHONE_PENALTY * candidate.homophones + fuzzy


def _slot(
    text: str, tokens: Sequence[Token], name: str, start: int, end: int, value: object, kind: str
) -> RecognizedSlot:
    first, last = tokens[start].start, tokens[end - 1].end
    raw = text[first:last]
    return RecognizedSlot(name, raw if value is None else value, raw, kind, first, last)


@dataclass(frozen=True)
class _Compiled:
    """One template, parsed and with every slot's list found, not yet in an index."""

    lang: str
    intent: str
    expression: Expression
    resolve: _Resolve
    fixed_slots: tuple[tuple[str, Any], ...]
    implied: tuple[tuple[str, Any], ...] = ()


def _compiled(data: SentenceData, builtin: Mapping[str, SlotList]) -> list[_Compiled]:
    """Every template of ``data``, checked whole before any is added (a skill goes in whole or not at all)."""
    lists: dict[str, SlotList] = {**builtin, **data.lists}
    compiled = []
    for intent, templates in data.intents.items():
        for template in templates:
            expression = _compile(template.text, data)
            resolve = _Resolve(lists, data.source, template.text)
            for ref in _slot_refs(expression):
                resolve(ref)  # an unknown list raises here, not halfway through adding the skill
            implied = tuple(data.implied.get(intent, {}).items())
            compiled.append(_Compiled(data.lang, intent, expression, resolve, template.fixed_slots, implied))
    return compiled


def _slot_refs(expression: Expression) -> Iterator[SlotRef]:
    if isinstance(expression, SlotRef):
        yield expression
    elif isinstance(expression, Words):
        return
    else:
        for part in expression.options if isinstance(expression, Alternative) else expression.items:
            yield from _slot_refs(part)


def _by_skill(files: Iterable[SentenceFile]) -> dict[str, list[SentenceFile]]:
    """Files grouped by skill, skills in the order they first appear."""
    grouped: dict[str, list[SentenceFile]] = {}
    for file in files:
        grouped.setdefault(file.skill, []).append(file)
    return grouped


def _compile(template: str, data: SentenceData) -> Expression:
    try:
        return compile_template(template, data.rules)
    except NluError as error:
        raise NluError(f"{data.source}: {error}") from None


class _Resolve:
    """Looks up the list of a ``{slot}``; an unknown list is an ``NluError`` naming file and template."""

    def __init__(self, lists: Mapping[str, SlotList], source: str, template: str) -> None:
        self.lists, self.source, self.template = lists, source, template

    def __call__(self, ref: SlotRef) -> SlotList:
        try:
            return self.lists[ref.list_name]
        except KeyError:
            raise NluError(
                f"{self.source}: template {self.template!r}: unknown list {{{ref.list_name}}}"
            ) from None
