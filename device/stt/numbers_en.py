"""A tens number that Whisper tiny.en wrote as a digit and the letter D, written back as the number.

tiny.en hears the "-ty" of forty as the letter D: "brightness 40" said by espeak-ng is written
"Brightness 4D." or "Brightness 4d." (dev commands, clean and in pink noise), and the NLU then reads
brightness 4, surely (1.0), so the n best's right reading is never reached. A digit followed by a lone d
is no English word or unit a command says, but for 2D and 3D, which are words of their own ("the 3D
printer") and which twenty and thirty do not sound like: those are left as written. The rewrite is in
place, as Mandarin's 六师 → 六十 (``ting.device.stt.numerals``): offered after Whisper's own text, it would
lose to the wrong reading the NLU reads as surely.
"""

from __future__ import annotations

import re

_TENS_AS_D = re.compile(r"\b(?P<digit>[4-9])d\b", re.IGNORECASE)
"""4d … 9d as a word of its own (before a space, a point, a per cent sign or the end)."""


def with_tens(text: str) -> str:
    """``text`` with every 4d … 9d written as 40 … 90 (unchanged when there is none)."""
    return _TENS_AS_D.sub(lambda match: f"{match['digit']}0", text)
