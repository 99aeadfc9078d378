"""Noticing that another client uses our client id: the broker keeps accepting us, then dropping us.

MQTT allows one connection per client id: when a second client connects with the same id, the
broker closes the first one's connection (mosquitto logs "Client <id> already connected, closing
old connection"); MQTT 3.1.1 gives the closed client no reason. Both reconnect and take the id
from each other in turn, and each sees only connections that are accepted and then dropped soon
after, with every reconnect accepted at the first attempt. A broker that goes away looks
different: its drop is followed by refused or failed connection attempts.
"""

from __future__ import annotations

import logging

_LOGGER = logging.getLogger(__name__)

TAKEN_OVER_COUNT = 3
"""Short connections in a row (each accepted at the first attempt) that count as a takeover."""


class TakeoverWatch:
    """Told how each connection attempt ended; logs the takeover once, with the fix."""

    def __init__(
        self, client_id: str, broker: str, *, short_seconds: float, count: int = TAKEN_OVER_COUNT
    ) -> None:
        self._client_id = client_id
        self._broker = broker
        self._short_seconds = short_seconds
        self._count = count
        self._in_a_row = 0
        self.reported = False
        self.takeovers = 0
        """Connections the broker ended within ``short_seconds`` of accepting them."""

    def connection_ended(self, *, accepted: bool, lasted_seconds: float) -> None:
        """Record one connection attempt: ``accepted`` by the broker, and for how long."""
        if not accepted:  # the broker is away (or refuses us): not another client with our id
            self._in_a_row = 0
            return
        if lasted_seconds >= self._short_seconds:
            self._in_a_row = 0
            return
        self._in_a_row += 1
        self.takeovers += 1
        if self._in_a_row >= self._count and not self.reported:
            self.reported = True
            _LOGGER.error(
                "the broker %s closed our connection right after accepting it %d times in a row: most "
                "likely another client uses the same client id %r (mosquitto logs 'Client %s already "
                "connected, closing old connection') and the two keep taking it from each other. Give "
                "each its own id: set mqtt.client_id / server.server_id (a device: its site id) to a "
                "unique value",
                self._broker,
                self._in_a_row,
                self._client_id,
                self._client_id,
            )
