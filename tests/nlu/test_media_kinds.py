"""Playback commands (and a ringing alarm's) as a verb with what is playing (docs/nlu.md, "Phrasing
kinds"): the object ("the music", "the track", 这首) and the direction (往回, "back one") combine with the
verbs of each intent."""

from __future__ import annotations

from typing import Any

import pytest

from ting.nlu import IntentRecognizer

from .catalog import check

CASES: list[tuple[str, str, str, dict[str, Any]]] = [
    ("zh", "这首跳过去", "music.next", {}),
    ("zh", "把这首歌切了", "music.next", {}),
    ("zh", "往回切一首", "music.previous", {}),
    ("zh", "把上一首再放一遍", "music.previous", {}),
    ("zh", "别再放音乐了", "music.stop", {}),
    ("zh", "把声音开一半", "volume.set", {"level": 50}),
    ("zh", "声儿小点", "volume.change", {"direction": "down"}),
    ("en", "put the track on hold", "music.pause", {}),
    ("en", "freeze the song", "music.pause", {}),
    ("en", "get the music back", "music.resume", {}),
    ("en", "keep the tunes playing", "music.resume", {}),
    ("en", "enough songs for tonight", "music.stop", {}),
    ("en", "move past this song", "music.next", {}),
    ("en", "jump back a track", "music.previous", {}),
    # the alarm's sound hushed
    ("en", "hush the alarm", "alarm.stop", {}),
    ("en", "no more ringing", "alarm.stop", {}),
    ("en", "make the ringing stop", "alarm.stop", {}),
    ("zh", "闹铃别叫了", "alarm.stop", {}),
    ("zh", "把正在响的闹铃关了", "alarm.stop", {}),
    # a timer dropped, object first (<dropped>: 不要了, 用不着了, 不需要了, 停了 ...)
    ("zh", "倒计时用不着了", "timer.cancel", {}),
    ("zh", "定时器已经不需要了", "timer.cancel", {}),
    ("zh", "别再计时了", "timer.cancel", {}),
]


@pytest.mark.parametrize(("lang", "text", "intent", "slots"), CASES, ids=[case[1] for case in CASES])
def test_playback_kinds(
    catalog_recognizer: IntentRecognizer, lang: str, text: str, intent: str, slots: dict[str, Any]
) -> None:
    check(catalog_recognizer, text, intent, slots, lang)


SYSTEM = [
    ("what types of questions could I ask you", "system.help"),
    ("what kind of tasks can you handle", "system.help"),
    ("tell me all the commands you know", "system.help"),
    ("disregard what i asked", "system.cancel"),
    ("forget that", "system.cancel"),
]
NOW_WORDS = ["这会儿是几点", "此刻几点了", "眼下什么时间"]


@pytest.mark.parametrize("text", NOW_WORDS)
def test_now_said_other_ways(catalog_recognizer: IntentRecognizer, text: str) -> None:
    check(catalog_recognizer, text, "system.time", {}, "zh")


@pytest.mark.parametrize(("text", "intent"), SYSTEM, ids=[text for text, _ in SYSTEM])
def test_help_and_taking_back(catalog_recognizer: IntentRecognizer, text: str, intent: str) -> None:
    check(catalog_recognizer, text, intent, {}, "en")
