"""The device's own NLU: an ``IntentRecognizer`` built from the installed skills' sentences.

The design card has the device publish intents (not queries), so it understands locally with
the same sentence files and household as the server. The server announces its grammar retained
on ``ting/nlu/grammar/<lang>`` (``ting.messages.GrammarAnnouncement``); when that message changes (a new
``version``, or new content when it carries none) the recognizer is rebuilt from the skills installed
here, and its ``vosk`` phrase list and ``jsgf`` grammar become the speech recognizers' constraint for
that language. The announcement's ``names`` (the music library's) are understood at once: they are shared
with the recognizer in use, not compiled into it.

A rebuild is whole only when the files the NLU is built from changed (the skills' sentence and example
files, the household file: ``built_from``). When only the names changed (a library scan; the grammar's other
changes are the server's), the recognizer in use is kept and only its second pass learns the new names
(``IntentRecognizer.with_names_learned``: the same model a whole rebuild trains, in a fraction of its time,
and none at all when the names it says are the same); nothing changed: nothing is built.

The rebuild (seconds on a loaded Pi, and one recognizer for every language) runs on a builder thread of its
own at a lower CPU priority, never on the MQTT message loop: the agent goes on handling messages, and commands
go on with the recognizer they have until the new one is swapped in at once. Updates that arrive while a
rebuild runs are folded into one next rebuild from the newest grammars (never a queue of stale builds: a
scan's Chinese and English announcements cost two builds at most, not one per message); a rebuild that fails
keeps the recognizer in use (one log line). ``building`` and ``wait_settled`` say when it is done.

Limit: skills that exist only on the server (not installed on the device) are understood after
the device has them installed; the grammar message tells the device *when* to rebuild, it does
not (yet) ship the sentence templates themselves.
"""

from __future__ import annotations

import enum
import hashlib
import logging
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass

from ting.clock import HouseholdClock
from ting.device.builder import builder_thread
from ting.device.memory import release_freed_memory
from ting.device.transcript_judge import transcript_confidence, unsure_free_text
from ting.hermes import NluIntent, NluQuery
from ting.messages import GrammarAnnouncement
from ting.nlu import IntentRecognizer, Recognition, detect_language
from ting.nlu.examples import examples_path
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


def built_from(settings: Settings) -> str:
    """A digest of the files ``build_recognizer`` reads (every installed skill's sentence and example files,
    the household file): the same digest, the same NLU but for the names. Raises what reading them raises."""
    digest = hashlib.sha1(repr(sorted(settings.household.sites.items())).encode())
    registry = settings.household.registry_file
    read = [] if registry is None else [registry]
    for file in discover_sentence_files(sentence_folders(settings.skills)):
        read.extend((file.path, examples_path(file.path)))
    for path in read:
        digest.update(f"\0{path}\0".encode())
        if path == registry or path.is_file():  # a missing example file is a skill without examples
            digest.update(path.read_bytes())
    return digest.hexdigest()


class GrammarUpdate(enum.Enum):
    """What a grammar announcement is to the device's NLU."""

    UNCHANGED = "unchanged"
    FIRST = "first"
    """The first for its language: it describes the skills the NLU was built from (no rebuild; its names,
    when they are new, are learned: ``rebuild_later``)."""
    CHANGED = "changed"


@dataclass(frozen=True)
class _Understanding:
    """A recognizer and the household it was built with (swapped together)."""

    recognizer: IntentRecognizer
    household: Household


