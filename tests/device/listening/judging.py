"""The NLU as the recognizers' judge and as the tests' reader of transcripts."""

from __future__ import annotations

from collections.abc import Callable

from ting.device.transcript_judge import transcript_confidence
from ting.nlu import IntentRecognizer


def nlu_judge(nlu: IntentRecognizer, lang: str) -> Callable[[str], float]:
    """The device's judge of a transcript (``ting.device.transcript_judge``): the NLU's confidence in it as
    the device weighs it, 0 when it understands nothing."""

    def judge(text: str) -> float:
        return transcript_confidence(nlu, text, lang)

    return judge


def intent_of(nlu: IntentRecognizer, text: str, lang: str = "en") -> str:
    """The intent ``text`` is read as, "" when none."""
    found = nlu.recognize(text, lang=lang)
    return found.intent_name if found is not None else ""
