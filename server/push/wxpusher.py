"""WxPusher: ``POST {api_base_url}/api/send/message`` with ``appToken``, ``content``, ``summary``,
``contentType`` (1 text), ``uids`` and ``topicIds``. Answers ``{"code": 1000, "success": true,
"data": [{"uid": ..., "messageId": ..., "code": 1000}]}``; per-recipient failures are warnings.
"""

from __future__ import annotations

from typing import Any

import httpx

from ting.errors import PermanentPushError
from ting.server.push.base import Delivery, Notification, post_json, truncate_chars
from ting.settings import WxPusherChannel

SUMMARY_MAX_CHARS = 20
SUCCESS = 1000


class WxPusher:
    def __init__(self, name: str, settings: WxPusherChannel, http: httpx.AsyncClient) -> None:
        self.name = name
        self.rate_per_minute = settings.rate_per_minute
        self._settings = settings
        self._http = http

    async def send(self, notification: Notification) -> Delivery:
        settings = self._settings
        uids = list(notification.to or settings.uids)
        if not uids and not settings.topic_ids:
            raise PermanentPushError(f"wxpusher {self.name}: no uids or topic_ids to send to")
        body: dict[str, Any] = {
            "appToken": settings.app_token,
            "content": notification.text,
            "summary": truncate_chars(notification.heading, SUMMARY_MAX_CHARS),
            "contentType": 1,
            "uids": uids,
            "topicIds": list(settings.topic_ids),
        }
        if notification.url:
            body["url"] = notification.url
        url = f"{settings.api_base_url.rstrip('/')}/api/send/message"
        answer = await post_json(self._http, url, body, secrets=(settings.app_token,))
        if answer.get("code") != SUCCESS:
            code = answer.get("code")
            raise PermanentPushError(
                f"wxpusher {self.name}: code {code}: {answer.get('msg', '')}",
                code=code if isinstance(code, int) else None,
                answer=answer,
            )
        warnings = tuple(
            f"{item.get('uid') or item.get('topicId')}: {item.get('status')}"
            for item in answer.get("data") or []
            if isinstance(item, dict) and item.get("code") != SUCCESS
        )
        return Delivery(self.name, (answer,), warnings)

    async def aclose(self) -> None:
        """The HTTP client is shared and closed by its owner."""
