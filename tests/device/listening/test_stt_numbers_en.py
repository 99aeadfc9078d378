"""Forty written 4D by Whisper tiny.en ("Brightness 4D."), written back as 40
(``ting.device.stt.numbers_en``): the rule, the recognizer's choice among its n best with the real NLU
judging, and the device's default English pipeline on a command spoken at test time by espeak-ng."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import numpy as np

from tests.device.listening.judging import nlu_judge
from ting.cli.nlu import household_of, sentence_data
from ting.device.stt import build_recognizer, engine_for
from ting.device.stt.hybrid import HybridRecognizer
from ting.device.stt.numbers_en import with_tens
from ting.device.stt.prompt import household_prompt
from ting.device.stt.whisper import WhisperRecognizer, normalize
from ting.device.wav import read_wav
from ting.nlu import IntentRecognizer
from ting.server.grammar import announcement
from ting.settings import DeviceSettings, Settings

Speech = Callable[..., Path]


def _reading(nlu: IntentRecognizer, text: str) -> tuple[str, dict[str, object]] | None:
    found = nlu.recognize(text, lang="en")
    return (found.intent_name, found.slot_values()) if found is not None else None


def test_a_digit_and_a_lone_d_is_written_as_its_tens() -> None:
    assert with_tens("brightness 4d") == "brightness 40"
    assert with_tens("set the volume to 6d%") == "set the volume to 60%"
    assert with_tens("9D and 5d") == "90 and 50"
    assert normalize(" Brightness 4D.", "en") == "brightness 40"


def test_other_digits_and_letters_are_left_as_written() -> None:
    # 2D and 3D are words of their own; a d inside a longer word or number is no tens
    for text in ("turn on the 3d printer", "a 2d map", "timer for 14d", "play 4dx", "4 d", "the 40d"):
        assert with_tens(text) == text


def test_the_n_best_reading_of_4d_is_brightness_40(nlu: IntentRecognizer) -> None:
    # tiny.en's 5 best for "brightness 40" (en-us+m3): the first read at all was brightness 4
    found = [
        (" Brightness for the...", 0.459),
        (" Rightness for the...", 0.428),
        (" Brightness 4D.", 0.428),
        (" Brightness for the.", 0.404),
        (" Brightness 4d.", 0.396),
    ]
    assert _reading(nlu, "brightness 4d") == ("home.set_brightness", {"brightness": 4})
    recognizer = WhisperRecognizer(None, "en", hypotheses=5, judge=nlu_judge(nlu, "en"))
    text, _confidence = recognizer.best(found)
    assert text == "brightness 40"
    assert _reading(nlu, text) == ("home.set_brightness", {"brightness": 40})


def test_the_default_english_pipeline_hears_brightness_40(
    whisper_models_dir: Path, nlu: IntentRecognizer, spoken: Speech
) -> None:
    settings = DeviceSettings(models_dir=whisper_models_dir, whisper_threads=2)
    assert engine_for(settings, "en") == "hybrid"
    phrases = list(announcement(sentence_data(Settings()), household_of(Settings()), "en").vosk)
    prompt = household_prompt(nlu.household, "en", max_chars=settings.whisper_prompt_max_chars)
    judge = nlu_judge(nlu, "en")
    device = build_recognizer(settings, "en", phrases=phrases, prompt=prompt, judge=judge)
    assert isinstance(device, HybridRecognizer)
    whisper = device.first  # Whisper first, PocketSphinx's grammar phrase when the NLU reads it less well
    assert isinstance(whisper, WhisperRecognizer)
    for voice, wpm in (("en-us+m3", 150), ("en-us+m3", 175), ("en-us+f3", 160)):
        pcm = read_wav(spoken("brightness 40", voice=voice, wpm=wpm))
        # tiny.en's own n best, before any cleaning: forty written 4D, what the rule is for
        audio = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0
        raw = [text for text, _confidence in whisper._decode_window(audio, 100)]
        assert any(re.search(r"\b4d\b", text, re.IGNORECASE) for text in raw), (voice, wpm, raw)
        assert not any("40" in text for text in raw), (voice, wpm, raw)
        heard = device.transcribe(pcm)
        assert heard.engine == "whisper", (voice, wpm, heard)
        assert _reading(nlu, heard.text) == ("home.set_brightness", {"brightness": 40}), (voice, wpm, heard)
