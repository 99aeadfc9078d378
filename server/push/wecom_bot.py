"""WeCom group robot (群机器人): ``POST {api_base_url}/cgi-bin/webhook/send?key=KEY``.

Limits (documented): text content 2048 bytes, markdown / markdown_v2 content 4096 bytes, news
1-8 articles with a 128-byte title and 512-byte description; 20 messages a minute per robot.
Long texts are split on line breaks into several messages (never inside a UTF-8 character);
news fields are truncated.
"""

from __future__ import annotations

from typing import Any

import httpx

from ting.server.push.base import Delivery, Notification, check_errcode, post_json, split_utf8, truncate_utf8
from ting.settings import WecomBotChannel

TEXT_MAX_BYTES = 2048
MARKDOWN_MAX_BYTES = 4096
NEWS_TITLE_MAX_BYTES = 128
NEWS_DESCRIPTION_MAX_BYTES = 512
MAX_PARTS = 5
"""A longer text is cut after this many messages rather than flooding the group."""


class WecomBot:
    def __init__(self, name: str, settings: WecomBotChannel, http: httpx.AsyncClient) -> None:
        self.name = name
        self.rate_per_minute = settings.rate_per_minute
        self._settings = settings
        self._http = http
        self._url = f"{settings.api_base_url.rstrip('/')}/cgi-bin/webhook/send"

    async def send(self, notification: Notification) -> Delivery:
        answers = []
        for body in self.bodies(notification):
            answer = await post_json(
                self._http, f"{self._url}?key={self._settings.key}", body, secrets=(self._settings.key,)
            )
            check_errcode(answer, f"wecom_bot {self.name}")
            answers.append(answer)
        return Delivery(self.name, tuple(answers))

    def bodies(self, notification: Notification) -> list[dict[str, Any]]:
        """The request bodies for ``notification`` (several when the text is over the byte limit)."""
        kind = self._settings.format
        if kind == "news":
            return [self._news(notification)]
        text = notification.text
        if notification.title and kind != "text":
            text = f"**{notification.title}**\n{text}"
        elif notification.title and notification.title not in text:
            text = f"{notification.title}\n{text}"
        limit = TEXT_MAX_BYTES if kind == "text" else MARKDOWN_MAX_BYTES
        parts = split_utf8(text, limit)
        if len(parts) > MAX_PARTS:
            parts = [*parts[: MAX_PARTS - 1], truncate_utf8(parts[MAX_PARTS - 1] + "\n…", limit)]
        return [
            self._part(kind, part, first=index == 0, notification_to=notification.to)
            for index, part in enumerate(parts)
        ]

    def _part(
        self, kind: str, content: str, *, first: bool, notification_to: tuple[str, ...]
    ) -> dict[str, Any]:
        if kind != "text":
            return {"msgtype": kind, kind: {"content": content}}
        text: dict[str, Any] = {"content": content}
        mentions = list(notification_to or self._settings.mentioned_list)
        if first and (mentions or self._settings.mentioned_mobile_list):
            text["mentioned_list"] = mentions
            text["mentioned_mobile_list"] = list(self._settings.mentioned_mobile_list)
        return {"msgtype": "text", "text": text}

    def _news(self, notification: Notification) -> dict[str, Any]:
        article = {
            "title": truncate_utf8(notification.heading, NEWS_TITLE_MAX_BYTES),
            "description": truncate_utf8(notification.text, NEWS_DESCRIPTION_MAX_BYTES),
            "url": notification.url or "https://work.weixin.qq.com",
        }
        return {"msgtype": "news", "news": {"articles": [article]}}

    async def aclose(self) -> None:
        """The HTTP client is shared and closed by its owner."""
