"""One MQTT connection: aiomqtt's client, adapted to what ``HermesClient`` needs of it.

- The connection is usable for publishing from the moment the broker's CONNACK is read
  (``on_accepted``), before aiomqtt's ``__aenter__`` resumes: a persistent session's backlog
  follows the CONNACK at once, and answers to it must not find the client "not connected".
- Incoming messages go from paho's callback straight to ``on_message`` with paho's DUP flag
  (aiomqtt's own ``Message`` drops it, and ``HermesClient`` needs it to drop redeliveries);
  aiomqtt's queue stays empty, so iterating its ``messages`` only ever ends by raising when
  the connection drops: that is how the supervisor notices.
- QoS 1 ``publish`` in constant time (see ``Connection.publish``).
- Under uvloop, a connection reset right behind some data is noticed (see ``_misc_loop``).
"""

from __future__ import annotations

import asyncio
import logging
import socket
import ssl
import sys
from collections.abc import Callable
from typing import Any

import aiomqtt
import paho.mqtt.client as mqtt

from ting.mqtt.url import BrokerAddress

_MAX_INFLIGHT = 256
"""QoS 1 publishes awaiting PUBACK at once (paho's default of 20 throttles bursts)."""
_MAX_QUEUED_OUTGOING = 10_000
"""Publishes paho holds beyond the in-flight window; more fail with ``MqttError``."""
_OPERATION_TIMEOUT_SECONDS = 10.0
"""CONNACK, SUBACK and PUBACK must arrive within this."""

MessageCallback = Callable[[str, bytes, bool], None]
"""``(topic, payload, dup)`` for every message received; called from paho's read callback."""


class _PublishWaiter:
    """Stands in aiomqtt's pending-publish table: its ``on_publish`` calls ``set()`` on PUBACK."""

    __slots__ = ("future",)

    def __init__(self, future: asyncio.Future[None]) -> None:
        self.future = future

    def set(self) -> None:
        if not self.future.done():
            self.future.set_result(None)


class Connection(aiomqtt.Client):
    """aiomqtt's client with the CONNACK and message hooks above and a cheaper QoS 1 ``publish``.

    MQTT 3.1.1 with a persistent session (``clean_session`` off), so the broker keeps the
    subscriptions and queues messages while the client is away."""

    def __init__(
        self,
        address: BrokerAddress,
        *,
        client_id: str,
        will: aiomqtt.Will,
        keepalive_seconds: int,
        tls_context: ssl.SSLContext | None,
        on_message: MessageCallback,
        on_accepted: Callable[[Connection, bool], None],
        logger: logging.Logger,
    ) -> None:
        super().__init__(
            address.host,
            address.port,
            username=address.username,
            password=address.password,
            identifier=client_id,
            logger=logger,
            protocol=aiomqtt.ProtocolVersion.V311,
            will=will,
            clean_session=False,
            timeout=_OPERATION_TIMEOUT_SECONDS,
            keepalive=keepalive_seconds,
            max_inflight_messages=_MAX_INFLIGHT,
            max_queued_outgoing_messages=_MAX_QUEUED_OUTGOING,
            tls_context=tls_context,
            # Small Hermes messages go out at once; with Nagle on (paho's default) an answer
            # waits for the previous packet's ACK and latency jumps to ~40 ms under load.
            socket_options=((socket.IPPROTO_TCP, socket.TCP_NODELAY, 1),),
        )
        self.pending_calls_threshold = sys.maxsize  # aiomqtt warns on every publish past 10 in flight
        self._deliver = on_message
        self._accepted = on_accepted

    async def publish(  # type: ignore[override]
        self,
        topic: str,
        payload: bytes,
        qos: int = 0,
        retain: bool = False,
        *,
        timeout: float | None = None,  # noqa: ASYNC109 (aiomqtt's signature)
    ) -> None:
        """Publish and (QoS 1) await the PUBACK.

        aiomqtt's own publish scans every pending call twice per publish (a membership test and a
        count for a warning) and waits through ``asyncio.wait_for`` (a task per publish); with
        hundreds of answers in flight that was the server's largest cost. This keeps its behaviour
        (PUBACK awaited, paho errors raised as ``aiomqtt.MqttError``) in constant time.
        """
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

    async def _misc_loop(self) -> None:
        """paho's housekeeping (keepalive) once a second, as aiomqtt's, and one read of the socket.

        uvloop (libuv) takes a socket error (POLLERR, as after a TCP reset) as the end of the socket's
        watcher: it runs the reader once more and drops it for good. When the reset arrives behind
        data, paho reads a packet of the data, not the reset, and then never hears of the socket
        again, so nothing noticed the connection was gone until the keepalive ran out (up to 1.5 x
        keepalive_seconds, publishes timing out meanwhile): in 5 of 12 SIGTERM restarts of the broker
        in bench/broker_restart.py, under ``ting server``. Reading here finds what is left, and the
        reset (paho then reports the disconnection as usual); with nothing to read it costs one
        non-blocking recv."""
        while self._client.loop_misc() == mqtt.MQTT_ERR_SUCCESS:
            try:
                self._client.loop_read()
            except Exception as error:  # as aiomqtt's own reader: a failed read ends the connection
                if not self._disconnected.done():
                    self._disconnected.set_exception(error)
                return
            await asyncio.sleep(1)

    def forget_disconnection(self) -> None:
        """Mark why the connection dropped as seen: the supervisor has logged it already, and asyncio
        would otherwise print "Future exception was never retrieved" when it drops during the
        subscribe (nothing awaits aiomqtt's disconnection future then)."""
        if self._disconnected.done() and not self._disconnected.cancelled():
            self._disconnected.exception()

    def _on_connect(
        self,
        client: mqtt.Client,
        userdata: Any,
        flags: mqtt.ConnectFlags,
        reason_code: Any,
        properties: Any = None,
    ) -> None:
        already = self._connected.done()
        super()._on_connect(client, userdata, flags, reason_code, properties)
        if not already and reason_code == mqtt.CONNACK_ACCEPTED:
            self._accepted(self, bool(flags.session_present))

    def _on_message(self, client: mqtt.Client, userdata: Any, message: mqtt.MQTTMessage) -> None:
        payload = message.payload
        if not isinstance(payload, bytes):  # paho gives bytes; keep mypy and surprises out
            payload = bytes(payload)
        self._deliver(message.topic, payload, bool(message.dup))
