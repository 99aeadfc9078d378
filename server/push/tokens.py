"""Access tokens (WeCom ``gettoken``, WeChat ``stable_token``): cached per app, refreshed before
they expire and when the API says a token is no longer valid (40001, 40014, 42001)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

from ting.errors import PushError
from ting.server.push.base import TOKEN_EXPIRED_CODES

REFRESH_MARGIN_SECONDS = 300.0
"""A token is replaced this long before the expiry the API announced."""

_T = TypeVar("_T")


class TokenCache:
    """One app's token. ``fetch`` returns (token, expires_in seconds)."""

    def __init__(self, fetch: Callable[[bool], Awaitable[tuple[str, float]]]) -> None:
        self._fetch = fetch
        self._token: str | None = None
        self._expires_at = 0.0
        self._lock = asyncio.Lock()
        self.fetches = 0
        """How many tokens were fetched (for tests and status)."""

    async def get(self, *, stale: str | None = None) -> str:
        """A valid token. ``stale``: a token the API just refused; a different one is fetched."""
        async with self._lock:
            if self._token is None or self._token == stale or time.monotonic() >= self._expires_at:
                token, expires_in = await self._fetch(stale is not None)
                self.fetches += 1
                self._token = token
                self._expires_at = time.monotonic() + max(expires_in - REFRESH_MARGIN_SECONDS, expires_in / 2)
            return self._token

    async def call(self, request: Callable[[str], Coroutine[Any, Any, _T]]) -> _T:
        """Run ``request(token)``; on an expired-token errcode, fetch a new token and run it once more."""
        token = await self.get()
        try:
            return await request(token)
        except PushError as error:
            if error.code not in TOKEN_EXPIRED_CODES:
                raise
        return await request(await self.get(stale=token))
