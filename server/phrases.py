"""What the server itself says (not a skill), in both languages."""

from __future__ import annotations

_PHRASES: dict[str, dict[str, str]] = {
    "not_understood": {"en": "Sorry, I didn't understand that.", "zh": "抱歉，我没听懂。"},
    "skill_failed": {"en": "Sorry, something went wrong.", "zh": "抱歉，出了点问题。"},
    "skill_slow": {"en": "Sorry, that took too long.", "zh": "抱歉，处理超时了。"},
    "no_skill": {"en": "Sorry, I can't do that yet.", "zh": "抱歉，我还不会这个。"},
    "ha_no_answer": {
        "en": "Sorry, I didn't understand that, and Home Assistant didn't answer.",
        "zh": "抱歉，我没听懂，Home Assistant 也没有回应。",
    },
    "not_now": {"en": "Sorry, I was expecting something else.", "zh": "抱歉，我现在需要的是别的回答。"},
}


def phrase(name: str, lang: str | None) -> str:
    """The phrase ``name`` in ``lang`` (Chinese when the language is unknown)."""
    by_lang = _PHRASES[name]
    return by_lang.get(lang or "zh", by_lang["zh"])
