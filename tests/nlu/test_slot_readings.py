"""Slot readings of the templates that dev sets showed wrong, each cause with sentences written for these
tests (none from a corpus): where an artist ends and a song begins (X的Y), a reminder's message without the
question's particles, a repeat said before the alarm (工作日的闹钟, "a weekday alarm"), a scene named inside
a longer sentence, a group word that says how much (调低一些), and the wildcard options behind them."""

from __future__ import annotations

from typing import Any

import pytest

from ting.errors import NluError
from ting.nlu import IntentRecognizer
from ting.nlu.lists import build_list
from ting.nlu.names import build_names
from ting.nlu.wildcard import WildcardList

from .catalog import check

ZH: list[tuple[str, str | None, dict[str, Any]]] = [
    # an artist has no 的, a song may: split at the first 的
    ("播放陈奕迅的你的背包", "music.play", {"artist": "陈奕迅", "song": "你的背包"}),
    ("我想听林俊杰的她说的话", "music.play", {"artist": "林俊杰", "song": "她说的话"}),
    ("放一首王菲的我愿意", "music.play", {"artist": "王菲", "song": "我愿意"}),
    ("来点张学友的歌", "music.play", {"artist": "张学友"}),
    # the question's particle is the sentence's, not the reminder's
    ("你能在十分钟后提醒我关火吗", "reminder.set", {"time": "2025-03-14T09:40:00", "message": "关火"}),
    ("半小时后提醒我收衣服哈", "reminder.set", {"time": "2025-03-14T10:00:00", "message": "收衣服"}),
    ("能不能八点提醒我给花浇水啦", "reminder.set", {"time": "2025-03-14T20:00:00", "message": "给花浇水"}),
    # a repeat before 闹钟 is the recurrence, not a label; a purpose still is a label
    ("早上七点定个工作日的闹钟", "alarm.set", {"time": "2025-03-17T07:00:00", "recurrence": "weekdays"}),
    ("设一个周末的闹钟，早上九点", "alarm.set", {"recurrence": "weekends", "time": "2025-03-15T09:00:00"}),
    ("工作日的闹钟定在早上六点半", "alarm.set", {"recurrence": "weekdays", "time": "2025-03-17T06:30:00"}),
    ("晚上七点定个吃药的闹钟", "alarm.set", {"time": "2025-03-14T19:00:00", "label": "吃药"}),
    # a scene inside a longer sentence
    ("切换成睡眠模式", "home.activate_scene", {"scene": "sleep"}),
    ("把家里切换成离家模式", "home.activate_scene", {"scene": "away"}),
    ("家里调到观影模式", "home.activate_scene", {"scene": "movie"}),
    # 一些 / 低些 say how much: still the room's one AC, while 都 / 哪些 are all of a kind
    ("卧室空调调低一些，调到二十五度", "home.set_temperature", {"device": "bedroom_ac", "temperature": 25}),
    ("卧室空调调低些，调到二十五度", "home.set_temperature", {"device": "bedroom_ac", "temperature": 25}),
    ("卧室的灯都打开", "home.turn_on", {"area": "bedroom", "domain": "light"}),
]  # fmt: skip

A = "alarm.set"
EN: list[tuple[str, str | None, dict[str, Any]]] = [
    ("set a weekday alarm for 6:45 am", A, {"recurrence": "weekdays", "time": "2025-03-17T06:45:00"}),
    ("i'd like a weekend alarm at 9 am", A, {"recurrence": "weekends", "time": "2025-03-15T09:00:00"}),
    ("weekday alarm at 7 am", A, {"recurrence": "weekdays", "time": "2025-03-17T07:00:00"}),
    ("set a pasta alarm for 7 pm", A, {"label": "pasta", "time": "2025-03-14T19:00:00"}),
    ("put the house into movie mode", "home.activate_scene", {"scene": "movie"}),
    ("can you do the welcome home thing", "home.activate_scene", {"scene": "home"}),
    ("switch everything to sleep mode", "home.activate_scene", {"scene": "sleep"}),
    ("play the beatles album let it be", "music.play", {"artist": "the beatles", "album": "let it be"}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "intent", "slots"), ZH, ids=[row[0] for row in ZH])
def test_chinese_slot_readings(
    catalog_recognizer: IntentRecognizer, text: str, intent: str | None, slots: dict[str, Any]
) -> None:
    check(catalog_recognizer, text, intent, slots, "zh")


@pytest.mark.parametrize(("text", "intent", "slots"), EN, ids=[row[0] for row in EN])
def test_english_slot_readings(
    catalog_recognizer: IntentRecognizer, text: str, intent: str | None, slots: dict[str, Any]
) -> None:
    check(catalog_recognizer, text, intent, slots, "en")


def test_wildcard_options_are_read_as_tokens() -> None:
    built = build_list("message", {"wildcard": {"never_ends_with": ["吗", "Please"], "max_tokens": 4}})
    assert isinstance(built, WildcardList)
    assert built.never_ends_with == frozenset({"吗", "please"}) and built.max_tokens == 4
    names = build_names("artist", {"source": "media.artist", "open": {"never_spans": ["的"]}})
    assert names.open and names.words is not None and names.words.never_spans == frozenset({"的"})


@pytest.mark.parametrize(
    ("spec", "problem"),
    [
        ({"wildcard": {"never_spans": "的"}}, "must be a list of words"),
        ({"wildcard": {"never_ends_with": ["thank you"]}}, "single words"),
        ({"wildcard": {"max_words": 3}}, "takes only"),
        ({"wildcard": {"max_tokens": 0}}, "at least 1"),
    ],
)
def test_a_malformed_wildcard_option_is_a_clear_error(spec: dict[str, Any], problem: str) -> None:
    with pytest.raises(NluError, match=problem):
        build_list("message", spec)
