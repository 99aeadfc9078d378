"""One command through a PocketSphinx decoder: the cepstral mean measured first, the search, a
wider second search where the first ends off the grammar."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from pocketsphinx import Decoder

from ting.device.interfaces import SAMPLE_RATE_HZ, SAMPLE_WIDTH_BYTES, Transcript
from ting.errors import SpeechModelError

_LOGGER = logging.getLogger(__name__)
_CMN_PREFIX_BYTES = 48_000
"""The first 1.5 s of a command: its cepstral mean normalizes all of it (see ``Utterance``)."""
_N_CEPSTRA = 13
MEASURE_SEARCH = "_measure"
"""A one-word search the recognizer adds: running audio through it measures its mean at ~no cost."""


class Utterance:
    """One command through the decoder; the caller holds the recognizer's lock.

    Cepstral mean normalization: given a whole utterance at once, PocketSphinx normalizes with the
    mean of all of it; given audio as it arrives, with the mean of earlier utterances, and accuracy
    on the skills' grammar dropped from 69/84 to 58/84 (bench/stt_commands.py). So the first
    ``_CMN_PREFIX_BYTES`` are held back, their mean measured (a pass with a one-word search, so
    next to no cost), and the search starts from there with that mean. ``transcribe`` goes the
    same way, so a stream and a whole-utterance call give the same transcript, and no utterance
    depends on the one before. The audio is kept: a search that ends off the grammar is run again
    over all of it with the ``fallback`` search (same grammar, wider beams), with the same mean.
    """

    def __init__(self, decoder: Decoder, search: str, fallback: str | None = None) -> None:
        self._decoder = decoder
        self._search = search
        self._fallback = fallback
        self._audio = bytearray()
        self._mean = ""
        self._decoding = False

    @property
    def n_bytes(self) -> int:
        return len(self._audio)

    def feed(self, pcm: bytes) -> None:
        if not pcm:  # process_raw raises IndexError on no audio
            return
        self._audio += pcm
        if self._decoding:
            self._call("decode the audio", self._decoder.process_raw, pcm, False, False)
        elif len(self._audio) >= _CMN_PREFIX_BYTES:
            self._start()

    def finish(self) -> Transcript:
        if not self._decoding:
            if not self._audio:
                return transcript_of(None, 0)
            self._start()
        hyp = self._end()
        if self._fallback is not None and (hyp is None or not hyp.hypstr.strip()):
            _LOGGER.debug("the search ended off the grammar: decoding again with wider beams")
            self._begin(self._fallback, bytes(self._audio))
            hyp = self._end()
        return transcript_of(hyp, self.n_bytes)

    def cancel(self) -> None:
        if self._decoding:
            self._end()

    def _end(self) -> Any:
        self._decoding = False
        self._call("end the utterance", self._decoder.end_utt)
        return self._decoder.hyp()

    def _start(self) -> None:
        self._mean = self._mean_of(bytes(self._audio[:_CMN_PREFIX_BYTES]))
        self._begin(self._search, bytes(self._audio))

    def _begin(self, search: str, pcm: bytes) -> None:
        """Start ``search`` from the command's cepstral mean and decode ``pcm``."""
        decoder = self._decoder
        self._call("reset the features", decoder.reinit_feat)  # no state from earlier utterances
        decoder.set_cmn(self._mean)
        self._call("start decoding", decoder.activate_search, search)
        self._call("start decoding", decoder.start_utt)
        self._decoding = True
        self._call("decode the audio", decoder.process_raw, pcm, False, False)

    def _mean_of(self, pcm: bytes) -> str:
        """The cepstral mean of ``pcm`` (as ``Decoder.set_cmn`` takes it). PocketSphinx only reports
        its running mean, which blends the audio's mean ``m`` into the one before, ``p``:
        ``a * m + (1 - a) * p``, with ``a`` set by the number of frames. Measured from ``p = 0``
        and ``p = 100``: ``a * m`` and ``a * m + (1 - a) * 100``, so both ``a`` and ``m``."""
        blended = [self._running_mean(pcm, start) for start in (0.0, 100.0)]
        weight = 1.0 - (blended[1][0] - blended[0][0]) / 100.0
        if weight <= 0.01:  # a few frames at most: nothing to measure
            return ",".join(f"{x:g}" for x in blended[0])
        return ",".join(f"{x / weight:g}" for x in blended[0])

    def _running_mean(self, pcm: bytes, start: float) -> list[float]:
        decoder = self._decoder
        self._call("start decoding", decoder.activate_search, MEASURE_SEARCH)  # a one-word search: ~no cost
        self._call("reset the features", decoder.reinit_feat)
        decoder.set_cmn(",".join([f"{start:g}"] * _N_CEPSTRA))
        self._call("start decoding", decoder.start_utt)
        self._call("measure the audio", decoder.process_raw, pcm, True, False)
        mean = decoder.get_cmn(True)
        self._call("start decoding", decoder.end_utt)
        return [float(x) for x in mean.split(",")]

    @staticmethod
    def _call(what: str, function: Callable[..., Any], *args: Any) -> Any:
        try:
            return function(*args)
        except RuntimeError as error:
            raise SpeechModelError(f"PocketSphinx could not {what}: {error}") from None


def transcript_of(hyp: Any, n_bytes: int) -> Transcript:
    text = hyp.hypstr.strip() if hyp is not None else ""
    if not text and n_bytes:
        _LOGGER.debug("no transcript for %d bytes of audio (search ended off the grammar)", n_bytes)
    confidence = min(1.0, max(0.0, float(hyp.prob))) if hyp is not None and text else 0.0
    seconds = n_bytes / (SAMPLE_RATE_HZ * SAMPLE_WIDTH_BYTES)
    return Transcript(text=text, confidence=confidence, seconds=seconds, engine="pocketsphinx")
