"""Alarms, timers and reminders as skills see them: the item types and the ``Alarms`` service.

The server implements ``Alarms`` durably (docs/alarms.md: stored first, claimed once, rung on the
right device, reported when missed); ``ting.skills.sdk.testing`` has an in-memory one for skill tests.
A skill that wants "remind me at 7" or "wake me in 20 minutes" uses ``services.alarms``; work of the skill's
own at a time of day, every day (a briefing), is a daily job of ``services.schedules``.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Protocol

from ting.errors import LimitError
from ting.messages.alarm import ItemKind

__all__ = [
    "ACTIVE_STATES",
    "MAX_AHEAD_DAYS",
    "MAX_SNOOZE_SECONDS",
    "MAX_TIMER_SECONDS",
    "Alarms",
    "Item",
    "ItemKind",
    "ItemState",
    "check_moment",
    "check_snooze_seconds",
    "check_timer_seconds",
]

MAX_TIMER_SECONDS = 7 * 24 * 3600
"""Timers run up to a week (longer waits are reminders)."""
MAX_SNOOZE_SECONDS = 12 * 3600
MAX_AHEAD_DAYS = 366
"""Alarms and reminders are set up to a year ahead."""


def check_timer_seconds(seconds: float) -> None:
    """``LimitError`` (``timer_too_long``) unless 0 < ``seconds`` <= ``MAX_TIMER_SECONDS``."""
    if not 0 < seconds <= MAX_TIMER_SECONDS:
        raise LimitError(
            f"a timer runs 1 s to {MAX_TIMER_SECONDS // 86400} days, not {seconds:g} s",
            limit="timer_too_long",
        )


def check_snooze_seconds(seconds: float) -> None:
    if not 0 < seconds <= MAX_SNOOZE_SECONDS:
        raise LimitError(
            f"snooze runs 1 s to {MAX_SNOOZE_SECONDS // 3600} hours, not {seconds:g} s",
            limit="snooze_too_long",
        )


def check_moment(moment: datetime, now: datetime) -> None:
    """Not in the past (a minute's slack for the time it took to say it), at most a year ahead."""
    if moment < now - timedelta(minutes=1):
        raise LimitError(f"{moment.isoformat()} has already passed", limit="time_passed")
    if moment > now + timedelta(days=MAX_AHEAD_DAYS):
        raise LimitError(
            f"{moment.isoformat()} is more than {MAX_AHEAD_DAYS} days ahead", limit="too_far_ahead"
        )


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
    firing_due_unix: float | None = None
    """Claimed for firing at this due time and not yet confirmed rung (or reported missed): a server that
    dies in between leaves it set, and the next start rings it late or reports it missed."""

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


class Alarms(Protocol):
    """``services.alarms``: what skills may do with alarms, timers and reminders.

    Times are aware datetimes (a naive one is taken as household time); items are immutable
    snapshots: change them through these methods, which return the new snapshot."""

    @property
    def snooze_seconds(self) -> float:
        """How long "snooze" lasts when no duration was said (``alarms.snooze_seconds``)."""
        ...

    def now(self) -> datetime:
        """Household time."""
        ...

    async def add_alarm(
        self,
        *,
        site_id: str,
        when: datetime,
        recurrence: str | None = None,
        label: str | None = None,
        lang: str = "zh",
    ) -> Item:
        """An alarm ringing on ``site_id`` at ``when`` (``daily``, ``weekdays``, ``weekends``,
        ``weekly:MO,WE`` repeat it at the same wall time)."""
        ...

    async def add_timer(
        self, *, site_id: str, seconds: float, label: str | None = None, lang: str = "zh"
    ) -> Item: ...

    async def add_reminder(self, *, site_id: str, when: datetime, message: str, lang: str = "zh") -> Item: ...

    async def items(self, kind: ItemKind | None = None, site_id: str | None = None) -> list[Item]:
        """Active items (pending, paused, ringing), by due time."""
        ...

    async def get(self, item_id: str) -> Item | None: ...

    async def cancel(self, item_id: str) -> bool:
        """Delete it (and stop it where it rings); False when there was no such item."""
        ...

    async def change(self, item: Item, when: datetime) -> Item: ...

    async def pause(self, item: Item) -> Item: ...

    async def resume(self, item: Item) -> Item: ...

    def remaining_seconds(self, item: Item) -> float: ...

    async def stop(self, site_id: str) -> Item | None:
        """Stop what rings on ``site_id``; the item stopped, if any."""
        ...

    async def snooze(self, site_id: str, seconds: float | None = None) -> Item | None:
        """Stop what rings on ``site_id`` and ring it again after ``seconds`` (default ``snooze_seconds``)."""
        ...
