"""What the weather skill says, per language."""

from __future__ import annotations

from collections.abc import Mapping

from ting.skills.sdk.phrases import Phrases

PHRASES: Mapping[str, Mapping[str, str]] = {
    "not_set_up": {
        "en": "You asked about the weather{place}{when}, but no weather service is set up yet.",
        "zh": "你想问{when}{place}的天气，不过天气服务还没有设置好。",
    },
}
PLACE = {"en": " in {}", "zh": "{}"}
WHEN = {"en": " for {}", "zh": "{}"}


say = Phrases(PHRASES).say
"""The phrase ``key`` in ``lang`` (Chinese when the language is unknown), filled in."""


def not_set_up(lang: str, place: str, when: str) -> str:
    """The "understood, but no provider" answer, naming the place and day when they were said."""
    code = "en" if lang == "en" else "zh"
    return say(
        "not_set_up",
        code,
        place=PLACE[code].format(place) if place else "",
        when=WHEN[code].format(when) if when else "",
    )
