"""One async MQTT client for the server and the devices: Hermes messages over aiomqtt.

``HermesClient`` keeps a connection alive in a supervisor task (exponential back-off:
``ting.mqtt.reconnect``; re-subscribe after every reconnect) and hands incoming messages to one
consumer through ``messages()``, which keeps going across reconnects. The site's status is retained on
``ting/status/<siteId>``: ``online`` on every connect, ``offline`` on orderly close, and
``offline`` as the last will when the connection dies.

Publishing while disconnected raises ``NotConnectedError`` at once: the client never queues
commands to replay after a reconnect ("turn on the heater" ten minutes late is worse than an
error), and a fresh paho client per connection makes sure paho does not either. A caller may
pass ``wait_connected_seconds`` to ride out a short blip (rings do); the server's Hermes answers
go through ``ting.mqtt.answers.AnswerPublisher``, which holds them across a reconnect.

Reconnecting: when the broker kept the session, the connection carries publishes from its
CONNACK on, before the subscriptions are renewed: the session's backlog arrives right behind the
CONNACK and must be answerable. Incoming messages wait for the consumer in ``ting.mqtt.inbox``, which
drops a QoS 1 message the broker sends again (DUP) after a reconnect when it was already received
(``ting.mqtt.redelivery``). ``on_connected`` hooks run after every (re)connect, once subscribed (the
server announces its grammars there: a broker restarted without persistence has lost the retained ones);
``on_disconnected`` hooks when a connection that was up is lost (home backends mark their devices
unreachable, and ask for their state again once back).
Another client with the same client id is noticed and reported once (``ting.mqtt.takeover``).

Throughput: incoming messages go from paho's callback straight into the inbox's queue, and publishes
await the broker's PUBACK in the caller's task.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from types import TracebackType
from typing import Self

import aiomqtt
import paho.mqtt.client as mqtt

from ting.errors import MqttError, NotConnectedError, UnconfirmedPublishError
from ting.hermes import Message
from ting.messages import SiteState, SiteStatus, StopState, WakeState
from ting.mqtt.connection import Connection
from ting.mqtt.inbox import MAX_QUEUED_INCOMING, Inbox
from ting.mqtt.reconnect import QUICK_RETRY_SECONDS, STABLE_SECONDS, ReconnectSchedule
from ting.mqtt.takeover import TakeoverWatch
from ting.mqtt.url import BrokerAddress, parse_broker_url
from ting.settings import MqttSettings

_LOGGER = logging.getLogger(__name__)

_CLOSE_TIMEOUT_SECONDS = 2.0

_STABLE_SECONDS, _QUICK_RETRY_SECONDS = STABLE_SECONDS, QUICK_RETRY_SECONDS
"""Their names before ``ting.mqtt.reconnect`` (tests/mqtt/test_reconnect.py times its outage by them)."""

ConnectedHook = Callable[["HermesClient"], Awaitable[object]]
"""Runs after every (re)connect, once subscribed and ``online``; given the client."""

DisconnectedHook = Callable[["HermesClient"], None]
"""Called when a connection that was up is lost (the broker went away, the network dropped), not on
``close()``; given the client. Synchronous and quick: it runs in the connection supervisor."""


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
        on_connected: Sequence[ConnectedHook] = (),
        on_disconnected: Sequence[DisconnectedHook] = (),
    ) -> None:
        self.address: BrokerAddress = parse_broker_url(settings.url)
        self.client_id = client_id or settings.client_id or f"ting-{role}-{site_id}"
        self.site_id = site_id
        self.role = role
        self._settings = settings
        self._subscriptions = dict.fromkeys(subscriptions)  # an ordered set
        self._on_connected = tuple(on_connected)
        self._on_disconnected = tuple(on_disconnected)
        self._inbox = Inbox(max_payload_bytes=settings.max_payload_bytes, max_queued=max_queued_incoming)
        self._client: Connection | None = None
        """The connection, usable for publishing until it drops (from its CONNACK: see ``_accepted``)."""
        self._accepted_monotonic: float | None = None
        self._link_up = asyncio.Event()
        """``_client`` is set (or the client is closed)."""
        self._ready = asyncio.Event()
        """Subscribed and ``online`` announced on the current connection."""
        self._supervisor: asyncio.Task[None] | None = None
        self._publishing: set[asyncio.Task[object]] = set()
        self._aborted: set[asyncio.Task[object]] = set()
        self._hooks_running: set[asyncio.Task[None]] = set()
        self._last_error = "not connected yet"
        self._closing = False
        self._tls_context = ssl.create_default_context() if self.address.tls else None
        self._takeover = TakeoverWatch(self.client_id, str(self.address), short_seconds=STABLE_SECONDS)
        self._wake: dict[str, WakeState] = {}
        self._stop: dict[str, list[StopState]] = {}
        self._barge_in = ""

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
        self._link_up.set()  # wakes publishes waiting for a connection: there will be none
        self._inbox.close()

    @property
    def connected(self) -> bool:
        """Connected, subscribed and ``online``."""
        return self._ready.is_set()

    @property
    def publishable(self) -> bool:
        """A connection can carry publishes (perhaps before it is subscribed: see ``_accepted``)."""
        return self._client is not None

    @property
    def dropped_messages(self) -> int:
        """Incoming messages dropped (too large, or the consumer fell behind)."""
        return self._inbox.dropped

    @property
    def redeliveries_dropped(self) -> int:
        """QoS 1 messages the broker sent again (DUP) after they had been received, and were dropped."""
        return self._inbox.redeliveries_dropped

    @property
    def takeovers(self) -> int:
        """Connections the broker ended soon after accepting them (see ``ting.mqtt.takeover``)."""
        return self._takeover.takeovers

    async def wait_connected(self, timeout_seconds: float) -> None:
        """Return once connected (and subscribed); ``MqttError`` after ``timeout_seconds``."""
        try:  # asyncio.timeout: Python 3.11's wait_for can swallow a cancel racing the event
            async with asyncio.timeout(timeout_seconds):
                await self._ready.wait()
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

        Raises ``NotConnectedError`` when not connected (after waiting up to
        ``wait_connected_seconds``; nothing was sent), ``UnconfirmedPublishError`` when the
        connection drops before the PUBACK (or it does not come in time), ``MqttError`` when
        paho's outgoing queue is full.
        """
        client = self._client or await self._wait_for_client(topic, wait_connected_seconds)
        task = asyncio.current_task()
        assert task is not None
        self._publishing.add(task)
        try:
            await client.publish(topic, payload, qos=qos, retain=retain)
        except aiomqtt.MqttCodeError as error:
            if error.rc == mqtt.MQTT_ERR_NO_CONN:  # dropped, and not noticed yet: paho kept it back
                raise NotConnectedError(f"not connected to {self.address}; {topic} not sent") from None
            raise MqttError(f"publish to {topic} failed: {error}") from None
        except aiomqtt.MqttError as error:  # no PUBACK in time
            raise UnconfirmedPublishError(f"publish to {topic} not confirmed: {error}") from None
        except asyncio.CancelledError:
            # _connection_lost() cancels publishes stuck waiting for a PUBACK that will never come.
            if task in self._aborted and task.uncancel() == 0:
                raise UnconfirmedPublishError(
                    f"publish to {topic} failed: connection lost before the broker confirmed it"
                ) from None
            raise
        finally:
            self._publishing.discard(task)
            self._aborted.discard(task)

    async def wait_publishable(self, timeout_seconds: float) -> bool:
        """Wait up to ``timeout_seconds`` for a connection publishes can use; True when there is one."""
        if self._client is None and timeout_seconds > 0 and not self._closing:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(timeout_seconds):
                    while self._client is None and not self._closing:  # it may drop again meanwhile
                        await self._link_up.wait()
        return self._client is not None

    async def _wait_for_client(self, topic: str, wait_connected_seconds: float) -> Connection:
        if await self.wait_publishable(wait_connected_seconds) and self._client is not None:
            return self._client
        raise NotConnectedError(f"not connected to {self.address} ({self._last_error}); {topic} not sent")

    # -- receiving -----------------------------------------------------------------------

    def messages(self) -> AsyncIterator[tuple[str, bytes]]:
        """``(topic, payload)`` of every message received, across reconnects, until ``close()``."""
        return self._inbox.messages()

    async def subscribe(self, *topics: str) -> None:
        """Add subscriptions (QoS 1); they are renewed after every reconnect."""
        new = [topic for topic in topics if topic not in self._subscriptions]
        self._subscriptions.update(dict.fromkeys(new))
        if new and self._client is not None:
            try:
                await self._client.subscribe([(topic, 1) for topic in new])
            except aiomqtt.MqttError as error:
                raise MqttError(f"subscribe to {', '.join(new)} failed: {error}") from None

    # -- connection supervisor -----------------------------------------------------------

    async def _run(self) -> None:
        """Connect, and reconnect when the connection ends (``ting.mqtt.reconnect``: when), until cancelled
        by ``close()``."""
        schedule = ReconnectSchedule(
            self._settings.reconnect_min_seconds, self._settings.reconnect_max_seconds
        )
        while True:
            try:
                await self._connection()
            except aiomqtt.MqttError as error:
                self._last_error = str(error) or type(error).__name__
            except Exception as error:  # a supervisor must outlive any bug below it
                _LOGGER.exception("MQTT connection to %s failed unexpectedly", self.address)
                self._last_error = repr(error)
            accepted = self._accepted_monotonic
            lasted_seconds = 0.0 if accepted is None else time.monotonic() - accepted
            was_connected = self._connection_lost()
            if was_connected:
                self._run_disconnected_hooks()
            self._takeover.connection_ended(accepted=accepted is not None, lasted_seconds=lasted_seconds)
            wait = schedule.wait_seconds(was_connected=was_connected, lasted_seconds=lasted_seconds)
            lost = "lost connection to" if was_connected else "cannot connect to"
            _LOGGER.warning("%s %s (%s); retrying in %.1f s", lost, self.address, self._last_error, wait)
            await asyncio.sleep(wait)

    async def _connection(self) -> None:
        """One connection's life, from connecting until it drops."""
        client = self._new_client()
        try:
            async with client:  # returns after the CONNACK (see _accepted)
                await self._serve(client)
        finally:
            client.forget_disconnection()

    async def _serve(self, client: Connection) -> None:
        """Subscribe, announce ``online``, run the hooks, then wait for the connection to drop."""
        if self._subscriptions:
            await client.subscribe([(topic, 1) for topic in self._subscriptions])
        self._usable(client)
        await client.publish(*self._status(SiteState.ONLINE), qos=1, retain=True)
        self._ready.set()
        _LOGGER.info(
            "connected to %s as %s (%d subscriptions)", self.address, self.client_id, len(self._subscriptions)
        )
        for hook in self._on_connected:
            task = asyncio.create_task(self._run_hook(hook), name=f"mqtt {self.client_id} connected")
            self._hooks_running.add(task)
            task.add_done_callback(self._hooks_running.discard)
        async for _ in client.messages:  # never yields (see ting.mqtt.connection); raises on disconnect
            pass

    def _accepted(self, connection: Connection, session_present: bool) -> None:
        """The broker's CONNACK, called from paho's read callback before any message behind it.

        With the session kept, its subscriptions are in place and its backlog follows right away:
        the connection carries publishes from here, so that backlog can be answered. A new session
        (a broker that lost its state) has no backlog, and a query sent before the subscriptions
        are renewed could have its answer come back to nobody: publishes wait for them."""
        self._accepted_monotonic = time.monotonic()
        if session_present:
            self._usable(connection)

    def _usable(self, connection: Connection) -> None:
        if self._client is None:
            self._client = connection
            self._link_up.set()

    async def _run_hook(self, hook: ConnectedHook) -> None:
        try:
            await hook(self)
        except Exception:  # a hook's failure is its own; the connection stays
            _LOGGER.exception("on-connected hook %s failed", getattr(hook, "__qualname__", hook))

    def _run_disconnected_hooks(self) -> None:
        for hook in self._on_disconnected:
            try:
                hook(self)
            except Exception:  # a hook's failure is its own; reconnecting goes on
                _LOGGER.exception("on-disconnected hook %s failed", getattr(hook, "__qualname__", hook))

    def _connection_lost(self) -> bool:
        was_connected = self._client is not None
        self._client = None
        self._accepted_monotonic = None
        self._link_up.clear()
        self._ready.clear()
        for hook in self._hooks_running:  # a hook belongs to the connection it ran for
            hook.cancel()
        for task in self._publishing:
            self._aborted.add(task)
            task.cancel()
        return was_connected

    def _new_client(self) -> Connection:
        # A fresh aiomqtt/paho client per connection: paho would otherwise re-send the old
        # connection's unacknowledged publishes after reconnecting (stale commands).
        return Connection(
            self.address,
            client_id=self.client_id,
            will=aiomqtt.Will(*self._status(SiteState.OFFLINE), qos=1, retain=True),
            keepalive_seconds=self._settings.keepalive_seconds,
            tls_context=self._tls_context,
            on_message=self._inbox.deliver,
            on_accepted=self._accepted,
            logger=_LOGGER.getChild("paho"),
        )

    def _status(self, state: SiteState) -> tuple[str, bytes]:
        status = SiteStatus(
            site_id=self.site_id,
            state=state,
            role=self.role,
            wake=dict(self._wake),
            stop={lang: list(states) for lang, states in self._stop.items()},
            barge_in=self._barge_in,
        )
        return status.message_topic(), status.payload()

    async def set_wake(
        self,
        wake: Mapping[str, WakeState],
        stop: Mapping[str, list[StopState]] | None = None,
        barge_in: str | None = None,
    ) -> None:
        """What the retained status says of the site's wake phrases (and, given, its stop phrases and its
        barge-in listener): from now on, and at once when connected (not connected: at the next connect;
        the last will keeps what it was made with)."""
        self._wake = dict(wake)
        if stop is not None:
            self._stop = {lang: list(states) for lang, states in stop.items()}
        if barge_in is not None:
            self._barge_in = barge_in
        if self._client is None:
            return
        try:
            await self.publish_raw(*self._status(SiteState.ONLINE), retain=True)
        except MqttError as error:
            _LOGGER.warning("status not published (%s); the next connect publishes it", error)
