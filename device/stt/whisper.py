"""faster-whisper (CTranslate2, int8 on the CPU): open-vocabulary recognition that hears people, in English
and Mandarin, biased to the household by a bounded initial prompt.

The language is forced (the recognizer's own: the site's, or the wake word's that was heard), never detected:
detection costs a pass and picks Japanese or Cantonese for short Mandarin commands. Decoding is greedy at
temperature 0 (no fallback temperatures): the same audio gives the same text every time. With a ``judge``
(the NLU's confidence in a text) and ``hypotheses`` > 1, beam search gives the n best transcripts and the
NLU picks (Mandarin: Whisper base ranks 把客关灵 above 把歌关了, and the NLU knows which one a household
says). Mandarin transcripts lose what Whisper hallucinates: the prompt written back, loops
(``ting.device.stt.echo``), and keep Whisper's clause breaks as a comma (等一下，暂停: the NLU reads a side
clause there, and refuses 等一下暂停); a clause-final 了 that Whisper wrote as a nasal syllable (我到家门) is
offered to the NLU repaired (``ting.device.stt.particles``), and so are words written as sound-alikes
of the household's sentences' words (即时器 for 计时器: ``ting.device.stt.sound_alike``). Whisper decodes
whole utterances, so ``WhisperStream`` keeps the audio and decodes it at the end of speech. 六师 is written
六十 (``numerals``), English 4D is 40 (``numbers_en``); English keeps a clause's end as a comma.
"""

from __future__ import annotations

import importlib
import logging
import re
import sys
import threading
import types
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ting.device.interfaces import SAMPLE_RATE_HZ, SAMPLE_WIDTH_BYTES, Transcript, TranscriptJudge
from ting.device.stt.echo import prompt_sentences, without_hallucinations
from ting.device.stt.numbers_en import with_tens
from ting.device.stt.numerals import with_ten
from ting.device.stt.particles import CLAUSE_BREAK, with_final_le
from ting.device.stt.sound_alike import SoundAlikes
from ting.device.stt.sound_alike_en import EnglishSoundAlikes
from ting.device.stt.whisper_tokens import TokenizerFile, WhisperTokens, whisper_tokens
from ting.errors import SpeechModelError
from ting.nlu.simplified import to_simplified_cn

_LOGGER = logging.getLogger(__name__)

MODEL_FILES = ("model.bin", "config.json", "tokenizer.json")
"""Besides a vocabulary (``vocabulary.txt`` or ``.json``): what a faster-whisper model folder holds."""
_IMPORT_LOCK = threading.Lock()
_MAX_TOKENS = 200
_TOKENS_PER_SECOND = 12
"""Far above speech (English ~4, Mandarin ~6 tokens a second): the bound is only for runaway decoding."""
_PUNCTUATION = re.compile(r"(?<=\d)(?P<kept>[.:])(?=\d)|[\s，。？！、；：“”‘’《》（）…,.?!;:\"()]+")
"""Punctuation and spaces; a point or colon between digits (23.5, 7:40) matches first: kept."""
_CLAUSE_MARKS = frozenset("，。？！、；：…,.?!;:")
"""Punctuation that ends a clause: kept inside a Mandarin transcript as ``CLAUSE_BREAK``."""
_CJK_SPACE = re.compile(r"(?<=[\u3400-\u9fff])\s+|\s+(?=[\u3400-\u9fff])")
_EN_PUNCTUATION = re.compile(r"[,.?!;:\"()]+(?=\s|$)|(?<=\s)[\"(]+")
"""English punctuation at a word's edge (never inside one: 7:30, 23.5, a.m., don't)."""
_EN_CLAUSE_BREAK = ", "
_EN_ABBREVIATION = re.compile(r"(?:\b[a-z]\.[a-z]|\b(?:mr|mrs|ms|dr|st|vs))$", re.IGNORECASE)
"""A word whose point is no clause's end: a.m., p.m., e.g., Mr., Dr., St."""
_WHISPER_WINDOW_SECONDS = 30
_FRAMES_PER_SECOND = 100
_HOP = 160
"""Samples per feature frame."""


