"""The device's own NLU: an ``IntentRecognizer`` built from the installed skills' sentences.

The design card has the device publish intents (not queries), so it understands locally with
the same sentence files and household as the server. The server announces its grammar retained
on ``ting/nlu/grammar/<lang>`` (``ting.messages.GrammarAnnouncement``); when that message changes (a new
``version``, or new content when it carries none) the recognizer is rebuilt from the skills installed
here, and its ``vosk`` phrase list and ``jsgf`` grammar become the speech recognizers' constraint for
that language.

Limit: skills that exist only on the server (not installed on the device) are understood after
the device has them installed; the grammar message tells the device *when* to rebuild, it does
not (yet) ship the sentence templates themselves.
"""

from __future__ import annotations

import enum
import hashlib
import logging
from collections.abc import Sequence

from ting.clock import HouseholdClock
from ting.hermes import NluIntent, NluQuery
from ting.messages import GrammarAnnouncement
from ting.nlu import IntentRecognizer, Recognition, detect_language
from ting.nlu.fallback import FallbackOptions
from ting.nlu.names import SlotNames
from ting.nlu.registry import Household, load_household
from ting.nlu.sentences import discover_sentence_files
from ting.settings import Settings
from ting.skills.sdk.discovery import sentence_folders

_LOGGER = logging.getLogger(__name__)


def build_recognizer(
    settings: Settings, names: SlotNames | None = None
) -> tuple[IntentRecognizer, Household]:
    """The household and every installed skill's sentences, compiled (a second or so on a Pi).

    Only the sentence files are read: no skill's code is imported on the device. ``names``: the values
    of the sentences' ``names`` lists (the server's music library, from its grammar announcement)."""
    household = load_household(settings.household.registry_file).with_sites(settings.household.sites)
    files = discover_sentence_files(sentence_folders(settings.skills))
    recognizer = IntentRecognizer.from_files(
        files,
        household,
        confidence_threshold=settings.nlu.confidence_threshold,
        clock=HouseholdClock(settings.household.timezone),
        names=names,
        fallback=FallbackOptions.of(settings.nlu),
    )
    return recognizer, household


class GrammarUpdate(enum.Enum):
    """What a grammar announcement is to the device's NLU."""

    UNCHANGED = "unchanged"
    FIRST = "first"
    """The first for its language: it describes the skills the NLU was built from (no rebuild)."""
    CHANGED = "changed"


class DeviceNlu:
    def __init__(self, settings: Settings, recognizer: IntentRecognizer | None = None) -> None:
        self._settings = settings
        if recognizer is None:
            recognizer = build_recognizer(settings)[0]
        self._recognizer = recognizer
        self._names = recognizer.slot_names
        self._household = recognizer.household
        self._default_lang = settings.household.language
        self._grammar_versions: dict[str, str] = {}
        self._phrases: dict[str, tuple[str, ...]] = {}
        self._jsgf: dict[str, str] = {}
        self.rebuilds = 0

    @property
    def household(self) -> Household:
        """The household understood (its names bias the speech recognizer too)."""
        return self._household

    def phrases(self, lang: str) -> Sequence[str] | None:
        """The grammar export's phrases for ``lang`` (recognizer constraint), if the server sent any."""
        return self._phrases.get(lang)

    def jsgf(self, lang: str) -> str | None:
        """The grammar export's JSGF for ``lang`` (PocketSphinx), if the server sent it."""
        return self._jsgf.get(lang)

    def understand(
        self,
        text: str,
        *,
        lang: str | None,
        site_id: str,
        session_id: str,
        wakeword_id: str | None,
        asr_confidence: float | None,
        intent_filter: Sequence[str] | None = None,
    ) -> tuple[NluQuery, Recognition | None]:
        """The query as the server would have received it, and what it means (None: not recognized)."""
        query = NluQuery(
            input=text,
            site_id=site_id,
            session_id=session_id,
            wakeword_id=wakeword_id,
            lang=lang or detect_language(text),
            asr_confidence=asr_confidence,
            intent_filter=list(intent_filter) if intent_filter else None,
        )
        recognition = self._recognizer.recognize(
            text, lang=query.lang, area=self._household.area_for_site(site_id), intent_filter=intent_filter
        )
        return query, recognition

    def confidence(self, text: str, lang: str) -> float:
        """How well the templates understand ``text`` (0.0: not at all): the hybrid recognizer's judge. The
        statistical second pass is left out: it reads many a misheard sentence as something, which would
        make it a judge of nothing."""
        recognition = self._recognizer.recognize(text, lang=lang, statistical=False)
        return recognition.confidence if recognition is not None else 0.0

    @staticmethod
    def to_intent(query: NluQuery, recognition: Recognition) -> NluIntent:
        return recognition.to_hermes(query)

    def on_grammar(self, grammar: GrammarAnnouncement) -> bool:
        """True when the grammar changed (speech recognizers built from the old one should then be
        rebuilt). Blocks while the recognizer is rebuilt (a second or so): call it off the event loop."""
        update = self.take_grammar(grammar)
        if update is GrammarUpdate.CHANGED:
            self.rebuild(grammar.lang)
        return update is not GrammarUpdate.UNCHANGED

    def take_grammar(self, grammar: GrammarAnnouncement) -> GrammarUpdate:
        """Keep ``grammar``'s phrases, JSGF and names (what the speech recognizers are built from); the
        intent recognizer itself is rebuilt by ``rebuild`` (when ``CHANGED``), which takes far longer."""
        lang = grammar.lang
        # no version: the content's hash (the same grammar published again changes nothing)
        version = grammar.version or hashlib.sha1(grammar.payload()).hexdigest()
        if self._grammar_versions.get(lang) == version:
            return GrammarUpdate.UNCHANGED
        if grammar.vosk:  # an announcement without phrases keeps the ones there are
            self._phrases[lang] = tuple(grammar.vosk)
        if grammar.jsgf is not None:
            self._jsgf[lang] = grammar.jsgf
        # The library's names change while the skills do not: taken from every announcement, first too.
        self._names.update({source: values for source, values in grammar.names.items()})
        first = lang not in self._grammar_versions
        self._grammar_versions[lang] = version
        if first:
            # The retained copy on connect describes the skills we were just built from: keep the NLU.
            _LOGGER.info("grammar %s (%s) received", lang, version[:8])
            return GrammarUpdate.FIRST
        return GrammarUpdate.CHANGED

    def rebuild(self, lang: str) -> None:
        """The intent recognizer built anew for ``lang``'s changed grammar (a second or so on a Pi)."""
        self._recognizer, self._household = build_recognizer(self._settings, self._names)
        self.rebuilds += 1
        version = self._grammar_versions[lang]
        _LOGGER.info("grammar %s changed to version %s: recognizer rebuilt", lang, version)
