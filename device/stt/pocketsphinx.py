"""PocketSphinx with its bundled US-English model: open vocabulary, or a grammar (JSGF or phrases).

Grammars are searched as minimal deterministic word automata (``ting.device.stt.fsg``): PocketSphinx's
own JSGF compilation of the skills' grammar has ~10x more states and arcs for the same sentences,
and its FSG search time grows with them.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from pocketsphinx import Decoder

from ting.device.interfaces import SpeechStream, Transcript
from ting.device.stt.dictionary import (
    CMU_DICTIONARY,
    OPEN_VOCABULARY_LM,
    Pronunciations,
    entries,
    write_dictionary,
)
from ting.device.stt.fsg import WordDfa, fsg_transitions, minimal_dfa, parse_fsg, phrases_nfa
from ting.device.stt.grammar import known_phrases, normalize_phrase
from ting.device.stt.pocketsphinx_utterance import MEASURE_SEARCH, Utterance, transcript_of
from ting.errors import SpeechModelError

_LOGGER = logging.getLogger(__name__)
_OPEN = "_default"
_WIDE = "~wide"
_BEAMS = ("beam", "wbeam", "pbeam")
_WAIT_FOR_STREAM_SECONDS = 10.0
"""How long ``transcribe`` waits for an open stream to finish before taking the decoder over."""


@dataclass(frozen=True)
class DecoderTuning:
    """PocketSphinx settings that differ from its defaults, each measured with bench/stt_commands.py
    (84 noisy commands, the skills' grammar; intent accuracy 73/84 with the defaults -> 80/84) and
    checked on 45 held-out ones (other voices and commands: 38/45 -> 40/45)."""

    dither: bool = True
    """Add ±1 LSB noise: digital silence (zeros) around a command otherwise skews its cepstral mean
    (clean espeak-ng commands: 19/33 -> 26/33 right; no change on noisy ones)."""
    lattice_rescoring: bool = False
    """``bestpath``: the lattice search after the FSG search. Off: +2 commands right, and ``finish()``
    after the end of speech drops from ~40 ms to ~5 ms; but no lattice, no posterior: the confidence
    is 1.0 for every transcript (it was an uncalibrated 0.01-0.5 before)."""
    phone_insertion_probability: float = 0.5
    """``pip`` (default 1.0): a penalty on each phone entered; fewer short spurious words (+2)."""
    top_gaussians: int = 8
    """``topn`` (default 4): Gaussians scored per senone; +3 commands right for ~10 % more CPU."""
    beams: tuple[float, float, float] = (1e-48, 7e-29, 1e-48)
    """``beam``, ``wbeam``, ``pbeam``: PocketSphinx's defaults (wider: ~2x CPU for +1 command)."""
    fallback_beams: tuple[float, float, float] | None = (1e-60, 1e-40, 1e-60)
    """The ``beams`` of a second search of each grammar, run over a command again only when the first
    ends off the grammar (no transcript): 2 of 84 commands recovered (79 -> 81/84), for one wider decode
    (~0.1 s, in ``finish()``) of those commands alone. ``None``: no second search."""


class PocketSphinxRecognizer:
    """English only. ``jsgf`` (e.g. from the NLU grammar export) or ``phrases`` constrain every call
    that gives no ``phrases`` of its own, and every ``stream()``; without them, recognition is open
    vocabulary (slower, and much less accurate). Words missing from the dictionary are left out of
    the grammar (with a log line); a grammar PocketSphinx cannot read raises ``SpeechModelError``.
    """

    lang = "en"
    engine = "pocketsphinx"

    def __init__(
        self,
        *,
        jsgf: str | None = None,
        phrases: Sequence[str] | None = None,
        tuning: DecoderTuning = DecoderTuning(),
    ) -> None:
        self._pronunciations = Pronunciations()
        self._wide = tuning.fallback_beams
        self._open_loaded = False
        try:
            self._decoder = self._new_decoder(tuning)
        except (RuntimeError, ValueError, OSError) as error:
            raise SpeechModelError(f"cannot load the PocketSphinx English model: {error}") from None
        self._turn = threading.Condition()
        self._owner: PocketSphinxStream | None = None
        """The stream holding the decoder, if any."""
        self._searches: dict[str, str] = {}
        self._fallbacks: dict[str, str] = {}
        """search -> the same grammar with wider beams (``DecoderTuning.fallback_beams``)"""
        self._add_fsg(MEASURE_SEARCH, minimal_dfa(phrases_nfa([["a"]])))
        self._default = _OPEN
        if jsgf:
            self._default = self._jsgf_search(jsgf)
        elif phrases:
            self._default = self._phrase_search(phrases)
        if self._default == _OPEN:
            self._load_open_vocabulary()

    def _new_decoder(self, tuning: DecoderTuning) -> Decoder:
        """A decoder with no language model and only the word ``a`` (for ``MEASURE_SEARCH``): grammars add
        the words they use (``_add_words``), open vocabulary loads the rest (``_load_open_vocabulary``)."""
        descriptor, path = tempfile.mkstemp(suffix=".dict")
        os.close(descriptor)
        try:
            write_dictionary(path, self._pronunciations.lookup(["a"]))
            return Decoder(
                loglevel="FATAL",  # "final result does not match the grammar": an empty transcript, handled
                lm=None,
                dict=path,
                dither=tuning.dither,
                bestpath=tuning.lattice_rescoring,
                pip=tuning.phone_insertion_probability,
                topn=tuning.top_gaussians,
                **dict(zip(_BEAMS, tuning.beams, strict=True)),
            )
        finally:
            os.unlink(path)

    def _add_words(self, words: set[str]) -> None:
        """Pronunciations for the ``words`` the decoder does not have yet, from the CMU dictionary."""
        new = {word for word in words if self._decoder.lookup_word(word) is None}
        pairs = entries(self._pronunciations.lookup(new)) if new else []
        with self._turn:
            for number, (word, phones) in enumerate(pairs, start=1):
                try:
                    self._decoder.add_word(word, phones, number == len(pairs))
                except (RuntimeError, ValueError) as error:
                    _LOGGER.info("PocketSphinx cannot use the pronunciation of %r: %s", word, error)

    def _load_open_vocabulary(self) -> None:
        """The whole dictionary and the language model (~70 MB): only when a search needs them."""
        if self._open_loaded:
            return
        with self._turn:
            try:
                self._decoder.load_dict(str(CMU_DICTIONARY))
                self._decoder.add_lm_file(_OPEN, str(OPEN_VOCABULARY_LM))
            except (RuntimeError, ValueError, OSError) as error:
                raise SpeechModelError(
                    f"cannot load PocketSphinx's English language model: {error}"
                ) from None
            self._open_loaded = True

    def stream(self) -> SpeechStream:
        return PocketSphinxStream(self)

    def transcribe(self, pcm: bytes, *, phrases: Sequence[str] | None = None) -> Transcript:
        with self._turn:
            if not self._turn.wait_for(lambda: self._owner is None, _WAIT_FOR_STREAM_SECONDS):
                _LOGGER.warning("a speech stream was left open; its command is dropped")
                self._release()
            search = self._default if phrases is None else self._phrase_search(phrases)
            utterance = Utterance(self._decoder, search, self._fallbacks.get(search))
            utterance.feed(pcm)
            return utterance.finish()

    def _release(self) -> None:
        """The stream holding the decoder lets go of it (``self._turn`` held)."""
        if self._owner is not None:
            self._owner.utterance.cancel()
            self._owner = None
            self._turn.notify_all()

    # Grammars, each added once (by content):

    def _phrase_search(self, phrases: Sequence[str]) -> str:
        key = "p" + _digest("\n".join(phrases))
        if key not in self._searches:
            self._add_words({word for phrase in phrases for word in normalize_phrase(phrase).split()})
            kept, unknown = known_phrases(phrases, self._knows)
            if unknown:
                _LOGGER.info("PocketSphinx has no pronunciation for %s: those phrases are left out", unknown)
            dfa = minimal_dfa(phrases_nfa(phrase.split() for phrase in kept))
            if not dfa.accepting:
                self._load_open_vocabulary()
            self._searches[key] = self._add_fsg(key, dfa) if dfa.accepting else _OPEN
        return self._searches[key]

    def _jsgf_search(self, jsgf: str) -> str:
        key = "j" + _digest(jsgf)
        if key not in self._searches:
            unknown: set[str] = set()

            def keep(word: str) -> bool:
                if not self._knows(word):
                    unknown.add(word)
                    return False
                return True

            nfa = parse_fsg(self._compile_jsgf(jsgf))
            self._add_words({word for arcs in nfa.words.values() for word, _ in arcs})
            dfa = minimal_dfa(nfa, keep)
            if unknown:
                _LOGGER.info("PocketSphinx has no pronunciation for %s: left out of the grammar", unknown)
            if not dfa.accepting:
                raise SpeechModelError("the grammar has no sentence PocketSphinx can say (unknown words)")
            _LOGGER.info("grammar: %d states, %d word arcs", dfa.n_states, dfa.n_arcs)
            self._searches[key] = self._add_fsg(key, dfa)
        return self._searches[key]

    def _compile_jsgf(self, jsgf: str) -> str:
        """PocketSphinx's FSG (text) for ``jsgf``: its JSGF compiler, only reachable through a file."""
        try:
            model = self._decoder.parse_jsgf(jsgf.encode())
        except (RuntimeError, ValueError) as error:
            raise SpeechModelError(f"PocketSphinx rejected the grammar: {error}") from None
        descriptor, path = tempfile.mkstemp(suffix=".fsg")
        os.close(descriptor)
        try:
            model.writefile(path)
            with open(path, encoding="utf-8") as file:
                return file.read()
        finally:
            os.unlink(path)

    def _add_fsg(self, name: str, dfa: WordDfa) -> str:
        """The search ``name``, and its fallback: a search takes its beams from the decoder's settings
        when it is added, so they are widened for that moment."""
        start, final, transitions = fsg_transitions(dfa)
        config = self._decoder.config
        with self._turn:
            try:
                model = self._decoder.create_fsg(name, start, final, transitions)
                self._decoder.add_fsg(name, model)
                if self._wide is not None and name != MEASURE_SEARCH:
                    default = [config[key] for key in _BEAMS]
                    try:
                        for key, value in zip(_BEAMS, self._wide, strict=True):
                            config[key] = value
                        self._decoder.add_fsg(name + _WIDE, model)
                    finally:
                        for key, value in zip(_BEAMS, default, strict=True):
                            config[key] = value
                    self._fallbacks[name] = name + _WIDE
            except (RuntimeError, ValueError) as error:
                raise SpeechModelError(f"PocketSphinx rejected the grammar: {error}") from None
        return name

    def _knows(self, word: str) -> bool:
        return self._decoder.lookup_word(word) is not None


class PocketSphinxStream:
    """A command decoded as it is fed, with the recognizer's default grammar, so ``finish()`` is left
    with only the end of the search. It holds the decoder from the first ``feed`` to ``finish`` or
    ``cancel``; the recognizer's ``transcribe`` waits for it (at most ``_WAIT_FOR_STREAM_SECONDS``),
    and a newer stream takes the decoder over."""

    def __init__(self, recognizer: PocketSphinxRecognizer) -> None:
        self._recognizer = recognizer
        search = recognizer._default
        self.utterance = Utterance(recognizer._decoder, search, recognizer._fallbacks.get(search))
        self._done = False

    def feed(self, pcm: bytes) -> None:
        owner = self._recognizer
        with owner._turn:
            if owner._owner is not self:
                if self._done or self.utterance.n_bytes:
                    return  # finished, or taken over: finish() says nothing was heard
                if owner._owner is not None:
                    _LOGGER.warning("a new speech stream replaces one left open")
                    owner._release()
                owner._owner = self
            try:
                self.utterance.feed(pcm)
            except SpeechModelError:
                self._done, owner._owner = True, None  # the decoder is free for the next command
                owner._turn.notify_all()
                raise

    def finish(self) -> Transcript:
        owner = self._recognizer
        with owner._turn:
            self._done = True
            if owner._owner is not self:
                return transcript_of(None, self.utterance.n_bytes)
            owner._owner = None
            owner._turn.notify_all()
            return self.utterance.finish()

    def cancel(self) -> None:
        with self._recognizer._turn:
            self._done = True
            if self._recognizer._owner is self:
                self._recognizer._release()


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:12]
