"""Skill events (a reminder due, an alarm missed, a device offline ...): to the push layer's outbox first,
then on MQTT as ``ting/event/<name>`` (``SkillEvent``)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, Protocol

from ting.messages import SkillEvent

_LOGGER = logging.getLogger(__name__)

EventSink = Callable[[SkillEvent], Awaitable[object]]
"""Receives every event before it is published (the push layer's outbox)."""


class Publisher(Protocol):
    async def publish(
        self, message: Any, *, qos: int = 1, retain: bool = False, wait_connected_seconds: float = 0.0
    ) -> None: ...


class Events:
    def __init__(self, publisher: Publisher, listeners: Sequence[EventSink] = ()) -> None:
        self._publisher = publisher
        self._listeners = tuple(listeners)

    async def emit(self, event: str, text: str = "", data: Mapping[str, Any] | None = None) -> None:
        """Tell the listeners, then publish; ``MqttError`` when the broker cannot be reached (the
        listeners, the durable outbox among them, already have it)."""
        await self.publish(SkillEvent(event=event, text=text, data=dict(data or {})))

    async def publish(self, message: SkillEvent) -> None:
        event = message.event
        for listener in self._listeners:
            try:
                await listener(message)
            except Exception:  # a failing listener must not lose the MQTT event
                _LOGGER.exception("event listener failed on %s", event)
        await self._publisher.publish(message)
