"""English: among Whisper's n best, a reading from the household's words is taken over one that lets free
text (a wildcard slot) take some of the words (``ting.device.transcript_judge``): on transcripts tiny.en
wrote for espeak-ng clips of tune commands (bench/stt_whisper.py --splits tune --dump), chosen as the device
chooses (``WhisperRecognizer.best`` with the device's judge and sound-alike rewrites), read by ting's real
NLU on the skills' real grammar."""

from __future__ import annotations

import pytest

from ting.cli.nlu import household_of, sentence_data
from ting.device.stt.prompt import household_prompt
from ting.device.stt.sound_alike_en import EnglishSoundAlikes
from ting.device.stt.whisper import WhisperRecognizer
from ting.device.transcript_judge import FREE_TEXT_CONFIDENCE, FREE_TEXT_FLOOR, transcript_confidence
from ting.nlu import IntentRecognizer
from ting.server.grammar import announcement
from ting.settings import Settings


@pytest.fixture(scope="module")
def chooser(nlu: IntentRecognizer) -> WhisperRecognizer:
    """The device's English recognizer's choosing, without a model: ``best`` is given Whisper's n best."""
    settings = Settings()
    grammar = announcement(sentence_data(settings), household_of(settings), "en")
    return WhisperRecognizer(
        None,
        "en",
        prompt=household_prompt(nlu.household, "en", max_chars=200),
        hypotheses=5,
        judge=lambda heard: transcript_confidence(nlu, heard.text, "en", asr_confidence=heard.confidence),
        sound_alikes=EnglishSoundAlikes(grammar.vosk),
    )


def test_a_reading_with_free_text_is_put_just_below_a_full_one(nlu: IntentRecognizer) -> None:
    found = nlu.recognize("play some classic on music", lang="en")
    assert found is not None and found.confidence == 1.0 and found.free_words == 3  # the artist
    assert transcript_confidence(nlu, "play some classic on music", "en") == FREE_TEXT_CONFIDENCE
    assert transcript_confidence(nlu, "play some classical music", "en") == 1.0  # the genre: a list's name
    assert transcript_confidence(nlu, "turn on the kitchen light", "en") == 1.0
    assert transcript_confidence(nlu, "the weather is nice today we went", "en") == 0.0


def test_a_mandarin_reading_with_free_text_is_put_below_a_full_one_too(nlu: IntentRecognizer) -> None:
    # the choice among Whisper base's n best: test_stt_mandarin_judge.py
    found = nlu.recognize("提醒我明天早上八点去取快递", lang="zh")
    assert found is not None and found.confidence == 1.0 and found.free_words > 0, found
    judged = transcript_confidence(nlu, "提醒我明天早上八点去取快递", "zh")
    assert FREE_TEXT_FLOOR <= judged < FREE_TEXT_CONFIDENCE


def test_a_reading_from_the_households_words_is_taken_over_free_text(
    chooser: WhisperRecognizer, nlu: IntentRecognizer
) -> None:
    # en-gb, babble 10 dB, "play some classical music": was the artist "classic on music"
    heard = ["play some classic on music", "play some classical music", "play some classic music",
             "play some classic or music", "play some classic"]  # fmt: skip
    first = nlu.recognize(heard[0], lang="en")
    assert first is not None and first.confidence == 1.0 and first.free_words > 0
    assert chooser.best([(text, 0.5) for text in heard])[0] == "play some classical music"


def test_a_free_text_reading_is_not_taken_over_a_fuller_one_it_was_below_before(
    chooser: WhisperRecognizer,
) -> None:
    # en-us, pink 20 dB, "Could you play the previous song again, please?": the song "my previous song
    # again" (0.9) over music.previous (0.8, a word skipped), as before: the cap is no discount
    heard = ["can you play my previous song again, please", "can you play the previous song again, please"]
    assert chooser.best([(text, 0.5) for text in heard])[0] == heard[0]


def test_free_text_stands_when_no_hypothesis_reads_without_it(chooser: WhisperRecognizer) -> None:
    # en-gb, clean, "remind me on Friday at 5 pm to pick up the dry cleaning": every one a reminder
    heard = [
        "remind me on friday at 5 pm to pick up the right cleaning",
        "remind me on friday at 5 am to pick up the right cleaning",
        "remind me on friday at 5 pm to pick up the right leaning",
    ]
    assert chooser.best([(text, 0.5) for text in heard])[0] == heard[0]
    # en-gb, clean, "play yellow by coldplay" (Whisper: "my cold play"): a song, as Whisper heard it first
    songs = ["play yellow my cold play", "play yellow my cold, play", "play yellow my code, play"]
    assert chooser.best([(text, 0.5) for text in songs])[0] == songs[0]
