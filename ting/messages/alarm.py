"""Ringing on a device: ``ting/alarm/<siteId>/ring`` and ``/stop`` (server → device, QoS 1, not retained).

The keys are snake_case, as docs/alarms.md has documented them from the start.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import ClassVar, Literal

from ting.hermes.base import Message, SiteId


class ItemKind(enum.StrEnum):
    ALARM = "alarm"
    TIMER = "timer"
    REMINDER = "reminder"


class StopReason(enum.StrEnum):
    STOPPED = "stopped"
    SNOOZED = "snoozed"
    CANCELLED = "cancelled"
    LIMIT = "limit"
    """The server's ring limit (``alarms.max_ring_seconds``) was reached."""


@dataclass
class AlarmRing(Message):
    """Ring ``site_id`` until ``stop``, a new ring, or ``max_ring_seconds``."""

    TOPIC = "ting/alarm/{site_id}/ring"
    WIRE_KEYS: ClassVar[Literal["camel", "snake"]] = "snake"

    id: str
    kind: ItemKind
    text: str
    """What to say, in ``lang`` ("现在是早上七点", "Your pasta timer is done")."""
    site_id: SiteId
    """Where it rings."""
    lang: str | None = None
    """The asker's language; None: the device's household language."""
    label: str | None = None
    message: str | None = None
    """Reminders: what to remind of."""
    late: bool = False
    """Rung after a downtime, within the grace window."""
    late_seconds: float = 0.0
    due: str | None = None
    """ISO 8601 with the household's offset."""
    target_site_id: str | None = None
    """The device that was asked (differs from ``site_id`` when it rings elsewhere)."""
    max_ring_seconds: float | None = None


@dataclass
class AlarmStop(Message):
    """Stop ringing ``id`` (or whatever rings, when ``id`` is None) on the topic's site."""

    TOPIC = "ting/alarm/{site_id}/stop"
    WIRE_KEYS: ClassVar[Literal["camel", "snake"]] = "snake"

    id: str | None
    reason: StopReason = StopReason.STOPPED
    site_id: str = field(default="default", metadata={"wire": False})
    """Taken from (and put into) the topic, not the payload."""
