"""``HeapScheduler``: the next due items in a heap, one task sleeping until the earliest.

No loop over all rows: the store is read once at start-up; afterwards each change pushes one
heap entry and wakes the sleeper if it became the earliest. The sleeper never sleeps longer
than ``max_sleep_seconds`` at once (asyncio sleeps on the monotonic clock, due times are wall
clock), so a changed system clock is noticed within that slice. Removed or changed entries are
dropped lazily when they reach the top; the heap is rebuilt when stale entries dominate.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import logging
import time
from collections.abc import Callable, Coroutine
from typing import Any

_LOGGER = logging.getLogger(__name__)

Fire = Callable[[str, float], Coroutine[Any, Any, None]]
"""Called with (item id, due time) once the item is due."""


class HeapScheduler:
    def __init__(self, *, now_unix: Callable[[], float] = time.time, max_sleep_seconds: float = 5.0) -> None:
        self._now_unix = now_unix
        self._max_sleep_seconds = max_sleep_seconds
        self._heap: list[tuple[float, str]] = []
        self._due: dict[str, float] = {}
        self._changed = asyncio.Event()
        self._firing: set[asyncio.Task[None]] = set()

    def __len__(self) -> int:
        return len(self._due)

    def set(self, item_id: str, due_unix: float) -> None:
        """Fire ``item_id`` at ``due_unix`` (replacing any earlier time for it)."""
        self._due[item_id] = due_unix
        heapq.heappush(self._heap, (due_unix, item_id))
        if self._heap[0] == (due_unix, item_id):
            self._changed.set()

    def discard(self, item_id: str) -> None:
        self._due.pop(item_id, None)
        if len(self._heap) > 2 * len(self._due) + 64:
            self._heap = [(due, item) for item, due in self._due.items()]
            heapq.heapify(self._heap)

    def due_of(self, item_id: str) -> float | None:
        return self._due.get(item_id)

    async def run(self, fire: Fire) -> None:
        """Fire items as they come due (each in its own task), forever."""
        try:
            while True:
                now = self._now_unix()
                top = self._top()
                if top is not None and top[0] <= now:
                    heapq.heappop(self._heap)
                    del self._due[top[1]]
                    self._spawn(fire, top[1], top[0])
                    continue
                timeout = (
                    self._max_sleep_seconds if top is None else min(self._max_sleep_seconds, top[0] - now)
                )
                self._changed.clear()
                # asyncio.timeout, not wait_for: on Python 3.11 wait_for swallows a cancel that
                # arrives as the event is set, and the sleeper would never stop.
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(timeout):
                        await self._changed.wait()
        finally:
            for task in self._firing:
                task.cancel()

    def _top(self) -> tuple[float, str] | None:
        while self._heap:
            due, item_id = self._heap[0]
            if self._due.get(item_id) == due:
                return due, item_id
            heapq.heappop(self._heap)  # removed or moved
        return None

    def _spawn(self, fire: Fire, item_id: str, due_unix: float) -> None:
        task = asyncio.create_task(fire(item_id, due_unix), name=f"alarm-{item_id}")
        self._firing.add(task)
        task.add_done_callback(self._fired)

    def _fired(self, task: asyncio.Task[None]) -> None:
        self._firing.discard(task)
        if not task.cancelled() and task.exception() is not None:
            _LOGGER.error("firing an alarm item failed", exc_info=task.exception())
