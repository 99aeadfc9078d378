"""PushPlus (推送加): ``POST {api_base_url}/send`` with ``token``, ``title``, ``content``, ``template``
and an optional ``topic`` (group). Answers ``{"code": 200, "msg": "请求成功", "data": "<id>"}``.

Codes 500 and 999 (server errors) are retried; 900 (account restricted), 903 (invalid token),
905 (not verified) and the rest are permanent.
"""

from __future__ import annotations

from typing import Any

import httpx

from ting.errors import PermanentPushError, TransientPushError
from ting.server.push.base import Delivery, Notification, post_json, truncate_chars
from ting.settings import PushPlusChannel

TITLE_MAX_CHARS = 100
TRANSIENT_CODES = frozenset({500, 999})


class PushPlus:
    def __init__(self, name: str, settings: PushPlusChannel, http: httpx.AsyncClient) -> None:
        self.name = name
        self.rate_per_minute = settings.rate_per_minute
        self._settings = settings
        self._http = http

    async def send(self, notification: Notification) -> Delivery:
        settings = self._settings
        body: dict[str, Any] = {
            "token": settings.token,
            "title": truncate_chars(notification.heading or "ting", TITLE_MAX_CHARS),
            "content": notification.text,
            "template": settings.template,
        }
        if settings.topic:
            body["topic"] = settings.topic
        url = f"{settings.api_base_url.rstrip('/')}/send"
        answer = await post_json(self._http, url, body, secrets=(settings.token,))
        code = answer.get("code")
        if code != 200:
            message = f"pushplus {self.name}: code {code}: {answer.get('msg', '')}"
            if code in TRANSIENT_CODES:
                raise TransientPushError(message, code=code, answer=answer, retry_after_seconds=60.0)
            raise PermanentPushError(message, code=code if isinstance(code, int) else None, answer=answer)
        return Delivery(self.name, (answer,))

    async def aclose(self) -> None:
        """The HTTP client is shared and closed by its owner."""
