"""Handing a sentence no ting skill understands to Home Assistant's conversation agent, and its answer back.

Home Assistant's REST API: ``POST /api/conversation/process`` with ``Authorization: Bearer <token>`` and
``{"text", "language", "agent_id"?, "conversation_id"?}``; the answer is ``{"response": {"response_type":
"action_done" | "query_answer" | "error", "speech": {"plain": {"speech": ...}}, "data": {"code"?}},
"conversation_id"}``. Its speech is what ting says. The conversation id is kept per site for a short
while, so a follow-up ("and the kitchen?") continues Home Assistant's conversation.

Off unless ``home_assistant.conversation`` is true. Home Assistant unreachable, a refused token (401),
any other HTTP error or an answer that is not the documented JSON give ``HandOffError`` with the reason
(logged by the caller; the user hears that Home Assistant did not answer).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

import httpx

from ting.errors import HomeError
from ting.server.phrases import phrase
from ting.settings import HomeAssistantSettings
from ting.skills.sdk import Response

_LOGGER = logging.getLogger(__name__)

PATH = "/api/conversation/process"
CONVERSATION_KEPT_SECONDS = 300.0
"""How long a site's last conversation id is passed on (Home Assistant forgets them too)."""


_NOT_A_RESPONSE = "Home Assistant's answer is not a conversation response"


class HandOffError(HomeError):
    """Home Assistant's conversation agent gave no usable answer."""


@dataclass(frozen=True)
class HandOffAnswer:
    speech: str
    """What Home Assistant says (may be empty)."""
    response_type: str
    """``action_done``, ``query_answer`` or ``error`` (``no_intent_match`` and the like: ``code``)."""
    code: str | None = None


def rest_base_url(settings: HomeAssistantSettings) -> str:
    """``http(s)://host:port`` of Home Assistant: ``rest_url``, else the WebSocket URL's host and port."""
    if settings.rest_url:
        return settings.rest_url.rstrip("/")
    url = httpx.URL(settings.url or "")
    scheme = "https" if url.scheme == "wss" else "http"
    port = f":{url.port}" if url.port else ""
    return f"{scheme}://{url.host}{port}"


class HaConversation:
    def __init__(self, settings: HomeAssistantSettings, client: httpx.AsyncClient) -> None:
        self._settings = settings
        self._client = client
        self._url = rest_base_url(settings) + PATH
        self._conversations: dict[str, tuple[str, float]] = {}
        """site id -> (Home Assistant's conversation id, when it was given)."""

    async def answer(self, text: str, lang: str, site_id: str) -> Response:
        """What ting says for ``text`` no skill understood: Home Assistant's speech, or why there is none."""
        try:
            handed = await self.process(text, lang, site_id)
        except HandOffError as error:
            _LOGGER.warning("hand-off to Home Assistant of %r failed: %s", text[:100], error)
            return Response(text=phrase("ha_no_answer", lang), ok=False, data={"error": str(error)})
        kind, code = handed.response_type, handed.code
        _LOGGER.info("handed %r to Home Assistant: %s %s", text[:100], kind, code or "")
        data = {"handed_to": "home_assistant", "response_type": kind, "code": code}
        return Response(text=handed.speech or phrase("not_understood", lang), ok=kind != "error", data=data)

    async def process(self, text: str, lang: str, site_id: str) -> HandOffAnswer:
        body: dict[str, Any] = {"text": text, "language": lang}
        if self._settings.conversation_agent_id:
            body["agent_id"] = self._settings.conversation_agent_id
        kept = self._conversations.get(site_id)
        if kept is not None and time.monotonic() - kept[1] < CONVERSATION_KEPT_SECONDS:
            body["conversation_id"] = kept[0]
        try:
            reply = await self._client.post(
                self._url,
                json=body,
                headers={"Authorization": f"Bearer {self._settings.token}"},
                timeout=self._settings.timeout_seconds,
            )
        except httpx.HTTPError as error:
            raise HandOffError(f"Home Assistant at {self._url} did not answer: {error!r}") from None
        if reply.status_code == 401:
            raise HandOffError("Home Assistant refused the access token (401): check home_assistant.token")
        if reply.status_code != 200:
            raise HandOffError(f"Home Assistant answered {reply.status_code}: {reply.text[:200]}")
        answer, conversation_id = _parse(reply)
        if conversation_id is not None:
            self._conversations[site_id] = (conversation_id, time.monotonic())
        return answer


def _parse(reply: httpx.Response) -> tuple[HandOffAnswer, str | None]:
    try:
        data = reply.json()
        response = data["response"]
        speech = response.get("speech", {}).get("plain", {}).get("speech") or ""
        kind = response.get("response_type")
        code = (response.get("data") or {}).get("code")
        conversation_id = data.get("conversation_id")
    except (ValueError, KeyError, TypeError, AttributeError):
        raise HandOffError(f"{_NOT_A_RESPONSE}: {reply.text[:200]}") from None
    if not isinstance(speech, str) or not isinstance(kind, str):
        raise HandOffError(f"{_NOT_A_RESPONSE}: {reply.text[:200]}")
    found = HandOffAnswer(speech.strip(), kind, code if isinstance(code, str) else None)
    return found, conversation_id if isinstance(conversation_id, str) else None
