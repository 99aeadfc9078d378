"""Chinese sentences of the system and home skills over the demo household: text -> intent + slots."""

from __future__ import annotations

from typing import Any

import pytest

from ting.nlu import IntentRecognizer

CASES: list[tuple[str, str, dict[str, Any]]] = [
    # system
    ("现在几点了", "system.time", {}),
    ("几点了", "system.time", {}),
    ("现在 几点 了？", "system.time", {}),
    ("今天几号", "system.date", {}),
    ("今天星期几", "system.date", {}),
    ("你能做什么", "system.help", {}),
    ("你会干啥", "system.help", {}),
    ("算了", "system.cancel", {}),
    ("不用了", "system.cancel", {}),
    # on / off
    ("把客厅的灯打开", "home.turn_on", {"device": "living_room_light"}),
    ("把 客厅 的 灯 打开", "home.turn_on", {"device": "living_room_light"}),
    ("请把客厅灯打开吧", "home.turn_on", {"device": "living_room_light"}),
    ("帮我把电视打开", "home.turn_on", {"device": "tv"}),
    ("打开电视", "home.turn_on", {"device": "tv"}),
    ("客厅灯打开", "home.turn_on", {"device": "living_room_light"}),
    ("开灯", "home.turn_on", {"domain": "light"}),
    ("关灯", "home.turn_off", {"domain": "light"}),
    ("把灯关了", "home.turn_off", {"domain": "light"}),
    ("关掉热水器", "home.turn_off", {"device": "water_heater"}),
    ("把抽油烟机打开", "home.turn_on", {"device": "range_hood"}),
    ("油烟机关一下", "home.turn_off", {"device": "range_hood"}),
    ("打开卧室的空调", "home.turn_on", {"device": "bedroom_ac"}),  # the bedroom's one AC
    ("把卧室空调关掉", "home.turn_off", {"device": "bedroom_ac"}),
    ("把主卧的灯关上", "home.turn_off", {"device": "bedroom_light"}),
    ("关闭书房灯", "home.turn_off", {"device": "desk_lamp"}),
    ("打开台灯", "home.turn_on", {"device": "desk_lamp"}),
    ("打开浴室的灯", "home.turn_on", {"area": "bathroom", "domain": "light"}),
    ("关掉所有的灯", "home.turn_off", {"domain": "light"}),
    ("把窗帘拉开", "home.turn_on", {"device": "living_room_curtain"}),
    ("拉上窗帘", "home.turn_off", {"device": "living_room_curtain"}),
    ("打开窗帘", "home.turn_on", {"device": "living_room_curtain"}),
    ("把 TV 打开", "home.turn_on", {"device": "tv"}),
    # brightness
    ("卧室灯亮度调到百分之二十", "home.set_brightness", {"device": "bedroom_light", "brightness": 20}),
    ("把台灯亮度调到50%", "home.set_brightness", {"device": "desk_lamp", "brightness": 50}),
    ("把客厅灯调到百分之三十", "home.set_brightness", {"device": "living_room_light", "brightness": 30}),
    ("亮度调到八十", "home.set_brightness", {"brightness": 80}),
    (
        "把卧室的灯亮度都调成一百",
        "home.set_brightness",
        {"area": "bedroom", "brightness": 100},  # no domain: the catalog gives set_brightness none
    ),
    ("把卧室的灯亮度调成一百", "home.set_brightness", {"device": "bedroom_light", "brightness": 100}),
    # superlatives: brightest = 100, dimmest = 1
    ("最亮", "home.set_brightness", {"brightness": 100}),
    ("调到最亮", "home.set_brightness", {"brightness": 100}),
    ("亮度最大", "home.set_brightness", {"brightness": 100}),
    ("把亮度调到最大", "home.set_brightness", {"brightness": 100}),
    ("把台灯调到最亮", "home.set_brightness", {"device": "desk_lamp", "brightness": 100}),
    ("客厅灯亮度最大", "home.set_brightness", {"device": "living_room_light", "brightness": 100}),
    ("最暗", "home.set_brightness", {"brightness": 1}),
    ("调到最暗", "home.set_brightness", {"brightness": 1}),
    ("亮度调到最低", "home.set_brightness", {"brightness": 1}),
    ("把卧室灯调到最暗", "home.set_brightness", {"device": "bedroom_light", "brightness": 1}),
    # temperature
    ("客厅空调调到二十六度", "home.set_temperature", {"device": "living_room_ac", "temperature": 26}),
    ("把卧室空调调到24度", "home.set_temperature", {"device": "bedroom_ac", "temperature": 24}),
    ("空调调到二十五度", "home.set_temperature", {"temperature": 25}),  # climate is implied
    ("把温度调到二十二度", "home.set_temperature", {"temperature": 22}),
    ("卧室空调开二十六度", "home.set_temperature", {"device": "bedroom_ac", "temperature": 26}),
    ("客厅空调设为二十三点五度", "home.set_temperature", {"device": "living_room_ac", "temperature": 23.5}),
    # state
    ("客厅灯开着吗", "home.get_state", {"device": "living_room_light"}),
    ("电视关了吗", "home.get_state", {"device": "tv"}),
    ("热水器开了没有", "home.get_state", {"device": "water_heater"}),
    ("卧室的灯是开着的吗", "home.get_state", {"device": "bedroom_light"}),
    ("窗帘拉开了吗", "home.get_state", {"device": "living_room_curtain"}),
    ("空调现在是什么状态", "home.get_state", {"domain": "climate"}),
    # scenes
    ("观影模式", "home.activate_scene", {"scene": "movie"}),
    ("我要看电影", "home.activate_scene", {"scene": "movie"}),
    ("打开观影模式", "home.activate_scene", {"scene": "movie"}),
    ("我要睡觉了", "home.activate_scene", {"scene": "sleep"}),
    ("晚安", "home.activate_scene", {"scene": "sleep"}),
    ("切换到睡眠模式", "home.activate_scene", {"scene": "sleep"}),
    ("我出门了", "home.activate_scene", {"scene": "away"}),
    ("我回来了", "home.activate_scene", {"scene": "home"}),
    ("回家模式", "home.activate_scene", {"scene": "home"}),
]


