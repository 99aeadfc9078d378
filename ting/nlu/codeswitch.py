"""English command words in a Mandarin sentence, read as the Mandarin words (帮我set个alarm, 这首skip掉,
volume调到五十, 把周六早上八点的alarm cancel掉): people who speak both switch to English for the words they
use on their phones. A sentence mostly of Chinese is read so first, one mostly of English last (after it is
read as said: "play some music by 周杰伦" stays English); 播放Yesterday keeps its title (not a command word).
Each English token becomes the Mandarin tokens, spanning the English word as heard."""

from __future__ import annotations

from collections.abc import Mapping

from ting.nlu.language import is_cjk
from ting.nlu.normalize import Token

MANDARIN: Mapping[str, tuple[str, ...]] = {
    **{word: ("闹", "钟") for word in ("alarm", "alarms", "clock")},
    **{word: ("计", "时", "器") for word in ("timer", "timers", "countdown")},
    **{word: ("提", "醒") for word in ("reminder", "remind")},
    **{word: ("音", "乐") for word in ("music",)},
    **{word: ("歌",) for word in ("song", "songs")},
    **{word: ("音", "量") for word in ("volume", "vol")},
    "brightness": ("亮", "度"),
    "weather": ("天", "气"),
    **{word: ("灯",) for word in ("light", "lights", "lamp")},
    "check": ("查",),
    "set": ("定",),
    "cancel": ("取", "消"),
    "delete": ("删", "除"),
    "snooze": ("贪", "睡"),
    "start": ("开",),
    "open": ("打", "开"),
    "close": ("关",),
    "play": ("播", "放"),
    "pause": ("暂", "停"),
    "resume": ("继", "续"),
    "skip": ("跳", "过"),
    "next": ("下", "一", "首"),
    "back": ("回",),
    "stop": ("停",),
    "mute": ("静", "音"),
}
"""English word -> the Mandarin tokens read in its place (words a template says: 闹钟, 取消, 下一首)."""


def code_switched(tokens: tuple[Token, ...]) -> tuple[Token, ...] | None:
    """``tokens`` with the English command words of a Mandarin sentence read as Mandarin, or None when it
    has no Chinese or no such word."""
    if not any(token.text in MANDARIN for token in tokens) or not any(is_cjk(t.text[0]) for t in tokens):
        return None
    out: list[Token] = []
    for token in tokens:
        words = MANDARIN.get(token.text)
        out.extend((token,) if words is None else (Token(word, token.start, token.end) for word in words))
    return tuple(out)


def mostly_chinese(tokens: tuple[Token, ...]) -> bool:
    """More of ``tokens`` are Chinese characters than other words."""
    chinese = sum(1 for token in tokens if is_cjk(token.text[0]))
    return chinese > len(tokens) - chinese
