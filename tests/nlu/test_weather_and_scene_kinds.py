"""Phrasing kinds written for these tests: a weather city and a date side by side with nothing between
them (上海明天 / "London tomorrow"), in either order, followed by a yes/no or attribute question; saying
what one is doing instead of naming a scene (我到家了 / "we're heading out"); and a half said after the
unit (二十六度半); a question wrapped in "tell me" (告诉我, 能……吗). The reference time is a Friday
(tests/nlu/catalog.py)."""

from __future__ import annotations

from typing import Any

import pytest

from ting.errors import NluError
from ting.nlu import IntentRecognizer, load_household
from ting.nlu.sentences import parse_sentences

from .catalog import NOW, check

W, S, T = "weather.get", "home.activate_scene", "home.set_temperature"
SAT, SUN = "2025-03-15", "2025-03-16"

ZH: list[tuple[str, str, dict[str, Any]]] = [
    ("广州明天会不会下雪", W, {"location": "Guangzhou", "date": SAT}),
    ("明天广州热不热", W, {"location": "Guangzhou", "date": SAT}),
    ("深圳后天冷吗", W, {"location": "Shenzhen", "date": SUN}),
    ("周日武汉有雾吗", W, {"location": "Wuhan", "date": SUN}),
    ("厦门明天晚上几度", W, {"location": "Xiamen", "date": SAT}),
    ("南京周日湿度多少", W, {"location": "Nanjing", "date": SUN}),
    ("杭州后天的气温多少度", W, {"location": "Hangzhou", "date": SUN}),
    ("明天下午打雷吗", W, {"date": SAT}),
    ("后天出门要穿大衣吗", W, {"date": SUN}),
    ("明天适合爬山吗", W, {"date": SAT}),
    ("帮我看看苏州明天的天气", W, {"location": "Suzhou", "date": SAT}),
    ("咱们要看电影了", S, {"scene": "movie"}),
    ("我们已经到家了", S, {"scene": "home"}),
    ("我先出发了", S, {"scene": "away"}),
    ("累了，我去睡了", S, {"scene": "sleep"}),
    ("把卧室空调调到二十三度半", T, {"device": "bedroom_ac", "temperature": 23.5}),
    ("客厅空调温度二十度半", T, {"device": "living_room_ac", "temperature": 20.5}),
    ("卧室空调调到22度半", T, {"device": "bedroom_ac", "temperature": 22.5}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "intent", "slots"), ZH, ids=[t[0] for t in ZH])
def test_chinese_kinds(
    catalog_recognizer: IntentRecognizer, text: str, intent: str, slots: dict[str, Any]
) -> None:
    check(catalog_recognizer, text, intent, slots, "zh")


EN: list[tuple[str, str, dict[str, Any]]] = [
    ("Madrid tomorrow, will it snow", W, {"location": "Madrid", "date": SAT}),
    ("Vienna on Sunday weather", W, {"location": "Vienna", "date": SUN}),
    ("forecast tomorrow Toronto", W, {"location": "Toronto", "date": SAT}),
    ("Sydney tomorrow do I need an umbrella", W, {"location": "Sydney", "date": SAT}),
    ("will it be stormy in Dubai on Sunday", W, {"location": "Dubai", "date": SUN}),
    ("any snow in Moscow tomorrow", W, {"location": "Moscow", "date": SAT}),
    ("should I wear a scarf tomorrow", W, {"date": SAT}),
    ("how cold will it get tomorrow night", W, {"date": SAT}),
    ("is a heatwave coming", W, {}),
    ("will it be chilly tonight", W, {"date": "2025-03-14"}),  # tonight is today's date, not a filler
    ("get the forecast in Rome for Sunday", W, {"location": "Rome", "date": SUN}),
    ("we're off to work", S, {"scene": "away"}),
    ("hi honey we're back", S, {"scene": "home"}),
    ("good night folks", S, {"scene": "sleep"}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "intent", "slots"), EN, ids=[t[0] for t in EN])
def test_english_kinds(
    catalog_recognizer: IntentRecognizer, text: str, intent: str, slots: dict[str, Any]
) -> None:
    check(catalog_recognizer, text, intent, slots, "en")


