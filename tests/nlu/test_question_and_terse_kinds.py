"""Phrasing kinds written once in the skills' sentence data (docs/nlu.md, "Phrasing kinds"): ability
questions, a day checked, the clock named, the value or the object first, what is playing named with who
played it, a day beside a list question, forgot-to questions; and 百分之百 read as a hundred. The reference
time is a Friday (tests/nlu/catalog.py)."""

from __future__ import annotations

from typing import Any

import pytest

from ting.nlu import IntentRecognizer

from .catalog import check

H, D, T = "system.help", "system.date", "system.time"
CASES: list[tuple[str, str, str | None, dict[str, Any]]] = [
    # who, how often and what, in one family
    ("zh", "它一般都能帮我干些什么", H, {}),
    ("zh", "你可以控制家里的设备吗", H, {}),
    ("zh", "新手教程", H, {}),
    ("en", "what commands do you know", H, {}),
    ("en", "give me a list of features", H, {}),
    ("en", "show me how i can use you", H, {}),
    # a day checked, the calendar named, the clock named
    ("zh", "今儿是不是周六", D, {}),
    ("zh", "今天新历几号", D, {}),
    ("en", "which day is it", D, {}),
    ("en", "what does your clock show", T, {}),
    ("en", "say the time please", T, {}),
    # never mind said twice over
    ("zh", "没事儿，不要了", "system.cancel", {}),
    # the value first, the object first, what is playing with who played it
    ("en", "twenty three degrees in the study", "home.set_temperature", {"area": "study", "temperature": 23}),
    ("en", "the music on pause", "music.pause", {}),
    ("en", "continue the album i was listening to", "music.resume", {}),
    ("en", "kick it up a notch", "volume.change", {"direction": "up"}),
    ("zh", "声音大一丢丢", "volume.change", {"direction": "up"}),
    ("zh", "音量弄到二十五", "volume.set", {"level": 25}),
    ("zh", "声音开到百分之百", "volume.set", {"level": 100}),
    ("zh", "刚刚那首歌接着播", "music.resume", {}),
    ("zh", "音乐先到这里吧", "music.stop", {}),
    ("zh", "前一首来", "music.previous", {}),
    # a complaint beside a command: the command is taken
    ("zh", "声音太大了，音量调到十", "volume.set", {"level": 10}),
    ("en", "i can't hear it, set the volume to 70", "volume.set", {"level": 70}),
    ("en", "too loud", "volume.change", {"direction": "down"}),
    # the object first, then the verb (on "it", or a polite verb after it)
    ("en", "the tea timer, stop it", "timer.cancel", {}),
    ("zh", "周六早上八点的闹钟你帮我设一下", "alarm.set", {"time": "2025-03-15T08:00:00"}),
    ("zh", "晚上九点定个吃维生素的闹钟", "alarm.set", {"time": "2025-03-14T21:00:00", "label": "吃维生素"}),
    ("zh", "闹钟都定了几个", "alarm.list", {}),
    ("zh", "周日早上九点的闹钟你帮我关掉", "alarm.cancel", {"time": "2025-03-16T09:00:00"}),
    ("zh", "把后天的闹钟读一下", "alarm.list", {}),
    ("zh", "等二十分钟再喊我", "alarm.snooze", {"duration": 1200}),
    ("zh", "计个半小时的时", "timer.set", {"duration": 1800}),
    ("zh", "计时器就别计了", "timer.cancel", {}),
    ("zh", "计时器走到哪了", "timer.status", {}),
    ("zh", "能把闹钟都清掉吗", "alarm.cancel", {"all": True}),
    ("zh", "叫它闭嘴", "alarm.stop", {}),
    ("zh", "定个泡茶的计时器，三分钟", "timer.set", {"label": "泡茶", "duration": 180}),
    ("en", "how much time does my timer have left", "timer.status", {}),
    ("en", "time left on that", "timer.status", {}),
    (
        "en",
        "how warm will it get in Denver on Sunday",
        "weather.get",
        {"location": "Denver", "date": "2025-03-16"},
    ),
    ("en", "are we going to need sunglasses tomorrow", "weather.get", {"date": "2025-03-15"}),
    ("en", "did someone leave the tv on in the living room", "home.get_state", {"device": "tv"}),
    ("en", "ignore my last question", "system.cancel", {}),
    ("en", "jump back to that track", "music.previous", {}),
    ("en", "run a ten minute timer", "timer.set", {"duration": 600}),
    ("en", "please get the house ready for the night", "home.activate_scene", {"scene": "sleep"}),
    # a day beside a list question: it only shapes the question
    ("en", "have i got any alarms on sunday", "alarm.list", {}),
    # 给 before the verb, a value then 的亮度, forgot to switch it, which one still on
    ("zh", "把厨房灯给关了", "home.turn_off", {"device": "kitchen_light"}),
    (
        "zh",
        "卧室灯调到百分之四十的亮度",
        "home.set_brightness",
        {"device": "bedroom_light", "brightness": 40},
    ),
    ("zh", "热水器是不是忘了关", "home.get_state", {"device": "water_heater"}),
    ("zh", "家里现在还有哪几盏灯开着", "home.get_state", {"domain": "light"}),
]


@pytest.mark.parametrize(("lang", "text", "intent", "slots"), CASES, ids=[case[1] for case in CASES])
def test_question_and_terse_kinds(
    catalog_recognizer: IntentRecognizer, lang: str, text: str, intent: str | None, slots: dict[str, Any]
) -> None:
    check(catalog_recognizer, text, intent, slots, lang)
