"""``LinkedHome``: what every MQTT home backend shares — a ``BackendLink`` of its own, the ``async with``
lifecycle, the state cache, waiting for the bridge's discovery at start, sending a command and waiting
for the state asked for, and the broker going away and coming back.

A backend says what is its own: its subscriptions, how an incoming message changes the cache
(``on_message``), and what it asks its devices when the broker is back (``_broker_back``).
"""

from __future__ import annotations

import abc
import asyncio
import logging
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Self

from ting.errors import DeviceUnavailableError, MqttError
from ting.mqtt.client import HermesClient
from ting.server.home_mqtt.link import BackendLink
from ting.server.home_mqtt.states import DeviceStates, Wanted
from ting.settings import MqttSettings
from ting.skills.sdk import DeviceState, HomeBackend

_LOGGER = logging.getLogger(__name__)


class LinkedHome(HomeBackend):
    """The shared half of an MQTT home backend; subclasses call ``_open_link`` in ``__init__``."""

    cache: DeviceStates
    link: BackendLink
    _lost: bool
    """The broker went away since the last connect: states may have changed unseen."""

    def _open_link(
        self,
        mqtt: MqttSettings,
        *,
        url: str | None,
        server_id: str,
        backend: str,
        subscriptions: Sequence[str],
    ) -> None:
        self._lost = False
        self.link = BackendLink(
            mqtt,
            url=url,
            server_id=server_id,
            backend=backend,
            subscriptions=subscriptions,
            handler=self.on_message,
            on_connected=[self._connected],
            on_disconnected=[self._disconnected],
        )

    async def __aenter__(self) -> Self:
        await self.link.__aenter__()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.link.__aexit__(exc_type, exc, tb)

    @abc.abstractmethod
    async def on_message(self, topic: str, payload: bytes) -> None:
        """One message on a subscribed topic, in arrival order."""

    @abc.abstractmethod
    async def _broker_back(self) -> None:
        """Ask the devices for their state: what changed while the broker was away was seen by nobody."""

    async def states(self) -> dict[str, DeviceState]:
        return self.cache.all(reachable=self.link.client.publishable)

    async def _wait_until(
        self, event: asyncio.Event, timeout_seconds: float, missing: Callable[[], list[str]], what: str
    ) -> None:
        """Wait up to ``timeout_seconds`` for ``event``; else log ``what`` with the missing device ids and
        the broker's address and state (the devices answer once their description comes)."""
        try:
            async with asyncio.timeout(timeout_seconds):
                await event.wait()
        except TimeoutError:
            _LOGGER.warning(
                "%s within %g s for %s, at %s (%s)",
                what,
                timeout_seconds,
                ", ".join(sorted(missing())),
                self.link.client.address,
                "connected" if self.link.client.connected else "broker unreachable",
            )

    async def _publish_and_wait(
        self, device_id: str, topic: str, body: str, wanted: Wanted, *, broker: str, timeout_seconds: float
    ) -> DeviceState:
        """Send one command and wait until the device reports the state asked for, whoever else changed
        it meanwhile; ``DeviceUnavailableError`` naming ``broker`` when it cannot be sent."""
        _LOGGER.info("%s: %s <- %s", device_id, topic, body)
        try:
            await self.link.publish(topic, body.encode())
        except MqttError as error:
            raise DeviceUnavailableError(f"{device_id}: {broker}: {error}") from None
        return await self.cache.wait_for(device_id, wanted, timeout_seconds)

    def _check_publishable(self, device_id: str, *, broker: str) -> None:
        if not self.link.client.publishable:
            raise DeviceUnavailableError(f"{device_id}: {broker} is unreachable")
        self.cache.check_available(device_id)

    def _disconnected(self, client: HermesClient) -> None:
        # Unreachable meanwhile: every read and command checks ``publishable`` (not a flag cleared only
        # once the hooks have run, which would refuse commands on a connection already carrying them).
        self._lost = True

    async def _connected(self, client: HermesClient) -> None:
        if self._lost:
            self._lost = False
            await self._broker_back()
