"""The server's implementations of the SDK services skills get (push, the skill list; the clock is
``ting.clock.HouseholdClock``)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Coroutine, Mapping, Sequence
from typing import Any

from ting.errors import MqttError
from ting.hermes import TtsSay
from ting.mqtt.client import HermesClient
from ting.server.presence import Presence
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


class SiteAnnouncer:
    """``Announcer``: ``hermes/tts/say`` to a site, outside any session (the device there speaks it)."""

    def __init__(
        self, client: HermesClient, presence: Presence, *, wait_connected_seconds: float = 10.0
    ) -> None:
        self._client = client
        self._presence = presence
        self._wait_seconds = wait_connected_seconds

    async def say(self, site_id: str, text: str, *, lang: str) -> None:
        say = TtsSay(text=text, site_id=site_id, lang=lang, id=uuid.uuid4().hex)
        await self._client.publish(say, wait_connected_seconds=self._wait_seconds)

    def site_ids(self) -> Sequence[str]:
        return self._presence.online_devices()


class SkillList:
    """``SkillCatalog``: the skills loaded on this server (a skill whose start failed drops out)."""

    def __init__(self, loaded: LoadedSkills) -> None:
        self._loaded = loaded

    def skills(self) -> list[SkillInfo]:
        return [
            SkillInfo(name=skill.name, description=skill.description, intents=tuple(sorted(skill.handlers)))
            for skill in self._loaded.skills
        ]
