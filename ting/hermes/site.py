"""ting's own messages under ``ting/`` (not Hermes): site status with a last will."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from ting.hermes.base import Message


class SiteState(enum.StrEnum):
    ONLINE = "online"
    OFFLINE = "offline"


@dataclass
class SiteStatus(Message):
    """Retained on ``ting/status/<siteId>``; the broker publishes ``offline`` as the client's last will."""

    TOPIC = "ting/status/{site_id}"

    site_id: str
    state: SiteState
    role: str = "device"
    """``device`` or ``server``."""
