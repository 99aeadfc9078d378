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
    # comparisons written out, not a loop over _CJK_RANGES: asked of nearly every token several times a
    # parse (ASCII, Latin and punctuation answered by the first; the usual characters by the second)
    return code >= 0x3400 and (
        0x4E00 <= code <= 0x9FFF or code <= 0x4DBF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x2FA1F
    )


def detect_language(text: str) -> Language:
    """``zh`` when the text holds any CJK character, else ``en``."""
    return "zh" if any(is_cjk(char) for char in text) else "en"