WRAPPED: list[tuple[str, str, dict[str, Any], str]] = [
    ("告诉我现在几点了", "system.time", {}, "zh"),
    ("能把声音调到三十吗", "volume.set", {"level": 30}, "zh"),
    ("跟我说说你会什么", "system.help", {}, "zh"),
    ("再让我睡五分钟", "alarm.snooze", {"duration": 300}, "zh"),
    ("有没有设闹钟", "alarm.list", {}, "zh"),
    ("can you tell me what alarms we've got", "alarm.list", {}, "en"),
    ("let me know how long is left on the timer", "timer.status", {}, "en"),
    ("can you tell me the date", "system.date", {}, "en"),  # templates with "tell me" still read it
]  # fmt: skip


@pytest.mark.parametrize(("text", "intent", "slots", "lang"), WRAPPED, ids=[t[0] for t in WRAPPED])
def test_wrapped_in_tell_me(
    catalog_recognizer: IntentRecognizer, text: str, intent: str, slots: dict[str, Any], lang: str
) -> None:
    """A question or command inside "tell me" / 告诉我 / 能……吗 (fillers of every intent)."""
    check(catalog_recognizer, text, intent, slots, lang)


G = "home.get_state"
STATE_QUESTIONS: list[tuple[str, dict[str, Any], str]] = [
    ("客厅空调是不是已经关了", {"device": "living_room_ac"}, "zh"),
    ("台灯亮没亮", {"device": "desk_lamp"}, "zh"),
    ("电视是开着还是关着的", {"device": "tv"}, "zh"),
    ("热水器还在运行吗", {"device": "water_heater"}, "zh"),
    ("find out if the living room AC is running", {"device": "living_room_ac"}, "en"),
    ("what is the living room AC set to", {"device": "living_room_ac"}, "en"),
    ("is the tv still going", {"device": "tv"}, "en"),
]


def test_off_spelled_of(catalog_recognizer: IntentRecognizer) -> None:
    """Speech recognizers print "turn of the ..." for "turn off the ..."."""
    check(
        catalog_recognizer, "switch of the kitchen light", "home.turn_off", {"device": "kitchen_light"}, "en"
    )


@pytest.mark.parametrize(("text", "slots", "lang"), STATE_QUESTIONS, ids=[t[0] for t in STATE_QUESTIONS])
def test_state_questions(
    catalog_recognizer: IntentRecognizer, text: str, slots: dict[str, Any], lang: str
) -> None:
    """Yes/no-or-not (开没开), either-or (开着还是关着) and "still running" questions about one device."""
    check(catalog_recognizer, text, G, slots, lang)


def test_kinds_do_not_accept_chatter(catalog_recognizer: IntentRecognizer) -> None:
    for text, lang in [
        ("我们出去吃饭了", "zh"),
        ("明天我要去上海", "zh"),
        ("今天一度半的差别", "zh"),
        ("告诉我一个秘密", "zh"),
        ("让我想想", "zh"),
        ("I'm out of milk", "en"),
        ("tell me a story", "en"),
        ("你是不是还在", "zh"),
        ("what's the plan set to", "en"),
        ("we're going to Paris tomorrow", "en"),
    ]:
        assert catalog_recognizer.recognize(text, lang=lang) is None, text


def test_implied_slots_are_not_reported_unless_they_differ() -> None:
    """``implied_slots``: a slot value the intent itself means is left out; any other value is kept."""
    data = parse_sentences(
        {
            "intents": {"demo.set_level": ["把{domain}调到{level}"]},
            "lists": {"level": {"range": {"from": 0, "to": 100}}},
            "implied_slots": {"demo.set_level": {"domain": "light"}},
        },
        "zh",
    )
    recognizer = IntentRecognizer([data], load_household(None))
    plain = recognizer.recognize("把灯调到五十", lang="zh", now=NOW)
    other = recognizer.recognize("把空调调到五十", lang="zh", now=NOW)
    assert plain is not None and plain.slot_values() == {"level": 50}
    assert other is not None and other.slot_values() == {"domain": "climate", "level": 50}


def test_implied_slots_must_be_a_mapping() -> None:
    with pytest.raises(NluError, match="implied_slots"):
        parse_sentences({"intents": {"demo.x": ["好"]}, "implied_slots": {"demo.x": ["domain"]}}, "zh")
