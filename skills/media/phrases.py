"""What the media skill says, per language: what was understood, and that no player is set up."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

NOT_SET_UP = {
    "en": "I understood: {what}. But no music player is set up yet.",
    "zh": "我听懂了：{what}。不过播放器还没有设置好。",
}
ACTIONS: Mapping[str, Mapping[str, str]] = {
    "music.play": {"en": "play music", "zh": "放音乐"},
    "music.pause": {"en": "pause", "zh": "暂停"},
    "music.resume": {"en": "resume", "zh": "继续播放"},
    "music.stop": {"en": "stop the music", "zh": "停止播放"},
    "music.next": {"en": "next track", "zh": "下一首"},
    "music.previous": {"en": "previous track", "zh": "上一首"},
    "volume.set": {"en": "volume to {level}", "zh": "音量调到{level}"},
    "volume.change": {"en": "volume {direction}", "zh": "音量调{direction}"},
}
DIRECTIONS = {"up": {"en": "up", "zh": "大"}, "down": {"en": "down", "zh": "小"}}
PLAY_DETAILS = ("genre", "artist", "song", "album", "playlist")


def describe(intent: str, lang: str, slots: Mapping[str, Any]) -> str:
    """A short restatement of the request ("play music: genre jazz")."""
    code = "en" if lang == "en" else "zh"
    level = slots.get("level")
    direction = DIRECTIONS.get(str(slots.get("direction")), {}).get(code, "")
    action = ACTIONS.get(intent, {"en": intent, "zh": intent})[code]
    text = action.format(level=_number(level), direction=direction)
    details = [f"{name} {slots[name]}" for name in PLAY_DETAILS if slots.get(name)]
    if details:
        text += (": " if code == "en" else "：") + ", ".join(details)
    return text


def not_set_up(lang: str, what: str) -> str:
    return NOT_SET_UP["en" if lang == "en" else "zh"].format(what=what)


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)
