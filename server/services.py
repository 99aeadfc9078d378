"""The server's implementations of the SDK services skills get (push, the skill list; the clock is
``ting.clock.HouseholdClock``)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine, Mapping, Sequence
from typing import Any

from ting.errors import MqttError
from ting.skills.sdk import SkillInfo
from ting.skills.sdk.loader import LoadedSkills

_LOGGER = logging.getLogger(__name__)

Emit = Callable[[str, str, Mapping[str, Any]], Coroutine[Any, Any, None]]
"""``Events.emit``: (event name, text, data)."""


class EventPush:
    """``PushService``: a skill's notification becomes an event, queued in the push outbox by the
    rules and published on MQTT (``ting/event/<name>``)."""

    def __init__(self, emit: Emit, channels_for: Callable[[str], Sequence[str]]) -> None:
        self._emit = emit
        self._channels_for = channels_for

    async def notify(self, event: str, text: str, data: Mapping[str, Any] | None = None) -> None:
        _LOGGER.info("event %s: %s", event, text)
        try:
            await self._emit(event, text, dict(data or {}))
        except MqttError as error:  # the outbox (durable) has it already; only the MQTT copy is lost
            _LOGGER.warning("event %s queued for push but not published on MQTT: %s", event, error)

    def channels_for(self, event: str) -> Sequence[str]:
        return self._channels_for(event)


class SkillList:
    """``SkillCatalog``: the skills loaded on this server (a skill whose start failed drops out)."""

    def __init__(self, loaded: LoadedSkills) -> None:
        self._loaded = loaded

    def skills(self) -> list[SkillInfo]:
        return [
            SkillInfo(name=skill.name, description=skill.description, intents=tuple(sorted(skill.handlers)))
            for skill in self._loaded.skills
        ]