class DeviceNlu:
    """``builder``: where rebuilds run (default: a low-priority thread of its own)."""

    def __init__(
        self, settings: Settings, recognizer: IntentRecognizer | None = None, builder: Executor | None = None
    ) -> None:
        self._settings = settings
        self._built_from: str | None = None
        """``built_from`` of the recognizer in use (None: not known, its first rebuild is whole)."""
        if recognizer is None:
            self._built_from = built_from(settings)
            recognizer = build_recognizer(settings)[0]
        self._current = _Understanding(recognizer, recognizer.household)
        self._names = recognizer.slot_names
        self._default_lang = settings.household.language
        self._grammar_versions: dict[str, str] = {}
        self._built_versions: dict[str, str] = {}
        """The grammar versions the intent recognizer in use was built from (the first ones: it is theirs)."""
        self._phrases: dict[str, tuple[str, ...]] = {}
        self._jsgf: dict[str, str] = {}
        self._builder = builder
        self._lock = threading.Lock()
        """Guards the rebuild's state below (held briefly: the event loop takes it)."""
        self._requested = 0
        """Bumped by each changed grammar (a rebuild started before the last bump builds again)."""
        self._changed = False
        """A grammar changed since the last rebuild began (else only a first one's names are new, and the
        first grammars describe the files the NLU was built from: its names are learned, nothing is built)."""
        self._running = False
        self._settled = threading.Event()
        self._settled.set()
        self.rebuilds = 0
        """Rebuilds swapped in (whole or names only)."""
        self.whole_rebuilds = 0
        """Of those, the ones built from the files (the others learned new names: ``built_from``)."""

    @property
    def household(self) -> Household:
        """The household understood (its names bias the speech recognizer too)."""
        return self._current.household

    @property
    def building(self) -> bool:
        """A rebuild is under way (or waits for the builder)."""
        return not self._settled.is_set()

    @property
    def up_to_date(self) -> bool:
        """The intent recognizer in use was built from the newest grammar of every language received."""
        with self._lock:
            return self._built_versions == self._grammar_versions

    def wait_settled(self, timeout_seconds: float) -> bool:
        """Block until no rebuild is under way (False: still one after ``timeout_seconds``)."""
        return self._settled.wait(timeout_seconds)

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
        now = self._current  # one recognizer and its household, though a rebuild may swap them meanwhile
        recognition = now.recognizer.recognize(
            text, lang=query.lang, area=now.household.area_for_site(site_id), intent_filter=intent_filter
        )
        if recognition is not None and unsure_free_text(recognition, asr_confidence):
            # free text Whisper was unsure of is mostly its mishearing: "say that again", not a wrong action
            _LOGGER.info("%r: free text heard at confidence %.2f, not acted on", text, asr_confidence)
            return query, None
        return query, recognition

    def confidence(self, text: str, lang: str, *, asr_confidence: float | None = None) -> float:
        """How well the NLU understands ``text`` (0.0: not at all), heard with the recognizer's
        ``asr_confidence`` (None: unknown): the speech recognizers' judge
        (``ting.device.transcript_judge``)."""
        return transcript_confidence(self._current.recognizer, text, lang, asr_confidence=asr_confidence)

    @staticmethod
    def to_intent(query: NluQuery, recognition: Recognition) -> NluIntent:
        return recognition.to_hermes(query)

    def on_grammar(self, grammar: GrammarAnnouncement) -> GrammarUpdate:
        """``take_grammar``, and a rebuild in the background when the grammar changed (speech recognizers
        built from the old one should then be rebuilt too). Does not wait for the rebuild."""
        update = self.take_grammar(grammar)
        if update is not GrammarUpdate.UNCHANGED:
            self.rebuild_later()
        return update

    def take_grammar(self, grammar: GrammarAnnouncement) -> GrammarUpdate:
        """Keep ``grammar``'s phrases, JSGF and names (what the speech recognizers are built from); the
        intent recognizer itself is rebuilt (or learns the names) by ``rebuild_later``: far longer."""
        lang = grammar.lang
        # no version: the content's hash (the same grammar published again changes nothing)
        version = grammar.version or hashlib.sha1(grammar.payload()).hexdigest()
        if self._grammar_versions.get(lang) == version:
            return GrammarUpdate.UNCHANGED
        first = lang not in self._grammar_versions
        # The library's names change while the skills do not: taken from every announcement, first too, and
        # before the version (a rebuild that reads the new version learns these names). The templates read
        # them at once; the second pass learns them in the rebuild.
        new_names = self._names.update({source: values for source, values in grammar.names.items()})
        with self._lock:  # before the grammar's text: whoever sees that sees the NLU not up to date yet
            self._grammar_versions[lang] = version
            if not first:
                self._changed = True
            elif not new_names:
                self._built_versions[lang] = version
        if grammar.vosk:  # an announcement without phrases keeps the ones there are
            self._phrases[lang] = tuple(grammar.vosk)
        if grammar.jsgf is not None:
            self._jsgf[lang] = grammar.jsgf
        if first:
            # The retained copy on connect describes the skills we were just built from: keep the NLU.
            _LOGGER.info("grammar %s (%s) received", lang, version[:8])
            return GrammarUpdate.FIRST
        _LOGGER.info("grammar %s changed to version %s", lang, version[:8])
        return GrammarUpdate.CHANGED

    def rebuild_later(self) -> None:
        """Rebuild the intent recognizer from the newest grammars on the builder (nothing when it is up to
        date); returns at once. When a rebuild is under way, it builds once more when it ends (however many
        updates came meanwhile)."""
        with self._lock:
            if not self._running and self._built_versions == self._grammar_versions:
                return
            self._requested += 1
            if self._running:
                return
            self._running = True
            self._settled.clear()
        if self._builder is None:
            self._builder = builder_thread("nlu-build")
        self._builder.submit(self._rebuild_newest)

    def _rebuild_newest(self) -> None:
        while True:
            with self._lock:
                requested, versions = self._requested, dict(self._grammar_versions)
                changed, self._changed = self._changed, False
            started = time.monotonic()
            try:
                built, how = self._rebuilt(changed)
            except Exception as error:  # a sentence file broken on disk: keep understanding with the old one
                _LOGGER.error("NLU not rebuilt for the new grammar (keeping the old one): %s", error)
                with self._lock:
                    self._changed = self._changed or changed  # the next rebuild checks the files again
            else:
                if built is not None:
                    self._current = built  # one swap: commands take either whole
                    self.rebuilds += 1
                with self._lock:
                    self._built_versions = versions
                seconds = time.monotonic() - started
                grammars = ", ".join(f"{lang} {version[:8]}" for lang, version in sorted(versions.items()))
                done = "unchanged" if built is None else f"rebuilt ({how})"
                _LOGGER.info("NLU %s in %.2f s for the grammars %s", done, seconds, grammars)
            release_freed_memory()  # building leaves tens of MB freed but held by the allocator
            with self._lock:
                if requested == self._requested:
                    self._running = False
                    self._settled.set()
                    return
            # grammars changed while this one was built: once more, from the newest of them

    def _rebuilt(self, changed: bool) -> tuple[_Understanding | None, str]:
        """The NLU for the newest names, and how it was made: built whole when a grammar ``changed`` and the
        files changed (or are not known), else the one in use with its second pass taught the names (None:
        it needs nothing)."""
        files = built_from(self._settings) if changed else self._built_from
        now = self._current
        if files == self._built_from:
            learned = now.recognizer.with_names_learned()
            return (None if learned is now.recognizer else _Understanding(learned, now.household)), "names"
        recognizer, household = build_recognizer(self._settings, self._names)
        self._built_from = files
        self.whole_rebuilds += 1
        return _Understanding(recognizer, household), "whole"
