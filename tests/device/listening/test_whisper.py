"""faster-whisper on commands spoken at test time, judged through the NLU (what the device acts on).

Models: the packaged tiny.en and multilingual base (``ting models import-packaged``); English speech from
espeak-ng voices with noise. Each test asserts what the engine meets with a margin (e.g. 3 of 4 commands)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from ting.device.stt import build_recognizer, engine_for
from ting.device.stt.prompt import household_prompt, names_prompt
from ting.device.stt.whisper import WhisperRecognizer, normalize
from ting.device.wav import read_wav
from ting.nlu import IntentRecognizer
from ting.settings import DeviceSettings

Speech = Callable[..., Path]


@pytest.fixture(scope="session")
def whisper_settings(whisper_models_dir: Path) -> DeviceSettings:
    return DeviceSettings(models_dir=whisper_models_dir, whisper_threads=2)


def _whisper(settings: DeviceSettings, nlu: IntentRecognizer, lang: str) -> WhisperRecognizer:
    prompt = household_prompt(nlu.household, lang, max_chars=settings.whisper_prompt_max_chars)
    recognizer = build_recognizer(replace(settings, stt_engine="whisper"), lang, prompt=prompt)
    assert isinstance(recognizer, WhisperRecognizer)
    return recognizer


def _intent(
    nlu: IntentRecognizer, text: str, lang: str, area: str | None = None
) -> tuple[str, dict[str, str]]:
    recognition = nlu.recognize(text, lang=lang, area=area)
    if recognition is None:
        return "", {}
    return recognition.intent_name, {k: str(v) for k, v in recognition.slot_values().items()}


ENGLISH = [
    ("turn on the kitchen light", "en-us", "home.turn_on", {"device": "kitchen_light"}),
    ("turn off the bedroom light", "en-gb", "home.turn_off", {"device": "bedroom_light"}),
    ("what time is it", "en-us+m3", "system.time", {}),
    (
        "set the bedroom air conditioner to 24 degrees",
        "en-us",
        "home.set_temperature",
        {"device": "bedroom_ac"},
    ),
]
"""Each heard right here, clean (noise is the benchmark's: bench/stt_whisper.py)."""


def test_english_commands_in_several_voices_reach_the_right_intent(
    whisper_settings: DeviceSettings, nlu: IntentRecognizer, spoken: Speech
) -> None:
    recognizer = _whisper(whisper_settings, nlu, "en")
    right, heard = 0, []
    for text, voice, intent, slots in ENGLISH:
        transcript = recognizer.transcribe(read_wav(spoken(text, voice=voice)))
        assert transcript.engine == "whisper" and transcript.seconds > 1
        got = _intent(nlu, transcript.text, "en")
        heard.append((transcript.text, got))
        right += got[0] == intent and all(got[1].get(k) == v for k, v in slots.items())
    assert right >= 3, heard


def test_a_stream_is_the_whole_command_decoded_at_the_end(
    whisper_settings: DeviceSettings, nlu: IntentRecognizer, spoken: Speech
) -> None:
    recognizer = _whisper(whisper_settings, nlu, "en")
    pcm = read_wav(spoken("what time is it", voice="en-us"))
    stream = recognizer.stream()
    for offset in range(0, len(pcm), 2880):
        stream.feed(pcm[offset : offset + 2880])
    assert stream.finish() == recognizer.transcribe(pcm)
    assert recognizer.transcribe(b"\0\0" * 800).text == ""  # 0.05 s: nothing to decode


def test_auto_uses_whisper_where_its_model_is_installed(
    whisper_settings: DeviceSettings, tmp_path: Path
) -> None:
    # English: Whisper with the grammar engine's transcript as the NLU's second choice (test_stt_hybrid.py)
    assert engine_for(whisper_settings, "en") == "hybrid" and engine_for(whisper_settings, "zh") == "whisper"
    bare = DeviceSettings(models_dir=tmp_path)
    assert engine_for(bare, "en") == "pocketsphinx"
    forced = DeviceSettings(models_dir=whisper_settings.models_dir, stt_engine="pocketsphinx")
    assert engine_for(forced, "en") == "pocketsphinx"


def test_normalized_for_the_nlu() -> None:
    assert normalize(" 把臥室的燈關掉。", "zh") == "把卧室的灯关掉"
    assert normalize("客廳 空調 調到 26 度！", "zh") == "客厅空调调到26度"
    # a break between clauses stays, as one comma: the NLU reads 等一下，暂停 and refuses 等一下暂停
    assert normalize("等一下,暂停。", "zh") == "等一下，暂停"
    assert normalize("嗯……那个？音量调到二十五吧！", "zh") == "嗯，那个，音量调到二十五吧"
    assert normalize("《天空》", "zh") == "天空"
    assert normalize(" Turn on the kitchen light.", "en") == "turn on the kitchen light"
    assert normalize("Set an alarm for 7:30, please!", "en") == "set an alarm for 7:30, please"


def test_a_decimal_point_and_a_times_colon_stay_between_digits() -> None:
    # Whisper writes 二十三点五度 as 23.5度: without its point the NLU reads 235 degrees
    assert normalize("客厅温度设到23.5度。", "zh") == "客厅温度设到23.5度"
    assert normalize("撤销早上7:40的闹钟", "zh") == "撤销早上7:40的闹钟"
    assert normalize("早上7：40叫我", "zh") == "早上7:40叫我"  # a full-width colon too
    assert normalize("调到25.", "zh") == "调到25"  # a sentence's end is not a point
    assert normalize("好的. 关灯", "zh") == "好的，关灯"


def test_full_width_digits_and_letters_are_ascii() -> None:
    assert normalize("好困，我睡了４", "zh") == "好困，我睡了4"
    assert normalize("打开ＷｉＦｉ", "zh") == "打开WiFi"
    assert normalize("音量调到５０％", "zh") == "音量调到50%"


def test_the_mandarin_prompt_is_whole_sentences_with_the_households_rooms(nlu: IntentRecognizer) -> None:
    full = household_prompt(nlu.household, "zh", max_chars=240)
    assert full.startswith("把客厅的灯打开。卧室空调调到二十六度。") and "现在几点了" in full
    assert "门锁" not in full  # a bare name list is what Whisper writes back (门锁门锁)
    short = household_prompt(nlu.household, "zh", max_chars=20)
    assert short == "把客厅的灯打开。卧室空调调到二十六度。"  # whole sentences only
    assert household_prompt(nlu.household, "zh", max_chars=5) == ""
    assert household_prompt(nlu.household, "zh", max_chars=0) == ""


def test_the_english_prompt_is_whole_sentences_with_the_households_rooms(nlu: IntentRecognizer) -> None:
    english = household_prompt(nlu.household, "en", max_chars=400)
    assert english.startswith("Turn on the living room light. Turn off the bedroom lights. ")
    assert "What time is it?" in english and len(english) <= 400
    short = household_prompt(nlu.household, "en", max_chars=60)
    assert short == "Turn on the living room light. Turn off the bedroom lights."  # whole sentences only
    assert household_prompt(nlu.household, "en", max_chars=20) == ""
    assert household_prompt(nlu.household, "en", max_chars=0) == ""


def test_the_name_list_prompt_keeps_both_verbs_first(nlu: IntentRecognizer) -> None:
    english = names_prompt(nlu.household, "en", max_chars=200)
    assert english.startswith("turn on, turn off") and "kitchen" in english and len(english) <= 200
    names = names_prompt(nlu.household, "zh", max_chars=40)
    assert len(names) <= 40 and names.startswith("打开，关掉")


def test_transcribe_runs_the_device_default_pipeline(
    whisper_settings: DeviceSettings, spoken: Speech, tmp_path: Path
) -> None:
    config = tmp_path / "ting.toml"
    config.write_text(f'[device]\nmodels_dir = "{whisper_settings.models_dir}"\n')
    wav = spoken("turn on the kitchen light", voice="en-us", tail_seconds=0.0)
    command = [
        sys.executable,
        "-m",
        "ting.cli.main",
        "transcribe",
        str(wav),
        "--lang",
        "en",
        "--config",
        str(config),
    ]
    done = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["engine"] == "whisper"
    assert json.loads(done.stdout)["text"] == "turn on the kitchen light"


LOADED_WITHOUT_PYAV = """
import json, sys
from pathlib import Path
from ting.device.stt.whisper import WhisperRecognizer, load_whisper
from ting.device.wav import read_wav

wav = Path(sys.argv[2])
model = load_whisper(Path(sys.argv[1]), threads=2)
text = WhisperRecognizer(model, "en").transcribe(read_wav(wav)).text
pyav_before = "av" in sys.modules
import faster_whisper

samples = faster_whisper.decode_audio(str(wav))
print(json.dumps({"text": text, "pyav_before": pyav_before, "decoded": len(samples)}))
"""


def test_whisper_hears_samples_without_pyav_and_still_decodes_files(
    whisper_settings: DeviceSettings, spoken: Speech
) -> None:
    # ting passes samples: PyAV (FFmpeg's libraries, ~24 MB) is not loaded for them, and faster-whisper's
    # own file decoding loads it when asked (a fresh interpreter: nothing imported PyAV before)
    wav = spoken("what time is it", voice="en-us", tail_seconds=0.0)
    model_dir = whisper_settings.models_dir / "faster-whisper-tiny.en"
    command = [sys.executable, "-c", LOADED_WITHOUT_PYAV, str(model_dir), str(wav)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["text"] == "what time is it"
    assert result["pyav_before"] is False
    assert result["decoded"] == len(read_wav(wav)) // 2  # 16 kHz mono in, the same samples out