def check_model_dir(model_dir: Path, download_hint: str) -> None:
    """``SpeechModelError`` naming the folder and ``ting models download`` when it is not a model."""
    hint = f" (get it with `ting models download {download_hint}`)" if download_hint else ""
    if not model_dir.is_dir():
        raise SpeechModelError(f"Whisper model folder {model_dir} does not exist{hint}")
    missing = [name for name in MODEL_FILES if not (model_dir / name).is_file()]
    if not any((model_dir / name).is_file() for name in ("vocabulary.txt", "vocabulary.json")):
        missing.append("vocabulary.txt")
    if missing:
        raise SpeechModelError(f"{model_dir} is not a faster-whisper model (no {', '.join(missing)}){hint}")


def load_whisper(model_dir: Path, *, threads: int, download_hint: str = "") -> Any:
    """A new ``faster_whisper.WhisperModel``; ``SpeechModelError`` naming the folder and the download
    command when it is missing or damaged. ``WhisperModels`` shares them."""
    return _load(model_dir.expanduser().resolve(), threads, download_hint)


class WhisperModels:
    """The models loaded, one per folder and thread count: a recognizer rebuilt for a new grammar (or
    the other language's, on the same model) reuses its model instead of loading ~150 MB again. Whoever
    assembles the device's parts owns one and passes it to every ``build_recognizer``."""

    def __init__(self) -> None:
        self._models: dict[tuple[Path, int], Any] = {}
        self._lock = threading.Lock()

    def load(self, model_dir: Path, *, threads: int, download_hint: str = "") -> Any:
        resolved = model_dir.expanduser().resolve()
        with self._lock:  # recognizers are built on worker threads: one load per model, not two
            if (resolved, threads) not in self._models:
                self._models[resolved, threads] = _load(resolved, threads, download_hint)
            return self._models[resolved, threads]


class _ImportedAtFirstUse(types.ModuleType):
    """Stands for a module until one of its attributes is asked for, then imports it."""

    def __getattr__(self, name: str) -> Any:
        return getattr(importlib.import_module(self.__name__), name)


def _import_faster_whisper() -> None:
    """faster-whisper without PyAV: its package imports ``av`` (FFmpeg's libraries, ~24 MB resident) to
    decode audio files, and ting passes samples. Its ``decode_audio`` still works: PyAV is then imported."""
    with _IMPORT_LOCK:
        if "faster_whisper" in sys.modules or "av" in sys.modules:
            return
        sys.modules["av"] = _ImportedAtFirstUse("av")
        try:
            import faster_whisper  # noqa: F401
        finally:
            del sys.modules["av"]  # the next ``import av`` (the stand-in's first use) imports PyAV itself


def _load(model_dir: Path, threads: int, download_hint: str) -> Any:
    check_model_dir(model_dir, download_hint)
    _import_faster_whisper()
    from faster_whisper import WhisperModel

    try:
        # a folder path is never looked up online (faster-whisper downloads only for a bare size name)
        model = WhisperModel(str(model_dir), device="cpu", compute_type="int8", cpu_threads=threads)
    except Exception as error:  # CTranslate2 raises RuntimeError/ValueError for a truncated or foreign file
        hint = (
            f"; download it again with `ting models download {download_hint} --force`"
            if download_hint
            else ""
        )
        raise SpeechModelError(f"cannot load the Whisper model in {model_dir}: {error}{hint}") from None
    # the tokenizer is asked once per recognizer (WhisperTokens), not kept for the model's life: ~15 MB
    model.hf_tokenizer = TokenizerFile(model_dir / "tokenizer.json")
    return model


def normalize(text: str, lang: str) -> str:
    """Whisper's text as the NLU reads it: Chinese in simplified characters without spaces, quotes or
    brackets, a break between clauses (，。？！… inside the text) as one ``CLAUSE_BREAK`` and none at the
    ends; English likewise in lower case, a clause's end (", . ? ! ; :") as a comma, quotes and brackets
    dropped ("forget the timer, turn it off" is one command in its clause, without the comma another), 4D
    as 40 (``numbers_en``); full-width digits and letters as ASCII (NFKC); digits kept, with a decimal
    point or a time's colon between them (the NLU reads 23.5度 and 7:40 itself)."""
    text = unicodedata.normalize("NFKC", text).strip()
    if lang == "zh":
        simplified = to_simplified_cn(_CJK_SPACE.sub("", text))
        return _PUNCTUATION.sub(_separator, simplified).strip(CLAUSE_BREAK)
    words = with_tens(" ".join(_EN_PUNCTUATION.sub(_en_separator, text).split()).lower())
    return words.replace(" ,", ",").strip(", ")


