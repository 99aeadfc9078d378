"""Which sentence forms the statistical second pass refuses, per language: the intents one asks (from their
templates' walks) and a sentence whose form asks nothing of ting for its intent (``ting.nlu.forms`` for
Mandarin, ``ting.nlu.forms_en`` for English)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ting.nlu import forms_en
from ting.nlu.forms import asks, asks_why, narrates, states, wh_question

ASKING_SHARE = {"zh": 0.5, "en": 0.3}
"""An intent most of whose template walks are in a question form (几点了, 灯开着吗) is asked, not
ordered: the built-in Mandarin intents are 0.61 to 1.0 (system.time … music.what) or 0.36 and below. The
English ones are 0.47 to 1.0 or 0.17 and below (a question is as often asked as "tell me the time", "list
my alarms"): an English wh-question is refused only as a command that is hardly ever asked."""
FORMS_CHECKED = frozenset({"zh", "en"})
"""Languages whose sentence forms ``ting.nlu.forms`` (zh) and ``ting.nlu.forms_en`` know."""


def asked_intents(questions: Mapping[tuple[str, str], list[int]], lang: str) -> frozenset[str]:
    """The intents of ``lang`` whose template walks (questions: (lang, intent) -> [in a question form,
    walked]) are questions at least ``ASKING_SHARE`` of the time."""
    return frozenset(
        intent
        for (of, intent), (said, walked) in questions.items()
        if of == lang and walked and said / walked >= ASKING_SHARE[lang]
    )


def in_a_question_form(tokens: Sequence[str], lang: str) -> bool:
    """A template walk in a question form (zh: 几点了; en: "what time is it", not "can you …")."""
    return asks("".join(tokens)) if lang == "zh" else forms_en.asks(" ".join(tokens))


def other_form(text: str, asked: bool, lang: str) -> bool:
    """``text`` is not in the form of a request for an intent that is ``asked`` (a question) or not: it
    tells a story (我儿子定了个六点的闹钟, "my kids keep turning the volume up"), states what a question
    would ask (明天是我生日) or asks why (你怎么不说话; both Mandarin only), or asks who / what / how when
    the intent is a command (你刚才说什么, "is it cheaper to run the AC at 24?")."""
    if lang == "en":
        return forms_en.narrates(text) or (not asked and forms_en.wh_question(text))
    return narrates(text) or (states(text) or asks_why(text) if asked else wh_question(text))
