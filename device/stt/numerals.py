"""A 十 (shí) after a Chinese numeral that Whisper wrote as another shi syllable, written back as 十.

Whisper base on its 10 s window writes the 十 of 六十 as 师 or 时 (音量给我六师, 音量给我六时: dev
commands heard so in clean speech and in noise), and the NLU then reads volume 6. The rule is by sound:
a character read ``shi`` right after 一…九 or 两 is taken for 十. Unlike the clause-final 了
(``ting.device.stt.particles``) it is not offered after Whisper's own text for the NLU to choose: the
NLU reads 六师 as 6 surely (0.99) and 六十 as 60 less so (0.9, 给我 skipped), so the text is rewritten
in place. A command rarely says a numeral and then 时, 是, 事 or 室 (people say 六点, not 六时).
"""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, pinyin

TEN = "十"
_NUMERALS = frozenset("一二三四五六七八九两")


@lru_cache(maxsize=4096)
def sounds_like_ten(char: str) -> bool:
    """Whether ``char`` is a Chinese character read ``shi`` (any tone) other than 十 itself."""
    if len(char) != 1 or not "\u4e00" <= char <= "\u9fff" or char == TEN:
        return False
    readings = pinyin(char, style=Style.NORMAL, errors="ignore")
    return bool(readings and readings[0]) and readings[0][0] == "shi"


def with_ten(text: str) -> str | None:
    """``text`` with every shi syllable after a numeral written as 十; None when there is none."""
    chars = list(text)
    for index in range(1, len(chars)):
        if chars[index - 1] in _NUMERALS and sounds_like_ten(chars[index]):
            chars[index] = TEN
    repaired = "".join(chars)
    return repaired if repaired != text else None
