"""Who is online: the retained ``ting/status/<siteId>`` messages, read in one place.

The ringer asks it where an alarm can ring; the push layer is told of devices going offline and
coming back (``device.offline`` / ``device.online``). Every client publishes its status retained,
with ``offline`` as its last will (``ting.mqtt.client``); an empty retained payload clears a site.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from ting.messages import SiteState, SiteStatus

_LOGGER = logging.getLogger(__name__)

DEVICE_ROLE = "device"


@dataclass(frozen=True)
class PresenceChange:
    site_id: str
    state: SiteState
    previous: SiteState


PresenceListener = Callable[[PresenceChange], Awaitable[None]]


class Presence:
    def __init__(self, listeners: Sequence[PresenceListener] = ()) -> None:
        self._listeners = tuple(listeners)
        """Told when a known device goes offline or comes back (not of the first status seen)."""
        self._sites: dict[str, SiteStatus] = {}

    async def on_status(self, topic: str, payload: bytes) -> None:
        """Handler of ``ting/status/+``; a payload that does not decode raises ``MessageError``."""
        if not payload:
            site_id = (SiteStatus.topic_parts(topic) or {}).get("site_id", "")
            self._sites.pop(site_id, None)
            return
        status = SiteStatus.from_mqtt(topic, payload)
        if SiteStatus.topic(site_id=status.site_id) != topic:
            _LOGGER.warning("status for %r published on %s ignored", status.site_id, topic)
            return
        previous = self._sites.get(status.site_id)
        self._sites[status.site_id] = status
        if previous is None or previous.state is status.state or status.role != DEVICE_ROLE:
            return
        change = PresenceChange(status.site_id, status.state, previous.state)
        for listener in self._listeners:
            await listener(change)

    def offline(self, site_id: str) -> bool:
        """Known and offline (a site never heard of is assumed to listen)."""
        status = self._sites.get(site_id)
        return status is not None and status.state is SiteState.OFFLINE

    def is_device(self, site_id: str) -> bool:
        """Whether a ting device agent runs at ``site_id`` (its retained status says so, online or not).

        Such a device understands what it hears by itself and publishes the intent: the dialogue manager
        must not ask the NLU again for it."""
        status = self._sites.get(site_id)
        return status is not None and status.role == DEVICE_ROLE

    def statuses(self) -> dict[str, SiteStatus]:
        """Every site's last status (devices and servers, online or not)."""
        return dict(self._sites)

    def online_devices(self) -> list[str]:
        return sorted(
            site
            for site, status in self._sites.items()
            if status.state is SiteState.ONLINE and status.role == DEVICE_ROLE
        )
