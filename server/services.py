"""The server's implementations of the services skills get (clock, scheduler, push)."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable, Coroutine, Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ting.errors import ConfigError

_LOGGER = logging.getLogger(__name__)

EventSink = Callable[[str, Mapping[str, Any]], Coroutine[Any, Any, None]]
"""Receives (event name, event data); the server publishes these under ``ting/event/<name>``."""


class ZoneClock:
    """Wall-clock time in the household's time zone."""

    def __init__(self, timezone: str) -> None:
        try:
            self.zone = ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(
                f"household.timezone: unknown time zone {timezone!r} (expected e.g. 'Asia/Shanghai')"
            ) from None

    def now(self) -> datetime:
        return datetime.now(self.zone)


class EventPush:
    """``PushService``: turns a skill's notification into an event for the push layer.

    The WeChat/WeCom layer subscribes to these events; until it is configured they are
    published on MQTT (``ting/event/<name>``) and logged, so nothing is silently dropped.
    """

    def __init__(self, sink: EventSink) -> None:
        self._sink = sink

    async def notify(self, event: str, text: str, data: Mapping[str, Any] | None = None) -> None:
        _LOGGER.info("event %s: %s", event, text)
        await self._sink(event, {"event": event, "text": text, "data": dict(data or {})})


class MemoryScheduler:
    """``Scheduler`` that runs jobs in this process (not durable; the alarms work replaces it)."""

    def __init__(self, clock: ZoneClock, sink: EventSink) -> None:
        self._clock = clock
        self._sink = sink
        self._jobs: dict[str, asyncio.TimerHandle] = {}

    async def schedule(self, when: datetime, event: str, payload: Mapping[str, Any]) -> str:
        job_id = uuid.uuid4().hex
        delay_seconds = max(0.0, (when - self._clock.now()).total_seconds())
        loop = asyncio.get_running_loop()
        self._jobs[job_id] = loop.call_later(delay_seconds, self._fire, job_id, event, dict(payload))
        return job_id

    async def cancel(self, job_id: str) -> bool:
        handle = self._jobs.pop(job_id, None)
        if handle is not None:
            handle.cancel()
        return handle is not None

    def _fire(self, job_id: str, event: str, payload: dict[str, Any]) -> None:
        self._jobs.pop(job_id, None)
        task = asyncio.get_running_loop().create_task(self._sink(event, payload))
        task.add_done_callback(_log_failure)

    def close(self) -> None:
        for handle in self._jobs.values():
            handle.cancel()
        self._jobs.clear()


def _log_failure(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        _LOGGER.error("scheduled event failed", exc_info=task.exception())
