"""The device's NLU with the statistical second pass on (the default settings): the speech recognizers'
judge of Mandarin hypotheses asks the templates only (English's reads as the device acts:
tests/device/listening/test_stt_free_text_choice.py)."""

from __future__ import annotations

from ting.device.nlu import DeviceNlu
from ting.settings import Settings


def test_the_judge_leaves_the_second_pass_out_and_understanding_keeps_it() -> None:
    nlu = DeviceNlu(Settings())
    text = "大概音量调到三十左右吧"  # no template reads it; the second pass does
    _, recognition = nlu.understand(
        text, lang="zh", site_id="default", session_id="s1", wakeword_id=None, asr_confidence=None
    )
    assert recognition is not None
    assert (recognition.intent_name, recognition.source) == ("volume.set", "statistical")
    assert nlu.confidence(text, "zh") == 0.0
    assert nlu.confidence("把音量调到三十", "zh") > 0.5
