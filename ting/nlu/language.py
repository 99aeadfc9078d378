"""Which language an utterance is in: any CJK character means Chinese."""

from __future__ import annotations

from typing import Literal

Language = Literal["zh", "en"]

_CJK_RANGES = (
    (0x3400, 0x4DBF),  # CJK Unified Ideographs Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0x20000, 0x2FA1F),  # Extensions B-F and compatibility supplement
)


def is_cjk(char: str) -> bool:
    """True for a Chinese character (one code point)."""
    code = ord(char)
    if code < _CJK_RANGES[0][0]:
        return False  # ASCII, Latin, punctuation: most of what is asked, answered without the loop
    return any(low <= code <= high for low, high in _CJK_RANGES)


def detect_language(text: str) -> Language:
    """``zh`` when the text holds any CJK character, else ``en``."""
    return "zh" if any(is_cjk(char) for char in text) else "en"
