"""What the system skill says, per language (data, not f-strings scattered in handlers)."""

from __future__ import annotations

from collections.abc import Mapping

from ting.skills.sdk.phrases import Phrases

PHRASES: Mapping[str, Mapping[str, str]] = {
    "time": {"en": "It's {time}.", "zh": "现在是{time}。"},
    "date": {"en": "Today is {date}.", "zh": "今天是{date}。"},
    "help": {"en": "I can {abilities}.", "zh": "我可以{abilities}。"},
    "cancel": {"en": "OK.", "zh": "好的。"},
}

CAPABILITIES: Mapping[str, Mapping[str, str]] = {
    "home": {"en": "control your smart home", "zh": "控制家里的灯、空调和场景"},
    "alarms": {"en": "set alarms, timers and reminders", "zh": "定闹钟、计时器和提醒"},
    "weather": {"en": "tell you the weather", "zh": "查天气"},
    "music": {"en": "play music", "zh": "放音乐"},
    "media": {"en": "play music and set the volume", "zh": "放音乐、调音量"},
    "system": {"en": "tell you the time", "zh": "报时间和日期"},
}
"""Skill name -> what it lets the user do, for ``system.help``. Other skills are not listed."""


say = Phrases(PHRASES).say
"""The phrase ``key`` in ``lang`` (Chinese when the language is unknown), filled in."""
