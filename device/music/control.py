"""The device's side of ``ting/media/<siteId>/...``: play, control, volume and seek commands to its player
(``MusicPlayer`` or ``MpdPlayer``)."""

from __future__ import annotations

import logging

from ting.device.music.interface import Player
from ting.messages import MediaAction, MediaControl, MediaPlay, MediaSeek, MediaVolume

_LOGGER = logging.getLogger(__name__)


class MediaCommands:
    def __init__(self, site_id: str, player: Player) -> None:
        self.site_id = site_id
        self.player = player

    def subscriptions(self) -> tuple[str, ...]:
        commands = (MediaPlay, MediaControl, MediaVolume, MediaSeek)
        return tuple(cls.subscription(site_id=self.site_id) for cls in commands)

    async def dispatch(self, topic: str, payload: bytes) -> bool:
        """Carry out a command on this site's topics; False when ``topic`` is not one. A payload that does
        not decode raises ``MessageError`` (the caller counts and logs it)."""
        if MediaPlay.is_topic(topic):
            play = MediaPlay.from_mqtt(topic, payload)
            if play.site_id == self.site_id:
                await self.player.play(
                    play.items, play.start_index, play.request_id, start_seconds=play.start_seconds
                )
            return True
        if MediaControl.is_topic(topic):
            control = MediaControl.from_mqtt(topic, payload)
            if control.site_id == self.site_id:
                await self._control(control)
            return True
        if MediaVolume.is_topic(topic):
            volume = MediaVolume.from_mqtt(topic, payload)
            if volume.site_id == self.site_id:
                await self.player.set_volume(
                    level=volume.level, change=volume.change, request_id=volume.request_id
                )
            return True
        if MediaSeek.is_topic(topic):
            seek = MediaSeek.from_mqtt(topic, payload)
            if seek.site_id == self.site_id:
                await self.player.seek(seek.position_seconds, seek.request_id, relative=seek.relative)
            return True
        return False

    async def _control(self, control: MediaControl) -> None:
        actions = {
            MediaAction.PAUSE: self.player.pause,
            MediaAction.RESUME: self.player.resume,
            MediaAction.STOP: self.player.stop,
            MediaAction.NEXT: self.player.next,
            MediaAction.PREVIOUS: self.player.previous,
        }
        await actions[control.action](control.request_id)
