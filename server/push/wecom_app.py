"""WeCom application messages: ``GET /cgi-bin/gettoken`` then ``POST /cgi-bin/message/send``.

Limits (documented): text and markdown content 2048 bytes; textcard title 128 bytes and
description 512 bytes. ``invaliduser`` / ``invalidparty`` / ``invalidtag`` in a successful answer
are reported as warnings (the others got the message); when nobody valid is left WeCom answers
81013, a permanent error. 60020 (untrusted IP) is explained with the relay fix.
"""

from __future__ import annotations

from typing import Any

import httpx

from ting.server.push.base import (
    Delivery,
    Notification,
    check_errcode,
    post_json,
    request_json,
    split_utf8,
    truncate_utf8,
)
from ting.server.push.tokens import TokenCache
from ting.settings import WecomAppChannel

CONTENT_MAX_BYTES = 2048
CARD_TITLE_MAX_BYTES = 128
CARD_DESCRIPTION_MAX_BYTES = 512


class WecomApp:
    def __init__(self, name: str, settings: WecomAppChannel, http: httpx.AsyncClient) -> None:
        self.name = name
        self.rate_per_minute = settings.rate_per_minute
        self.settings = settings
        self._http = http
        self._base = settings.api_base_url.rstrip("/")
        self.tokens = TokenCache(self._fetch_token)

    async def send(self, notification: Notification) -> Delivery:
        answers: list[dict[str, Any]] = []
        warnings: list[str] = []
        for body in self.bodies(notification):
            answer = await self.tokens.call(lambda token, body=body: self._send(token, body))  # type: ignore[misc]
            answers.append(answer)
            warnings.extend(
                f"{key}: {answer[key]}"
                for key in ("invaliduser", "invalidparty", "invalidtag", "unlicenseduser")
                if answer.get(key)
            )
        return Delivery(self.name, tuple(answers), tuple(warnings))

    async def send_text(self, to_user: str, text: str) -> Delivery:
        """A plain text to one user (answers to chat commands)."""
        return await self.send(Notification(text=text, to=(to_user,), event="chat.answer"))

    def bodies(self, notification: Notification) -> list[dict[str, Any]]:
        settings = self.settings
        body: dict[str, Any] = {"agentid": settings.agentid, "msgtype": settings.format}
        users = notification.to or settings.touser
        if users:
            body["touser"] = "|".join(users)
        if not notification.to:
            if settings.toparty:
                body["toparty"] = "|".join(settings.toparty)
            if settings.totag:
                body["totag"] = "|".join(settings.totag)
        if settings.format == "textcard":
            card = {
                "title": truncate_utf8(notification.heading, CARD_TITLE_MAX_BYTES),
                "description": truncate_utf8(notification.text, CARD_DESCRIPTION_MAX_BYTES),
                "url": notification.url or settings.card_url,
            }
            return [{**body, "textcard": card}]
        text = notification.text
        if notification.title and notification.title not in text:
            text = f"{notification.title}\n{text}"
        return [{**body, settings.format: {"content": part}} for part in split_utf8(text, CONTENT_MAX_BYTES)]

    async def _send(self, token: str, body: dict[str, Any]) -> dict[str, Any]:
        answer = await post_json(
            self._http,
            f"{self._base}/cgi-bin/message/send?access_token={token}",
            body,
            secrets=(token, self.settings.secret),
        )
        check_errcode(answer, f"wecom_app {self.name}")
        return answer

    async def _fetch_token(self, _forced: bool) -> tuple[str, float]:
        answer = await request_json(
            self._http,
            "GET",
            f"{self._base}/cgi-bin/gettoken",
            params={"corpid": self.settings.corpid, "corpsecret": self.settings.secret},
            secrets=(self.settings.secret,),
        )
        check_errcode(answer, f"wecom_app {self.name} gettoken")
        return str(answer["access_token"]), float(answer.get("expires_in", 7200))

    async def aclose(self) -> None:
        """The HTTP client is shared and closed by its owner."""
