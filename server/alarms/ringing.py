"""Ringing on devices: the ``ting/alarm/<siteId>/ring`` / ``stop`` topics and who is online.

The contract is in docs/alarms.md. The ringer knows which device sites are online from the
retained ``ting/status/<siteId>`` messages, and what rings where (in this server).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any, Protocol

_LOGGER = logging.getLogger(__name__)

RING_TOPIC = "ting/alarm/{site_id}/ring"
STOP_TOPIC = "ting/alarm/{site_id}/stop"
STATUS_PREFIX = "ting/status/"
STATUS_SUBSCRIPTION = "ting/status/+"
_PUBLISH_WAIT_SECONDS = 10.0
"""A ring waits this long for the broker to come back before it counts as failed."""


class RawPublisher(Protocol):
    async def publish_raw(
        self,
        topic: str,
        payload: bytes,
        *,
        qos: int = 1,
        retain: bool = False,
        wait_connected_seconds: float = 0.0,
    ) -> None: ...


@dataclass
class Ringing:
    item_id: str
    site_id: str
    started_monotonic: float
    limit: asyncio.TimerHandle | None = None


class Ringer:
    def __init__(
        self, *, max_ring_seconds: float, on_limit: Callable[[str], Coroutine[Any, Any, None]]
    ) -> None:
        self.publisher: RawPublisher | None = None
        self.max_ring_seconds = max_ring_seconds
        self._on_limit = on_limit
        self._sites: dict[str, tuple[str, str]] = {}
        """site id -> (state, role) from ``ting/status``."""
        self._ringing: dict[str, Ringing] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    # -- presence -----------------------------------------------------------------------

    def on_status(self, topic: str, payload: bytes) -> None:
        site = topic.removeprefix(STATUS_PREFIX)
        try:
            data = json.loads(payload) if payload else {}
            self._sites[site] = (str(data.get("state", "offline")), str(data.get("role", "device")))
        except (ValueError, AttributeError):
            _LOGGER.debug("unreadable status on %s", topic)

    def offline(self, site_id: str) -> bool:
        """Known and offline (a site never heard of is assumed to listen)."""
        return self._sites.get(site_id, ("online", "device"))[0] == "offline"

    def online_devices(self) -> list[str]:
        return sorted(
            site for site, (state, role) in self._sites.items() if state == "online" and role == "device"
        )

    # -- ringing ------------------------------------------------------------------------

    def ringing_at(self, site_id: str) -> Ringing | None:
        return self._ringing.get(site_id)

    def sites_ringing(self, item_id: str) -> list[str]:
        return [site for site, ringing in self._ringing.items() if ringing.item_id == item_id]

    async def ring(self, site_id: str, item_id: str, message: dict[str, Any]) -> None:
        await self._publish(RING_TOPIC.format(site_id=site_id), message)
        previous = self._ringing.pop(site_id, None)
        if previous is not None and previous.limit is not None:
            previous.limit.cancel()
        ringing = Ringing(item_id=item_id, site_id=site_id, started_monotonic=time.monotonic())
        loop = asyncio.get_running_loop()
        ringing.limit = loop.call_later(self.max_ring_seconds, self._limit_reached, site_id, item_id)
        self._ringing[site_id] = ringing

    async def stop(self, site_id: str, reason: str) -> Ringing | None:
        """Stop what rings at ``site_id`` (publishes ``stop`` even when this server knows of nothing)."""
        ringing = self._ringing.pop(site_id, None)
        if ringing is not None and ringing.limit is not None:
            ringing.limit.cancel()
        message = {"id": ringing.item_id if ringing else None, "reason": reason}
        try:
            await self._publish(STOP_TOPIC.format(site_id=site_id), message)
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

    async def _publish(self, topic: str, message: dict[str, Any]) -> None:
        if self.publisher is None:
            raise RuntimeError("no MQTT client attached")
        payload = json.dumps(message, ensure_ascii=False).encode()
        await self.publisher.publish_raw(topic, payload, wait_connected_seconds=_PUBLISH_WAIT_SECONDS)

    def close(self) -> None:
        for ringing in self._ringing.values():
            if ringing.limit is not None:
                ringing.limit.cancel()
        self._ringing.clear()
