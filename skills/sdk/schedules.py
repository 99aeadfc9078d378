"""Durable daily jobs for skills: ``services.schedules`` and the ``Skill.on_schedule`` handler.

A skill sets a job under a key of its own ("every day at 07:00 in the household's time zone, with this
data"); the server stores it, and at each occurrence calls the skill's ``on_schedule`` handler with a
``ScheduledRun``. The occurrence is claimed in the store before the handler runs and confirmed after it;
a server that dies in between runs the handler again for the same occurrence when it starts
(``run.redelivery``), so a handler must be idempotent per occurrence: give everything it sends
``run.idempotency_key(target)`` (the push outbox delivers one message per key and channel). An
occurrence more than the job's ``grace_seconds`` late (the server was off) is skipped and logged.

``ting.skills.sdk.testing.MemorySchedules`` stands in for the server's in a skill's own tests.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any, Protocol

from ting.errors import SkillError

if TYPE_CHECKING:
    from ting.skills.sdk.services import Services

__all__ = ["DailyJob", "ScheduleHandler", "ScheduledRun", "Schedules", "check_job_key"]

DEFAULT_GRACE_SECONDS = 2 * 3600.0
"""How late an occurrence may still run (a server started at 08:30 still sends the 07:00 briefing)."""


def check_job_key(key: str) -> None:
    """``SkillError`` unless ``key`` is 1–100 printable characters."""
    if not key or len(key) > 100 or not key.isprintable():
        raise SkillError(f"a job key is 1 to 100 printable characters, not {key!r}")


@dataclass(frozen=True)
class DailyJob:
    """One daily job of one skill (a snapshot)."""

    key: str
    """The skill's own name for it; setting a job with the same key replaces it."""
    at: time
    """The household's wall-clock time it runs at, every day."""
    data: dict[str, Any] = field(default_factory=dict)
    """What the skill stored with it (JSON values), handed back in each ``ScheduledRun``."""
    next_due: datetime | None = None
    """The next occurrence (household time)."""
    grace_seconds: float = DEFAULT_GRACE_SECONDS


@dataclass(frozen=True)
class ScheduledRun:
    """One occurrence of a daily job, handed to the skill's ``on_schedule`` handler."""

    skill: str
    key: str
    day: date
    """The household date of the occurrence."""
    due: datetime
    """When it was due (household time)."""
    data: Mapping[str, Any]
    late_seconds: float = 0.0
    """How long after ``due`` it runs."""
    redelivery: bool = False
    """A server stopped while this occurrence ran: whatever was sent then may have gone out."""

    def idempotency_key(self, target: str = "") -> str:
        """Unique per skill, job, day and ``target``: an ``id`` that makes a repeated send go once."""
        return f"{self.skill}:{self.key}:{self.day.isoformat()}" + (f":{target}" if target else "")


ScheduleHandler = Callable[[ScheduledRun, "Services"], Awaitable[None]]
"""A skill's ``on_schedule`` coroutine."""


class Schedules(Protocol):
    """``services.schedules``: this skill's daily jobs (other skills' are not visible)."""

    async def set_daily(
        self,
        key: str,
        at: time,
        data: Mapping[str, Any] | None = None,
        *,
        grace_seconds: float = DEFAULT_GRACE_SECONDS,
    ) -> DailyJob:
        """Run the skill's ``on_schedule`` handler every day at ``at`` (household time), from the next
        such moment on; replaces the job of that ``key``."""
        ...

    async def cancel(self, key: str) -> bool:
        """Remove the job; False when there was none."""
        ...

    async def jobs(self) -> list[DailyJob]:
        """This skill's jobs, soonest first."""
        ...
