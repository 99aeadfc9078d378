"""A value taken back and said again ("make the volume 60, no wait, 55", "set a timer for 10 minutes, I mean
15 minutes", "wake me at 7, make that 7:30"): the value said last is meant, so the first one and the words
taking it back are left out before matching, for every template that has a number, a time or a duration.

Only a value for a value: the words after the correction are all number, time or unit words, and the words
just before it are too; anything else ("turn it off, no wait, pause it") is left as said (English).
"""

from __future__ import annotations

import re

from ting.nlu.normalize import Token
from ting.nlu.numbers import parse_english_number

_MARKER_PHRASES = (
    *("no wait", "no no", "wait no", "no sorry", "sorry", "no make that", "make that", "no i mean"),
    *("i mean", "actually", "or rather", "correction", "no"),
    # a marker said with another (round 18): "50 ... actually no, 45", "6, no wait, make that half past six"
    *("actually no", "no actually", "no wait make that", "wait make that", "no wait i mean"),
)
MARKERS: tuple[tuple[str, ...], ...] = tuple(
    sorted((tuple(phrase.split()) for phrase in _MARKER_PHRASES), key=len, reverse=True)
)
"""Words that take back the value said just before them; the longest found first."""
_MARKER_FIRSTS = frozenset(marker[0] for marker in MARKERS)
UNITS = frozenset(
    {"am", "pm", "a.m.", "p.m.", "percent", "%", "degrees", "degree", "o'clock", "and", "a", "half"}
    | {"minute", "minutes", "hour", "hours", "second", "seconds", "min", "mins", "point"}
    | {"past", "quarter", "in", "the", "morning", "afternoon", "evening", "night"}
)
"""Words that belong to a value said with a number ("55 percent", "7:30 am", "an hour and a half", "6 in the
morning", "half past six")."""
_DIGITS = re.compile(r"\d+([:.]\d+)?%?")


def _value_word(text: str) -> bool:
    return bool(_DIGITS.fullmatch(text)) or text in UNITS or parse_english_number([text]) is not None


