"""One async MQTT client for the server and the devices: Hermes messages over aiomqtt.

``HermesClient`` keeps a connection alive in a supervisor task (exponential back-off,
re-subscribe after every reconnect) and hands incoming messages to one consumer through
``messages()``, which keeps going across reconnects. The site's status is retained on
``ting/status/<siteId>``: ``online`` on every connect, ``offline`` on orderly close, and
``offline`` as the last will when the connection dies.

Publishing while disconnected raises ``MqttError`` at once: ting never queues commands to
replay after a reconnect ("turn on the heater" ten minutes late is worse than an error).
Answers may pass ``wait_connected_seconds=ANSWER_WAIT_SECONDS`` to ride out a short blip.

Throughput: incoming messages go from paho's callback straight into one queue (no task
per message; aiomqtt's own queue is replaced by a forwarding one through its public
``queue_type`` argument), and publishes await the broker's PUBACK in the caller's task.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import socket
import ssl
import sys
import time
from collections.abc import AsyncIterator, Sequence
from types import TracebackType
from typing import Self

import aiomqtt
import paho.mqtt.client as mqtt

from ting.errors import MqttError
from ting.hermes import Message
from ting.messages import SiteState, SiteStatus
from ting.mqtt.url import BrokerAddress, parse_broker_url
from ting.settings import MqttSettings

_LOGGER = logging.getLogger(__name__)

ANSWER_WAIT_SECONDS = 2.0
"""How long an answer (``hermes/tts/say`` to a device) may wait for a reconnect before failing.

