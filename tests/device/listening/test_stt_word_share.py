"""English: a transcript that only the NLU's second pass reads, and whose intent's training says less than
half of its words, is not vouched for by the device's judge (``transcript_judge.MIN_HEARD_WORD_SHARE``): the
words nothing of the intent says are mostly what Whisper misheard. The real NLU of the demo household."""

from __future__ import annotations

from ting.device.nlu import DeviceNlu
from ting.device.transcript_judge import MIN_HEARD_WORD_SHARE, transcript_confidence
from ting.nlu import IntentRecognizer
from ting.settings import Settings


def test_a_reading_from_few_of_the_heard_words_is_not_vouched_for(nlu: IntentRecognizer) -> None:
    # tiny.en's transcripts of spoken dev commands (bench/stt_en_folds.py): wrong actions before
    for heard, read_as in (
        ("please zoom for 7 minutes", "timer.set"),  # "please snooze for 7 minutes"
        ("bring me in 45 minutes to my sake", "reminder.set"),  # "ping me in 35 minutes to baste the turkey"
    ):
        found = nlu.recognize(heard, lang="en")
        assert found is not None and (found.source, found.intent_name) == ("statistical", read_as), found
        assert found.word_share < MIN_HEARD_WORD_SHARE, found
        assert transcript_confidence(nlu, heard, "en") == 0.0


def test_a_second_pass_reading_of_the_intents_own_words_is_still_vouched_for(nlu: IntentRecognizer) -> None:
    for heard, read_as in (
        ("can you bottom the volume at 25, please", "volume.set"),  # "put the volume at twenty-five"
        ("can you go till the next song", "music.next"),  # "can you go to the next song"
    ):
        found = nlu.recognize(heard, lang="en")
        assert found is not None and (found.source, found.intent_name) == ("statistical", read_as), found
        assert found.word_share >= MIN_HEARD_WORD_SHARE, found
        assert transcript_confidence(nlu, heard, "en") == found.confidence > 0.5


def test_templates_readings_say_every_word_and_the_device_judges_alike(nlu: IntentRecognizer) -> None:
    found = nlu.recognize("snooze for 7 minutes", lang="en")
    assert found is not None and found.source == "templates" and found.word_share == 1.0
    device = DeviceNlu(Settings(), recognizer=nlu)
    for text in ("please zoom for 7 minutes", "can you go till the next song", "snooze for 7 minutes"):
        assert device.confidence(text, "en") == transcript_confidence(nlu, text, "en")
