"""Mandarin phrasing kinds of round 14 (issue 13), each fixed once by kind and checked with sentences
written for these tests (none taken from a corpus): ting's name and an opening 你 before the command, with
or without a mark (小听把书房的台灯关了, 你计时八分钟: no timer label 小听 / 你); a final particle after a
name (放张学友的吻别呗); a remark or a pointer after a media command is no title (家里来人了, 放下面那首);
the song that was playing (把刚才停下的歌再接着放吧) and 个 for a song (换个歌); a number after 零下 is
negative; and the second pass's new refusals: a thing acted on or asked about that its intent does not
know (把卡车里的空调打开), one's own plan, a report, a why-question, a when-clause. Near each, what must
stay."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from ting.nlu import IntentRecognizer, SentenceFile, discover_sentence_files, load_household
from ting.nlu.fallback import STATISTICAL, FallbackOptions
from ting.nlu.fallback.objects import in_a_when_clause, object_pairs
from ting.nlu.forms import asks_why, narrates
from ting.nlu.numbers import number_readings

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Tuesday
SKILLS = Path(__file__).resolve().parents[2] / "skills"
TIMER, PLAY = "timer.set", "music.play"

TEMPLATES: list[tuple[str, str, dict[str, Any]]] = [
    # ting's name first, no mark (as a recognizer prints it) or with one
    ("小听把书房的台灯关了", "home.turn_off", {"device": "desk_lamp"}),
    ("小听明早七点叫我", "alarm.set", {"time": "2026-03-11T07:00:00"}),
    ("小听上一首", "music.previous", {}),
    ("小听小听，几点了", "system.time", {}),
    # ... and no timer is named after it, nor after 你 or 快 (a task before the verb still names one)
    ("小听，计时八分钟", TIMER, {"duration": 480}),
    ("你计时八分钟", TIMER, {"duration": 480}),
    ("快计时八分钟", TIMER, {"duration": 480}),
    ("你开始倒计时两分钟", TIMER, {"duration": 120}),
    ("煮鸡蛋计时八分钟", TIMER, {"label": "煮鸡蛋", "duration": 480}),
    ("快递计时十分钟", TIMER, {"label": "快递", "duration": 600}),
    # 你 said first to ting; a template with 你 still reads it
    ("你把客厅的灯打开", "home.turn_on", {"device": "living_room_light"}),
    ("你暂停", "music.pause", {}),
    ("你会做什么", "system.help", {}),
    # a final particle is the request's, not the name's (a name may still begin with one)
    ("放张学友的吻别呗", PLAY, {"artist": "张学友", "song": "吻别"}),
    ("放首蔡琴哈", PLAY, {"artist": "蔡琴"}),
    ("放一首孙燕姿的遇见嘞", PLAY, {"artist": "孙燕姿", "song": "遇见"}),
    ("播放哈利路亚", PLAY, {"song": "哈利路亚"}),
    # a remark with 了 or a pointer (那首) after the command is no title
    ("把音乐停了吧，家里来人了", "music.stop", {}),
    ("这首不好听，跳过，放下面那首", "music.next", {}),
    ("放一首晴天", PLAY, {"song": "晴天"}),
    ("放首歌", PLAY, {}),
    # the song that was playing, said before or after the verb; 个 as a song's measure word
    ("接着放刚刚那首歌", "music.resume", {}),
    ("把刚才停下的歌再接着放吧", "music.resume", {}),
    ("能不能把刚才的音乐继续放一下", "music.resume", {}),
    ("换个歌", "music.next", {}),
    ("切到下一个歌", "music.next", {}),
    ("回到上一个歌", "music.previous", {}),
    ("再来一遍上一首", "music.previous", {}),
    # a temperature above zero is read as before
    ("空调调到二十三度", "home.set_temperature", {"temperature": 23}),
]


@pytest.mark.parametrize(("text", "intent", "slots"), TEMPLATES)
def test_round14_kinds(
    catalog_recognizer: IntentRecognizer, text: str, intent: str, slots: dict[str, Any]
) -> None:
    found = catalog_recognizer.recognize(text, lang="zh", now=NOW, statistical=False)
    assert found is not None
    assert (found.intent_name, found.slot_values()) == (intent, slots)


@pytest.mark.parametrize("text", ["把空调调到零下三度", "小听真聪明"])
def test_below_zero_and_the_name_alone_are_refused(catalog_recognizer: IntentRecognizer, text: str) -> None:
    assert catalog_recognizer.recognize(text, lang="zh", now=NOW, statistical=False) is None


def test_a_number_after_a_minus_word_is_negative_and_never_read_without_it() -> None:
    assert next(number_readings(list("零下十八度"), 0)) == (4, -18)
    assert list(number_readings(list("零下十八度"), 2)) == []
    assert next(number_readings(list("负五"), 0)) == (2, -5)
    assert next(number_readings(["minus", "five"], 0)) == (2, -5)
    assert next(number_readings(list("十八度"), 0)) == (2, 18)


@pytest.mark.parametrize(
    ("said", "pairs"),
    [
        ("把卡车里的空调打开", ["b:卡|车"]),
        ("帮我把平板调成静音", ["b:平|板"]),
        ("我下周的课表有哪些", ["b:的|课", "b:课|表"]),
        ("上海的人口有多少", ["b:的|人", "b:人|口"]),
        ("把灯关了", []),  # one character before the verb
        ("先把它停了", []),  # named before
        ("今天几号", []),
    ],
)
def test_the_thing_acted_on_or_asked_about(said: str, pairs: list[str]) -> None:
    assert object_pairs(list(said), "zh") == pairs


def test_a_slot_said_as_a_when_clause() -> None:
    assert in_a_when_clause(list("看球的时候别吃零食"), 2)
    assert not in_a_when_clause(list("卧室空调我走的时候关了没"), 4)  # the device is the question's


@pytest.mark.parametrize(
    ("text", "told"),
    [
        ("我下周二要去深圳开会", True),  # one's own plan
        ("我们明天下午三点要去医院复查", True),
        ("体重秤显示我胖了两斤", True),  # a report
        ("我下周二要去深圳，帮我查查那边天气", False),  # then asked of ting
        ("明天早上六点叫我", False),
    ],
)
def test_a_plan_or_a_report_tells(text: str, told: bool) -> None:
    assert narrates(text) is told


@pytest.mark.parametrize(
    ("text", "why"), [("你为什么不唱歌", True), ("你怎么不理我", True), ("为什么不把灯打开", False)]
)
def test_a_why_question(text: str, why: bool) -> None:
    assert asks_why(text) is why


def _files() -> list[SentenceFile]:
    folders = sorted(path for path in SKILLS.glob("*/sentences") if path.is_dir())
    return discover_sentence_files([(folder.parent.name, folder) for folder in folders])


@pytest.fixture(scope="module")
def second_passes() -> tuple[IntentRecognizer, IntentRecognizer]:
    """(the shipped second pass, the same without the object check)."""
    household = load_household(None)
    return (
        IntentRecognizer.from_files(_files(), household, fallback=FallbackOptions()),
        IntentRecognizer.from_files(_files(), household, fallback=FallbackOptions(objects=False)),
    )


# 把卡车里的空调打开 was a row: since out_of_scope19 is among the none examples (stop 40) the second
# pass refuses it without the check too
@pytest.mark.parametrize("text", ["把货车里的空调打开", "把汽车的空调调到二十度"])
def test_a_device_outside_the_home_is_refused_by_the_second_pass(
    second_passes: tuple[IntentRecognizer, IntentRecognizer], text: str
) -> None:
    shipped, without = second_passes
    assert shipped.recognize(text, now=NOW, statistical=False) is None
    then = without.recognize(text, now=NOW)
    assert then is not None and then.source == STATISTICAL  # what made it a false accept
    assert shipped.recognize(text, now=NOW) is None


@pytest.mark.parametrize(
    ("text", "intent", "source"),
    # since round 16 the templates read the when-clause (…的时候 ends a clause of its own)
    [("先把它停了吧", "alarm.stop", STATISTICAL), ("洗澡的时候放点音乐", PLAY, "templates")],
)
def test_a_pronoun_object_and_a_when_clause_before_the_command_are_still_read(
    second_passes: tuple[IntentRecognizer, IntentRecognizer], text: str, intent: str, source: str
) -> None:
    found = second_passes[0].recognize(text, now=NOW)
    assert found is not None and (found.intent_name, found.source) == (intent, source)
