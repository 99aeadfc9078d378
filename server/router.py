"""One topic router: MQTT topic filters → handlers, each message handled on its own, failures contained.

Every subscription of the server is a route here (the Hermes service's, the presence tracker's);
the client subscribes to exactly ``subscriptions()``. A message is handed to every route whose
filter matches it, each in its own task (at most ``max_concurrent_messages`` at once), so a slow
skill does not hold up the next query. A handler that raises is logged once with the topic and
the message is dropped: no message can end the consumer.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass

from ting.errors import MessageError

_LOGGER = logging.getLogger(__name__)

Handler = Callable[[str, bytes], Awaitable[None]]


@dataclass(frozen=True)
class Route:
    topic_filter: str
    """An MQTT filter (``+`` one level, ``#`` the rest)."""
    handler: Handler


def topic_matches(topic_filter: str, topic: str) -> bool:
    """MQTT filter matching (``hermes/intent/#``, ``ting/status/+``)."""
    filter_levels = topic_filter.split("/")
    levels = topic.split("/")
    for index, part in enumerate(filter_levels):
        if part == "#":
            return True
        if index >= len(levels) or (part != "+" and part != levels[index]):
            return False
    return len(levels) == len(filter_levels)


class TopicRouter:
    def __init__(self, routes: Sequence[Route], *, max_concurrent_messages: int = 256) -> None:
        self._routes = tuple(routes)
        self._slots = asyncio.Semaphore(max_concurrent_messages)
        self._tasks: set[asyncio.Task[None]] = set()
        self.failures = 0
        """Messages a handler failed on (logged and dropped)."""
        self.running = False
        """``run`` is consuming (``/healthz`` is 503 while it is not)."""

    def subscriptions(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(route.topic_filter for route in self._routes))

    def handlers_for(self, topic: str) -> list[Handler]:
        return [route.handler for route in self._routes if topic_matches(route.topic_filter, topic)]

    async def run(self, messages: AsyncIterator[tuple[str, bytes]]) -> None:
        """Serve until ``messages`` ends (run it under ``ting.supervise.supervise``: should the loop itself
        fail, it is started again)."""
        self.running = True
        try:
            async for topic, payload in messages:
                for handler in self.handlers_for(topic):
                    await self._slots.acquire()
                    task = asyncio.create_task(self._isolated(handler, topic, payload))
                    self._tasks.add(task)
                    task.add_done_callback(self._done)
        finally:
            self.running = False

    def _done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        self._slots.release()

    async def _isolated(self, handler: Handler, topic: str, payload: bytes) -> None:
        try:
            await handler(topic, payload)
        except MessageError as error:
            self.failures += 1
            _LOGGER.warning("bad payload on %s dropped: %s", topic, _short(str(error)))
        except Exception as error:  # any handler bug: the message is lost, the consumer is not
            self.failures += 1
            _LOGGER.error(
                "handler %s failed on %s (%d bytes); message dropped: %s",
                getattr(handler, "__qualname__", handler),
                topic,
                len(payload),
                _short(repr(error)),
                exc_info=not isinstance(error, RecursionError),
            )

    async def drain(self) -> None:
        """Wait for messages already being handled."""
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)


def _short(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[:limit] + f"… ({len(text)} characters)"
