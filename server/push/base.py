"""The channel interface, the notification value, and helpers every channel shares.

A channel turns one ``Notification`` into one or more API calls and returns a ``Delivery``
with the API's exact answer, or raises ``TransientPushError`` (try again later) or
``PermanentPushError`` (a person must fix something; the message says what).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx

from ting.errors import PermanentPushError, PushError, TransientPushError


@dataclass(frozen=True)
class Notification:
    """What is pushed, independent of the channel."""

    text: str
    title: str = ""
    event: str = ""
    """The event that caused it (``timer.done``), or ``test`` / ``answer.forwarded``."""
    to: tuple[str, ...] = ()
    """Recipients in the channel's terms; empty: the channel's configured default."""
    url: str | None = None
    time: str = ""
    """Local time of the event, for templates."""
    data: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "title": self.title,
            "event": self.event,
            "to": list(self.to),
            "url": self.url,
            "time": self.time,
            "data": self.data,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Notification:
        return cls(
            text=str(data.get("text", "")),
            title=str(data.get("title", "")),
            event=str(data.get("event", "")),
            to=tuple(data.get("to") or ()),
            url=data.get("url"),
            time=str(data.get("time", "")),
            data=dict(data.get("data") or {}),
        )

    @property
    def heading(self) -> str:
        """A short title: the given one, else the first line of the text."""
        lines = self.text.strip().splitlines()
        return self.title or (lines[0] if lines else "")


@dataclass(frozen=True)
class Delivery:
    """A successful send: the API's answers (one per call; long texts may need several)."""

    channel: str
    answers: tuple[dict[str, Any], ...]
    warnings: tuple[str, ...] = ()
    """Partial problems the API reported on success (e.g. WeCom ``invaliduser``)."""


class Channel(Protocol):
    """One configured ``[push.<name>]``."""

    name: str
    rate_per_minute: int

    async def send(self, notification: Notification) -> Delivery: ...

    async def aclose(self) -> None: ...


# -- byte limits ------------------------------------------------------------------------------


def truncate_utf8(text: str, max_bytes: int, ellipsis: str = "…") -> str:
    """``text`` cut to at most ``max_bytes`` UTF-8 bytes on a character boundary, marked with ``ellipsis``."""
    encoded = text.encode()
    if len(encoded) <= max_bytes:
        return text
    room = max_bytes - len(ellipsis.encode())
    return encoded[: max(room, 0)].decode(errors="ignore") + ellipsis


def split_utf8(text: str, max_bytes: int) -> list[str]:
    """``text`` in pieces of at most ``max_bytes`` UTF-8 bytes, preferring line breaks, never
    splitting a character."""
    pieces: list[str] = []
    rest = text
    while len(rest.encode()) > max_bytes:
        head = rest.encode()[:max_bytes].decode(errors="ignore")
        cut = head.rfind("\n")
        if cut > len(head) // 2:
            head = head[: cut + 1]
        pieces.append(head.rstrip("\n"))
        rest = rest[len(head) :]
    if rest or not pieces:
        pieces.append(rest)
    return pieces


def truncate_chars(text: str, max_chars: int) -> str:
    return text if len(text) <= max_chars else text[: max(max_chars - 1, 0)] + "…"


# -- secrets ----------------------------------------------------------------------------------

_SECRET_PARAMS = re.compile(
    r"((?:access_token|key|corpsecret|secret|sendkey|token|appToken)=)[^&\s\"']+", re.IGNORECASE
)


def redact(text: str, *secrets: str) -> str:
    """``text`` with query-string secrets and the given secret values replaced by ``***``."""
    text = _SECRET_PARAMS.sub(r"\1***", text)
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "***")
    return text


# -- HTTP -------------------------------------------------------------------------------------


async def post_json(
    http: httpx.AsyncClient, url: str, body: Any, *, secrets: tuple[str, ...] = ()
) -> dict[str, Any]:
    """POST ``body`` as JSON and return the decoded object; transport problems become push errors."""
    return await request_json(http, "POST", url, body=body, secrets=secrets)


