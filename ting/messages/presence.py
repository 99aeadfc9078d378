"""Who is there: the retained site status (with the last will) and the device heartbeat."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from ting.hermes.base import Message, SiteId


class SiteState(enum.StrEnum):
    ONLINE = "online"
    OFFLINE = "offline"


@dataclass
class WakeState:
    """A device's wake phrase for one language and whether it has a trained model for it."""

    phrase: str
    trained: bool
    """False: not yet; the device listens with its fallback detector (far more false wakes) until the server
    sends a model (``ting/wake/model/<key>``) or ``ting wake train`` makes one."""


@dataclass
class StopState:
    """One of a device's barge-in stop or pause phrases and whether it has a trained model for it."""

    phrase: str
    trained: bool
    """False: not yet; with ``device.barge_in = "auto"`` the phrase is not listened for until the server
    sends a model (``ting/wake/stop/<key>``) or ``ting wake train --stop`` makes one."""


@dataclass
class SiteStatus(Message):
    """Retained on ``ting/status/<siteId>``; the broker publishes ``offline`` as the client's last will.

    An empty retained payload on the topic clears it (the site is forgotten)."""

    TOPIC = "ting/status/{site_id}"

    site_id: SiteId
    state: SiteState
    role: str = "device"
    """``device`` or ``server``."""
    wake: dict[str, WakeState] = field(default_factory=dict)
    """A device's wake phrases by language (the server trains a model for each one without)."""
    stop: dict[str, list[StopState]] = field(default_factory=dict)
    """A device's barge-in stop and pause phrases by language (the server trains a model for each one
    without, after the wake phrases); absent in the statuses of devices from before."""
    barge_in: str = ""
    """A device's barge-in listener: ``on``, ``off``, or ``waiting`` (``device.barge_in = "auto"`` and no
    trained stop phrase model yet); empty from devices from before."""


@dataclass
class DeviceHeartbeat(Message):
    """Every ``device.heartbeat_seconds`` on ``ting/device/<siteId>/heartbeat`` while connected."""

    TOPIC = "ting/device/{site_id}/heartbeat"

    site_id: SiteId
    state: str
    """What the agent is doing: ``idle``, ``listening``, ``recognizing``, ``understanding``, ``waiting``,
    ``speaking``."""
    uptime_seconds: float
    restarts: dict[str, int] = field(default_factory=dict)
    """Part name -> times it was restarted (capture, mqtt, wake, recognizer, ...)."""
    time: float = 0.0
    """Unix seconds when it was sent."""
