"""ting's MQTT client on a home backend's broker, handing every message to the backend in order.

Each MQTT backend has a connection of its own (``HermesClient``, as ting's server and devices use),
even to ting's own broker: it must read the backend's retained discovery before the household, and
with it the grammars, are built, which is before the server's own client connects. Its presence is
``ting/status/<server_id>-<backend>`` with role ``home-backend`` (not a device: no presence events).

The backend is told when the broker goes away (``on_disconnected``: its devices are unreachable
meanwhile) and when it is back (``on_connected``: it asks its devices for their state, since changes
made meanwhile were not seen).

Messages are handled one at a time, in arrival order (a state must not overtake a later one). A
handler that raises is logged with the topic and the message dropped; nothing stops the consumer.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from types import TracebackType
from typing import Self

from ting.errors import MessageError
from ting.mqtt.client import ConnectedHook, DisconnectedHook, HermesClient
from ting.settings import MqttSettings
from ting.supervise import Backoff, supervise

_LOGGER = logging.getLogger(__name__)

Handler = Callable[[str, bytes], Awaitable[None]]
ROLE = "home-backend"


class BackendLink:
    """``async with BackendLink(...) as link``: connects in the background and consumes until closed."""

    def __init__(
        self,
        settings: MqttSettings,
        *,
        url: str | None,
        server_id: str,
        backend: str,
        subscriptions: Sequence[str],
        handler: Handler,
        on_connected: Sequence[ConnectedHook] = (),
        on_disconnected: Sequence[DisconnectedHook] = (),
    ) -> None:
        own = replace(settings, url=url or settings.url, client_id=None, embedded_broker=False)
        self.client = HermesClient(
            own,
            site_id=f"{server_id}-{backend}",
            role=ROLE,
            client_id=f"ting-{server_id}-{backend}",
            subscriptions=subscriptions,
            on_connected=on_connected,
            on_disconnected=on_disconnected,
        )
        self._backend = backend
        self._handler = handler
        self._consumer: asyncio.Task[None] | None = None
        self.dropped = 0
        """Messages a handler failed on (logged and dropped)."""

    async def __aenter__(self) -> Self:
        await self.client.__aenter__()
        self._consumer = asyncio.create_task(
            supervise(f"{self._backend} consumer", self._consume, Backoff(0.2, 5.0)),
            name=f"{self._backend} consumer",
        )
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.client.close()
        if self._consumer is not None:
            self._consumer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._consumer

    async def publish(self, topic: str, payload: bytes) -> None:
        """QoS 1, not retained; ``MqttError`` (``NotConnectedError``) when it cannot be sent."""
        await self.client.publish_raw(topic, payload)

    async def _consume(self) -> None:
        async for topic, payload in self.client.messages():
            try:
                await self._handler(topic, payload)
            except MessageError as error:
                self.dropped += 1
                _LOGGER.warning("%s: bad payload on %s dropped: %s", self._backend, topic, _short(str(error)))
            except Exception as error:  # a bug on one message must not end the consumer
                self.dropped += 1
                _LOGGER.error(
                    "%s: handling %s (%d bytes) failed; message dropped: %r",
                    self._backend,
                    topic,
                    len(payload),
                    error,
                    exc_info=not isinstance(error, RecursionError),
                )


def _short(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[:limit] + f"… ({len(text)} characters)"
