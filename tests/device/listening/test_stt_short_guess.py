"""English: a transcript of fewer than three words that only the NLU's statistical second pass reads is
not vouched for by the device's judge (``ting.device.transcript_judge.MIN_GUESSED_WORDS``), so the hybrid
does not act on it: real tiny.en and PocketSphinx with the skills' real grammar, judged by ting's real NLU,
on a command spoken at test time by espeak-ng."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.device.listening.judging import english_hybrid, intent_of
from ting.device.interfaces import Transcript
from ting.device.nlu import DeviceNlu
from ting.device.stt.hybrid import HybridRecognizer
from ting.device.transcript_judge import MIN_GUESSED_WORDS, transcript_confidence
from ting.device.wav import read_wav
from ting.nlu import IntentRecognizer
from ting.settings import Settings

Speech = Callable[..., Path]


def test_a_short_transcript_only_the_second_pass_reads_is_not_understood(nlu: IntentRecognizer) -> None:
    # tiny.en's transcripts of "resume" in tune clips (bench/stt_whisper.py --dump): wrong actions before
    for heard, meant in (("remove", "alarm.cancel"), ("with you", "system.help")):
        found = nlu.recognize(heard, lang="en")
        assert found is not None and found.source == "statistical" and found.intent_name == meant, found
        assert len(heard.split()) < MIN_GUESSED_WORDS
        assert transcript_confidence(nlu, heard, "en") == 0.0
    # a short transcript the templates read, and a longer one only the second pass reads: vouched for
    assert transcript_confidence(nlu, "resume", "en") == 1.0
    longer = nlu.recognize("can you give me a date please", lang="en")
    assert longer is not None and longer.source == "statistical" and longer.intent_name == "system.date"
    assert transcript_confidence(nlu, "can you give me a date please", "en") == longer.confidence > 0.5


def test_the_device_judges_as_the_bench_does(nlu: IntentRecognizer) -> None:
    device = DeviceNlu(Settings(), recognizer=nlu)
    for text in ("remove", "with you", "resume", "can you give me a date please"):
        assert device.confidence(text, "en") == transcript_confidence(nlu, text, "en")


@pytest.fixture(scope="module")
def parts(whisper_models_dir: Path, nlu: IntentRecognizer) -> HybridRecognizer:
    """The device's default English pipeline on the demo household's grammar, judged as the device judges."""
    return english_hybrid(whisper_models_dir, nlu)


def test_a_one_word_mishearing_is_asked_again_not_acted_on(
    parts: HybridRecognizer, nlu: IntentRecognizer, spoken: Speech
) -> None:
    # "resume", en-gb, fast, white noise: tiny.en's 5 best are "renew", "renewing", "reming", "remove",
    # "renew"; only "remove" is read, by the second pass alone, as alarm.cancel
    pcm = read_wav(spoken("resume", voice="en-gb", wpm=200, noise=True))
    whisper = parts.first
    heard = whisper.transcribe(pcm)
    assert "remove" in heard.alternatives, heard

    def full_reading(heard: Transcript) -> float:  # the judge as it was: any reading, the second pass's too
        found = nlu.recognize(heard.text, lang="en")
        return found.confidence if found is not None else 0.0

    before = HybridRecognizer(
        parts.first,
        parts.second,
        full_reading,
        min_confidence=parts.min_confidence,
        max_edits_per_sound=parts.max_edits_per_sound,
    )
    whisper.judge = full_reading  # Whisper's n best chosen among by the same judge as the hybrid
    try:
        acted = before.transcribe(pcm)
    finally:
        whisper.judge = parts.judge
    assert acted.text == "remove" and intent_of(nlu, acted.text) == "alarm.cancel", acted
    now = parts.transcribe(pcm)
    assert intent_of(nlu, now.text) in ("", "music.resume"), now  # asked again, or the grammar's "resume"
