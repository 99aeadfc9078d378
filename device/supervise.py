"""Supervision: restart a failing part with exponential back-off and a log line each time; keep track of
the short jobs running beside the parts."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

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


class TaskSet:
    """The agent's short jobs (an answer being spoken, a message being published, an earcon): kept until
    they end so shutdown can cancel them and ``busy`` can tell, and a failure is logged rather than lost
    in a task nobody awaits."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    def spawn(self, coroutine: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            _LOGGER.error("agent task failed", exc_info=task.exception())

    async def cancel(self) -> None:
        """Cancel every job and wait until they have ended."""
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
