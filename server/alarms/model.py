"""One scheduled thing: an alarm, a timer or a reminder, as stored."""

from __future__ import annotations

import enum
import uuid
from dataclasses import asdict, dataclass, field, replace
from typing import Any


class ItemKind(enum.StrEnum):
    ALARM = "alarm"
    TIMER = "timer"
    REMINDER = "reminder"


class ItemState(enum.StrEnum):
    PENDING = "pending"
    """Waiting for ``due_unix``."""
    PAUSED = "paused"
    """A timer on hold: ``remaining_seconds`` is kept, ``due_unix`` is meaningless."""
    RINGING = "ringing"
    """Claimed and fired; rings until stopped, snoozed or the ring limit."""
    DONE = "done"
    MISSED = "missed"
    """Came due while no server ran and past the grace window: reported, not rung."""


ACTIVE_STATES = (ItemState.PENDING, ItemState.PAUSED, ItemState.RINGING)


@dataclass(frozen=True)
class Item:
    kind: ItemKind
    site_id: str
    """The device that rings (the one asked, or the one in the room named)."""
    due_unix: float
    """The next moment it fires (UTC seconds). For a recurring alarm: the next occurrence."""
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    household: str = "home"
    state: ItemState = ItemState.PENDING
    lang: str = "zh"
    """Language of the spoken text when it fires (the asker's)."""
    label: str | None = None
    message: str | None = None
    """Reminders: what to remind of, as said."""
    recurrence: str | None = None
    """``daily``, ``weekdays``, ``weekends``, ``weekly:MO,WE``; None for one-off."""
    wall_time: str | None = None
    """Recurring alarms: local ``HH:MM:SS`` in ``zone``; each occurrence is computed from it."""
    zone: str = "Asia/Shanghai"
    duration_seconds: int | None = None
    """Timers: the length asked for."""
    remaining_seconds: float | None = None
    """Paused timers: what was left when paused."""
    created_unix: float = 0.0
    fired_unix: float | None = None
    """When it last fired (or was found missed)."""
    snoozed: bool = False

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = self.kind.value
        data["state"] = self.state.value
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Item:
        values = dict(data)
        values["kind"] = ItemKind(values["kind"])
        values["state"] = ItemState(values["state"])
        return cls(**values)

    def with_(self, **changes: Any) -> Item:
        return replace(self, **changes)

    @property
    def active(self) -> bool:
        return self.state in ACTIVE_STATES
