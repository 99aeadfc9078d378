"""Phrasing kinds every skill gets without writing them: fillers, possessives, the site's room, stutters,
side clauses, calendar dates, recognizer digits, private slots (docs/nlu.md, "Phrasing kinds")."""

from __future__ import annotations

from typing import Any

import pytest

from ting.nlu import IntentRecognizer
from ting.nlu.clauses import clause_starts
from ting.nlu.fillers import skip_costs
from ting.nlu.normalize import tokenize

from .catalog import NOW, check

T0935, T2000 = "2025-03-14T09:35:00", "2025-03-14T20:00:00"
CASES: list[tuple[str, str, str | None, dict[str, Any]]] = [
    # possessives and the site's own room are skipped like fillers
    ("zh", "我家厨房灯打开", "home.turn_on", {"device": "kitchen_light"}),
    ("zh", "把咱家的电视关了", "home.turn_off", {"device": "tv"}),
    ("en", "turn on our tv", "home.turn_on", {"device": "tv"}),
    # for whom, how long, how much: 给我 before the verb, "for a second", "completely"
    ("zh", "电视给我关了", "home.turn_off", {"device": "tv"}),
    ("zh", "音量给我调成三十", "volume.set", {"level": 30}),
    ("en", "pause the music for a second", "music.pause", {}),
    ("en", "stop the music completely", "music.stop", {}),
    # "wait" before a command, among the opening words only: no comma needed, as a recognizer prints it
    ("zh", "稍等把电视关了", "home.turn_off", {"device": "tv"}),
    ("zh", "等等下一首", "music.next", {}),
    ("en", "hang on a sec turn the tv off", "home.turn_off", {"device": "tv"}),
    ("en", "one second what's the date", "system.date", {}),
    # "you" before the verb after its object, asking leave to ask, remembering to, a rough number, a flourish
    ("zh", "电视你给我关了", "home.turn_off", {"device": "tv"}),
    ("zh", "想问一下现在几点", "system.time", {}),
    ("zh", "音量调到三十左右", "volume.set", {"level": 30}),
    ("zh", "观影模式走起", "home.activate_scene", {"scene": "movie"}),
    ("zh", "把书房里的灯关掉", "home.turn_off", {"device": "desk_lamp"}),
    ("zh", "帮我看看明天天气呗", "weather.get", {"date": "2025-03-15"}),
    ("en", "is it possible to turn the tv off", "home.turn_off", {"device": "tv"}),
    # a reason after "while": not the command
    ("en", "pause the music while i take this call", "music.pause", {}),
    # run on without a mark: what follows "let" / "its" is the reason
    ("en", "close the curtains let me sleep", "home.turn_off", {"device": "living_room_curtain"}),
    ("en", "turn the tv off its too late", "home.turn_off", {"device": "tv"}),
    # run on without a mark: a command word after a remark begins the command
    ("en", "the music is way too loud turn it down", "volume.change", {"direction": "down"}),
    ("en", "we're leaving now switch off the tv", "home.turn_off", {"device": "tv"}),
    ("en", "my sister likes to switch off her phone at night", None, {}),
    # an exclamation beside a command yields to it
    ("en", "enough already, pause the music", "music.pause", {}),
    # a wildcard never ends with a filler phrase
    ("en", "play some miles davis for us", "music.play", {"artist": "miles davis"}),
    # saying what one is doing yields to a command in another clause
    ("zh", "我要出门了，把电视关了", "home.turn_off", {"device": "tv"}),
    ("en", "we're heading out, turn off the tv", "home.turn_off", {"device": "tv"}),
    ("en", "we're heading out, bye", "home.activate_scene", {"scene": "away"}),
    # colloquial words as their standard forms (啥 = 什么, 咋 = 怎么): every template gets them
    ("zh", "厨房里有啥还开着吗", "home.get_state", {"area": "kitchen"}),
    ("zh", "明天天气咋样", "weather.get", {"date": "2025-03-15"}),
    ("zh", "现在啥时间了", "system.time", {}),
    # contractions without the apostrophe, a question wrapped in "do you know"
    ("en", "whats the date today", "system.date", {}),
    ("en", "i dont need the timer anymore", "timer.cancel", {}),
    ("en", "do you know what day it is", "system.date", {}),
    # "N more minutes": the duration read whole
    ("en", "snooze for 15 more minutes", "alarm.snooze", {"duration": 900}),
    ("en", "let me sleep ten more minutes", "alarm.snooze", {"duration": 600}),
    ("en", "just a few more minutes", "alarm.snooze", {}),
    # hesitations inside a slot
    ("en", "wake me up tomorrow at uh 6 in the morning", "alarm.set", {"time": "2025-03-15T06:00:00"}),
    ("en", "set a timer for um ten minutes", "timer.set", {"duration": 600}),
    # ... and 给我 / 帮我 in a message stay there
    (
        "zh",
        "晚上八点提醒我给我妈打电话",
        "reminder.set",
        {"time": "2025-03-14T20:00:00", "message": "给我妈打电话"},
    ),
    (
        "zh",
        "十分钟后提醒我帮我儿子拿快递",
        "reminder.set",
        {"time": "2025-03-14T09:40:00", "message": "帮我儿子拿快递"},
    ),
    # stutters, with or without a filler between
    ("zh", "把……把电视关掉", "home.turn_off", {"device": "tv"}),
    ("en", "turn off the uh the tv", "home.turn_off", {"device": "tv"}),
    ("zh", "帮我帮我定一个明天早上七点的闹钟", "alarm.set", {"time": "2025-03-15T07:00:00"}),
    # a command in its own clause beside a remark
    ("zh", "好热啊，把客厅空调打开", "home.turn_on", {"device": "living_room_ac"}),
    ("en", "it's dark in the study, turn on the desk lamp", "home.turn_on", {"device": "desk_lamp"}),
    # calendar dates and recognizer digits
    ("en", "set an alarm for March 20th at 6 am", "alarm.set", {"time": "2025-03-20T06:00:00"}),
    ("en", "wake me up on the 2nd at 8 am", "alarm.set", {"time": "2025-04-02T08:00:00"}),
    ("zh", "四月一号早上八点叫我", "alarm.set", {"time": "2025-04-01T08:00:00"}),
    ("zh", "二十号早上八点叫我", "alarm.set", {"time": "2025-03-20T08:00:00"}),
    ("en", "set an alarm for 645 am", "alarm.set", {"time": "2025-03-15T06:45:00"}),
    # timers named by what they are for: the name is not a slot of timer.cancel / timer.status
    ("en", "cancel the laundry timer", "timer.cancel", {}),
    ("zh", "面包的计时器还剩多久", "timer.status", {}),
    # a private slot ({ordinal:_day}) matches but is not reported
    ("en", "is today the 14th", "system.date", {}),
    # a verb said as X一X (看一看, 关一关) is X一下; "gonna", "wanna"; a verb after "mind" in its plain form
    ("zh", "电视关一关", "home.turn_off", {"device": "tv"}),
    ("en", "is it gonna snow in rome tomorrow", "weather.get", {"location": "Rome", "date": "2025-03-15"}),
    ("en", "would you mind turning off the tv", "home.turn_off", {"device": "tv"}),
    # a look-up wrapper only at the start (帮我查一下…); inside a message it stays the message's
    ("zh", "帮我查一下明天北京的天气", "weather.get", {"location": "Beijing", "date": "2025-03-15"}),
    ("zh", "五分钟后提醒我查一下邮件", "reminder.set", {"time": T0935, "message": "查一下邮件"}),
    ("zh", "八点提醒我给我爸打电话", "reminder.set", {"time": T2000, "message": "给我爸打电话"}),
    # a question left open: "... or not"
    ("en", "is it going to rain tomorrow or not", "weather.get", {"date": "2025-03-15"}),
    # a wildcard never runs across a clause mark, never begins inside a word (放不下, 播报), and a city is
    # a few words
    ("zh", "太吵了，声音小一点", "volume.change", {"direction": "down"}),
    ("zh", "书架太满了，放不下新书", None, {}),
    ("zh", "播报一下明天的安排", None, {}),
    ("en", "the weather in Wales is always wet", None, {}),
    # a command and its reason joined by a conjunction, no marks printed: "so" / 所以 before the command,
    # "because" / 因为 before the reason
    ("en", "it's freezing so turn on the bedroom ac", "home.turn_on", {"device": "bedroom_ac"}),
    ("en", "turn off the tv because i'm going to bed", "home.turn_off", {"device": "tv"}),
    ("zh", "我要看书了所以把台灯打开", "home.turn_on", {"device": "desk_lamp"}),
    # the polite 您 and an older speaker's courtesies; typed chat shorthand
    ("zh", "劳驾您把电视关一下好吗", "home.turn_off", {"device": "tv"}),
    ("en", "pls wake me up at 6 am tmrw", "alarm.set", {"time": "2025-03-15T06:00:00"}),
    ("en", "can u turn the vol down", "volume.change", {"direction": "down"}),
    # "like" before a rough number or time; how the music should sound before its genre; a kind and a number
    ("en", "turn the volume to like 40", "volume.set", {"level": 40}),
    ("en", "play some mellow jazz", "music.play", {"genre": "jazz"}),
    ("zh", "来点舒缓的古典音乐", "music.play", {"genre": "classical"}),
    ("zh", "卧室空调二十五", "home.set_temperature", {"device": "bedroom_ac", "temperature": 25}),
    ("zh", "床头灯三十", "home.set_brightness", {"device": "bedroom_light", "brightness": 30}),
    # still not commands
    ("en", "the laundry is done, thanks", None, {}),
    ("zh", "我家的猫好可爱", None, {}),
]


