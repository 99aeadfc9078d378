"""Mandarin as speech recognizers print it, with no punctuation (round 15, issue 13): a remark and a command
run together are read as with a mark between them, by kind (ting/nlu/clauses.py ``_zh_unmarked``): after a
final particle, at a pause (呃, 那个), at 我 or one of the household after a command, at 把 after a remark,
at 然后; what stays refused near them; and news or a television programme is no song (``never_holds``).
Sentences written for these tests, none taken from a corpus; the templates alone (the second pass is tested
elsewhere)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from ting.errors import NluError
from ting.nlu import IntentRecognizer
from ting.nlu.clauses import clauses
from ting.nlu.normalize import tokenize
from ting.nlu.wildcard import build_wildcard

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Tuesday

RUN_TOGETHER: list[tuple[str, str, dict[str, Any]]] = [
    # a pause before the command: 那个, or 呃 / 嗯 (left out of the tokens, found between them)
    ("我一会儿要做饭那个油烟机帮我打开", "home.turn_on", {"device": "range_hood"}),
    ("有点冷呃卧室空调调到二十六度", "home.set_temperature", {"device": "bedroom_ac", "temperature": 26}),
    ("书房好暗嗯台灯调到百分之八十", "home.set_brightness", {"device": "desk_lamp", "brightness": 80}),
    # the speaker's own situation after the command
    ("把音乐暂停我有个电话", "music.pause", {}),
    ("定个明早六点的闹钟我要去赶火车", "alarm.set", {"time": "2026-03-11T06:00:00"}),
    # 把 beginning the command after a remark
    ("客厅黑漆漆的把客厅灯打开", "home.turn_on", {"device": "living_room_light"}),
    # a remark after 一下 or a final particle; someone of the household's situation after the command
    ("先暂停一下门铃响了", "music.pause", {}),
    ("再让我睡五分钟嘛求求你了", "alarm.snooze", {"duration": 300}),
    ("麻烦声音小一点孩子在写作业", "volume.change", {"direction": "down"}),
    # 然后: the later command, as with marks
    ("小听把客厅灯打开然后放首歌", "music.play", {}),
]


def _read(recognizer: IntentRecognizer, text: str) -> tuple[str, dict[str, Any]] | None:
    found = recognizer.recognize(text, lang="zh", now=NOW)
    return None if found is None else (found.intent_name, found.slot_values())


@pytest.mark.parametrize(("text", "intent", "slots"), RUN_TOGETHER, ids=[row[0] for row in RUN_TOGETHER])
def test_run_together_as_a_recognizer_prints_it_reads_as_with_a_mark(
    catalog_recognizer: IntentRecognizer, text: str, intent: str, slots: dict[str, Any]
) -> None:
    assert _read(catalog_recognizer, text) == (intent, slots)


@pytest.mark.parametrize(
    "text",
    [
        "我昨天把灯关了",  # a story: 把 after its subject begins no clause
        "这个空调开二十六度我觉得刚好",  # 我觉得 judges what was said: an opinion, no command
        "我回来了才发现忘了买酱油",  # 才 carries the sentence on after 了
        "闹钟不用响了取消",  # a bare verb after 了 is said of the alarm, not a never mind of its own
        # news and television are no music (no intent of the catalog has them)
        "播一下今天的新闻联播",
        "放一下新闻",
        "给我放个综艺节目",
        "打开电视剧频道",
    ],
)
def test_near_them_what_is_no_command_stays_refused(catalog_recognizer: IntentRecognizer, text: str) -> None:
    assert catalog_recognizer.recognize(text, lang="zh", now=NOW) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("播放周杰伦的晴天", ("music.play", {"artist": "周杰伦", "song": "晴天"})),
        ("把下午三点那个闹钟删掉", ("alarm.cancel", {"time": "2026-03-10T15:00:00"})),  # 那个: that one
        ("我要睡了把卧室灯关了吧", ("home.turn_off", {"device": "bedroom_light"})),
    ],
)
def test_what_read_before_still_reads(
    catalog_recognizer: IntentRecognizer, text: str, expected: tuple[str, dict[str, Any]]
) -> None:
    assert _read(catalog_recognizer, text) == expected


@pytest.mark.parametrize(
    ("text", "starts", "remarks_before"),
    [
        ("太吵了小点声", [0, 3], []),  # after a particle: either side may be the command
        ("有点热那个空调关了", [0, 3], [3]),  # a pause: what comes before it is the remark
        ("六点那个闹钟删掉", [0], []),  # 那个 after a time is "that one", no pause
        ("先暂停我接个电话", [0, 3], []),
        ("提醒我接个电话", [0], []),  # 我 is what 提醒 acts on
        ("帮我给孩子定个闹钟", [0], []),  # and 孩子 what 给 is for
        ("太吵了，小点声", [0, 3], []),  # a mark: as before, no rule of its own
    ],
)
def test_where_an_unmarked_clause_begins(text: str, starts: list[int], remarks_before: list[int]) -> None:
    parts = clauses(text, tokenize(text), "zh")
    assert list(parts.starts) == starts
    assert [at for at, join in parts.joins.items() if join.remark_before] == remarks_before


def test_never_holds_takes_phrases() -> None:
    song = build_wildcard("song", {"never_holds": ["新闻", "节目"]})
    assert song.never_holds == (("新", "闻"), ("节", "目"))
    with pytest.raises(NluError, match="never_holds"):
        build_wildcard("song", {"never_holds": "新闻"})
