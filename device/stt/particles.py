"""A sentence-final 了 that Whisper wrote as another syllable, offered back to the NLU.

Whisper base on its 10 s window often hears the light, toneless 了 (le) that ends a Mandarin clause as a
nasal syllable with an initial near l: 我到家门, 不用冷, 把衣服晾冷, 准备睡凌，晚安啦, 听逆轮 (men, leng,
ling, lun, wen...): the vowel runs into the silence after it and the model hears a nasal coda. The rule is
by sound, not by a list of characters: a clause's last character, when its usual reading starts with l,
n, m or w and ends in -n or -ng, may be a 了. The recognizer offers the repaired text after all of
Whisper's own hypotheses and the NLU decides (a household that says 把门 or 开灯 keeps its word: the
original is tried first and a template reads it).
"""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, pinyin

CLAUSE_BREAK = "，"
"""How a Mandarin transcript marks a break between clauses (``ting.device.stt.whisper.normalize``)."""
LE = "了"
_INITIALS = ("l", "n", "m", "w")
_CODAS = ("n", "ng")


@lru_cache(maxsize=4096)
def sounds_like_final_le(char: str) -> bool:
    """Whether ``char`` is a syllable Whisper writes for a clause-final 了: its usual reading starts
    with l/n/m/w and ends in a nasal (门 men, 冷 leng, 灵 ling, 轮 lun, 闻 wen); 了 itself is not."""
    if len(char) != 1 or not "\u4e00" <= char <= "\u9fff" or char == LE:
        return False
    readings = pinyin(char, style=Style.NORMAL, errors="ignore")
    reading = readings[0][0] if readings and readings[0] else ""
    return reading.startswith(_INITIALS) and reading.endswith(_CODAS)


def with_final_le(text: str) -> str | None:
    """``text`` with the last character of each clause (of two or more characters) that sounds like a
    clause-final 了 written as 了; None when there is none."""
    clauses = text.split(CLAUSE_BREAK)
    repaired = [
        clause[:-1] + LE if len(clause) >= 2 and sounds_like_final_le(clause[-1]) else clause
        for clause in clauses
    ]
    return CLAUSE_BREAK.join(repaired) if repaired != clauses else None