Long enough for a broker restart or a Wi-Fi roam, short enough that the user is still
waiting for the reply; commands never wait (see the module docstring)."""

MAX_QUEUED_INCOMING = 10_000
"""Messages received but not yet taken by the consumer; more are dropped with a warning."""

_MAX_INFLIGHT = 256
"""QoS 1 publishes awaiting PUBACK at once (paho's default of 20 throttles bursts)."""
_MAX_QUEUED_OUTGOING = 10_000
"""Publishes paho holds beyond the in-flight window; more fail with ``MqttError``."""
_OPERATION_TIMEOUT_SECONDS = 10.0
"""CONNACK, SUBACK and PUBACK must arrive within this."""
_CLOSE_TIMEOUT_SECONDS = 2.0
_STABLE_SECONDS = 10.0
"""A connection that lasted this long resets the back-off to ``reconnect_min_seconds``."""


class _PublishWaiter:
    """Stands in aiomqtt's pending-publish table: its ``on_publish`` calls ``set()`` on PUBACK."""

    __slots__ = ("future",)

    def __init__(self, future: asyncio.Future[None]) -> None:
        self.future = future

    def set(self) -> None:
        if not self.future.done():
            self.future.set_result(None)


class _Connection(aiomqtt.Client):
    """aiomqtt's client with a cheaper QoS 1 ``publish`` for the hot path.

    aiomqtt's own publish scans every pending call twice per publish (a membership test and a
    count for a warning) and waits through ``asyncio.wait_for`` (a task per publish); with
    hundreds of answers in flight that was the server's largest cost. This keeps its behaviour
    (PUBACK awaited, paho errors raised as ``aiomqtt.MqttError``) in constant time.
    """

    async def publish(  # type: ignore[override]
        self,
        topic: str,
        payload: bytes,
        qos: int = 0,
        retain: bool = False,
        *,
        timeout: float | None = None,  # noqa: ASYNC109 (aiomqtt's signature)
    ) -> None:
        info = self._client.publish(topic, payload, qos, retain)
        if info.rc != mqtt.MQTT_ERR_SUCCESS:
            raise aiomqtt.MqttCodeError(info.rc, "Could not publish message")
        if info.is_published():
            return
        waiter = _PublishWaiter(asyncio.get_running_loop().create_future())
        self._pending_publishes[info.mid] = waiter  # type: ignore[assignment]
        try:
            async with asyncio.timeout(self.timeout if timeout is None else timeout):
                await waiter.future
        except TimeoutError:
            raise aiomqtt.MqttError("Operation timed out") from None
        finally:
            self._pending_publishes.pop(info.mid, None)


class HermesClient:
    """Async context manager: ``async with HermesClient(...) as client: ...``.

    Entering starts the connection in the background and returns at once; use
    ``wait_connected()`` when the caller cannot do anything useful offline.
    The client id is ``client_id``, else ``settings.client_id``, else ``ting-<role>-<siteId>``;
    it is fixed so that the broker keeps the (persistent) session across reconnects.
    """

    def __init__(
        self,
        settings: MqttSettings,
        *,
        site_id: str,
        role: str,
        subscriptions: Sequence[str] = (),
        client_id: str | None = None,
        max_queued_incoming: int = MAX_QUEUED_INCOMING,
    ) -> None:
        self.address: BrokerAddress = parse_broker_url(settings.url)
        self.client_id = client_id or settings.client_id or f"ting-{role}-{site_id}"
        self.site_id = site_id
        self.role = role
        self._settings = settings
        self._subscriptions = dict.fromkeys(subscriptions)  # an ordered set
        self._max_queued_incoming = max_queued_incoming
        self._incoming: asyncio.Queue[tuple[str, bytes] | None] = asyncio.Queue()
        self._overflowing = False
        self._client: aiomqtt.Client | None = None
        self._connected = asyncio.Event()
        self._supervisor: asyncio.Task[None] | None = None
        self._publishing: set[asyncio.Task[object]] = set()
        self._aborted: set[asyncio.Task[object]] = set()
        self._last_error = "not connected yet"
        self._closing = False
        self._tls_context = ssl.create_default_context() if self.address.tls else None
        self.dropped_messages = 0
        """Incoming messages dropped (too large, or the consumer fell behind)."""

    # -- lifecycle ---------------------------------------------------------------------

    async def __aenter__(self) -> Self:
        self._supervisor = asyncio.create_task(self._run(), name=f"mqtt {self.client_id}")
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def close(self) -> None:
        """Publish ``offline`` (retained), disconnect cleanly and end ``messages()``."""
        if self._closing:
            return
        self._closing = True
        client = self._client
        if client is not None:
            with contextlib.suppress(aiomqtt.MqttError):
                await client.publish(
                    *self._status(SiteState.OFFLINE), qos=1, retain=True, timeout=_CLOSE_TIMEOUT_SECONDS
                )
        if self._supervisor is not None:
            self._supervisor.cancel()  # leaving aiomqtt's context sends DISCONNECT: no last will
            await asyncio.wait({self._supervisor}, timeout=_CLOSE_TIMEOUT_SECONDS)
        self._connection_lost()
        self._incoming.put_nowait(None)

    @property
    def connected(self) -> bool:
        return self._client is not None

    async def wait_connected(self, timeout_seconds: float) -> None:
        """Return once connected (and subscribed); ``MqttError`` after ``timeout_seconds``."""
        try:  # asyncio.timeout: Python 3.11's wait_for can swallow a cancel racing the event
            async with asyncio.timeout(timeout_seconds):
                await self._connected.wait()
        except TimeoutError:
            raise MqttError(
                f"could not connect to {self.address} in {timeout_seconds} s: {self._last_error}"
            ) from None

    # -- publishing ----------------------------------------------------------------------

    async def publish(
        self, message: Message, *, qos: int = 1, retain: bool = False, wait_connected_seconds: float = 0.0
    ) -> None:
        """Publish a Hermes message on its own topic; see ``publish_raw``."""
        await self.publish_raw(
            message.message_topic(),
            message.payload(),
            qos=qos,
            retain=retain,
            wait_connected_seconds=wait_connected_seconds,
        )

    async def publish_raw(
        self,
        topic: str,
        payload: bytes,
        *,
        qos: int = 1,
        retain: bool = False,
        wait_connected_seconds: float = 0.0,
    ) -> None:
        """Publish and (QoS 1) wait for the broker's PUBACK.

        Raises ``MqttError`` when not connected (after waiting up to ``wait_connected_seconds``),
        when the connection drops before the PUBACK, or when paho's outgoing queue is full.
        """
        client = self._client or await self._wait_for_client(topic, wait_connected_seconds)
        task = asyncio.current_task()
        assert task is not None
        self._publishing.add(task)
        try:
            await client.publish(topic, payload, qos=qos, retain=retain)
        except aiomqtt.MqttError as error:
            raise MqttError(f"publish to {topic} failed: {error}") from None
        except asyncio.CancelledError:
            # _connection_lost() cancels publishes stuck waiting for a PUBACK that will never come.
            if task in self._aborted and task.uncancel() == 0:
                raise MqttError(
                    f"publish to {topic} failed: connection lost before the broker confirmed it"
                ) from None
            raise
        finally:
            self._publishing.discard(task)
            self._aborted.discard(task)

    async def _wait_for_client(self, topic: str, wait_connected_seconds: float) -> aiomqtt.Client:
        if wait_connected_seconds > 0 and not self._closing:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(wait_connected_seconds):
                    await self._connected.wait()
        if self._client is None:
            raise MqttError(f"not connected to {self.address} ({self._last_error}); {topic} not sent")
        return self._client

    # -- receiving -----------------------------------------------------------------------

    async def messages(self) -> AsyncIterator[tuple[str, bytes]]:
        """``(topic, payload)`` of every message received, across reconnects, until ``close()``."""
        while (item := await self._incoming.get()) is not None:
            yield item
        self._incoming.put_nowait(None)  # let any other iterator end too

    async def subscribe(self, *topics: str) -> None:
        """Add subscriptions (QoS 1); they are renewed after every reconnect."""
        new = [topic for topic in topics if topic not in self._subscriptions]
        self._subscriptions.update(dict.fromkeys(new))
        if new and self._client is not None:
            try:
                await self._client.subscribe([(topic, 1) for topic in new])
            except aiomqtt.MqttError as error:
                raise MqttError(f"subscribe to {', '.join(new)} failed: {error}") from None

    def _deliver(self, message: aiomqtt.Message) -> None:
        """Called from paho's read callback for every incoming message: must stay cheap."""
        payload = message.payload
        if not isinstance(payload, bytes):  # paho always gives bytes; keep mypy and surprises out
            payload = str(payload).encode()
        if len(payload) > self._settings.max_payload_bytes:
            self.dropped_messages += 1
            _LOGGER.warning(
                "dropped a %d-byte message on %s (max_payload_bytes is %d)",
                len(payload),
                message.topic.value,
                self._settings.max_payload_bytes,
            )
            return
        if self._incoming.qsize() >= self._max_queued_incoming:
            self.dropped_messages += 1
            if not self._overflowing:
                _LOGGER.warning(
                    "consumer is behind (%d messages queued): dropping messages", self._incoming.qsize()
                )
            self._overflowing = True
            return
        self._overflowing = False
        self._incoming.put_nowait((message.topic.value, payload))

    def _forwarding_queue(self) -> type[asyncio.Queue[aiomqtt.Message]]:
        """A queue class for aiomqtt that hands each message to ``_deliver`` instead of storing it.

        Its ``get()`` therefore never returns, so iterating aiomqtt's ``messages`` only ever
        ends by raising when the connection drops: that is how the supervisor notices.
        """
        deliver = self._deliver

        class ForwardingQueue(asyncio.Queue[aiomqtt.Message]):
            def put_nowait(self, item: aiomqtt.Message) -> None:
                deliver(item)

        return ForwardingQueue

    # -- connection supervisor -----------------------------------------------------------

    async def _run(self) -> None:
        """Connect, and reconnect with exponential back-off, until cancelled by ``close()``."""
        delay = self._settings.reconnect_min_seconds
        while True:
            started = time.monotonic()
            try:
                await self._connection()
            except aiomqtt.MqttError as error:
                self._last_error = str(error) or type(error).__name__
            except Exception as error:  # a supervisor must outlive any bug below it
                _LOGGER.exception("MQTT connection to %s failed unexpectedly", self.address)
                self._last_error = repr(error)
            was_connected = self._connection_lost()
            if was_connected and time.monotonic() - started >= _STABLE_SECONDS:
                delay = self._settings.reconnect_min_seconds
            wait = delay * random.uniform(0.8, 1.2)  # jitter: devices should not all reconnect at once
            _LOGGER.warning(
                "%s %s (%s); retrying in %.1f s",
                "lost connection to" if was_connected else "cannot connect to",
                self.address,
                self._last_error,
                wait,
            )
            await asyncio.sleep(wait)
            delay = min(delay * 2, self._settings.reconnect_max_seconds)

    async def _connection(self) -> None:
        """One connection's life: subscribe, announce ``online``, then wait for it to drop."""
        client = self._new_client()
        async with client:
            if self._subscriptions:
                await client.subscribe([(topic, 1) for topic in self._subscriptions])
            await client.publish(*self._status(SiteState.ONLINE), qos=1, retain=True)
            self._client = client
            self._connected.set()
            _LOGGER.info(
                "connected to %s as %s (%d subscriptions)",
                self.address,
                self.client_id,
                len(self._subscriptions),
            )
            async for _ in client.messages:  # never yields (see _forwarding_queue); raises on disconnect
                pass

    def _connection_lost(self) -> bool:
        was_connected = self._client is not None
        self._client = None
        self._connected.clear()
        for task in self._publishing:
            self._aborted.add(task)
            task.cancel()
        return was_connected

    def _new_client(self) -> aiomqtt.Client:
        # A fresh aiomqtt/paho client per connection: paho would otherwise re-send the old
        # connection's unacknowledged publishes after reconnecting (stale commands).
        address = self.address
        client = _Connection(
            address.host,
            address.port,
            username=address.username,
            password=address.password,
            identifier=self.client_id,
            logger=_LOGGER.getChild("paho"),
            queue_type=self._forwarding_queue(),
            protocol=aiomqtt.ProtocolVersion.V311,
            will=aiomqtt.Will(*self._status(SiteState.OFFLINE), qos=1, retain=True),
            clean_session=False,
            timeout=_OPERATION_TIMEOUT_SECONDS,
            keepalive=self._settings.keepalive_seconds,
            max_inflight_messages=_MAX_INFLIGHT,
            max_queued_outgoing_messages=_MAX_QUEUED_OUTGOING,
            tls_context=self._tls_context,
            # Small Hermes messages go out at once; with Nagle on (paho's default) an answer
            # waits for the previous packet's ACK and latency jumps to ~40 ms under load.
            socket_options=((socket.IPPROTO_TCP, socket.TCP_NODELAY, 1),),
        )
        client.pending_calls_threshold = sys.maxsize  # aiomqtt warns on every publish past 10 in flight
        return client

    def _status(self, state: SiteState) -> tuple[str, bytes]:
        status = SiteStatus(site_id=self.site_id, state=state, role=self.role)
        return status.message_topic(), status.payload()
