"""The short jobs running beside the device's parts (restarting the parts themselves: ``ting.supervise``)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

_LOGGER = logging.getLogger(__name__)


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
