"""The device's NLU with the statistical second pass on (the default settings): the speech recognizers'
judge of Mandarin hypotheses counts a reading of the second pass alone below every templates reading
(``transcript_judge.SECOND_PASS_WEIGHT``), and understanding acts on it (English's judge:
tests/device/listening/test_stt_free_text_choice.py, test_stt_short_guess.py)."""

from __future__ import annotations

from ting.device.nlu import DeviceNlu
from ting.device.transcript_judge import SECOND_PASS_WEIGHT
from ting.settings import Settings


def test_the_judge_ranks_the_second_pass_below_the_templates_and_understanding_keeps_it() -> None:
    settings = Settings()
    nlu = DeviceNlu(settings)
    text = "大概音量调到三十左右吧"  # no template reads it; the second pass does
    _, recognition = nlu.understand(
        text, lang="zh", site_id="default", session_id="s1", wakeword_id=None, asr_confidence=None
    )
    assert recognition is not None
    assert (recognition.intent_name, recognition.source) == ("volume.set", "statistical")
    guessed = nlu.confidence(text, "zh")
    assert guessed == recognition.confidence * SECOND_PASS_WEIGHT
    templates = nlu.confidence("把音量调到三十", "zh")
    assert 0 < guessed < settings.nlu.confidence_threshold <= templates
