"""The household as Whisper's initial prompt: the skills' key words, then the rooms and the devices, bounded.

Whisper continues its prompt's style and vocabulary: a room or device name in it is written as the household
spells it (客厅 rather than 课厅), and simplified characters in it pull the output towards them. The key words
come first so that a long household never pushes them out: both 打开-style and 关掉-style verbs are there (a
prompt with only one of them makes Whisper hear it in place of the other). The prompt is bounded because each
of its tokens is decoded again for every command (~224 tokens is Whisper's own limit; far fewer are needed).
"""

from __future__ import annotations

from collections.abc import Iterable

from ting.nlu.registry import Household

KEY_WORDS = {
    "zh": (
        "打开",
        "关掉",
        "关闭",
        "调到",
        "度",
        "亮度",
        "窗帘",
        "现在几点",
        "闹钟",
        "提醒",
        "天气",
        "播放",
        "暂停",
    ),
    "en": (
        "turn on",
        "turn off",
        "switch off",
        "set",
        "dim",
        "degrees",
        "percent",
        "what time is it",
        "alarm",
        "timer",
        "weather",
        "play",
        "stop",
    ),
}
"""The skills' verbs and the words their sentences hinge on, per language."""
_SEPARATOR = {"zh": "，", "en": ", "}
_END = {"zh": "。", "en": "."}


def household_prompt(household: Household, lang: str, *, max_chars: int) -> str:
    """Key words, rooms, devices (first name of each, then the others), within ``max_chars``."""
    if max_chars <= 0:
        return ""
    names = [
        *KEY_WORDS.get(lang, ()),
        *_names(area.names.get(lang, ()) for area in household.areas.values()),
        *_names(device.names.get(lang, ()) for device in household.devices.values()),
    ]
    separator = _SEPARATOR.get(lang, ", ")
    prompt = ""
    for name in dict.fromkeys(names):
        longer = f"{prompt}{separator}{name}" if prompt else name
        if len(longer) + 1 > max_chars:
            break
        prompt = longer
    return prompt + _END.get(lang, ".") if prompt else ""


def _names(groups: Iterable[tuple[str, ...]]) -> list[str]:
    """Every group's first name before any group's second one (a bound cuts aliases, not rooms)."""
    groups = [group for group in groups if group]
    ordered: list[str] = []
    for rank in range(max((len(group) for group in groups), default=0)):
        ordered.extend(group[rank] for group in groups if rank < len(group))
    return ordered
