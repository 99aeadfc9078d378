"""Mandarin phrasing kinds of round 11 (issue 13), each written once and checked with sentences written for
these tests in the corpus writers' styles (none taken from a corpus): a second clause run on without a mark
after a final particle or the speaker's errand (歌停了吧别再放了, 先把音乐暂停我去接个电话); a task named with
its length as a timer (煮饺子十二分钟) and a timer set for someone else (帮她掐个十分钟的表); English verbs
in Mandarin before and after the thing (帮我start一个countdown，五分钟, 闹钟stop掉, 帮我play一下); the
snooze's length in a clause of its own (晚点再叫我，再过十分钟); a timer named as 定的时 / 计时的; 儿化 on
the nouns commands name (天儿, 歌儿). Refusals near each new form are here too. The templates alone read
them (the catalog recognizer has no second pass)."""

from __future__ import annotations

from typing import Any

import pytest

from ting.nlu import IntentRecognizer
from ting.nlu.clauses import conjunctions
from ting.nlu.normalize import tokenize

from .catalog import check

TIMER, SNOOZE, STATUS = "timer.set", "alarm.snooze", "timer.status"
ZH: list[tuple[str, str | None, dict[str, Any]]] = [
    # run on without a mark: a command said again, or begun by what it acts on, after a final particle
    ("歌停了吧别再放了", "music.stop", {}),
    ("客人都走了音乐接着放吧", "music.resume", {}),
    ("视频会议开完了音乐继续放吧", "music.resume", {}),
    ("声音小点吧把音量调到二十", "volume.set", {"level": 20}),
    # the speaker's errand run on after the command
    ("先把音乐暂停我去接个电话", "music.pause", {}),
    # still refused: the same particles and 我去 in what one tells
    ("我刚才听了周杰伦的歌", None, {}),
    ("昨天我去听了音乐会", None, {}),
    ("我去超市买点东西", None, {}),
    ("孩子睡了吧我去做饭", None, {}),
    # a task and its length, nothing else: a timer named by the task
    ("煮饺子十二分钟", TIMER, {"label": "煮饺子", "duration": 720}),
    ("敷面膜，二十分钟", TIMER, {"label": "敷面膜", "duration": 1200}),
    ("蒸包子一刻钟", TIMER, {"label": "蒸包子", "duration": 900}),
    ("烤红薯四十分钟计时", TIMER, {"label": "烤红薯", "duration": 2400}),
    # still a snooze, or refused: the speaker, a question, a trip's or a song's length
    ("再睡二十分钟", SNOOZE, {"duration": 1200}),
    ("我跑了半小时", None, {}),
    ("他跑步跑了半个小时", None, {}),
    ("泡面要煮三分钟吗", None, {}),
    ("还有五分钟", None, {}),
    ("上班路上四十分钟", None, {}),
    ("坐地铁二十分钟", None, {}),
    ("这首歌三分钟", None, {}),
    ("面膜二十块钱", None, {}),
    # set for someone else: still the speaker's request
    ("帮她掐个十分钟的表", TIMER, {"duration": 600}),
    ("给孩子定个二十分钟的计时器", TIMER, {"duration": 1200}),
    ("给他设个七点的闹钟", "alarm.set", {"time": "2025-03-14T19:00:00"}),
    # English verbs in Mandarin, the length in a clause after the timer, the verb after the thing
    ("帮我start一个countdown，五分钟", TIMER, {"duration": 300}),
    ("开个计时器，时间设成八分钟", TIMER, {"duration": 480}),
    ("闹钟stop掉", "alarm.stop", {}),
    ("alarm停下来", "alarm.stop", {}),
    ("帮我play一下", "music.play", {}),
    ("拨一下我妈的电话", None, {}),  # 拨 sounds like 播: 放一下 alone is music, 播一下 is not written
    ("帮我open一下台灯", "home.turn_on", {"device": "desk_lamp"}),
    ("把台灯close掉", "home.turn_off", {"device": "desk_lamp"}),
    ("start是开始的意思", None, {}),
    ("我的timer呢", None, {}),
    # the snooze's length said in a clause of its own, before or after
    ("晚点再叫我，再过十分钟", SNOOZE, {"duration": 600}),
    ("就五分钟，闹钟等会儿再响", SNOOZE, {"duration": 300}),
    ("闹钟二十分钟以后再响", SNOOZE, {"duration": 1200}),
    # the timer named as 定的时 / 计时的 / 某某的那个计时
    ("我之前定的时还剩多久", STATUS, {}),
    ("计时的还有几分钟", STATUS, {}),
    ("烤红薯的那个计时，到哪了", STATUS, {}),
    # 儿化 on the nouns commands name
    ("北京后天天儿怎么样", "weather.get", {"location": "Beijing", "date": "2025-03-16"}),
    ("来首歌儿", "music.play", {}),
    ("天儿真好", None, {}),
    ("我不喜欢这首歌儿", None, {}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "intent", "slots"), ZH, ids=[row[0] for row in ZH])
def test_mandarin_round11_kinds(
    catalog_recognizer: IntentRecognizer, text: str, intent: str | None, slots: dict[str, Any]
) -> None:
    check(catalog_recognizer, text, intent, slots, "zh")


def _run_ons(text: str) -> list[int]:
    return [join.at for join in conjunctions([token.text for token in tokenize(text)], "zh")]


@pytest.mark.parametrize(
    ("text", "at"),
    [
        ("歌停了吧别放了", [4]),  # 别 after 吧
        ("电话打完了音乐接着放吧", [5]),  # what is acted on after 了
        ("先把歌暂停我去倒个水", [5]),  # the speaker's errand after the command
        # 我去 right at the start begins nothing; 把 after a clause begins one, as a mark would (round 15:
        # Mandarin as recognizers print it, tests/nlu/test_mandarin_unmarked.py)
        ("暂停一下把灯打开", [4]),
        ("我去倒个水", []),
    ],
)
def test_where_a_mandarin_run_on_begins(text: str, at: list[int]) -> None:
    assert _run_ons(text) == at
