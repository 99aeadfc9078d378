"""Answers that outlive a broker restart: held while there is no connection, sent when it is back.

The server's Hermes answers (``hermes/intent/...`` for a query, ``tts/say``, ``endSession`` ...)
are replies a device is waiting for, so unlike commands (see ``ting.mqtt.client``) they are worth
sending a little late: an answer published while the broker is away is held, and sent as soon as
the next connection is accepted. Bounded in age and count: an answer held longer than
``hold_seconds`` is dropped with a warning (a ``tts/say`` ten minutes late is worse than none),
and so is one that finds ``max_held`` answers already waiting.

Duplicates: an answer whose connection dropped after it was written but before the broker's
PUBACK is sent again after the reconnect. The broker may have received it (and passed it on)
before it went down, so this can deliver an answer twice (at least once, rather than at most
once, for a reply the user is waiting for). In the broker-restart benchmark (docs/benchmarks.md)
every answer sent again had not arrived the first time: no duplicates; a SIGKILL'd broker without
a saved session would have lost it anyway. Incoming redeliveries, the other source of double
answers, are dropped by the client (``ting.mqtt.redelivery``).
"""

from __future__ import annotations

import logging
import time

from ting.errors import MqttError, NotConnectedError, UnconfirmedPublishError
from ting.hermes import Message
from ting.mqtt.client import HermesClient

_LOGGER = logging.getLogger(__name__)


class AnswerPublisher:
    """``publish(message)`` for answers, on a ``HermesClient``; raises ``MqttError`` when it drops one."""

    def __init__(self, client: HermesClient, *, hold_seconds: float, max_held: int) -> None:
        self._client = client
        self._hold_seconds = hold_seconds
        self._max_held = max_held
        self.held = 0
        """Answers waiting for a connection now."""
        self.resent = 0
        """Answers sent again because the connection dropped before the broker confirmed them."""
        self.dropped = 0
        """Answers dropped: held too long, or too many held."""

    async def publish(self, message: Message, *, qos: int = 1, retain: bool = False) -> None:
        deadline = time.monotonic() + self._hold_seconds
        while True:
            if not self._client.publishable:
                await self._hold(message, deadline)
            try:
                await self._client.publish(message, qos=qos, retain=retain)
                return
            except NotConnectedError:  # dropped since the check: hold it
                continue
            except UnconfirmedPublishError as error:
                if time.monotonic() >= deadline:
                    self.dropped += 1
                    _LOGGER.warning("answer dropped: %s", error)
                    raise
                _LOGGER.info("%s; sending it again after the reconnect", error)
                self.resent += 1

    async def _hold(self, message: Message, deadline: float) -> None:
        topic = message.message_topic()
        if self.held >= self._max_held:
            self.dropped += 1
            _LOGGER.warning("answer on %s dropped: %d answers already wait for the broker", topic, self.held)
            raise MqttError(f"answer on {topic} dropped: {self.held} answers already wait for the broker")
        self.held += 1
        try:
            connected = await self._client.wait_publishable(deadline - time.monotonic())
        finally:
            self.held -= 1
        if not connected:
            self.dropped += 1
            _LOGGER.warning(
                "answer on %s dropped: no connection to the broker for %g s (server.answer_hold_seconds)",
                topic,
                self._hold_seconds,
            )
            raise NotConnectedError(f"answer on {topic} dropped: no connection for {self._hold_seconds:g} s")
