"""The household as Whisper's initial prompt, bounded: a few commands said as people say them, with the
household's first two rooms in them (Mandarin and English; ``names_prompt``, the skills' key words, then
the rooms and the devices, is what both had before).

Whisper continues its prompt's style and vocabulary: a room or device name in it is written as the
household spells it (客厅 rather than 课厅), and simplified characters in it pull the output towards them.
Both 打开-style and 关掉-style verbs are there (a prompt with only one of them makes Whisper hear it in
place of the other). A bare list of names is what Whisper base writes back for sounds it cannot place on
its 10 s window (a sentence-final 了 as 门, from 门锁, 门厅, 车库门…; 门锁门锁 for babble): Mandarin gets
whole sentences instead, which held 98 of 177 spoken dev commands right against 77 for the list
(docs/benchmarks.md); the same with a sentence naming every room held 95 (the registry's 门厅 and 车库
bring 门 back), so the rooms are not listed. The prompt is bounded because each of its tokens is decoded
again for every command (~224 tokens is Whisper's own limit).

English (tiny.en, in the hybrid with Whisper's 5 best): the sentences, which also show Whisper how a
household writes times and numbers (7:30 am, 24 degrees, 10 minutes), held 97 of 138 spoken dev commands
right against 91 for the list (docs/benchmarks.md).
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
SENTENCES = {
    "zh": (
        "把{room}的灯打开。",
        "{room2}空调调到二十六度。",
        "现在几点了？",
        "明天天气怎么样？",
        "定一个早上七点的闹钟。",
        "播放音乐，暂停一下。",
    ),
    "en": (
        "Turn on the {room} light.",
        "Turn off the {room2} lights.",
        "Set the air conditioner to 24 degrees.",
        "Close the curtains.",
        "Turn off the TV.",
        "What time is it?",
        "Wake me up at 7:30 am.",
        "Set a timer for 10 minutes.",
        "Remind me to call Mom at 6 pm.",
        "What's the weather tomorrow?",
        "Play some jazz.",
        "Pause the music.",
        "Turn the volume up.",
        "Next song.",
    ),
}
"""Commands in the skills' words, as sentences: ``{room}`` and ``{room2}`` are the household's first two
rooms (the second falls back to the first). English ones are joined with a space."""
_SEPARATOR = {"zh": "，", "en": ", "}
_SENTENCE_SEPARATOR = {"en": " "}
_END = {"zh": "。", "en": "."}


def household_prompt(household: Household, lang: str, *, max_chars: int) -> str:
    """Within ``max_chars``: sentences (Mandarin, English), or key words, rooms, devices (first name of
    each, then the others)."""
    if max_chars <= 0:
        return ""
    if lang in SENTENCES:
        return _sentence_prompt(household, lang, max_chars)
    return names_prompt(household, lang, max_chars=max_chars)


def names_prompt(household: Household, lang: str, *, max_chars: int) -> str:
    """Key words, rooms, devices as a list within ``max_chars`` (English's prompt; Mandarin's before
    its sentences, kept for the benchmark's comparison)."""
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


def _sentence_prompt(household: Household, lang: str, max_chars: int) -> str:
    """Whole sentences only: the bound drops the last ones, never cuts one."""
    rooms = [names[0] for names in (area.names.get(lang, ()) for area in household.areas.values()) if names]
    fill = {
        "room": rooms[0] if rooms else "",
        "room2": rooms[1] if len(rooms) > 1 else rooms[0] if rooms else "",
    }
    sentences = [s.format(**fill) for s in SENTENCES[lang] if rooms or "{room" not in s]
    separator = _SENTENCE_SEPARATOR.get(lang, "")
    prompt = ""
    for sentence in sentences:
        longer = f"{prompt}{separator}{sentence}" if prompt else sentence
        if len(longer) > max_chars:
            break
        prompt = longer
    return prompt