def _en_separator(match: re.Match[str]) -> str:
    if match[0] == "." and _EN_ABBREVIATION.search(match.string, 0, match.start()):
        return " "
    return _EN_CLAUSE_BREAK if _CLAUSE_MARKS.intersection(match[0]) else " "


def _separator(match: re.Match[str]) -> str:
    if match["kept"]:
        return match["kept"]
    return CLAUSE_BREAK if _CLAUSE_MARKS.intersection(match[0]) else ""


class WhisperRecognizer:
    """``SpeechRecognizer`` for one language. ``phrases`` (grammar) are not used: Whisper has no grammar
    mode; the household reaches it through ``prompt``."""

    engine = "whisper"

    def __init__(
        self,
        model: Any,
        lang: str,
        *,
        prompt: str | None = None,
        beam_size: int = 1,
        window_seconds: float = 10.0,
        hypotheses: int = 1,
        judge: TranscriptJudge | None = None,
        sound_alikes: SoundAlikes | EnglishSoundAlikes | None = None,
    ) -> None:
        self.model = model
        self.lang = lang
        self.prompt = prompt or None
        self.beam_size = beam_size
        self.hypotheses = hypotheses if judge is not None else 1
        """n best transcripts, the NLU (``judge``: a transcript -> its confidence) choosing (10 s window
        only); each is judged with Whisper's own confidence in it."""
        self.judge = judge
        self.sound_alikes = sound_alikes
        """Mandarin: the grammar's runs of characters, for a rewrite of what Whisper wrote by sound."""
        self.window_seconds = window_seconds
        """The encoder's input (30: Whisper's own window, faster-whisper's pipeline)."""
        self._echo_sentences = (
            [_plain(normalize(sentence, lang)) for sentence in prompt_sentences(self.prompt)]
            if lang == "zh"
            else []
        )
        """The prompt as Mandarin transcripts are compared with it (``ting.device.stt.echo``)."""
        self._tokens: WhisperTokens | None = None
        """The prompt's and the special tokens' ids, and the text of ids (asked of the model's tokenizer
        when the recognizer is built, so that the first command does not wait for it)."""
        if model is not None and window_seconds < _WHISPER_WINDOW_SECONDS:
            self._whisper_tokens()
        self._lock = threading.Lock()
        """One decode at a time per model: a second would only halve the speed of both."""

    def stream(self) -> WhisperStream:
        return WhisperStream(self)

    def transcribe(self, pcm: bytes, *, phrases: Sequence[str] | None = None) -> Transcript:
        seconds = len(pcm) / (SAMPLE_RATE_HZ * SAMPLE_WIDTH_BYTES)
        if seconds < 0.1:
            return Transcript("", 0.0, seconds, self.engine)
        audio = np.frombuffer(pcm[: len(pcm) // 2 * 2], dtype="<i2").astype(np.float32) / 32768.0
        # a command is short: a decoder stuck in a loop ("4-4-4-4-...") stops here, not at 448 tokens
        max_new_tokens = min(_MAX_TOKENS, 24 + int(_TOKENS_PER_SECOND * seconds))
        with self._lock:
            if self.window_seconds >= _WHISPER_WINDOW_SECONDS:
                text, confidence = self._decode_30s(audio, max_new_tokens)
                return Transcript(self._cleaned(text), confidence, seconds, self.engine)
            found = self._decode_window(audio, max_new_tokens)
        text, confidence = self.best(found, seconds=seconds)
        heard = tuple(self._cleaned(hypothesis) for hypothesis, _confidence in found)
        sure = tuple(confidence for _hypothesis, confidence in found)
        return Transcript(
            text, confidence, seconds, self.engine, alternatives=heard, alternative_confidences=sure
        )

    def best(self, found: Sequence[tuple[str, float]], *, seconds: float = 0.0) -> tuple[str, float]:
        """Whisper's n best (raw text, confidence) cleaned, their repairs, and the one chosen (``seconds``:
        the audio's length, as the judge's transcripts carry it)."""
        candidates = [(self._cleaned(text), confidence) for text, confidence in found]
        if self.lang == "zh":
            # in place, not offered after: the NLU reads 音量给我六师 as volume 6 more surely than 六十 as 60
            candidates = [(with_ten(text) or text, confidence) for text, confidence in candidates]
        if self.lang == "zh" and self.judge is not None:
            # after all of Whisper's own: a repair is a guess, the n best are what it heard
            candidates += [
                (repaired, confidence)
                for text, confidence in candidates
                if (repaired := with_final_le(text)) is not None
            ]
            if self.sound_alikes is not None:
                candidates += [
                    (rewritten, confidence)
                    for text, confidence in candidates
                    if (rewritten := self.sound_alikes.rewrite(text)) is not None
                ]
        chosen = candidates[self._chosen(candidates, seconds)]
        if self.lang == "en" and self.judge is not None and self.sound_alikes is not None:
            return self._rewritten(candidates, chosen, seconds)
        return chosen

    def _rewritten(
        self, candidates: list[tuple[str, float]], chosen: tuple[str, float], seconds: float
    ) -> tuple[str, float]:
        """English: when the NLU reads none of Whisper's n best fully, the first of their sound-alike
        rewrites it does read fully (a rewrite read in part is no better evidence than Whisper's text)."""
        assert self.sound_alikes is not None
        if chosen[0] and self._judged(*chosen, seconds) >= 1.0:
            return chosen
        for text, confidence in candidates:
            rewritten = self.sound_alikes.rewrite(text) if text else None
            if rewritten is not None and self._judged(rewritten, confidence, seconds) >= 1.0:
                return rewritten, confidence
        return chosen

    def _judged(self, text: str, confidence: float, seconds: float) -> float:
        """The judge's confidence in ``text``, heard with Whisper's ``confidence`` (0.0: empty)."""
        assert self.judge is not None
        return self.judge(Transcript(text, confidence, seconds, self.engine)) if text else 0.0

    def _cleaned(self, text: str) -> str:
        """Normalized; Mandarin without the hallucinations, compared without clause breaks (the prompt
        written back spans its sentences' ends): a transcript that loses any loses its breaks too."""
        text = normalize(text, self.lang)
        if self.lang != "zh":
            return text
        plain = _plain(text)
        cleaned = without_hallucinations(plain, self._echo_sentences)
        return text if cleaned == plain else cleaned

    def _chosen(self, candidates: list[tuple[str, float]], seconds: float) -> int:
        """The first of the n best (then of their repairs, then rewrites) the NLU understands fully, else
        the one it understands best (the first of equals): Whisper's own ranking knows sounds, the NLU
        knows what a household says."""
        if self.judge is None or len(candidates) == 1:
            return 0
        best, best_score = 0, -1.0
        for index, (text, confidence) in enumerate(candidates):
            score = self._judged(text, confidence, seconds)
            if score >= 1.0:
                return index
            if score > best_score:
                best, best_score = index, score
        return best

    def _decode_30s(self, audio: np.ndarray, max_new_tokens: int) -> tuple[str, float]:
        """faster-whisper's own pipeline: the audio padded to Whisper's 30 s window."""
        segments, _info = self.model.transcribe(
            audio,
            language=self.lang,
            task="transcribe",
            beam_size=self.beam_size,
            temperature=0.0,
            initial_prompt=self.prompt,
            condition_on_previous_text=False,
            without_timestamps=True,
            vad_filter=False,
            max_new_tokens=max_new_tokens,
        )
        pieces = list(segments)
        return "".join(piece.text for piece in pieces), _confidence(pieces)

    def _decode_window(self, audio: np.ndarray, max_new_tokens: int) -> list[tuple[str, float]]:
        """The encoder run on ``window_seconds`` (or the audio's length, if longer) instead of 30 s.

        The encoder's cost grows with the square of its input and a command is 1-4 s: most of the 30 s
        window is padding. CTranslate2 accepts a shorter input; below ~10 s Whisper starts to repeat the
        command ("turn on the light. turn on the light."), so 10 s is the default (docs/benchmarks.md)."""
        frames = min(
            _WHISPER_WINDOW_SECONDS * _FRAMES_PER_SECOND,
            max(int(self.window_seconds * _FRAMES_PER_SECOND), len(audio) // _HOP + _FRAMES_PER_SECOND),
        )
        frames += frames % 2  # the encoder's convolution halves the frames
        # The audio itself padded with silence, as openai-whisper pads to 30 s (faster-whisper pads the
        # features with zeros, louder than silence: on a short window Whisper then repeats the command).
        padded = np.zeros(frames * _HOP, dtype=np.float32)
        padded[: min(len(audio), len(padded))] = audio[: len(padded)]
        features = self.model.feature_extractor(padded, padding=0)[:, :frames]
        window = np.ascontiguousarray(features[None], dtype=np.float32)
        tokens = self._whisper_tokens()
        prompt = list(tokens.start)
        encoded = self.model.model.encode(_storage(window), to_cpu=False)
        result = self.model.model.generate(
            encoded,
            [prompt],
            beam_size=max(self.beam_size, self.hypotheses),
            num_hypotheses=self.hypotheses,
            max_length=len(prompt) + max_new_tokens,
            return_scores=True,
            return_no_speech_prob=True,
            suppress_blank=True,
            suppress_tokens=list(tokens.suppressed),
        )[0]
        speech = 1.0 - float(result.no_speech_prob)
        found = []
        for index, sequence in enumerate(result.sequences_ids):
            text = tokens.decode(sequence)
            score = float(result.scores[index]) if index < len(result.scores) else -10.0
            confidence = max(0.0, min(1.0, float(np.exp(score)) * speech)) if text.strip() else 0.0
            found.append((text if text.strip() else "", confidence))
        return found or [("", 0.0)]

    def _whisper_tokens(self) -> WhisperTokens:
        if self._tokens is None:
            multilingual = bool(self.model.model.is_multilingual)
            self._tokens = whisper_tokens(self.model.hf_tokenizer, multilingual, self.lang, self.prompt)
        return self._tokens


def _plain(text: str) -> str:
    return text.replace(CLAUSE_BREAK, "")


def _storage(features: np.ndarray) -> Any:
    import ctranslate2  # type: ignore[import-untyped]

    return ctranslate2.StorageView.from_array(np.ascontiguousarray(features))


def _confidence(pieces: list[Any]) -> float:
    """exp(mean token log probability), lowered by the chance it was no speech at all: 0..1."""
    if not pieces:
        return 0.0
    logprob = sum(float(piece.avg_logprob) for piece in pieces) / len(pieces)
    speech = 1.0 - max(float(piece.no_speech_prob) for piece in pieces)
    return max(0.0, min(1.0, float(np.exp(logprob)) * speech))


class WhisperStream:
    """Keeps the command's audio; Whisper decodes it in one piece at the end of speech, or before it:
    ``speculate`` decodes the audio so far (plus the tail the end would add) during a pause, and ``finish``
    returns that transcript when nothing was said since."""

    def __init__(self, owner: WhisperRecognizer) -> None:
        self._owner = owner
        self._pieces: list[bytes] = []
        self._guess: tuple[bytes, Transcript] | None = None
        self.reused = 0
        """Times ``finish`` returned the speculative decode (no decode at the end of speech)."""

    def feed(self, pcm: bytes) -> None:
        self._pieces.append(pcm)

    def speculate(self, tail: bytes) -> None:
        pcm = b"".join(self._pieces) + tail
        self._guess = (pcm, self._owner.transcribe(pcm))

    def finish(self) -> Transcript:
        pcm, self._pieces = b"".join(self._pieces), []
        guess, self._guess = self._guess, None
        if guess is not None and guess[0] == pcm:
            self.reused += 1
            return guess[1]
        return self._owner.transcribe(pcm)

    def cancel(self) -> None:
        self._pieces, self._guess = [], None
