"""Numbers said in words: Chinese numerals (二十六, 两百, 三点五) and English (twenty five).

``number_readings`` finds every reading of a number that starts at a token position,
longest first, so that the matcher can backtrack over them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ting.nlu.normalize import Token

Number = int | float

_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "幺": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
_ZH_CHARS = frozenset(_ZH_DIGITS) | frozenset(_ZH_UNITS) | {"万", "点"}

EN_ONES: tuple[str, ...] = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
)  # fmt: skip
"""English number words 0-19, each at its value's index: the one table the NLU, the grammar's spoken forms
and the device's sound-alike rewrite share."""
EN_TENS: tuple[str, ...] = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
"""English tens 20-90: ``EN_TENS[i]`` is ``(i + 2) * 10``."""
EN_NUMBER_WORDS = frozenset(EN_ONES) | frozenset(EN_TENS)
"""Every English word that is a number 0-90 by itself."""

_EN_ONES = {word: value for value, word in enumerate(EN_ONES)} | {"a": 1}
_EN_TENS = {word: (index + 2) * 10 for index, word in enumerate(EN_TENS)}
_EN_WORDS = frozenset(_EN_ONES) | frozenset(_EN_TENS) | {"hundred", "thousand", "and", "point", "half", "oh"}
_EN_DECIMAL_DIGITS = {
    **{word: value for word, value in _EN_ONES.items() if value < 10 and word != "a"},
    "oh": 0,
}
_MAX_NUMBER_TOKENS = 8


def _as_number(value: float) -> Number:
    return int(value) if float(value).is_integer() else value


MAX_DIGITS = 15
"""Longer digit strings are not numbers anyone says (and past 308 digits a float is infinite)."""


def parse_digits(text: str) -> Number | None:
    """``"24"`` -> 24, ``"26.5"`` -> 26.5, anything else (or longer than ``MAX_DIGITS``) None."""
    if not text[:1].isdigit() or len(text) > MAX_DIGITS + 1:
        return None
    try:
        return _as_number(float(text))
    except ValueError:
        return None


