"""PocketSphinx with its bundled US-English model: open vocabulary, or a JSGF grammar."""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Sequence
from typing import Any

from pocketsphinx import Decoder

from device.interfaces import SAMPLE_RATE_HZ, SAMPLE_WIDTH_BYTES, SpeechStream, Transcript
from device.stt.grammar import known_phrases, phrases_to_jsgf
from device.stt.stream import BufferedStream
from ting.errors import SpeechModelError

_LOGGER = logging.getLogger(__name__)
_OPEN = "_default"


class PocketSphinxRecognizer:
    """English only. ``jsgf`` (e.g. from the NLU grammar export) or ``phrases`` constrain every call
    that gives no ``phrases`` of its own; without them, recognition is open vocabulary (slower, and
    much less accurate).
    """

    lang = "en"
    engine = "pocketsphinx"

    def __init__(self, *, jsgf: str | None = None, phrases: Sequence[str] | None = None) -> None:
        try:
            self._decoder = Decoder(loglevel="ERROR")
        except (RuntimeError, ValueError) as error:
            raise SpeechModelError(f"cannot load the PocketSphinx English model: {error}") from None
        self._lock = threading.Lock()
        self._searches: dict[str, str] = {}
        self._warm = False
        self._default = _OPEN
        if jsgf:
            self._default = self._add_jsgf(jsgf)
        elif phrases:
            self._default = self._phrase_search(phrases)

    def stream(self) -> SpeechStream:
        return BufferedStream(self.transcribe)

    def transcribe(self, pcm: bytes, *, phrases: Sequence[str] | None = None) -> Transcript:
        with self._lock:
            search = self._default if phrases is None else self._phrase_search(phrases)
            self._decoder.activate_search(search)
            if not self._warm:
                # A fresh decoder's first utterance often ends off the grammar (a bare "what" for
                # "what time is it"); from the second on it does not. So the first is decoded twice.
                self._decode(pcm)
                self._warm = True
            hyp = self._decode(pcm)
        text = hyp.hypstr.strip() if hyp is not None else ""
        confidence = min(1.0, max(0.0, float(hyp.prob))) if hyp is not None and text else 0.0
        seconds = len(pcm) / (SAMPLE_RATE_HZ * SAMPLE_WIDTH_BYTES)
        return Transcript(text=text, confidence=confidence, seconds=seconds, engine=self.engine)

    def _decode(self, pcm: bytes) -> Any:
        self._decoder.start_utt()
        self._decoder.process_raw(pcm, no_search=False, full_utt=True)
        self._decoder.end_utt()
        return self._decoder.hyp()

    def _phrase_search(self, phrases: Sequence[str]) -> str:
        key = "\n".join(phrases)
        if key not in self._searches:
            kept, unknown = known_phrases(phrases, lambda w: self._decoder.lookup_word(w) is not None)
            if unknown:
                _LOGGER.info("PocketSphinx has no pronunciation for %s: those phrases are left out", unknown)
            self._searches[key] = self._add_jsgf(phrases_to_jsgf(kept)) if kept else _OPEN
        return self._searches[key]

    def _add_jsgf(self, jsgf: str) -> str:
        name = "g" + hashlib.sha1(jsgf.encode()).hexdigest()[:12]
        try:
            self._decoder.add_jsgf_string(name, jsgf)
        except (RuntimeError, ValueError) as error:
            raise SpeechModelError(f"PocketSphinx rejected the grammar: {error}") from None
        return name
