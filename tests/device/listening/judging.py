"""The NLU as the recognizers' judge and as the tests' reader of transcripts."""

from __future__ import annotations

from collections.abc import Callable

from ting.nlu import IntentRecognizer


def nlu_judge(nlu: IntentRecognizer, lang: str) -> Callable[[str], float]:
    """The device's judge of a transcript: the NLU's confidence in it, 0 when it understands nothing."""

    def judge(text: str) -> float:
        found = nlu.recognize(text, lang=lang)
        return found.confidence if found is not None else 0.0

    return judge


def intent_of(nlu: IntentRecognizer, text: str, lang: str = "en") -> str:
    """The intent ``text`` is read as, "" when none."""
    found = nlu.recognize(text, lang=lang)
    return found.intent_name if found is not None else ""