def self_corrected(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """``tokens`` with a value taken back and its correction marker left out (English), else as they are."""
    texts = [token.text for token in tokens]
    for at in range(len(texts) - 1, 0, -1):
        if texts[at] not in _MARKER_FIRSTS:
            continue  # no marker begins here (asked before the markers' slices, at every token)
        marker = next((m for m in MARKERS if tuple(texts[at : at + len(m)]) == m), None)
        if marker is None:
            continue
        tail = texts[at + len(marker) :]
        if not tail or not all(_value_word(text) for text in tail) or not any(_number(t) for t in tail):
            return tokens
        first = at
        while first > 0 and _value_word(texts[first - 1]):
            first -= 1
        if first == at:
            continue  # a marker's later words ("actually no, 45"): the whole marker begins further back
        if not any(_number(text) for text in texts[first:at]):
            return tokens
        return (*tokens[:first], *tokens[at + len(marker) :], *_part_kept(tokens[first:at], tail))
    return tokens


_PARTS = frozenset({"morning", "afternoon", "evening", "night"})
_HALVES = _PARTS | {"am", "pm", "a.m.", "p.m."}


def _part_kept(taken_back: tuple[Token, ...], tail: list[str]) -> tuple[Token, ...]:
    """The part of the day the taken-back time ended with ("6 in the morning"), kept when the correction says
    none ("no wait, make that half past six" is half past six in the morning)."""
    words = [token.text for token in taken_back]
    if len(words) < 3 or words[-3:-1] != ["in", "the"] or words[-1] not in _PARTS:
        return ()
    return () if _HALVES & set(tail) else taken_back[-3:]


def _number(text: str) -> bool:
    return text not in UNITS and _value_word(text)


MANDARIN_MARKERS: tuple[tuple[str, ...], ...] = tuple(
    sorted(
        (
            tuple(phrase)
            for phrase in (
                *("不对", "不是", "不不", "哦不", "噢不", "啊不", "欸不", "说错了", "我说错了", "错了"),
                *("应该是", "还是", "改成", "换成", "算了", "不", "我是说", "我的意思是"),
            )
        ),
        key=len,
        reverse=True,
    )
)
"""Words that take back the value said just before them (三十，不对，二十 / 七点，哦不，七点半);
the longest first. Said several times (不对不对) or with 是 after (不对，是二十), all are left out."""
_LOOSE_MARKERS = frozenset(tuple(marker) for marker in ("不是", "不", "还是", "改成", "换成"))
"""Markers that also join two values inside a sentence (今天是二十号不是二十一号吧, 七点还是八点): a
correction only after a pause (a mark or a space the recognizer printed), never run on."""
_ZH_AMOUNT_WORDS = frozenset(
    {
        *"零〇一二两三四五六七八九十百千万半点分钟刻秒度号月日周%几",
        *("小时", "个小时", "个半小时", "个钟头", "百分之"),
    }
)
"""Words of an amount said in Mandarin: numbers and units (digits are amounts too)."""
_ZH_DAY_WORDS = frozenset(
    {"早上", "上午", "中午", "下午", "晚上", "凌晨", "傍晚", "今天", "明天", "后天", "明早", "礼拜", "星期"}
)
"""Days and parts of the day: taken back with the amount only when the correction says one too (七点，不对，
七点半 keeps the 早上 said before it; 明天早上，不对，后天早上七点 replaces it)."""
_ZH_VALUE_WORDS = _ZH_AMOUNT_WORDS | _ZH_DAY_WORDS
_ZH_NUMBERS = frozenset("零〇一二两三四五六七八九十百千万半")
_ZH_ENDINGS = frozenset({"吧", "啊", "呀", "吗", "呢", "了", "就行", "就好", "就可以", "的"})
"""Said after the corrected value (二十吧, 二十就行): kept after it; 的 (不对，是七点半的: the one at half
past, round 18) is left out, the value said before it had its own."""
_LONGEST_WORD = 4
_MARKER_STARTS = frozenset(marker[0] for marker in MANDARIN_MARKERS)


def mandarin_self_corrected(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """``tokens`` with a Mandarin value taken back (把声音设成三十，不对，二十吧 -> 把声音设成二十吧;
    定个七点的闹钟，哦不，七点半 -> 定个七点半的闹钟): the last value before the marker is replaced by the
    value after it, and the marker is left out. Only a value for a value: after the marker only value
    words (and 吧 / 就行 …), and a value said before it; else ``tokens`` as they are ("不对，关灯" is no
    correction of a value)."""
    texts = [token.text for token in tokens]
    if not any(text in _MARKER_STARTS for text in texts):
        return tokens
    for at in range(1, len(texts)):  # the first marker: 不对不对 is one run of markers
        if texts[at] not in _MARKER_STARTS:
            continue  # no marker begins here
        end = _markers_end(texts, at)
        if end == at:
            continue
        first_marker = next(m for m in MANDARIN_MARKERS if tuple(texts[at : at + len(m)]) == m)
        if first_marker in _LOOSE_MARKERS and tokens[at].start <= tokens[at - 1].end:
            continue  # 今天是二十号不是二十一号吧: run on, two values compared
        tail = _value_run(texts, end)
        ending = end + tail
        while ending < len(texts) and (length := _word_at(texts, ending, _ZH_ENDINGS)):
            ending += length
        if tail == 0 or ending != len(texts) or not any(_is_number(t) for t in texts[end : end + tail]):
            continue
        said_day = any(text in _ZH_DAY_WORDS for text in _words(texts[end : end + tail]))
        first, last = _value_before(texts, at, _ZH_VALUE_WORDS if said_day else _ZH_AMOUNT_WORDS)
        if first is None:
            return tokens
        after = tuple(token for token in tokens[end + tail :] if token.text != "的")
        return (*tokens[:first], *tokens[end : end + tail], *tokens[last:at], *after)
    return tokens


def _markers_end(texts: list[str], at: int) -> int:
    """Where the run of correction markers that begins at ``at`` ends (``at``: none begins there)."""
    end = at
    while True:
        if end >= len(texts) or texts[end] not in _MARKER_STARTS:
            break
        marker = next((m for m in MANDARIN_MARKERS if tuple(texts[end : end + len(m)]) == m), None)
        if marker is None:
            break
        end += len(marker)
    if end > at and end < len(texts) and texts[end] == "是":
        end += 1  # 不对，是二十
    return end


def _word_at(texts: list[str], at: int, words: frozenset[str]) -> int:
    """The length in tokens of the longest of ``words`` said at ``at`` (0: none)."""
    for length in range(_LONGEST_WORD, 0, -1):
        if "".join(texts[at : at + length]) in words and at + length <= len(texts):
            return length
    return 0


def _is_value(texts: list[str], at: int) -> int:
    if _DIGITS.fullmatch(texts[at]):
        return 1
    return _word_at(texts, at, _ZH_VALUE_WORDS)


def _is_number(text: str) -> bool:
    return text in _ZH_NUMBERS or bool(_DIGITS.fullmatch(text))


def _value_run(texts: list[str], at: int) -> int:
    """How many tokens from ``at`` are value words."""
    end = at
    while end < len(texts) and (length := _is_value(texts, end)):
        end += length
    return end - at


def _words(texts: list[str]) -> list[str]:
    """The value words of ``texts`` (all value words), longest first."""
    found, at = [], 0
    while at < len(texts):
        length = _is_value(texts, at) or 1
        found.append("".join(texts[at : at + length]))
        at += length
    return found


def _value_before(texts: list[str], at: int, words: frozenset[str]) -> tuple[int | None, int]:
    """The span ``[first, last)`` of the last run of value words with a number in it before ``at`` (first
    None: none)."""
    last = at
    while last > 0:
        first = last
        while first > 0 and (length := _value_ending(texts, first, words)):
            first -= length
        if any(_is_number(text) for text in texts[first:last]):
            return first, last
        last = min(first, last - 1)
    return None, at


def _value_ending(texts: list[str], end: int, words: frozenset[str]) -> int:
    """The length in tokens of the longest value word that ends just before ``end`` (0: none)."""
    if _DIGITS.fullmatch(texts[end - 1]):
        return 1
    for length in range(min(_LONGEST_WORD, end), 0, -1):
        if "".join(texts[end - length : end]) in words:
            return length
    return 0