@pytest.mark.parametrize(("text", "intent", "slots"), CASES, ids=[case[0] for case in CASES])
def test_chinese(recognizer: IntentRecognizer, text: str, intent: str, slots: dict[str, Any]) -> None:
    result = recognizer.recognize(text, lang="zh")
    assert result is not None, text
    assert (result.intent_name, result.slot_values()) == (intent, slots)
    assert result.lang == "zh"


@pytest.mark.parametrize("text", ["今天我很开心", "我喜欢乌龟", "打开", "灯", "客厅", "你好吗"])
def test_non_commands(recognizer: IntentRecognizer, text: str) -> None:
    assert recognizer.recognize(text, lang="zh") is None


def test_spaced_asr_output_matches_like_unspaced(recognizer: IntentRecognizer) -> None:
    spaced = recognizer.recognize("把 卧室 空调 调到 二十 六 度")
    plain = recognizer.recognize("把卧室空调调到二十六度")
    assert spaced is not None and plain is not None
    assert spaced.slot_values() == plain.slot_values() == {"device": "bedroom_ac", "temperature": 26}


def test_slot_spans(recognizer: IntentRecognizer) -> None:
    text = "把 客厅 的 灯 打开"
    result = recognizer.recognize(text)
    assert result is not None
    (slot,) = result.slots
    assert (slot.raw_value, slot.start, slot.end, text[slot.start : slot.end]) == (
        "客厅 的 灯",
        2,
        8,
        "客厅 的 灯",
    )
    temperature = recognizer.recognize("客厅空调调到二十六度")
    assert temperature is not None
    assert [(slot.name, slot.raw_value, slot.kind) for slot in temperature.slots][1] == (
        "temperature",
        "二十六",
        "Number",
    )


def test_site_area(recognizer: IntentRecognizer) -> None:
    result = recognizer.recognize("关灯", area="bedroom")
    assert result is not None and result.slot_values() == {"domain": "light", "area": "bedroom"}
    brightness = recognizer.recognize("亮度调到百分之十", area="study")
    assert brightness is not None and brightness.slot_values() == {"brightness": 10, "area": "study"}
    scene = recognizer.recognize("晚安", area="bedroom")
    assert scene is not None and scene.slot_values() == {"scene": "sleep"}
    named = recognizer.recognize("打开厨房灯", area="bedroom")
    assert named is not None and named.slot_values() == {"device": "kitchen_light"}


def test_intents(recognizer: IntentRecognizer) -> None:
    assert recognizer.intents >= {
        "system.time", "system.date", "system.help", "system.cancel", "home.turn_on", "home.turn_off",
        "home.set_brightness", "home.set_temperature", "home.get_state", "home.activate_scene",
    }  # fmt: skip
