"""The rooms' players, driven over MQTT (``ting/media/<siteId>/...``) and known by their retained state."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from typing import Protocol

from ting.errors import SkillError
from ting.hermes import Message
from ting.messages import (
    MediaAction,
    MediaControl,
    MediaItem,
    MediaPlay,
    MediaSeek,
    MediaState,
    MediaVolume,
)
from ting.server.media.queues import Queues
from ting.server.media.volumes import Volumes

_LOGGER = logging.getLogger(__name__)


class Publisher(Protocol):
    async def publish(
        self, message: Message, *, qos: int = 1, retain: bool = False, wait_connected_seconds: float = 0.0
    ) -> None: ...


class Players:
    """Publishes commands to a site's player; keeps each site's last ``MediaState``."""

    def __init__(
        self,
        publisher: Publisher,
        *,
        wait_connected_seconds: float = 2.0,
        queues: Queues | None = None,
        volumes: Volumes | None = None,
    ) -> None:
        """``queues``: where each site's last queue and its place are kept (for "resume" after a restart);
        ``volumes``: each site's last music volume, given back to a device that restarts."""
        self._publisher = publisher
        self._wait = wait_connected_seconds
        self._states: dict[str, MediaState] = {}
        self.queues = queues
        self.volumes = volumes

    async def on_state(self, topic: str, payload: bytes) -> None:
        """Handler of ``ting/media/+/state``; an empty retained payload forgets the site."""
        site_id = (MediaState.topic_parts(topic) or {}).get("site_id", "")
        if not payload:
            self._states.pop(site_id, None)
            return
        state = MediaState.from_mqtt(topic, payload)
        if state.site_id != site_id:
            _LOGGER.warning("media state for %r published on %s ignored", state.site_id, topic)
            return
        self._states[site_id] = state
        if self.queues is not None:
            try:
                await self.queues.observed(state)
            except Exception:  # the place is kept at the next state; the state itself is known
                _LOGGER.exception("media queue of %s not kept", site_id)
        if self.volumes is not None:
            try:
                level = await self.volumes.observed(state)
                if level is not None:  # the device restarted: the room's music keeps its level
                    _LOGGER.info("music volume of %s given back: %d", site_id, level)
                    await self.volume(site_id, level=level)
            except Exception:  # the device keeps the level it started with
                _LOGGER.exception("music volume of %s not kept", site_id)

    def state(self, site_id: str) -> MediaState | None:
        return self._states.get(site_id)

    def sites(self) -> Sequence[str]:
        return sorted(self._states)

    async def play(
        self, site_id: str, items: Sequence[MediaItem], *, start_index: int = 0, start_seconds: float = 0.0
    ) -> str:
        play = MediaPlay(
            items=list(items), start_index=start_index, start_seconds=start_seconds, site_id=site_id
        )
        if self.queues is not None:  # before it is sent: the device's first state must find it
            try:
                await self.queues.played(site_id, play.items, start_index)
            except Exception:  # it plays; only "resume" after a restart will not find it
                _LOGGER.exception("media queue of %s not kept", site_id)
        return await self._send(play)

    async def control(self, site_id: str, action: str) -> str:
        try:
            chosen = MediaAction(action)
        except ValueError:
            raise SkillError(f"unknown player action {action!r}") from None
        return await self._send(MediaControl(action=chosen, site_id=site_id))

    async def volume(self, site_id: str, *, level: int | None = None, change: int | None = None) -> str:
        if (level is None) == (change is None):
            raise SkillError("give either a volume level or a change")
        if level is not None:
            level = min(max(level, 0), 100)
        return await self._send(MediaVolume(level=level, change=change, site_id=site_id))

    async def seek(self, site_id: str, position_seconds: float, *, relative: bool = False) -> str:
        return await self._send(
            MediaSeek(position_seconds=position_seconds, relative=relative, site_id=site_id)
        )

    async def _send(self, message: MediaPlay | MediaControl | MediaVolume | MediaSeek) -> str:
        message.request_id = uuid.uuid4().hex[:12]
        await self._publisher.publish(message, qos=1, wait_connected_seconds=self._wait)
        return message.request_id
