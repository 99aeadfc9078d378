"""The phonetic pass: sound-alike words from speech recognizers resolve, at a lower confidence."""

from __future__ import annotations

from typing import Any

import pytest

from ting.nlu import IntentRecognizer
from ting.nlu.phonetic import Homophones, sound_keys, usual_sound

from .catalog import NOW

CASES: list[tuple[str, str, str, dict[str, Any]]] = [
    ("zh", "打开握式灯", "home.turn_on", {"device": "bedroom_light"}),  # 握式 = 卧室 (wo shi)
    ("zh", "厨防灯关掉", "home.turn_off", {"device": "kitchen_light"}),  # 厨防 = 厨房
    ("zh", "把台登打开", "home.turn_on", {"device": "desk_lamp"}),  # 台登 = 台灯
    ("zh", "暂挺", "music.pause", {}),  # a template word: 暂停
    ("zh", "取消闹中", "alarm.cancel", {}),  # 闹中 = 闹钟, though 中 is a word of other templates
    ("zh", "关影模式", "home.activate_scene", {"scene": "movie"}),  # a scene name: 观影模式 (guan ying)
]


@pytest.mark.parametrize(("lang", "text", "intent", "slots"), CASES, ids=[case[1] for case in CASES])
def test_sound_alikes_resolve(
    catalog_recognizer: IntentRecognizer, lang: str, text: str, intent: str, slots: dict[str, Any]
) -> None:
    result = catalog_recognizer.recognize(text, lang=lang, now=NOW)
    assert result is not None, text
    assert (result.intent_name, result.slot_values()) == (intent, slots)
    assert 0.5 <= result.confidence < 1.0  # lower than an exact match


def test_exact_words_win_over_sound_alikes(catalog_recognizer: IntentRecognizer) -> None:
    exact = catalog_recognizer.recognize("打开卧室灯", lang="zh", now=NOW)
    alike = catalog_recognizer.recognize("打开握式灯", lang="zh", now=NOW)
    assert exact is not None and alike is not None and exact.confidence > alike.confidence


def test_sound_alikes_do_not_feed_wildcards(catalog_recognizer: IntentRecognizer) -> None:
    # 一 sounds like words of music templates; with a wildcard this read as "play <the rest>"
    assert catalog_recognizer.recognize("一加一等于几", lang="zh", now=NOW) is None
    assert catalog_recognizer.recognize("番茄是水果还是蔬菜", lang="zh", now=NOW) is None


def test_keys_fold_common_confusions() -> None:
    assert sound_keys("卧") & sound_keys("握")
    assert sound_keys("星") & sound_keys("新")  # xing / xin
    assert sound_keys("是") & sound_keys("四")  # shi / si
    assert not sound_keys("灯") & sound_keys("房")
    assert sound_keys("kitchen") == sound_keys("kitchin")
    assert sound_keys("to") == frozenset()  # short English words are not compared by sound


def test_a_characters_usual_sound_is_one_folded_key() -> None:
    assert usual_sound("即") == usual_sound("计") == "ji"
    assert usual_sound("器") == usual_sound("气") and usual_sound("是") == usual_sound("四")  # shi / si
    assert usual_sound("能") == "len"  # neng, folded: not its rare readings
    assert usual_sound("a") == "" and usual_sound("，") == "" and usual_sound("门锁") == ""


def test_alternatives_are_vocabulary_words() -> None:
    homophones = Homophones(["卧", "室", "灯", "sure"], names=["kitchen"])
    assert homophones.alternatives(["握", "式", "灯"]) == (frozenset({"卧"}), frozenset({"室"}), frozenset())
    assert homophones.alternatives(["kitchin"]) == (frozenset({"kitchen"}),)
    assert homophones.alternatives(["kitchen"]) == (frozenset(),)
    assert homophones.alternatives(["siri"]) == (frozenset(),)  # English template words are not sound-matched
