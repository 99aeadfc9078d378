"""Incoming messages on their way from paho's read callback to the client's one consumer.

``deliver()`` runs in paho's read callback for every message, so it stays cheap: the message goes straight
into one queue (no task per message; ``ting.mqtt.connection``). On the way it drops what the consumer must
not get: a payload over ``max_payload_bytes``, a QoS 1 redelivery of a message already received
(``ting.mqtt.redelivery``), and anything past ``max_queued`` waiting messages when the consumer falls
behind (a warning once per overflow, not per message). ``messages()`` keeps going across reconnects and
ends at ``close()``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

from ting.mqtt.redelivery import RedeliveryFilter

_LOGGER = logging.getLogger(__name__)

MAX_QUEUED_INCOMING = 10_000
"""Messages received but not yet taken by the consumer; more are dropped with a warning."""


class Inbox:
    def __init__(self, *, max_payload_bytes: int, max_queued: int = MAX_QUEUED_INCOMING) -> None:
        self._max_payload_bytes = max_payload_bytes
        self._max_queued = max_queued
        self._queue: asyncio.Queue[tuple[str, bytes] | None] = asyncio.Queue()
        self._overflowing = False
        self._redeliveries = RedeliveryFilter()
        self.dropped = 0
        """Messages dropped (too large, or the consumer fell behind)."""

    @property
    def redeliveries_dropped(self) -> int:
        """QoS 1 messages the broker sent again (DUP) after they had been received, and were dropped."""
        return self._redeliveries.dropped

    def deliver(self, topic: str, payload: bytes, dup: bool) -> None:
        """Called from paho's read callback for every incoming message: must stay cheap."""
        if len(payload) > self._max_payload_bytes:
            self.dropped += 1
            _LOGGER.warning(
                "dropped a %d-byte message on %s (max_payload_bytes is %d)",
                len(payload),
                topic,
                self._max_payload_bytes,
            )
            return
        if self._redeliveries.is_redelivery(topic, payload, dup):
            _LOGGER.info("dropped a redelivery of a message already received on %s", topic)
            return
        if self._queue.qsize() >= self._max_queued:
            self.dropped += 1
            if not self._overflowing:
                _LOGGER.warning(
                    "consumer is behind (%d messages queued): dropping messages", self._queue.qsize()
                )
            self._overflowing = True
            return
        self._overflowing = False
        self._queue.put_nowait((topic, payload))

    async def messages(self) -> AsyncIterator[tuple[str, bytes]]:
        """``(topic, payload)`` of every message delivered, until ``close()``."""
        while (item := await self._queue.get()) is not None:
            yield item
        self._queue.put_nowait(None)  # let any other iterator end too

    def close(self) -> None:
        """End ``messages()`` once the messages already queued are taken."""
        self._queue.put_nowait(None)