@pytest.mark.parametrize(("lang", "text", "intent", "slots"), CASES, ids=[case[1] for case in CASES])
def test_phrasing_kind(
    catalog_recognizer: IntentRecognizer, lang: str, text: str, intent: str | None, slots: dict[str, Any]
) -> None:
    check(catalog_recognizer, text, intent, slots, lang)


def test_here_gives_the_site_area(catalog_recognizer: IntentRecognizer) -> None:
    result = catalog_recognizer.recognize("把这屋的灯关了", lang="zh", area="bedroom", now=NOW)
    assert result is not None and result.slot_values() == {"domain": "light", "area": "bedroom"}


def test_skips_cost_confidence(catalog_recognizer: IntentRecognizer) -> None:
    plain = catalog_recognizer.recognize("打开电视", lang="zh", now=NOW)
    padded = catalog_recognizer.recognize("嗯，好热，那个打开电视", lang="zh", now=NOW)
    assert plain is not None and padded is not None
    assert padded.intent_name == plain.intent_name and padded.confidence < plain.confidence


def test_stutter_skip_costs() -> None:
    tokens = ["the", "uh", "the", "tv"]
    assert skip_costs(tokens, "en")[0] == 2  # "the uh" skipped as one
    assert skip_costs(list("把把灯"), "zh")[0] == 1
    assert skip_costs(["tv", "on"], "en") == [None, None]


def test_clause_starts_ignore_ellipsis() -> None:
    text = "嗯……好热，开空调"
    tokens = tokenize(text)
    starts = clause_starts(text, [(token.start, token.end) for token in tokens])
    assert [tokens[index].text for index in starts] == ["嗯", "开"]
