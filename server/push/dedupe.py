"""Chat messages are run once: WeCom and WeChat retry a callback (after 5 s, three times) when the answer
is slow, and a retry that arrives after a restart must not run the command again. Seen ``MsgId``s are
kept in the store for the replay window."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from ting.server.store.base import Store

NAMESPACE = "chat.seen"


class ChatDedupe:
    def __init__(
        self, store: Store, *, window_seconds: float, clock: Callable[[], float] = time.time
    ) -> None:
        self._store = store.view(NAMESPACE)
        self._window_seconds = window_seconds
        self._clock = clock
        self._lock = asyncio.Lock()

    async def first_time(self, side: str, message_id: str) -> bool:
        """True the first time ``message_id`` is seen on ``side`` within the window (and records it)."""
        if not message_id:
            return True
        key = f"{side}:{message_id}"
        now = self._clock()
        async with self._lock:  # two retries arriving together: one of them runs
            seen = await self._store.get(key)
            if isinstance(seen, int | float) and now - seen <= self._window_seconds:
                return False
            await self._store.put(key, now)
            await self._forget_old(now)
        return True

    async def _forget_old(self, now: float) -> None:
        for key, seen in (await self._store.items()).items():
            if not isinstance(seen, int | float) or now - seen > self._window_seconds:
                await self._store.delete(key)
