"""English transcripts as the NLU reads them, with Whisper tiny.en on commands spoken at test time by
espeak-ng: a clause's end heard stays a clause break; models loaded once per ``WhisperModels``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from tests.device.listening.judging import intent_of
from ting.device.stt import build_recognizer
from ting.device.stt.prompt import household_prompt
from ting.device.stt.whisper import WhisperModels, WhisperRecognizer, normalize
from ting.device.wav import read_wav
from ting.nlu import IntentRecognizer
from ting.settings import DeviceSettings

Speech = Callable[..., Path]


@pytest.fixture(scope="module")
def settings(whisper_models_dir: Path) -> DeviceSettings:
    return DeviceSettings(models_dir=whisper_models_dir, whisper_threads=2, stt_engine="whisper")


def test_clause_ends_are_kept_as_commas_and_points_inside_words_are_not() -> None:
    said = " Actually, you know what. Forget the timer. Turn it off."
    assert normalize(said, "en") == "actually, you know what, forget the timer, turn it off"
    assert normalize(" Okay, okay... I'm up!", "en") == "okay, okay, i'm up"
    assert normalize(" Wake me at 7 a.m. tomorrow.", "en") == "wake me at 7 a.m tomorrow"
    assert normalize(' Play "Bad Guy" (live).', "en") == "play bad guy live"
    assert normalize(" It's 23.5 degrees; 7:30.", "en") == "it's 23.5 degrees, 7:30"


def test_a_pause_between_clauses_reaches_the_nlu_as_a_break(
    settings: DeviceSettings, nlu: IntentRecognizer, spoken: Speech
) -> None:
    # "forget the timer turn it off" run together reads as stopping a ringing alarm; said with its pauses,
    # the command is in its last clauses: cancel the timer
    prompt = household_prompt(nlu.household, "en", max_chars=settings.whisper_prompt_max_chars)
    recognizer = build_recognizer(settings, "en", prompt=prompt)
    said = "Actually, you know what, forget the timer, turn it off."
    heard = [
        recognizer.transcribe(read_wav(spoken(said, voice=voice))).text
        for voice in ("en-us+m3", "en-us", "en-gb")
    ]
    assert sum("," in text for text in heard) >= 2, heard
    assert sum(intent_of(nlu, text) == "timer.cancel" for text in heard) >= 2, heard
    assert intent_of(nlu, said) == "timer.cancel"


def test_one_model_per_folder_and_threads_in_a_cache_and_none_shared_between_caches(
    settings: DeviceSettings,
) -> None:
    models = WhisperModels()
    english = build_recognizer(settings, "en", whisper_models=models)
    again = build_recognizer(settings, "en", whisper_models=models)
    mandarin = build_recognizer(settings, "zh", whisper_models=models)
    assert isinstance(english, WhisperRecognizer) and isinstance(again, WhisperRecognizer)
    assert isinstance(mandarin, WhisperRecognizer)
    assert english.model is again.model and mandarin.model is not english.model
    two_threads = settings.models_dir / "faster-whisper-tiny.en"
    assert models.load(two_threads, threads=2) is english.model
    assert models.load(two_threads, threads=1) is not english.model
    # a recognizer built without a cache loads a model of its own
    alone = build_recognizer(replace(settings, whisper_threads=2), "en")
    assert isinstance(alone, WhisperRecognizer) and alone.model is not english.model
