"""Vosk (Kaldi) with a model directory: grammar mode from a phrase list, open vocabulary as the fallback;
commands decoded as they are fed (``VoskStream``)."""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import vosk

from ting.device.interfaces import SAMPLE_RATE_HZ, SAMPLE_WIDTH_BYTES, SpeechStream, Transcript
from ting.device.stt.grammar import UNKNOWN, normalize_phrase
from ting.errors import SpeechModelError

_MODELS: dict[Path, Any] = {}
vosk.SetLogLevel(-1)


def load_model(model_dir: Path, download_hint: str = "") -> Any:
    """A ``vosk.Model`` (one per directory, shared by the wake word and the recognizer);
    ``SpeechModelError`` naming the directory when it is missing or broken."""
    resolved = model_dir.resolve()
    if resolved not in _MODELS:
        _MODELS[resolved] = _load(model_dir, download_hint)
    return _MODELS[resolved]


def _load(model_dir: Path, download_hint: str) -> Any:
    hint = f" (get one with `ting models download {download_hint}`)" if download_hint else ""
    if not model_dir.is_dir():
        raise SpeechModelError(f"Vosk model directory {model_dir} does not exist{hint}")
    if not (model_dir / "am" / "final.mdl").is_file() and not (model_dir / "final.mdl").is_file():
        raise SpeechModelError(f"{model_dir} is not a Vosk model (no am/final.mdl){hint}")
    try:
        return vosk.Model(str(model_dir))
    except Exception as error:  # vosk raises a bare Exception("Failed to create a model")
        raise SpeechModelError(f"Vosk could not load the model in {model_dir}: {error}") from None


def vosk_grammar(phrases: Sequence[str]) -> list[str]:
    """Normalized phrases, then ``[unk]`` so speech outside them is not forced onto a phrase."""
    return [*dict.fromkeys(normalize_phrase(p) for p in phrases if p != UNKNOWN), UNKNOWN]


def vosk_grammar_json(grammar: list[str]) -> str:
    """The grammar as Vosk reads it: UTF-8 words, not ``\\uXXXX`` escapes (Vosk does not decode those
    and would drop every Chinese or Korean word of the grammar as "missing in vocabulary")."""
    return json.dumps(grammar, ensure_ascii=False)


class VoskRecognizer:
    """``phrases`` (per call, or the default given here) constrain recognition; a result that is
    ``[unk]``, empty, or below ``min_confidence`` is decoded again with the open vocabulary
    (unless ``fallback=False``). ``transcribe`` is a stream fed once.
    """

    engine = "vosk"

    def __init__(
        self,
        model: Any,
        lang: str,
        *,
        phrases: Sequence[str] | None = None,
        min_confidence: float = 0.5,
        fallback: bool = True,
    ) -> None:
        self.model = model
        self.lang = lang
        self.phrases = phrases
        self.min_confidence = min_confidence
        self.fallback = fallback
        self._lock = threading.Lock()

    def stream(self) -> SpeechStream:
        return VoskStream(self, self.phrases)

    def transcribe(self, pcm: bytes, *, phrases: Sequence[str] | None = None) -> Transcript:
        stream = VoskStream(self, self.phrases if phrases is None else phrases)
        stream.feed(pcm)
        return stream.finish()

    def kaldi(self, grammar: list[str] | None) -> Any:
        """A fresh ``KaldiRecognizer``: with ``grammar`` (a JSON word list), or the open vocabulary."""
        with self._lock:
            if grammar is None:
                recognizer = vosk.KaldiRecognizer(self.model, SAMPLE_RATE_HZ)
            else:
                recognizer = vosk.KaldiRecognizer(self.model, SAMPLE_RATE_HZ, vosk_grammar_json(grammar))
        recognizer.SetWords(True)
        return recognizer

    def decode(self, pcm: bytes, grammar: list[str] | None) -> list[dict[str, Any]]:
        """Results of ``pcm`` decoded in one piece."""
        recognizer = self.kaldi(grammar)
        results = [json.loads(recognizer.Result())] if recognizer.AcceptWaveform(pcm) else []
        return [*results, json.loads(recognizer.FinalResult())]

    def reading(self, results: list[dict[str, Any]]) -> tuple[str, float]:
        """The text of Vosk's results (segments joined) and its mean word confidence."""
        words = [word for result in results for word in result.get("result") or []]
        confidence = sum(float(w.get("conf", 0.0)) for w in words) / len(words) if words else 0.0
        text = " ".join(t for result in results if (t := str(result.get("text", "")).strip()))
        return (text.replace(" ", "") if self.lang == "zh" else text), confidence


class VoskStream:
    """A command decoded as it is fed (``AcceptWaveform`` per piece, ``FinalResult`` at the end). The
    audio is kept for the two cases that decode it again in one piece: Vosk's own endpointing split the
    command at a pause (a grammar matches whole phrases only), and the open-vocabulary fallback."""

    def __init__(self, owner: VoskRecognizer, phrases: Sequence[str] | None) -> None:
        self._owner = owner
        self._grammar = vosk_grammar(phrases) if phrases else None
        self._recognizer: Any = owner.kaldi(self._grammar)
        self._pieces: list[bytes] = []
        self._results: list[dict[str, Any]] = []

    def feed(self, pcm: bytes) -> None:
        self._pieces.append(pcm)
        if self._recognizer.AcceptWaveform(pcm):
            self._results.append(json.loads(self._recognizer.Result()))

    def finish(self) -> Transcript:
        owner = self._owner
        results = [*self._results, json.loads(self._recognizer.FinalResult())]
        pcm, self._pieces, self._results = b"".join(self._pieces), [], []
        seconds = len(pcm) / (SAMPLE_RATE_HZ * SAMPLE_WIDTH_BYTES)
        if self._grammar is not None and sum(bool(r.get("text")) for r in results) > 1:
            results = owner.decode(pcm, self._grammar)
        text, confidence = owner.reading(results)
        if self._grammar is not None:
            good = text and UNKNOWN not in text and confidence >= owner.min_confidence
            if good or not owner.fallback:
                return Transcript(text, confidence, seconds, owner.engine)
            text, confidence = owner.reading(owner.decode(pcm, None))
        return Transcript(text, confidence, seconds, owner.engine)

    def cancel(self) -> None:
        self._pieces, self._results = [], []
