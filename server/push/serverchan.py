"""ServerChan Turbo (Server酱): ``POST {api_base_url}/{SENDKEY}.send`` with ``title`` and ``desp``.

Answers ``{"code": 0, "data": {"pushid": ..., "errno": 0}}`` on success. Title at most 32
characters; the Markdown body at most 32 KB.
"""

from __future__ import annotations

import httpx

from ting.errors import PermanentPushError, TransientPushError
from ting.server.push.base import Delivery, Notification, post_json, truncate_chars, truncate_utf8
from ting.settings import ServerChanChannel

TITLE_MAX_CHARS = 32
BODY_MAX_BYTES = 32 * 1024


class ServerChan:
    def __init__(self, name: str, settings: ServerChanChannel, http: httpx.AsyncClient) -> None:
        self.name = name
        self.rate_per_minute = settings.rate_per_minute
        self._settings = settings
        self._http = http

    async def send(self, notification: Notification) -> Delivery:
        key = self._settings.sendkey
        body = {
            "title": truncate_chars(notification.heading or "ting", TITLE_MAX_CHARS),
            "desp": truncate_utf8(notification.text, BODY_MAX_BYTES),
        }
        url = f"{self._settings.api_base_url.rstrip('/')}/{key}.send"
        answer = await post_json(self._http, url, body, secrets=(key,))
        code = answer.get("code")
        if code != 0:
            message = f"serverchan {self.name}: code {code}: {answer.get('message', '')}"
            if isinstance(code, int) and code >= 500:
                raise TransientPushError(message, code=code, answer=answer)
            raise PermanentPushError(message, code=code if isinstance(code, int) else None, answer=answer)
        return Delivery(self.name, (answer,))

    async def aclose(self) -> None:
        """The HTTP client is shared and closed by its owner."""
