"""What every HTTP request passes first: the API token and the body size limit (pure ASGI, streaming).

- **Token.** With ``server.api_token`` set, every route needs ``Authorization: Bearer <token>``
  except the public ones: ``/healthz``, the API documentation and the chat callbacks (which check
  Tencent's signatures themselves) and the dashboard (``/`` and ``/ui/...``), which asks for the same
  token on its login form and checks its own session cookie on every page (``dashboard.auth``). New
  routes are private unless listed here.
- **Body size.** A declared ``Content-Length`` over ``server.max_request_bytes`` is refused at once; a
  body without one (chunked) is counted as it arrives and refused with 413 as soon as it passes the
  limit, so a 256 MiB upload is never held in memory.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

PUBLIC_PATHS = frozenset(
    {"/healthz", "/docs", "/openapi.json", "/api/wecom/callback", "/api/wechat/callback", "/", "/ui"}
)
PUBLIC_PREFIXES = ("/docs/assets/", "/media/files/", "/ui/")
"""``/media/files/``: music for the devices, each URL signed and expiring (``ting.server.media.files``)."""


class HttpGuard:
    def __init__(self, app: ASGIApp, *, max_request_bytes: int, api_token: str | None) -> None:
        self._app = app
        self._max_bytes = max_request_bytes
        self._token = api_token.encode() if api_token else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        if self._token is not None and not _public(scope["path"]) and not self._authorized(scope):
            await _answer(send, 401, "missing or wrong API token (Authorization: Bearer <server.api_token>)",
                          {"www-authenticate": "Bearer"})  # fmt: skip
            return
        declared = _header(scope, b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self._max_bytes):
            await _answer(send, 413, f"request body larger than {self._max_bytes} bytes")
            return
        await self._limited(scope, receive, send)

    def _authorized(self, scope: Scope) -> bool:
        assert self._token is not None
        given = _header(scope, b"authorization") or ""
        scheme, _, token = given.partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(token.strip().encode(), self._token)

    async def _limited(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Count the body as the app reads it; past the limit answer 413 at once, tell the app the
        client left, and drop whatever it still tries to send."""
        received = 0
        started = refused = False

        async def counting_receive() -> Message:
            nonlocal received, started, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self._max_bytes:
                    refused = True
                    if not started:
                        started = True
                        await _answer(send, 413, f"request body larger than {self._max_bytes} bytes")
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if refused:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self._app(scope, counting_receive, guarded_send)


def _public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


async def _answer(send: Send, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
    body = json.dumps({"detail": detail}).encode()
    raw_headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw_headers += [(key.encode(), value.encode()) for key, value in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": body})
