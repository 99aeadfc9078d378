"""Sentences that talk about something rather than ask for it are refused (ting/nlu/narration.py), by kind, in
both languages, on the shipped skills with the statistical second pass; the commands beside them are still
understood. Every sentence here was written for this test (none is from the corpus)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.nlu.aquarium import builtin_files
from ting.nlu import IntentRecognizer, load_household
from ting.nlu.fallback import FallbackOptions
from ting.nlu.narration import narrates, negated

NOW = datetime(2026, 11, 24, 9, 15, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(scope="module")
def with_pass() -> IntentRecognizer:
    return IntentRecognizer.from_files(builtin_files(), load_household(None), fallback=FallbackOptions())


# (lang, what is refused, the command said to ting with the same words, its intent)
PAIRS = [
    # someone else's doing
    ("en", "she set an alarm for six", "set an alarm for six", "alarm.set"),
    ("en", "the kids turned the tv on", "turn the tv on", "home.turn_on"),
    ("zh", "我弟弟把卧室的灯关了", "把卧室的灯关了", "home.turn_off"),
    ("zh", "他定了一个七点的闹钟", "定一个七点的闹钟", "alarm.set"),
    ("zh", "孩子们把电视打开了", "打开电视", "home.turn_on"),
    # one's own habit or past
    ("en", "I usually set my alarm for half past six", "set an alarm for six", "alarm.set"),
    ("zh", "我平时早上六点半起床", "定一个七点的闹钟", "alarm.set"),
    # a question about the past
    ("en", "who switched off the kitchen light", "switch the bedroom light off", "home.turn_off"),
    ("zh", "谁把客厅的灯关的", "把卧室的灯关了", "home.turn_off"),
    # a wish
    ("en", "I wish the bedroom were warmer", "turn on the bedroom ac", "home.turn_on"),
    ("zh", "我希望客厅暖和一点", "打开客厅空调", "home.turn_on"),
    # what a device or the news says
    ("zh", "温度计显示卧室二十度", "打开客厅空调", "home.turn_on"),
    ("en", "the thermometer says it's 18 degrees in here", "turn on the bedroom ac", "home.turn_on"),
    # a regularity
    ("zh", "客厅的灯一开，猫就跑了", "打开客厅的灯", "home.turn_on"),
    ("en", "whenever the tv is on the cat hides", "turn the tv on", "home.turn_on"),
    # a negated command (no skill owns these negations)
    ("en", "don't stop the music", "stop the music", "music.stop"),
    ("zh", "不要停音乐", "关掉音乐", "music.stop"),
    ("zh", "别开卧室的灯", "打开客厅的灯", "home.turn_on"),
    # a past statement
    ("en", "the music at the party was too loud", "stop the music", "music.stop"),
]


@pytest.mark.parametrize(("lang", "refused", "command", "intent"), PAIRS, ids=[p[1] for p in PAIRS])
def test_a_sentence_about_it_is_refused_and_the_command_understood(
    with_pass: IntentRecognizer, lang: str, refused: str, command: str, intent: str
) -> None:
    assert with_pass.recognize(refused, lang=lang, now=NOW) is None
    found = with_pass.recognize(command, lang=lang, now=NOW)
    assert found is not None and found.intent_name == intent


ACCEPTED = [
    # a narrating side clause is left out, the command beside it is read
    ("en", "my son is asleep, stop the music", "music.stop", {}),
    ("zh", "我儿子睡着了，把音乐关了", "music.stop", {}),
    # a command verb first: its object may name people and the past (a song, a message)
    ("en", "play Yesterday by the Beatles", "music.play", {"song": "Yesterday", "artist": "the Beatles"}),
    ("en", "remind me to call my sister at 5", "reminder.set", {"message": "call my sister"}),
    # negations a skill owns, and "don't forget" (asks for it)
    ("zh", "别放了", "music.stop", {}),
    ("zh", "别忘了关卧室的灯", "home.turn_off", {"device": "bedroom_light"}),
    ("en", "never mind", "system.cancel", {}),
    # one's own settings asked about in the past tense; what one said
    ("en", "what alarms did I set", "alarm.list", {}),
    ("en", "forget what I said", "system.cancel", {}),
]


@pytest.mark.parametrize(("lang", "text", "intent", "slots"), ACCEPTED, ids=[a[1] for a in ACCEPTED])
def test_commands_with_such_words_are_still_understood(
    with_pass: IntentRecognizer, lang: str, text: str, intent: str, slots: dict[str, str]
) -> None:
    found = with_pass.recognize(text, lang=lang, now=NOW)
    assert found is not None and found.intent_name == intent
    assert slots.items() <= found.slot_values().items()


@pytest.mark.parametrize(
    ("lang", "clause", "expected"),
    [
        ("en", "my sister turned off the lights", True),
        ("en", "my sister's room light", False),  # an owner, not a subject
        ("en", "I usually wake up at 7", True),
        ("en", "I'd like the lights off", False),
        ("en", "what did you just say", True),
        ("en", "which alarms did I set", False),
        ("en", "I left the lights on last night", True),
        ("zh", "我妈总是七点叫我", True),
        ("zh", "我妈的房间", False),
        ("zh", "明天八点以前叫我", False),  # 以前: before, not the past
        ("zh", "放一首小时候听的歌", False),  # a command verb first
        ("zh", "这首歌是谁唱的", True),
    ],
)
def test_which_clauses_narrate(lang: str, clause: str, expected: bool) -> None:
    words = clause.lower().split() if lang == "en" else list(clause)
    assert narrates(words, lang) is expected


@pytest.mark.parametrize(
    ("lang", "clause", "expected"),
    [
        ("en", "don't turn on the light", True),
        ("en", "do not set an alarm", True),
        ("en", "don't forget to turn off the oven", False),
        ("en", "never mind", False),
        ("zh", "别开灯", True),
        ("zh", "千万不要关空调", True),
        ("zh", "别忘了关灯", False),
    ],
)
def test_which_clauses_are_negated(lang: str, clause: str, expected: bool) -> None:
    words = clause.lower().split() if lang == "en" else list(clause)
    assert negated(words, lang) is expected


def test_a_kind_of_device_the_home_lacks_is_never_the_reading() -> None:
    home = load_household(None)
    without = replace(home, devices={k: d for k, d in home.devices.items() if d.domain != "vacuum"})
    lacking = IntentRecognizer.from_files(builtin_files(), without)
    having = IntentRecognizer.from_files(builtin_files(), home)
    found = having.recognize("扫一下地", lang="zh", now=NOW)
    assert found is not None and found.slot_values().get("domain") == "vacuum"
    assert lacking.recognize("扫一下地", lang="zh", now=NOW) is None
