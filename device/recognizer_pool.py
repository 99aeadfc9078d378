"""The agent's speech recognizers, one per language, built ahead of time and rebuilt when a grammar changes.

A grammar update rebuilds only its own language's recognizer, on a builder thread of its own (at a lower
CPU priority where the system allows), never on the recognition worker: commands go on with the old
recognizer while the new one is built (PocketSphinx's English grammar takes seconds on a loaded Pi), and the
new one is swapped in at once when it is ready. The first
grammar from the server is the exception: the recognizer built before it has none, so commands wait for that
build. An update that arrives while its language is being built supersedes that build (its result is
discarded and the newest grammar is built: never a queue of stale builds); a build that fails keeps the old
recognizer.

A command in flight when its grammar changes is finished by the stream it opened, on the grammar it started
with. When that grammar cannot say it (the search ends off the grammar: no transcript), the command's audio is
decoded once more by the recognizer of the newer grammar (``newer``: waiting for its build), as a command
naming what the update added (a song the library's scan just found) is otherwise lost
(``ting.device.recognition``). The next command opens its stream on the newest recognizer ready.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, Future
from concurrent.futures import TimeoutError as FutureTimeout

from ting.device.builder import builder_thread
from ting.device.interfaces import SpeechRecognizer, SpeechStream, Transcript
from ting.device.memory import release_freed_memory

_LOGGER = logging.getLogger(__name__)


class RecognizerPool:
    """``make(lang)`` once per language and grammar. ``get``/``prepare`` block (call them off the event
    loop); ``rebuild``/``drop`` do not. ``builder``: where rebuilds run (default: a low-priority thread)."""

    def __init__(self, make: Callable[[str], SpeechRecognizer], builder: Executor | None = None) -> None:
        self._make = make
        self._builder = builder or builder_thread("stt-build")
        self._built: dict[str, SpeechRecognizer] = {}
        self._generations: dict[str, int] = {}
        """Per language: bumped by each grammar change (a build from an older one is not kept)."""
        self._wanted: set[str] = set()
        """Languages ``prepare`` was asked for: rebuilt on a grammar change even when not built yet."""
        self._rebuilding: dict[str, Future[SpeechRecognizer | None]] = {}
        self._lock = threading.Lock()
        """Guards the dicts above (held briefly: the event loop takes it)."""
        self._build_lock = threading.Lock()
        """One on-demand build at a time (two threads asking for the same language build it once)."""

    def get(self, lang: str) -> SpeechRecognizer:
        """The recognizer for ``lang``; when there is none, the rebuild under way, or one built now."""
        with self._lock:
            ready, pending = self._built.get(lang), self._rebuilding.get(lang)
        if ready is not None:
            return ready
        if pending is not None and (rebuilt := pending.result()) is not None:
            return rebuilt
        with self._build_lock:
            with self._lock:
                ready, generation = self._built.get(lang), self._generations.get(lang, 0)
            if ready is not None:
                return ready
            recognizer = self._make(lang)
            with self._lock:
                if generation == self._generations.get(lang, 0):  # else a grammar changed meanwhile
                    self._built[lang] = recognizer
            return recognizer

    def prepare(self, langs: Iterable[str]) -> None:
        """Build the recognizers of ``langs`` that are not ready; one that cannot be built is logged."""
        langs = list(langs)
        with self._lock:
            self._wanted.update(langs)
        for lang in langs:
            try:
                self.get(lang)
            except Exception as error:
                _LOGGER.warning("no speech recognizer for %s yet: %s", lang, error)
        release_freed_memory()  # building leaves tens of MB freed but held by the allocator

    def ready(self, lang: str) -> bool:
        with self._lock:
            return lang in self._built

    def current(self, lang: str) -> SpeechRecognizer | None:
        """The recognizer a command in ``lang`` would use now (None: none built yet)."""
        with self._lock:
            return self._built.get(lang)

    def newer(self, lang: str, than: SpeechRecognizer, timeout_seconds: float) -> SpeechRecognizer | None:
        """The recognizer of a grammar newer than ``than``'s: the rebuild under way (waited for, at most
        ``timeout_seconds``), or the one built since; None when ``than`` is still the newest."""
        with self._lock:
            ready, pending = self._built.get(lang), self._rebuilding.get(lang)
        if pending is not None:
            try:
                rebuilt = pending.result(timeout_seconds)
            except FutureTimeout:
                _LOGGER.warning("speech recognizer (%s) for the new grammar not built in time", lang)
                rebuilt = None
            with self._lock:
                ready = rebuilt if rebuilt is not None else self._built.get(lang)
        return ready if ready is not None and ready is not than else None

    def building(self, lang: str) -> bool:
        """A rebuild of ``lang`` is under way."""
        with self._lock:
            return lang in self._rebuilding

    def rebuild(self, lang: str, first: bool = False) -> None:
        """``lang``'s grammar changed: build its recognizer anew on the builder, swapped in when ready.
        ``first``: the recognizer so far had no grammar from the server (it decodes with the open vocabulary,
        far worse on commands): it is forgotten at once, and a command waits for the new one."""
        with self._lock:
            self._generations[lang] = self._generations.get(lang, 0) + 1
            if first and lang in self._built:
                del self._built[lang]
                self._wanted.add(lang)
            if lang not in self._built and lang not in self._wanted:
                return  # nothing to replace: the first command builds it from the new grammar
            if lang in self._rebuilding:
                return  # that build is superseded: it builds the newest grammar when it ends
            self._rebuilding[lang] = self._builder.submit(self._rebuild, lang)

    def clear(self) -> None:
        """Forget every recognizer: the next ``get`` builds each anew (builds under way are not kept)."""
        with self._lock:
            for lang in {*self._built, *self._generations, *self._wanted}:
                self._generations[lang] = self._generations.get(lang, 0) + 1
            self._built.clear()

    def drop(self, lang: str) -> None:
        """Forget ``lang``'s recognizer (it failed): the next ``get`` builds a new one."""
        with self._lock:
            self._built.pop(lang, None)

    def _rebuild(self, lang: str) -> SpeechRecognizer | None:
        while True:
            with self._lock:
                generation = self._generations[lang]
            recognizer: SpeechRecognizer | None = None
            failure: Exception | None = None
            try:
                recognizer = self._make(lang)
            except Exception as error:
                failure = error
            with self._lock:
                if generation != self._generations[lang]:
                    continue  # a newer grammar came while this one was built: build that one
                del self._rebuilding[lang]
                if recognizer is not None:
                    self._built[lang] = recognizer
                old = self._built.get(lang)
            if recognizer is None:
                kept = "keeping the old one" if old is not None else "none yet"
                _LOGGER.error(
                    "speech recognizer (%s) not rebuilt for the new grammar (%s): %s", lang, kept, failure
                )
            else:
                _LOGGER.info("speech recognizer (%s) rebuilt for the new grammar", lang)
            release_freed_memory()
            return recognizer


class PooledRecognizer:
    """``SpeechRecognizer`` for ``lang`` that takes the pool's current recognizer at each call."""

    def __init__(self, pool: RecognizerPool, lang: str) -> None:
        self.pool = pool
        self.lang = lang

    def transcribe(self, pcm: bytes, *, phrases: Sequence[str] | None = None) -> Transcript:
        return self.pool.get(self.lang).transcribe(pcm, phrases=phrases)

    def stream(self) -> SpeechStream:
        return self.pool.get(self.lang).stream()
