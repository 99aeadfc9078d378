"""What the home skill says, per language. ``{devices}`` is a list of device names already joined.

English names get "the" in front (``the kitchen light``); a sentence starting with a name is
capitalized by ``say``.
"""

from __future__ import annotations

from collections.abc import Mapping

from ting.skills.home.kind_phrases import KIND_PHRASES
from ting.skills.sdk.phrases import Phrases

PHRASES: Mapping[str, Mapping[str, str]] = {
    # Done.
    "turned_on": {"en": "Turned on {devices}.", "zh": "好的，{devices}已打开。"},
    "turned_off": {"en": "Turned off {devices}.", "zh": "好的，{devices}已关闭。"},
    "opened": {"en": "Opened {devices}.", "zh": "好的，{devices}已打开。"},
    "closed": {"en": "Closed {devices}.", "zh": "好的，{devices}已关上。"},
    "brightness_set": {
        "en": "Set {devices} to {percent} percent.",
        "zh": "好的，{devices}亮度已调到百分之{percent}。",
    },
    "temperature_set": {"en": "Set {devices} to {degrees} degrees.", "zh": "{devices}已调到{degrees}度。"},
    "scene_on": {"en": "{scene} is on.", "zh": "已开启{scene}。"},
    # States.
    "state_on": {"en": "{device} {be} on.", "zh": "{device}开着。"},
    "state_off": {"en": "{device} {be} off.", "zh": "{device}关着。"},
    "state_open": {"en": "{device} {be} open.", "zh": "{device}开着。"},
    "state_closed": {"en": "{device} {be} closed.", "zh": "{device}关着。"},
    "state_brightness": {
        "en": "{device} {be} at {percent} percent.",
        "zh": "{device}开着，亮度百分之{percent}。",
    },
    "state_temperature": {
        "en": "{device} {be} on, set to {degrees} degrees.",
        "zh": "{device}开着，温度{degrees}度。",
    },
    # Problems.
    "which_device": {"en": "Which device do you mean?", "zh": "您想控制哪个设备？"},
    "unknown_device": {"en": "I don't know that device.", "zh": "我不认识这个设备。"},
    "nothing_there": {
        "en": "I couldn't find a device like that in the {area}.",
        "zh": "{area}没有这样的设备。",
    },
    "elsewhere": {
        "en": "{device} {be} not in the {area}: it's in the {home}.",
        "zh": "{device}不在{area}，在{home}。",
    },
    "nothing_in_home": {"en": "I couldn't find a device like that.", "zh": "家里没有这样的设备。"},
    "cannot_dim": {"en": "{device} can't be dimmed.", "zh": "{device}不能调亮度。"},
    "no_temperature": {"en": "{device} has no temperature setting.", "zh": "{device}不能调温度。"},
    "which_brightness": {"en": "What brightness would you like?", "zh": "要调到多少亮度？"},
    "which_temperature": {"en": "What temperature would you like?", "zh": "要调到多少度？"},
    "brightness_range": {
        "en": "Brightness goes from 0 to 100 percent.",
        "zh": "亮度只能在百分之零到百分之一百之间。",
    },
    "temperature_range": {
        "en": "{device} can be set between {low} and {high} degrees.",
        "zh": "{device}只能调到{low}到{high}度之间。",
    },
    "unknown_scene": {"en": "I don't know that scene.", "zh": "我不知道这个场景。"},
    "failed": {"en": "Sorry, {device} didn't respond.", "zh": "抱歉，{device}没有响应。"},
    "unavailable": {
        "en": "Sorry, {device} can't be reached right now.",
        "zh": "抱歉，{device}现在连接不上。",
    },
}


_PHRASES = Phrases({**PHRASES, **KIND_PHRASES})


def say(key: str, lang: str, **values: str) -> str:
    """The phrase ``key`` in ``lang`` (Chinese when unknown), filled in, first letter capitalized."""
    text = _PHRASES.say(key, lang, **values)
    return text[:1].upper() + text[1:]