def _zh_below_10000(text: str) -> int | None:
    if not text:
        return None
    if len(text) > 1 and all(char in _ZH_DIGITS for char in text):
        return int("".join(str(_ZH_DIGITS[char]) for char in text))  # 二零二五 read digit by digit
    total, digit, last_unit, zero = 0, None, 10000, False
    for char in text:
        if char in ("零", "〇"):
            zero = True
        elif char in _ZH_DIGITS:
            if digit is not None:
                return None
            digit = _ZH_DIGITS[char]
        elif char in _ZH_UNITS:
            unit = _ZH_UNITS[char]
            if unit >= last_unit or (digit is None and unit != 10):
                return None
            total += (1 if digit is None else digit) * unit
            digit, last_unit, zero = None, unit, False
        else:
            return None
    if digit is not None:
        # 两百五 = 250: a digit right after 百/千 (no 零) counts one unit lower
        total += digit * (last_unit // 10 if not zero and 10 < last_unit < 10000 else 1)
    return total


def parse_chinese_number(text: str) -> Number | None:
    """二十六 -> 26, 两 -> 2, 一万二千 -> 12000, 三点五 -> 3.5; None if not a numeral."""
    whole, point, fraction = text.partition("点")
    if point and not (fraction and all(char in _ZH_DIGITS for char in fraction)):
        return None
    high, wan, low = whole.partition("万")
    if wan:
        high_value = _zh_below_10000(high)
        low_value = _zh_below_10000(low) if low else 0
        if high_value is None or low_value is None:
            return None
        value: float = high_value * 10000 + low_value
    else:
        parsed = _zh_below_10000(whole)
        if parsed is None:
            return None
        value = parsed
    if fraction:
        value += float("0." + "".join(str(_ZH_DIGITS[char]) for char in fraction))
    return _as_number(value)


def parse_english_number(words: Sequence[str]) -> Number | None:
    """``["twenty", "five"]`` -> 25, ``["one", "hundred", "and", "ten"]`` -> 110, ``twenty point five`` ->
    20.5 (digits after "point" one by one), ``twenty one and a half`` -> 21.5."""
    if len(words) > 3 and tuple(words[-3:]) == ("and", "a", "half"):
        whole = parse_english_number(words[:-3])
        return None if whole is None else whole + 0.5
    if "point" in words:
        at = list(words).index("point")
        whole = parse_english_number(words[:at])
        digits = [_EN_DECIMAL_DIGITS.get(word) for word in words[at + 1 :]]
        if whole is None or not digits or any(digit is None for digit in digits):
            return None
        return _as_number(float(f"{whole}." + "".join(str(digit) for digit in digits)))
    if not words or words[0] in ("and", "point") or words[-1] in ("and", "point", "a"):
        return None
    total, current, seen = 0, 0, False
    previous = ""
    for word in words:
        if word in _EN_ONES:
            if previous in _EN_ONES or (previous in _EN_TENS and _EN_ONES[word] >= 10):
                return None
            current += _EN_ONES[word]
        elif word in _EN_TENS:
            if previous in _EN_ONES or previous in _EN_TENS:
                return None
            current += _EN_TENS[word]
        elif word == "hundred":
            if current == 0 or current >= 100:
                return None
            current *= 100
        elif word == "thousand":
            total, current = total + max(current, 1) * 1000, 0
        elif word == "and":
            if previous not in ("hundred", "thousand"):
                return None
        else:
            return None
        seen, previous = True, word
    return total + current if seen else None


_MINUS: tuple[tuple[str, ...], ...] = (("零", "下"), ("负",), ("minus",), ("negative",))
"""Words that make the number after them negative (零下十八度 is -18 °C, "minus 5")."""


_MINUS_FIRST = frozenset(words[0] for words in _MINUS)
_MINUS_LAST = frozenset(words[-1] for words in _MINUS)
"""The words a minus word begins and ends with: asked first (number readings are asked at every token of
every sentence, by every list of numbers, times, dates and durations)."""


def _minus_length(tokens: Sequence[str], start: int) -> int:
    """How many tokens of a minus word begin at ``start`` (0: none)."""
    if start >= len(tokens) or tokens[start] not in _MINUS_FIRST:
        return 0
    return next((len(words) for words in _MINUS if tuple(tokens[start : start + len(words)]) == words), 0)


def number_readings(tokens: Sequence[str], start: int) -> Iterator[tuple[int, Number]]:
    """Every ``(end, value)`` such that ``tokens[start:end]`` reads as a number, longest first. A number
    said after a minus word is negative, and is never read without it (零下十八度 has no 18 in it: a
    freezer's setting is not an AC's)."""
    if start >= len(tokens):
        return
    begins = start
    while begins > 0 and tokens[begins - 1] in _ZH_CHARS and tokens[start] in _ZH_CHARS:
        begins -= 1  # 零下十八: 八 is inside the number 十八, which the minus word before it makes negative
    if (
        begins > 0
        and tokens[begins - 1] in _MINUS_LAST
        and any(
            begins >= len(words) and tuple(tokens[begins - len(words) : begins]) == words for words in _MINUS
        )
    ):
        return
    minus = _minus_length(tokens, start)
    if minus:
        for end, value in _unsigned_readings(tokens, start + minus):
            yield end, -value
        return
    yield from _unsigned_readings(tokens, start)


def _unsigned_readings(tokens: Sequence[str], start: int) -> Iterator[tuple[int, Number]]:
    if start >= len(tokens):
        return
    first = tokens[start]
    digits = parse_digits(first)
    if digits is not None:
        yield start + 1, digits
        return
    if first in _ZH_CHARS:
        end = start
        while end < len(tokens) and end - start < _MAX_NUMBER_TOKENS * 2 and tokens[end] in _ZH_CHARS:
            end += 1
        for stop in range(end, start, -1):
            value = parse_chinese_number("".join(tokens[start:stop]))
            if value is not None:
                yield stop, value
    elif first in _EN_WORDS:
        end = start
        while end < len(tokens) and end - start < _MAX_NUMBER_TOKENS and tokens[end] in _EN_WORDS:
            end += 1
        for stop in range(end, start, -1):
            value = parse_english_number(tokens[start:stop])
            if value is not None:
                yield stop, value


HALF_AFTER_UNIT = frozenset({"度"})
"""Units a Chinese speaker puts 半 after (二十六度半 = 26.5 度); 个半小时 is the durations' business."""


def halves_after_unit(tokens: Sequence[str]) -> list[int]:
    """Indexes of each unit in ``<number> 度 半``, where 二十六度半 reads as 二十六点五度 (the recognizer)."""
    found: list[int] = []
    for index in range(1, len(tokens) - 1):
        before = tokens[index - 1]
        is_number = before.isdigit() or (before in _ZH_CHARS and before != "点")
        if is_number and tokens[index] in HALF_AFTER_UNIT and tokens[index + 1] == "半":
            found.append(index)
    return found


def with_halves_read(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """二十六度半 as 二十六点五度 (``点 五`` in the places of ``度 半``, then the unit again), so every
    template with ``{temperature}度`` takes the half said after the unit; the raw text still spans 度半."""
    units = halves_after_unit([token.text for token in tokens])
    if not units:
        return tokens
    out = list(tokens)
    for index in reversed(units):
        number, unit, half = tokens[index - 1], tokens[index], tokens[index + 1]
        if number.text.isdigit():  # 25度半: the recognizer's digits take the half as a decimal
            out[index - 1 : index + 2] = [Token(f"{number.text}.5", number.start, number.end),
                                          Token(unit.text, unit.start, half.end)]  # fmt: skip
            continue
        out[index : index + 2] = [
            Token("点", unit.start, unit.end),
            Token("五", half.start, half.end),
            Token(unit.text, half.start, half.end),
        ]
    return tuple(out)