async def request_json(
    http: httpx.AsyncClient,
    method: str,
    url: str,
    *,
    body: Any = None,
    params: dict[str, str] | None = None,
    secrets: tuple[str, ...] = (),
) -> dict[str, Any]:
    try:
        response = await http.request(method, url, json=body, params=params)
    except httpx.HTTPError as error:
        raise TransientPushError(
            redact(f"{method} {url}: {type(error).__name__}: {error}", *secrets)
        ) from None
    where = redact(f"{method} {response.url.copy_with(query=None)}", *secrets)
    if response.status_code == 429 or response.status_code >= 500:
        raise TransientPushError(
            f"{where}: HTTP {response.status_code}", retry_after_seconds=_retry_after(response)
        )
    if response.status_code >= 400:
        raise PermanentPushError(
            f"{where}: HTTP {response.status_code}: {redact(response.text[:200], *secrets)}"
        )
    try:
        answer = response.json()
    except ValueError:
        raise TransientPushError(f"{where}: answer is not JSON: {response.text[:100]!r}") from None
    if not isinstance(answer, dict):
        raise TransientPushError(f"{where}: answer is not a JSON object: {answer!r:.100}")
    return answer


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "")
    return float(value) if value.isdigit() else None


# -- Tencent errcodes -------------------------------------------------------------------------

TOKEN_EXPIRED_CODES = frozenset({40001, 40014, 42001})
"""Invalid credential, invalid access_token, access_token expired: fetch a new token and retry."""
RATE_LIMIT_CODES = frozenset({45009, 45033, 45047, 45011})
"""API frequency, too many concurrent calls, too many messages queued, too frequent."""
TRANSIENT_CODES = frozenset({-1, 45009, 45033, 45047, 45011})
"""-1: system busy."""
_EXPLAINED: dict[int, str] = {
    93000: "the robot's webhook is invalid: the robot was removed from the group (add a robot again and "
    "update push.<name>.key)",
    60020: "the server's public IP is not in the app's trusted IPs (企业可信IP). Add it in the WeCom admin "
    "console (应用管理 → 应用 → 企业可信IP), or send through a relay on a host with a fixed, trusted IP by "
    "setting push.<name>.api_base_url to that relay (see docs/push.md)",
    40003: "invalid openid / userid: this person is not a follower or member (check push_rules.to)",
    43004: "the user does not follow the Official Account",
    40037: "invalid template_id (check push.<name>.template_id)",
    40013: "invalid corpid/appid",
    40056: "invalid agentid",
    81013: "no valid recipient: every user, party and tag was invalid",
    40008: "invalid message type",
    40125: "invalid appsecret",
    40164: "the caller IP is not in the Official Account's IP whitelist; add it (基本配置 → IP白名单) "
    "or relay through a fixed-IP host with api_base_url",
}


def explain(code: int, errmsg: str) -> str:
    return (
        f"errcode {code} ({errmsg}): {_EXPLAINED[code]}"
        if code in _EXPLAINED
        else f"errcode {code}: {errmsg}"
    )


def check_errcode(answer: dict[str, Any], where: str, *, rate_limit_seconds: float = 60.0) -> None:
    """WeCom and WeChat answer HTTP 200 even on failure: ``errcode`` decides."""
    code = answer.get("errcode", 0)
    if not isinstance(code, int) or code == 0:
        return
    message = f"{where}: {explain(code, str(answer.get('errmsg', '')))}"
    if code in RATE_LIMIT_CODES:
        raise TransientPushError(message, code=code, answer=answer, retry_after_seconds=rate_limit_seconds)
    if code in TRANSIENT_CODES:
        raise TransientPushError(message, code=code, answer=answer)
    raise PermanentPushError(message, code=code, answer=answer)


__all__ = [
    "Channel",
    "Delivery",
    "Notification",
    "PermanentPushError",
    "PushError",
    "TransientPushError",
    "check_errcode",
    "post_json",
    "redact",
    "split_utf8",
    "truncate_utf8",
]
