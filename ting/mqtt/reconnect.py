"""How long the client waits before it tries to connect again, after a connection ended or was not made.

Exponential back-off from ``reconnect_min_seconds`` to ``reconnect_max_seconds`` (``ting.supervise.Backoff``),
with jitter: devices should not all reconnect at once. After losing a connection that had been up a while (a
broker restart, a network blip), it retries every ``reconnect_min_seconds`` for ``QUICK_RETRY_SECONDS``
before backing off: the sooner the server is back, the fewer queries reach a restarted broker that has lost
its subscriptions (nothing can keep those), and the sooner held answers go out.
"""

from __future__ import annotations

import random
import time

from ting.supervise import Backoff

STABLE_SECONDS = 10.0
"""A connection that lasted this long resets the back-off to ``reconnect_min_seconds``; shorter ones
that the broker ends, again and again, are how another client with our id shows (``ting.mqtt.takeover``)."""

QUICK_RETRY_SECONDS = 10.0
"""How long after losing a stable connection reconnects are tried every ``reconnect_min_seconds``."""


class ReconnectSchedule:
    def __init__(self, min_seconds: float, max_seconds: float) -> None:
        self._backoff = Backoff(min_seconds, max_seconds)
        self._quick_until_monotonic = 0.0

    def wait_seconds(self, *, was_connected: bool, lasted_seconds: float) -> float:
        """The wait before the next attempt, after one that ended just now: ``was_connected`` when it had
        been usable, ``lasted_seconds`` from the broker's CONNACK (0 when there was none)."""
        now = time.monotonic()
        if was_connected and lasted_seconds >= STABLE_SECONDS:  # not a flapping one: see takeover
            self._quick_until_monotonic = now + QUICK_RETRY_SECONDS
        if now < self._quick_until_monotonic:
            self._backoff.reset()
        return self._backoff.next_seconds() * random.uniform(0.8, 1.2)
