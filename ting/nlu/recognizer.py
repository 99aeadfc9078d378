"""``IntentRecognizer``: sentence files + household -> text to ``Recognition``.

Built once (templates expanded and merged into one prefix tree per language: ``ting.nlu.template_pass``);
after that ``recognize`` is pure, synchronous and does no I/O. It decides what to read (the words as heard,
self-corrections and pronouns resolved, code-switched or reordered), in which languages, and hands what no
template reads to the statistical second pass (``ting.nlu.fallback``). ``from_files`` builds it skill by
skill: one skill's broken sentence file (bad YAML, a template that does not parse, an unknown list or rule)
leaves that skill out, not every skill.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Hashable, Iterable, Mapping, Sequence
from datetime import datetime

from ting.clock import Clock, HouseholdClock
from ting.errors import NluError
from ting.nlu.antecedents import reads_the_pronoun, with_antecedents
from ting.nlu.builtin_lists import registry_lists
from ting.nlu.codeswitch import code_switched, mostly_chinese
from ting.nlu.colloquial import more_after_unit, standard_forms, without_hesitations, without_vague_like
from ting.nlu.compiled import by_skill, compile_sentences
from ting.nlu.corrections import mandarin_self_corrected, self_corrected
from ting.nlu.examples import Example
from ting.nlu.fallback import FallbackOptions, StatisticalParser
from ting.nlu.fallback.samples import names_sampled
from ting.nlu.fillers import addressed_elsewhere
from ting.nlu.forgot import forgot
from ting.nlu.forms import whenever
from ting.nlu.forms_en import said_to_family, wh_question
from ting.nlu.language import detect_language
from ting.nlu.names import SlotNames
from ting.nlu.normalize import tokenize
from ting.nlu.numbers import with_halves_read
from ting.nlu.placed import inside_out_names, other_orders
from ting.nlu.registry import Household
from ting.nlu.result import Recognition
from ting.nlu.sentences import SentenceData, SentenceFile, load_sentence_file
from ting.nlu.tags import tag_question
from ting.nlu.template_pass import TemplatePass

__all__ = ["IntentRecognizer", "registry_lists"]

_LOGGER = logging.getLogger(__name__)


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
        self._clock = clock or HouseholdClock()
        self._templates = TemplatePass(household, threshold=confidence_threshold, slot_names=self.slot_names)
        self._examples: list[Example] = []
        self._fallback_options = fallback if fallback is not None and fallback.enabled else None
        self._fallback: tuple[int, Hashable, StatisticalParser] | None = None
        """The second pass: the templates and examples it was trained on (their count), what its training
        said of the names (``names_sampled``: the first of each source), and the parser."""
        self._skipped: dict[str, str] = {}
        self._inside_out = inside_out_names(
            (alias for alias, _ in self._templates.builtin["device"].entries),
            (alias for alias, _ in self._templates.builtin["area"].entries),
        )
        for data in sentences:
            self._templates.add(compile_sentences(data, self._templates.builtin))
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
                    template
                    for data in loaded
                    for template in compile_sentences(data, recognizer._templates.builtin)
                ]
            except NluError as error:
                _LOGGER.warning("skill %s left out: its sentences do not compile: %s", skill, error)
                recognizer._skipped[skill] = str(error)
                continue
            recognizer._templates.add(compiled)
            recognizer._examples.extend(example for data in loaded for example in data.examples)
        recognizer._log_size()
        recognizer.prepare()
        return recognizer

    def _log_size(self) -> None:
        _LOGGER.debug("recognizer: %d intents, %s", len(self._templates.intents), self._templates.sizes)

    @property
    def intents(self) -> frozenset[str]:
        return self._templates.intents

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
        if detected == "en" and said_to_family(text):
            return None  # "Mum, where's the TV remote?": said to her, as "Hey Google, ..." is to Google
        if (lang or detected) == "zh" and whenever(text):
            return None  # 灯一开，猫就跑到沙发底下: what happens whenever, not a command (ting.nlu.forms)
        if (lang or detected) == "zh" and forgot(text):
            return None  # 出门忘了关灯，电费又要涨了: what was forgotten, not a command (ting.nlu.forgot)
        accept = None if intent_filter is None else frozenset(intent_filter).__contains__
        moment = self._clock.now() if now is None else now.astimezone(self._clock.zone)
        # A name in the other script ("play 晴天", "播放Yesterday") leaves the sentence's language open.
        other = "en" if detected == "zh" else "zh"
        mixed = detected == "zh" and any(char.isascii() and char.isalpha() for char in text)
        languages = list(dict.fromkeys((lang or detected, detected, *((other,) if mixed else ()))))
        # 帮我set个alarm: 帮我定个闹钟; read first when most of it is Chinese (else "play {song}" would take
        # play一首周杰伦的晴天 whole), last otherwise ("play some music by 周杰伦" is English)
        switched = code_switched(tokens) if languages[0] == "zh" else None
        read = self._templates.read
        first = switched is not None and mostly_chinese(tokens)
        found = read(text, switched, ["zh"], moment, accept, area) if switched and first else None
        if found is None and languages[0] == "en" and (asked := tag_question(tokens)) is not None:
            found = read(text, asked, languages, moment, accept, area)  # "the tv's on, isn't it?" asks
        if found is None and languages[0] == "en":  # "the range hood is so loud, turn it off"
            for resolved in with_antecedents(text, tokens):
                found = found or read(text, resolved, languages, moment, accept, area)
                found = None if found is None or reads_the_pronoun(found) else found
        if found is None:
            found = read(text, tokens, languages, moment, accept, area)
        if found is None and switched is not None and not first:
            found = read(text, switched, ["zh"], moment, accept, area)
        if (found is None or found.aside) and "en" in languages:
            # "do you know what the weather will be like", "the lamp on my desk": said in another order; a
            # situation read as said ("too noisy") yields to a command read so ("close the music, too noisy")
            for reordered in other_orders(tokens, self._inside_out):
                again = read(text, reordered, languages, moment, accept, area)
                if again is not None and (found is None or not again.aside):
                    found = again
                    break
        second = self._fallback
        if found is not None and detected == "en" and second is not None and wh_question(text):
            return found if found.intent_name in second[2].asked("en") else None  # "what if I dim it"
        if found is None and statistical and second is not None:
            found = second[2].parse(
                text, switched or tokens, self._templates.context(languages[0], moment), area=area,
                accept=accept, implied=self._templates.implied, rooms=self._templates.rooms,
            )  # fmt: skip
        return found

    def delexicalized(self, tokens: Sequence[str], lang: str, now: datetime) -> list[str] | None:
        """``tokens`` as the second pass sees them (names, numbers, times and dates as placeholders), or
        None without a second pass: what ``tools/nlu_examples.py`` writes into a skill's example file."""
        if self._fallback is None:
            return None
        return self._fallback[2].delexicalized(
            tokens, self._templates.context(lang, now.astimezone(self._clock.zone))
        )

    def near_miss_spans(self, texts: Sequence[str]) -> list[tuple[int, int]]:
        """Token spans ``[start, end)`` of ``texts`` that say some registry name almost right."""
        return self._templates.near_miss_spans(texts)

    def prepare(self) -> None:
        """Build what the first refusal would otherwise build (the sound-alike tables, ~100 ms), and
        train the statistical pass on the templates and examples added so far."""
        self._templates.prepare()
        trained_on = len(self._templates.templates) + len(self._examples)
        options = self._fallback_options
        if options is not None and (self._fallback is None or self._fallback[0] != trained_on):
            self._fallback = self._trained(options, trained_on)

    def with_names_learned(self) -> IntentRecognizer:
        """This recognizer with its second pass trained on the names ``slot_names`` holds now: itself when
        that changes nothing (no second pass, or the names its training says are the same), else a copy
        sharing all the rest. Only the second pass depends on the names: its training walks say the first
        names of each source (``fallback.samples``) and draw from one seeded random stream, so a changed
        name changes every template's walks after it: they are walked again, what the templates and
        examples alone give is kept (``fallback.training``). The templates, the household's tables and the
        sound-alikes hold no names: the names lists read ``slot_names`` at each match, and
        ``SlotNames.set`` made their tables when the names came. The result is what ``from_files`` with
        these names builds."""
        names = self.slot_names.names()  # one snapshot: replaced whole (never changed in place) by ``set``
        said = names_sampled(names)
        if self._fallback is None or self._fallback[1] == said:
            return self
        learned = copy.copy(self)  # shallow: the template pass, household and examples are shared, unchanged
        learned._fallback = (self._fallback[0], said, self._fallback[2].with_names(names))
        return learned

    def _trained(self, options: FallbackOptions, trained_on: int) -> tuple[int, Hashable, StatisticalParser]:
        names = self.slot_names.names()
        parser = StatisticalParser.train(self._templates.templates, names, options, examples=self._examples)
        return trained_on, names_sampled(names), parser
