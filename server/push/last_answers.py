"""The last answer given on each site, so "send that to my WeChat" knows what "that" is."""

from __future__ import annotations

from dataclasses import dataclass

from ting.skills.sdk import IntentRequest, Response

LAST_ANSWERS_EXTRA = "push.last_answers"
"""Key of the ``LastAnswers`` in the skills' ``Services.extras``."""
FORWARD_EVENT = "answer.forwarded"


@dataclass(frozen=True)
class LastAnswer:
    text: str
    intent: str
    lang: str


class LastAnswers:
    def __init__(self) -> None:
        self._by_site: dict[str, LastAnswer] = {}
        self.forward_channels: tuple[str, ...] = ()
        """Channels an ``answer.forwarded`` event goes to (set by the push layer)."""

    def record(self, request: IntentRequest, response: Response) -> None:
        """Runtime hook: remember every answer except the push skill's own."""
        if response.text and not request.intent.startswith("push."):
            self._by_site[request.site_id] = LastAnswer(response.text, request.intent, request.lang)

    def get(self, site_id: str) -> LastAnswer | None:
        return self._by_site.get(site_id)
