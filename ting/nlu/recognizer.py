"""``IntentRecognizer``: sentence files + household -> text to ``Recognition``.

Built once (templates expanded and merged into one prefix tree per language); after that
``recognize`` is pure, synchronous and does no I/O. ``from_files`` builds it skill by skill: one
skill's broken sentence file (bad YAML, a template that does not parse, an unknown list or rule)
leaves that skill out, not every skill.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from ting.clock import Clock, HouseholdClock
from ting.errors import NluError
from ting.nlu.antecedents import reads_the_pronoun, with_antecedents
from ting.nlu.builtin_lists import (
    kind_domains,
    registry_lists,
    registry_names,
    room_kind_names,
    single_devices,
)
from ting.nlu.clauses import clauses
from ting.nlu.codeswitch import code_switched, mostly_chinese
from ting.nlu.colloquial import more_after_unit, standard_forms, without_hesitations, without_vague_like
from ting.nlu.compiled import CompiledTemplate, by_skill, compile_sentences
from ting.nlu.corrections import mandarin_self_corrected, self_corrected
from ting.nlu.examples import Example
from ting.nlu.fallback import FallbackOptions, StatisticalParser
from ting.nlu.fillers import (
    CLAUSE_PENALTY,
    SPLIT_WORDS,
    WILDCARD_EDGES,
    WILDCARD_END_PHRASES,
    WILDCARD_ENDS,
    addressed_elsewhere,
    skip_costs,
)
from ting.nlu.forms import whenever
from ting.nlu.forms_en import wh_question
from ting.nlu.language import detect_language
from ting.nlu.lists import MatchContext
from ting.nlu.matcher import Budget as _Budget
from ting.nlu.matcher import TemplateIndex
from ting.nlu.names import SlotNames
from ting.nlu.normalize import Token, tokenize
from ting.nlu.numbers import with_halves_read
from ting.nlu.phonetic import Homophones
from ting.nlu.placed import inside_out_names, other_orders
from ting.nlu.readings import RoomKinds, heard_something, recognition, with_alternatives
from ting.nlu.registry import Household
from ting.nlu.result import Recognition
from ting.nlu.said_names import NearMisses
from ting.nlu.sentences import SentenceData, SentenceFile, load_sentence_file
from ting.nlu.side_slots import SideSlots
from ting.nlu.template_graph import Terminal

__all__ = ["IntentRecognizer", "registry_lists"]

_LOGGER = logging.getLogger(__name__)

PHONETIC_VISITS = 4000
"""Steps the sound-alike pass may take per sentence (all its clauses together). A match takes tens; a
refusal of a long rambling sentence could take tens of thousands, and the pass is a last resort."""


class IntentRecognizer:
    def __init__(
        self,
        sentences: Iterable[SentenceData],
        household: Household,
        *,
        confidence_threshold: float = 0.5,
        clock: Clock | None = None,
        names: SlotNames | None = None,
        fallback: FallbackOptions | None = None,
    ) -> None:
        """Every template of ``sentences``; the first that does not compile raises ``NluError``.
        ``clock``: the household's (default: Asia/Shanghai, the default ``household.timezone``);
        ``names``: the values of the ``names`` lists (``ting.nlu.names``), shared with their supplier;
        ``fallback``: the statistical second pass for sentences no template reads (None or not
        ``enabled``: none; trained in ``prepare``)."""
        self._household = household
        self.slot_names = names or SlotNames()
        self._threshold = confidence_threshold
        self._clock = clock or HouseholdClock()
        self._indexes: dict[str, TemplateIndex] = {}
        self._intents: set[str] = set()
        self._implied: dict[str, dict[str, Any]] = {}
        self._order = 0
        self._templates: list[CompiledTemplate] = []
        self._examples: list[Example] = []
        self._fallback_options = fallback if fallback is not None and fallback.enabled else None
        self._fallback: tuple[int, StatisticalParser] | None = None
        self._side = (0, SideSlots({}))
        self._skipped: dict[str, str] = {}
        self._builtin = registry_lists(household)
        self._sound_alikes: dict[str, tuple[int, Homophones]] = {}
        self._names = registry_names(self._builtin)
        self._device_domains = {device.id: device.domain for device in household.devices.values()}
        self._kind_domains = kind_domains(household)
        self._inside_out = inside_out_names(
            (alias for alias, _ in self._builtin["device"].entries),
            (alias for alias, _ in self._builtin["area"].entries),
        )
        self._rooms = RoomKinds(
            single_devices(household),
            room_kind_names(household),
            {device.id: device.area for device in household.devices.values() if device.area},
        )
        for data in sentences:
            self._add(compile_sentences(data, self._builtin))
            self._examples.extend(data.examples)
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
        fallback: FallbackOptions | None = None,
    ) -> IntentRecognizer:
        """The skills' sentence files, skill by skill: a skill with a file that does not load or compile
        is left out whole (a warning names the file and the problem; ``skipped`` keeps it)."""
        recognizer = cls(
            (),
            household,
            confidence_threshold=confidence_threshold,
            clock=clock,
            names=names,
            fallback=fallback,
        )
        for skill, skill_files in by_skill(files).items():
            try:
                loaded = [load_sentence_file(file.path, file.lang) for file in skill_files]
                compiled = [
                    template for data in loaded for template in compile_sentences(data, recognizer._builtin)
                ]
            except NluError as error:
                _LOGGER.warning("skill %s left out: its sentences do not compile: %s", skill, error)
                recognizer._skipped[skill] = str(error)
                continue
            recognizer._add(compiled)
            recognizer._examples.extend(example for data in loaded for example in data.examples)
        recognizer._log_size()
        recognizer.prepare()
        return recognizer

    def _add(self, templates: Iterable[CompiledTemplate]) -> None:
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
        statistical: bool = True,
    ) -> Recognition | None:
        """The intent of ``text`` with its slots, or None (no match, or below the confidence threshold).

        ``lang`` None detects the language; a sentence in the other language than ``lang`` (English typed
        on a Chinese device) is tried in that language too. ``area`` is the area of the requesting site.
        ``now`` (aware; default: the clock's now) is taken in the household's zone: times and dates in the
        slots are household wall times. ``statistical`` False: the templates only, never the second pass
        (a judge of speech hypotheses wants to know whether the templates read one).
        """
        if now is not None and now.tzinfo is None:
            raise ValueError("recognize(now=...) needs an aware datetime (household time: clock.local)")
        heard = without_hesitations(standard_forms(with_halves_read(tokenize(text))))
        tokens = more_after_unit(without_vague_like(heard))
        if lang != "zh":  # "make the volume 60, no wait, 55": the value said last
            tokens = self_corrected(tokens)
        tokens = mandarin_self_corrected(tokens)  # 把声音设成三十，不对，二十吧: only Mandarin markers match
        if not tokens or addressed_elsewhere([token.text for token in tokens]):
            return None  # nothing said, or said to another assistant ("Hey Google, ...", 小爱同学，...)
        detected = detect_language(text)
        if (lang or detected) == "zh" and whenever(text):
            return None  # 灯一开，猫就跑到沙发底下: what happens whenever, not a command (ting.nlu.forms)
        accept = None if intent_filter is None else frozenset(intent_filter).__contains__
        moment = self._clock.now() if now is None else now.astimezone(self._clock.zone)
        # A name in the other script ("play 晴天", "播放Yesterday") leaves the sentence's language open.
        other = "en" if detected == "zh" else "zh"
        mixed = detected == "zh" and any(char.isascii() and char.isalpha() for char in text)
        languages = list(dict.fromkeys((lang or detected, detected, *((other,) if mixed else ()))))
        # 帮我set个alarm: 帮我定个闹钟; read first when most of it is Chinese (else "play {song}" would take
        # play一首周杰伦的晴天 whole), last otherwise ("play some music by 周杰伦" is English)
        switched = code_switched(tokens) if languages[0] == "zh" else None
        first = switched is not None and mostly_chinese(tokens)
        found = self._read(text, switched, ["zh"], moment, accept, area) if switched and first else None
        if found is None and languages[0] == "en":  # "the range hood is so loud, turn it off"
            for resolved in with_antecedents(text, tokens):
                found = found or self._read(text, resolved, languages, moment, accept, area)
                found = None if found is None or reads_the_pronoun(found) else found
        if found is None:
            found = self._read(text, tokens, languages, moment, accept, area)
        if found is None and switched is not None and not first:
            found = self._read(text, switched, ["zh"], moment, accept, area)
        if (found is None or found.aside) and "en" in languages:
            # "do you know what the weather will be like", "the lamp on my desk": said in another order; a
            # situation read as said ("too noisy") yields to a command read so ("close the music, too noisy")
            for reordered in other_orders(tokens, self._inside_out):
                again = self._read(text, reordered, languages, moment, accept, area)
                if again is not None and (found is None or not again.aside):
                    found = again
                    break
        if found is not None and detected == "en" and self._fallback is not None and wh_question(text):
            return found if found.intent_name in self._fallback[1].asked("en") else None  # "what if I dim it"
        if found is None and statistical and self._fallback is not None:
            found = self._fallback[1].parse(
                text, switched or tokens, self._context(languages[0], moment), area=area, accept=accept,
                implied=self._implied, rooms=self._rooms,
            )  # fmt: skip
        return found

    def delexicalized(self, tokens: Sequence[str], lang: str, now: datetime) -> list[str] | None:
        """``tokens`` as the second pass sees them (names, numbers, times and dates as placeholders), or
        None without a second pass: what ``tools/nlu_examples.py`` writes into a skill's example file."""
        if self._fallback is None:
            return None
        return self._fallback[1].delexicalized(tokens, self._context(lang, now.astimezone(self._clock.zone)))

    def _context(self, lang: str, moment: datetime) -> MatchContext:
        """What the statistical pass's list matchers need (exact matches, no clause breaks)."""
        return MatchContext(
            now=moment,
            lang=lang,
            split_words=SPLIT_WORDS.get(lang, frozenset()),
            loose_words=WILDCARD_EDGES.get(lang, frozenset()),
            end_words=WILDCARD_ENDS.get(lang, frozenset()),
            end_phrases=WILDCARD_END_PHRASES.get(lang, frozenset()),
            names=self._names.get(lang, frozenset()),
            slot_names=self.slot_names.lists(),
            device_domains=self._device_domains,
            kind_domains=self._kind_domains,
        )

    def _read(
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
            best: tuple[Recognition, tuple[int, int]] | None = None
            for dropped, first, last in parts.runs():
                ceiling = round(1.0 - CLAUSE_PENALTY * dropped, 3)
                if ceiling < self._threshold or (
                    best is not None and not best[0].aside and ceiling < best[0].confidence
                ):
                    break
                join = joins.get(starts[first])
                if join is not None and join.reason:
                    continue  # "because ...", 因为……: the reason, not the command
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
                (first, last), context = best[1], self._context(best[0].lang, moment)
                left = [(starts[at], ends[at]) for at in range(len(starts)) if not first <= at <= last]
                return self._side[1].added(best[0], text, tokens, left, context)
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
                context = MatchContext(
                    now=moment,
                    lang=language,
                    fuzzy=fuzzy,
                    homophones=sounds,
                    breaks=breaks,
                    split_words=SPLIT_WORDS.get(language, frozenset()),
                    loose_words=WILDCARD_EDGES.get(language, frozenset()),
                    end_words=WILDCARD_ENDS.get(language, frozenset()),
                    end_phrases=WILDCARD_END_PHRASES.get(language, frozenset()),
                    names=self._names.get(language, frozenset()),
                    slot_names=self.slot_names.lists(),
                    device_domains=self._device_domains,
                    kind_domains=self._kind_domains,
                )
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

    def prepare(self) -> None:
        """Build what the first refusal would otherwise build (the sound-alike tables, ~100 ms), and
        train the statistical pass on the templates and examples added so far."""
        for language, index in self._indexes.items():
            self._homophones(language, index)
        if self._side[0] != len(self._templates):
            self._side = (len(self._templates), SideSlots.of(self._templates))
        options = self._fallback_options
        trained_on = len(self._templates) + len(self._examples)
        if options is not None and (self._fallback is None or self._fallback[0] != trained_on):
            parser = StatisticalParser.train(
                self._templates, self.slot_names.names(), options, examples=self._examples
            )
            self._fallback = (trained_on, parser)

    def _homophones(self, lang: str, index: TemplateIndex) -> Homophones:
        """Built on first use (the index's vocabulary is complete once every skill is added)."""
        built = self._sound_alikes.get(lang)
        if built is None or built[0] != index.size:
            built = (index.size, Homophones(index.vocabulary, index.names))
            self._sound_alikes[lang] = built
        return built[1]
