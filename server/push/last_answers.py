"""The last answer given on each site, so "send that to my WeChat" knows what "that" is."""

from __future__ import annotations

from ting.skills.sdk import IntentRequest, LastAnswer, Response

FORWARD_EVENT = "answer.forwarded"


class LastAnswers:
    """``AnswerLog`` for skills (``services.answers``); the runtime records every answer."""

    def __init__(self) -> None:
        self._by_site: dict[str, LastAnswer] = {}

    def record(self, request: IntentRequest, response: Response) -> None:
        """Runtime hook: remember every answer except the push skill's own."""
        if response.text and not request.intent.startswith("push."):
            self._by_site[request.site_id] = LastAnswer(response.text, request.intent, request.lang)

    def last(self, site_id: str) -> LastAnswer | None:
        return self._by_site.get(site_id)
