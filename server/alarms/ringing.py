"""Ringing on devices: ``AlarmRing`` / ``AlarmStop`` on ``ting/alarm/<siteId>/ring`` / ``stop``.

The contract is in docs/alarms.md. The ringer knows what rings where (in this server); who is
online it asks the presence tracker.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any, Protocol

from ting.messages import AlarmRing, AlarmStop, StopReason

_LOGGER = logging.getLogger(__name__)

_PUBLISH_WAIT_SECONDS = 10.0
"""A ring waits this long for the broker to come back before it counts as failed."""


class Publisher(Protocol):
    async def publish(
        self, message: Any, *, qos: int = 1, retain: bool = False, wait_connected_seconds: float = 0.0
    ) -> None: ...


@dataclass
class Ringing:
    item_id: str
    site_id: str
    started_monotonic: float
    limit: asyncio.TimerHandle | None = None


class Ringer:
    def __init__(
        self,
        publisher: Publisher,
        *,
        max_ring_seconds: float,
        on_limit: Callable[[str], Coroutine[Any, Any, None]],
    ) -> None:
        self._publisher = publisher
        self.max_ring_seconds = max_ring_seconds
        self._on_limit = on_limit
        self._ringing: dict[str, Ringing] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    def ringing_at(self, site_id: str) -> Ringing | None:
        return self._ringing.get(site_id)

    def sites_ringing(self, item_id: str) -> list[str]:
        return [site for site, ringing in self._ringing.items() if ringing.item_id == item_id]

    async def ring(self, message: AlarmRing) -> None:
        site_id, item_id = message.site_id, message.id
        await self._publisher.publish(message, wait_connected_seconds=_PUBLISH_WAIT_SECONDS)
        previous = self._ringing.pop(site_id, None)
        if previous is not None and previous.limit is not None:
            previous.limit.cancel()
        ringing = Ringing(item_id=item_id, site_id=site_id, started_monotonic=time.monotonic())
        loop = asyncio.get_running_loop()
        ringing.limit = loop.call_later(self.max_ring_seconds, self._limit_reached, site_id, item_id)
        self._ringing[site_id] = ringing

    async def stop(self, site_id: str, reason: StopReason) -> Ringing | None:
        """Stop what rings at ``site_id`` (publishes ``stop`` even when this server knows of nothing)."""
        ringing = self._ringing.pop(site_id, None)
        if ringing is not None and ringing.limit is not None:
            ringing.limit.cancel()
        message = AlarmStop(id=ringing.item_id if ringing else None, reason=reason, site_id=site_id)
        try:
            await self._publisher.publish(message, wait_connected_seconds=_PUBLISH_WAIT_SECONDS)
        except Exception as error:  # the device also stops by itself at its limit
            _LOGGER.warning("could not publish stop for %s: %s", site_id, error)
        return ringing

    def _limit_reached(self, site_id: str, item_id: str) -> None:
        current = self._ringing.get(site_id)
        if current is None or current.item_id != item_id:
            return
        task = asyncio.get_running_loop().create_task(self._on_limit(site_id))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def close(self) -> None:
        for ringing in self._ringing.values():
            if ringing.limit is not None:
                ringing.limit.cancel()
        self._ringing.clear()
