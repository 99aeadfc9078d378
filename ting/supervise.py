"""Supervision: restart a failing part with exponential back-off and a log line each time (the device's
parts, the server's MQTT consumer)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

_LOGGER = logging.getLogger(__name__)

_STABLE_SECONDS = 30.0
"""A run that lasted this long resets the back-off."""


class Backoff:
    def __init__(self, min_seconds: float, max_seconds: float) -> None:
        self.min_seconds, self.max_seconds = min_seconds, max_seconds
        self._next = min_seconds

    def next_seconds(self) -> float:
        wait, self._next = self._next, min(self._next * 2, self.max_seconds)
        return wait

    def reset(self) -> None:
        self._next = self.min_seconds


async def supervise(
    name: str,
    run: Callable[[], Awaitable[None]],
    backoff: Backoff,
    *,
    restarts: dict[str, int] | None = None,
) -> None:
    """Run ``run()`` until it returns normally; when it raises, log, wait and start it again.

    ``restarts`` (part name -> count) is updated for the heartbeat and the tests.
    """
    while True:
        started = time.monotonic()
        try:
            await run()
            return
        except asyncio.CancelledError:
            raise
        except Exception as error:  # a supervisor must outlive any bug in a part
            if time.monotonic() - started >= _STABLE_SECONDS:
                backoff.reset()
            wait = backoff.next_seconds()
            _LOGGER.error("%s failed (%r); restarting in %.1f s", name, error, wait, exc_info=error)
            if restarts is not None:
                restarts[name] = restarts.get(name, 0) + 1
            await asyncio.sleep(wait)
