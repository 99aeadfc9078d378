"""In-memory ``Schedules`` and ``Announcer`` for a skill's own tests (``ting.skills.sdk.testing``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from ting.clock import Clock
from ting.skills.sdk.schedules import DEFAULT_GRACE_SECONDS, DailyJob, ScheduledRun, check_job_key


def next_at(at: time, after: datetime) -> datetime:
    """The first moment at wall time ``at`` strictly after ``after`` (in ``after``'s zone)."""
    day = after.date()
    while True:
        candidate = datetime.combine(day, at, after.tzinfo)
        if candidate > after:
            return candidate
        day += timedelta(days=1)


class MemorySchedules:
    """``Schedules`` in memory on the household clock; ``due_runs`` is what a server would run now."""

    def __init__(self, clock: Clock, skill: str = "skill") -> None:
        self._clock = clock
        self.skill = skill
        self._jobs: dict[str, DailyJob] = {}

    async def set_daily(
        self,
        key: str,
        at: time,
        data: Mapping[str, Any] | None = None,
        *,
        grace_seconds: float = DEFAULT_GRACE_SECONDS,
    ) -> DailyJob:
        check_job_key(key)
        due = next_at(at, self._clock.now())
        job = DailyJob(key=key, at=at, data=dict(data or {}), next_due=due, grace_seconds=grace_seconds)
        self._jobs[key] = job
        return job

    async def cancel(self, key: str) -> bool:
        return self._jobs.pop(key, None) is not None

    async def jobs(self) -> list[DailyJob]:
        return sorted(self._jobs.values(), key=lambda job: (job.next_due or self._clock.now(), job.key))

    def due_runs(self) -> list[ScheduledRun]:
        """The occurrences due by the clock's now (each moved on to its next day, as a server claims it)."""
        now = self._clock.now()
        runs = []
        for key, job in sorted(self._jobs.items()):
            if job.next_due is None or job.next_due > now:
                continue
            runs.append(ScheduledRun(self.skill, key, job.next_due.date(), job.next_due, job.data,
                                     late_seconds=(now - job.next_due).total_seconds()))  # fmt: skip
            self._jobs[key] = DailyJob(key, job.at, job.data, next_at(job.at, now), job.grace_seconds)
        return runs


@dataclass
class RecordingAnnouncer:
    """``Announcer`` keeping what was said: (site id, text, lang)."""

    online: tuple[str, ...] = ()
    said: list[tuple[str, str, str]] = field(default_factory=list)

    async def say(self, site_id: str, text: str, *, lang: str) -> None:
        self.said.append((site_id, text, lang))

    def site_ids(self) -> Sequence[str]:
        return self.online
