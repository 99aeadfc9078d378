"""How grammar parts are said: numbers as words, lists as a bounded sample of their values."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TypeVar

from ting.nlu.language import is_cjk
from ting.nlu.lists import RangeList, SlotList, ValueList
from ting.nlu.names import NameList
from ting.nlu.numbers import EN_ONES, EN_TENS

_T = TypeVar("_T")
UNK = "[unk]"
_ZH_DIGITS = "零一二三四五六七八九"
_SYMBOLS: dict[str, dict[str, tuple[str, ...]]] = {"en": {"%": ("percent",)}, "zh": {"%": ()}}
# Spoken samples for the time-like list kinds (they parse open-ended text, so offer no values).
_KIND_SAMPLES: dict[str, dict[str, tuple[str, ...]]] = {
    "TimeList": {
        "en": ("at seven", "seven", "at six thirty", "at seven am", "at eight pm", "in ten minutes",
               "tomorrow at seven", "at noon", "in an hour", "at six"),
        "zh": ("七点", "早上七点", "明天早上七点", "晚上八点", "六点半", "十分钟后", "下午三点",
               "中午十二点"),
    },
    "DateList": {
        "en": ("today", "tomorrow", "on friday", "on monday", "the day after tomorrow", "on saturday"),
        "zh": ("今天", "明天", "后天", "星期五", "周末", "下周一"),
    },
    "DurationList": {
        "en": ("five minutes", "ten minutes", "one minute", "thirty seconds", "an hour", "twenty minutes"),
        "zh": ("五分钟", "十分钟", "一分钟", "三十秒", "一个小时", "半小时"),
    },
    "RecurrenceList": {
        "en": ("every day", "every weekday", "on weekdays", "every monday", "on weekends"),
        "zh": ("每天", "工作日", "每个工作日", "每周一", "周末"),
    },
}  # fmt: skip
REGISTRY_LISTS = frozenset({"device", "area", "floor", "scene", "domain"})
"""The household's names are never sampled: a device left out of the grammar could not be heard at all
(the demo household's 37 devices pushed "kitchen light" out of a 12-value sample)."""


def spoken_number(value: float, lang: str) -> str:
    """Whole numbers 0-999 as words, digits otherwise."""
    number = int(value)
    if number != value or not 0 <= number < 1000:
        return str(value)
    if lang == "zh":
        return _zh_number(number)
    return _en_number(number)


def _en_number(number: int) -> str:
    if number < 20:
        return EN_ONES[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return EN_TENS[tens - 2] + (f" {EN_ONES[ones]}" if ones else "")
    hundreds, rest = divmod(number, 100)
    return f"{EN_ONES[hundreds]} hundred" + (f" {_en_number(rest)}" if rest else "")


def _zh_number(number: int) -> str:
    if number < 10:
        return _ZH_DIGITS[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return ("" if tens == 1 else _ZH_DIGITS[tens]) + "十" + (_ZH_DIGITS[ones] if ones else "")
    hundreds, rest = divmod(number, 100)
    tail = (
        "" if not rest else ("零" + _zh_number(rest) if rest < 10 else "一" * (rest < 20) + _zh_number(rest))
    )
    return _ZH_DIGITS[hundreds] + "百" + tail


def list_samples(
    slot_list: SlotList | None, lang: str, limit: int, names: Mapping[str, Sequence[str]] | None = None
) -> list[tuple[str, ...]]:
    """Token sequences standing for a list: evenly sampled values, a few numbers, or [unk]; a ``names``
    list its first ``limit`` names (most wanted first; all with ``limit`` 0), [unk] when it has none."""
    if isinstance(slot_list, NameList):
        said = names_said((names or {}).get(slot_list.source, ()), lang, limit)
        return said or ([(UNK,)] if slot_list.open else [])
    if isinstance(slot_list, ValueList):
        aliases = [alias for alias, _ in slot_list.entries if lang == "zh" or not is_cjk(alias[0][0])]
        return aliases if slot_list.name in REGISTRY_LISTS else _even(aliases, limit)
    if isinstance(slot_list, RangeList):
        numbers = sorted(
            {slot_list.low, slot_list.high, *range(int(slot_list.low), int(slot_list.high) + 1, 10)}
        )
        picked = [n for n in numbers if slot_list.low <= n <= slot_list.high]
        return [text_tokens(spoken_number(n, lang), lang) for n in _even(picked, limit)]
    samples = getattr(slot_list, "samples", None)  # other kinds (dates, times) may offer spoken samples
    if callable(samples):
        return [text_tokens(text, lang) for text in _even(list(samples(lang)), limit)]
    known = _KIND_SAMPLES.get(type(slot_list).__name__, {}).get(lang)
    if known and not getattr(slot_list, "wildcard", False):
        return [text_tokens(text, lang) for text in _even(known, limit)]
    return [(UNK,)]


def names_said(names: Iterable[str], lang: str, limit: int) -> list[tuple[str, ...]]:
    """The first ``limit`` of ``names`` (all with 0) that ``lang`` says, as tokens: English leaves out the
    Chinese ones. Read only as far as needed (a library has thousands)."""
    said: list[tuple[str, ...]] = []
    for name in names:
        if limit and len(said) == limit:
            break
        tokens = text_tokens(name, lang)
        if tokens and (lang == "zh" or not is_cjk(tokens[0][0])):
            said.append(tokens)
    return said


def text_tokens(text: str, lang: str) -> tuple[str, ...]:
    from ting.nlu.normalize import token_texts

    return token_texts(text)


def _even(items: Sequence[_T], limit: int) -> list[_T]:
    if len(items) <= limit:
        return list(items)
    step = len(items) / limit
    return [items[int(index * step)] for index in range(limit)]


def speakable(tokens: Iterable[str], lang: str) -> Iterator[str]:
    for token in tokens:
        if token in _SYMBOLS[lang]:
            yield from _SYMBOLS[lang][token]
        elif token.replace(".", "").isdigit():
            yield from (
                spoken_number(float(token), lang).split()
                if lang == "en"
                else spoken_number(float(token), lang)
            )
        else:
            yield token
