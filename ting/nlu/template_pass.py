"""The first pass: every skill's templates merged into one prefix tree per language.

A sentence is read whole, else in runs of its clauses (a side remark left out at a cost); exact and
near-miss registry names first, sound-alike words last. What no template reads goes to the statistical
second pass (``ting.nlu.fallback``); ``IntentRecognizer`` decides which token sequences to read and when.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from ting.nlu.builtin_lists import (
    kind_domains,
    registry_lists,
    registry_names,
    room_kind_names,
    single_devices,
)
from ting.nlu.clauses import clauses
from ting.nlu.compiled import CompiledTemplate
from ting.nlu.fillers import (
    CLAUSE_PENALTY,
    SPLIT_WORDS,
    WILDCARD_EDGES,
    WILDCARD_END_PHRASES,
    WILDCARD_ENDS,
    skip_costs,
)
from ting.nlu.lists import MatchContext, ValueList
from ting.nlu.matcher import Budget as _Budget
from ting.nlu.matcher import TemplateIndex
from ting.nlu.names import SlotNames
from ting.nlu.normalize import Token
from ting.nlu.phonetic import Homophones
from ting.nlu.readings import RoomKinds, heard_something, recognition, with_alternatives
from ting.nlu.registry import Household
from ting.nlu.result import Recognition
from ting.nlu.said_names import NearMisses
from ting.nlu.side_slots import SideSlots
from ting.nlu.template_graph import Terminal

__all__ = ["PHONETIC_VISITS", "TemplatePass"]

PHONETIC_VISITS = 4000
"""Steps the sound-alike pass may take per sentence (all its clauses together). A match takes tens; a
refusal of a long rambling sentence could take tens of thousands, and the pass is a last resort."""


def _beaten(best: tuple[Recognition, tuple[int, int]] | None, ceiling: float, first: int, last: int) -> bool:
    """No reading of clauses ``first``..``last`` can win over ``best``: its confidence is at most
    ``ceiling`` (every penalty is added to the clauses' own), and at that confidence an earlier last clause
    loses."""
    if best is None or best[0].aside:
        return False
    return (ceiling, last, -first) < (best[0].confidence, best[1][1], -best[1][0])


def _spans(tokens: Sequence[Token], runs: Sequence[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """The character spans of the token ``runs`` that hold any token."""
    return tuple(
        (min(token.start for token in part), max(token.end for token in part))
        for begin, end in runs
        if (part := tokens[begin:end])
    )


class TemplatePass:
    def __init__(self, household: Household, *, threshold: float, slot_names: SlotNames) -> None:
        """No templates yet (``add``); ``household``'s names, rooms and kinds are its built-in lists."""
        self._threshold = threshold
        self._slot_names = slot_names
        self._indexes: dict[str, TemplateIndex] = {}
        self._intents: set[str] = set()
        self._implied: dict[str, dict[str, Any]] = {}
        self._order = 0
        self._templates: list[CompiledTemplate] = []
        self._side = (0, SideSlots({}))
        self._builtin = registry_lists(household)
        self._sound_alikes: dict[str, tuple[int, Homophones]] = {}
        self._names = registry_names(self._builtin)
        self._device_domains = {device.id: device.domain for device in household.devices.values()}
        self._kind_domains = kind_domains(household)
        self._rooms = RoomKinds(
            single_devices(household),
            room_kind_names(household),
            {device.id: device.area for device in household.devices.values() if device.area},
        )

    @property
    def builtin(self) -> Mapping[str, ValueList]:
        """The household's lists (``{device}``, ``{area}`` ...) the templates compile against."""
        return self._builtin

    @property
    def intents(self) -> frozenset[str]:
        return frozenset(self._intents)

    @property
    def templates(self) -> Sequence[CompiledTemplate]:
        return self._templates

    @property
    def implied(self) -> Mapping[str, Mapping[str, Any]]:
        """Intent -> the slots its templates imply without saying them."""
        return self._implied

    @property
    def rooms(self) -> RoomKinds:
        return self._rooms

    @property
    def sizes(self) -> dict[str, int]:
        return {lang: index.size for lang, index in self._indexes.items()}

    def add(self, templates: Iterable[CompiledTemplate]) -> None:
        for template in templates:
            self._intents.add(template.intent)
            self._templates.append(template)
            if template.implied:
                self._implied.setdefault(template.intent, {}).update(template.implied)
            fixed = template.fixed_slots
            if any(name == "domain" and kind not in self._kind_domains for name, kind in fixed):
                continue  # 扫一下地 without a robot vacuum: as the {domain} list leaves out kinds it lacks
            index = self._indexes.setdefault(template.lang, TemplateIndex())
            terminal = Terminal(template.intent, self._order, template.fixed_slots, template.domains)
            index.add(template.expression, template.resolve, terminal)
            self._order += 1

    def prepare(self) -> None:
        """Build what the first refusal would otherwise build (the sound-alike tables, ~100 ms), what the
        first parse would (the templates by the words they need) and the side slots of the templates added
        so far."""
        for language, index in self._indexes.items():
            self._homophones(language, index)
            index.buckets()
        if self._side[0] != len(self._templates):
            self._side = (len(self._templates), SideSlots.of(self._templates))

    def context(
        self,
        lang: str,
        moment: datetime,
        *,
        fuzzy: bool = False,
        homophones: tuple[frozenset[str], ...] | None = None,
        breaks: frozenset[int] = frozenset(),
    ) -> MatchContext:
        """What the list matchers need (by default exact matches and no clause breaks: the second pass)."""
        return MatchContext(
            now=moment,
            lang=lang,
            fuzzy=fuzzy,
            homophones=homophones,
            breaks=breaks,
            split_words=SPLIT_WORDS.get(lang, frozenset()),
            loose_words=WILDCARD_EDGES.get(lang, frozenset()),
            end_words=WILDCARD_ENDS.get(lang, frozenset()),
            end_phrases=WILDCARD_END_PHRASES.get(lang, frozenset()),
            names=self._names.get(lang, frozenset()),
            slot_names=self._slot_names.lists(),
            device_domains=self._device_domains,
            kind_domains=self._kind_domains,
        )

    def read(
        self,
        text: str,
        tokens: Sequence[Token],
        languages: Sequence[str],
        moment: datetime,
        accept: Callable[[str], bool] | None,
        area: str | None,
    ) -> Recognition | None:
        """The best reading of ``tokens``: the whole sentence, else runs of its clauses; exact and near-miss
        names first, sound-alike words last."""
        budget = _Budget(PHONETIC_VISITS)
        near = NearMisses(self.near_miss_spans, tuple(token.text for token in tokens))
        parts = clauses(text, tokens, languages[0])
        marks, joins, starts, ends = parts.marks, parts.joins, parts.starts, parts.ends
        # Sound-alike readings only when no exact or near-miss reading of the whole sentence or of a clause
        # was found; their walk is bounded (``PHONETIC_VISITS``): a refusal costs a few milliseconds at most.
        for phonetic in (False, True):
            whole = self._match(text, tokens, languages, moment, accept, area, dropped=0, phonetic=phonetic,
                                budget=budget, breaks=frozenset(marks[1:]), near=(near, 0))  # fmt: skip
            if whole is not None:
                return whole
            # A side remark in its own clause (太吵了，小点声 / "I'm up, stop"): the command alone, at a cost
            # per clause left out; of equally good readings the later one wins (people correct themselves),
            # and of those ending together the longer (那个台灯，亮度调到四十吧: the lamp in its own clause)
            # Which runs are read does not depend on their order within a count left out (a run is read
            # unless a count before it found better), and of two readings the one with the greater (not
            # aside, confidence, last, -first) wins, whichever came first: no two runs tie. So, latest first,
            # a run that could not win even at its ceiling is not walked (the sound-alike pass keeps the
            # written order and walks every run: its steps are counted, and its readings depend on them).
            best: tuple[Recognition, tuple[int, int]] | None = None
            for dropped, first, last in parts.runs(latest_first=not phonetic):
                ceiling = round(1.0 - CLAUSE_PENALTY * dropped, 3)
                if ceiling < self._threshold or (
                    best is not None and not best[0].aside and ceiling < best[0].confidence
                ):
                    break
                if not phonetic and _beaten(best, ceiling, first, last):
                    continue
                join = joins.get(starts[first])
                if join is not None and join.reason:
                    continue  # "because ...", 因为……: the reason, not the command
                after = joins.get(ends[last])
                if after is not None and after.remark_before:
                    continue  # 有点热那个空调调到二十二度: what comes before the pause is no command
                begin = starts[first] + (join.length if join is not None else 0)
                part = tokens[begin : ends[last]]
                inner = frozenset(at - begin for at in marks if begin < at < ends[last])
                found = self._match(text, part, languages, moment, accept, area, dropped=dropped,
                                    phonetic=phonetic, budget=budget, breaks=inner,
                                    near=(near, begin))  # fmt: skip
                # a clause that says what one is doing (我要出门了) yields to a command in another one
                if found is not None and (
                    best is None
                    or (not found.aside, found.confidence, last, -first)
                    >= (not best[0].aside, best[0].confidence, best[1][1], -best[1][0])
                ):
                    best = (found, (first, last))
            if best is not None:  # 我明天要出门，外面冷不冷啊: the day said in a clause left out
                (first, last), context = best[1], self.context(best[0].lang, moment)
                left = [(starts[at], ends[at]) for at in range(len(starts)) if not first <= at <= last]
                found = self._side[1].added(best[0], text, tokens, left, context)
                return replace(found, left_out=_spans(tokens, left))
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
        breaks: frozenset[int] = frozenset(),
        near: tuple[NearMisses, int] | None = None,
    ) -> Recognition | None:
        texts = tuple(token.text for token in tokens)
        # Near misses of registry names only when nothing matches exactly, and only when some name is said
        # nearly right (else that pass would walk the same paths again for nothing).
        passes = ((True, True),) if phonetic else ((False, False), (True, False))
        for fuzzy, sound_alike in passes:
            misses, offset = near or (NearMisses(self.near_miss_spans, texts), 0)
            if fuzzy and not sound_alike and not misses.said(offset, len(texts)):
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
                context = self.context(language, moment, fuzzy=fuzzy, homophones=sounds, breaks=breaks)
                costs = skip_costs(texts, language)
                readings = index.readings(
                    texts, context, accept=accept, skip_costs=costs, budget=budget if sound_alike else None
                )
                readings = tuple(found for found in readings if not sound_alike or heard_something(found))
                if readings:
                    implied = self._implied.get(readings[0].terminal.intent)
                    found = recognition(
                        text, tokens, language, readings[0], area=area, dropped=dropped,
                        threshold=self._threshold, implied=implied, rooms=self._rooms, now=moment,
                    )  # fmt: skip
                    return with_alternatives(found, readings, dropped, self._threshold)
        return None

    def near_miss_spans(self, texts: Sequence[str]) -> list[tuple[int, int]]:
        """Token spans ``[start, end)`` of ``texts`` that say some registry name almost right."""
        lists = [names for names in self._builtin.values() if names.fuzzy]
        return [
            (start, match.end)
            for start in range(len(texts))
            for names in lists
            for match in names.near_misses(texts, start)
        ]

    def _homophones(self, lang: str, index: TemplateIndex) -> Homophones:
        """Built on first use (the index's vocabulary is complete once every skill is added)."""
        built = self._sound_alikes.get(lang)
        if built is None or built[0] != index.size:
            built = (index.size, Homophones(index.vocabulary, index.names))
            self._sound_alikes[lang] = built
        return built[1]
