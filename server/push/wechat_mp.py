"""WeChat Official Account template messages: ``POST /cgi-bin/stable_token`` then
``POST /cgi-bin/message/template/send``, one request per openid.

Field limits of the (new) template keywords are enforced by truncation: ``thing`` 20
characters, ``name`` 10, ``phrase`` 5, ``character_string`` / ``number`` / ``letter`` 32,
anything else 200.
"""

from __future__ import annotations

from typing import Any

import httpx

from ting.errors import PermanentPushError
from ting.server.push.base import Delivery, Notification, check_errcode, post_json, truncate_chars
from ting.server.push.tokens import TokenCache
from ting.settings import WechatMpChannel

FIELD_MAX_CHARS = {"thing": 20, "name": 10, "phrase": 5, "character_string": 32, "number": 32, "letter": 32}
DEFAULT_FIELD_MAX_CHARS = 200


def field_limit(key: str) -> int:
    """The character limit of template field ``key`` (``thing2`` -> 20)."""
    kind = key.rstrip("0123456789")
    return FIELD_MAX_CHARS.get(kind, DEFAULT_FIELD_MAX_CHARS)


class WechatMp:
    def __init__(self, name: str, settings: WechatMpChannel, http: httpx.AsyncClient) -> None:
        self.name = name
        self.rate_per_minute = settings.rate_per_minute
        self.settings = settings
        self._http = http
        self._base = settings.api_base_url.rstrip("/")
        self.tokens = TokenCache(self._fetch_token)

    async def send(self, notification: Notification) -> Delivery:
        openids = notification.to or self.settings.touser
        if not openids:
            raise PermanentPushError(f"wechat_mp {self.name}: no openid (set touser or a rule's to)")
        answers = []
        for openid in openids:
            body = self.body(notification, openid)
            answers.append(await self.tokens.call(lambda token, body=body: self._send(token, body)))  # type: ignore[misc]
        return Delivery(self.name, tuple(answers))

    def body(self, notification: Notification, openid: str) -> dict[str, Any]:
        values = {
            "title": notification.heading,
            "text": notification.text,
            "event": notification.event,
            "time": notification.time,
        }
        data = {
            key: {"value": truncate_chars(template.format_map(values), field_limit(key))}
            for key, template in self.settings.fields.items()
        }
        body: dict[str, Any] = {"touser": openid, "template_id": self.settings.template_id, "data": data}
        if notification.url or self.settings.url:
            body["url"] = notification.url or self.settings.url
        return body

    async def send_text(self, to_user: str, text: str) -> Delivery:
        return await self.send(Notification(text=text, to=(to_user,), event="chat.answer"))

    async def _send(self, token: str, body: dict[str, Any]) -> dict[str, Any]:
        answer = await post_json(
            self._http,
            f"{self._base}/cgi-bin/message/template/send?access_token={token}",
            body,
            secrets=(token, self.settings.secret),
        )
        check_errcode(answer, f"wechat_mp {self.name}")
        return answer

    async def _fetch_token(self, forced: bool) -> tuple[str, float]:
        body = {
            "grant_type": "client_credential",
            "appid": self.settings.appid,
            "secret": self.settings.secret,
            "force_refresh": forced,
        }
        answer = await post_json(
            self._http, f"{self._base}/cgi-bin/stable_token", body, secrets=(self.settings.secret,)
        )
        check_errcode(answer, f"wechat_mp {self.name} stable_token")
        return str(answer["access_token"]), float(answer.get("expires_in", 7200))

    async def aclose(self) -> None:
        """The HTTP client is shared and closed by its owner."""
