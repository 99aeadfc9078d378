"""English: a reading that leaves out a clause of Whisper's transcript is acted on only when Whisper was sure
of what it heard or the clause is a filler or a known remark (``ting.device.transcript_judge``). Real tiny.en
and PocketSphinx with the skills' real grammar, judged by ting's real NLU; the transcripts below are
tiny.en's of spoken dev commands (bench/stt_en_folds.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.device.listening.judging import english_hybrid, intent_of, nlu_judge
from ting.device.interfaces import Transcript
from ting.device.stt.hybrid import HybridRecognizer
from ting.device.transcript_judge import MIN_PARTIAL_ASR_CONFIDENCE
from ting.device.wav import read_wav
from ting.nlu import IntentRecognizer

Speech = Callable[..., Path]


@pytest.fixture(scope="module")
def hybrid(whisper_models_dir: Path, nlu: IntentRecognizer) -> HybridRecognizer:
    """The device's default English pipeline on the demo household's grammar, judged as the device judges."""
    return english_hybrid(whisper_models_dir, nlu)


def heard(text: str, confidence: float) -> Transcript:
    """Whisper's transcript as the recognizer gives it to the hybrid."""
    return Transcript(text, confidence, 2.5, "whisper", alternatives=(text,))


def nothing() -> Transcript:
    """The grammar's decode, when the hybrid asks for it: no phrase (what is then acted on is Whisper's or
    nothing)."""
    return Transcript("", 1.0, 2.5, "pocketsphinx")


def test_whisper_confidence_reaches_the_judge(
    whisper_models_dir: Path, nlu: IntentRecognizer, spoken: Speech
) -> None:
    judged: list[Transcript] = []
    device_judge = nlu_judge(nlu, "en")

    def judge(transcript: Transcript) -> float:  # the device's judge, remembering what it was given
        judged.append(transcript)
        return device_judge(transcript)

    pipeline = english_hybrid(whisper_models_dir, nlu)
    pipeline.judge = judge
    pipeline.first.judge = judge  # type: ignore[attr-defined]  # Whisper's n best, chosen among by it too
    pcm = read_wav(spoken("it is so dark in here, turn on the kitchen light"))
    result = pipeline.transcribe(pcm)
    assert intent_of(nlu, result.text) == "home.turn_on", result
    assert 0.0 < result.confidence < 1.0, result
    assert any(
        (seen.text, seen.confidence, seen.engine) == (result.text, result.confidence, "whisper")
        for seen in judged
    ), judged


def test_a_partial_reading_is_acted_on_only_when_whisper_was_sure(
    hybrid: HybridRecognizer, nlu: IntentRecognizer
) -> None:
    # "shut off the water heater", en-gb-x-gbclan: the templates read "shut up" (system.cancel) and leave out
    # "the waterkeeper", a clause no template nor the second pass reads
    text = "shut up, the waterkeeper"
    assert intent_of(nlu, text) == "system.cancel"
    unsure = hybrid.choose(heard(text, 0.34), nothing)  # tiny.en's confidence in it
    assert MIN_PARTIAL_ASR_CONFIDENCE > 0.34
    assert intent_of(nlu, unsure.text) == "", unsure  # asked again, not acted on
    sure = hybrid.choose(heard(text, MIN_PARTIAL_ASR_CONFIDENCE + 0.2), nothing)
    assert sure.text == text, sure
    # a remark the NLU knows left out: acted on however unsure Whisper was
    for said, intent in (
        ("i'm going to bed, turn off the kitchen light", "home.turn_off"),
        ("it is so dark in here, turn on the kitchen light", "home.turn_on"),
    ):
        assert intent_of(nlu, said) == intent
        assert hybrid.choose(heard(said, 0.2), nothing).text == said


def test_a_clause_left_out_that_is_another_command_is_no_remark(
    hybrid: HybridRecognizer, nlu: IntentRecognizer
) -> None:
    # "would you pause the music": tiny.en heard "what you close the music, turn on the air"; the templates
    # read the air conditioner turned on from the last clause, the first reads as stopping the music
    text = "what you close the music, turn on the air"
    assert intent_of(nlu, text) == "home.turn_on"
    assert intent_of(nlu, "what you close the music") == "music.stop"
    chosen = hybrid.choose(heard(text, MIN_PARTIAL_ASR_CONFIDENCE - 0.05), nothing)
    assert intent_of(nlu, chosen.text) == "", chosen
