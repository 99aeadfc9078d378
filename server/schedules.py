"""Skills' durable daily jobs (``services.schedules``, the SDK's ``Schedules``), run on the server.

Jobs are rows of the store's ``schedules`` namespace (``<skill>/<key>``), so they outlive the server.
An occurrence is *claimed* before the skill's ``on_schedule`` handler runs: one write moves the job on
to its next day and records ``running_due_unix``; after the handler, a second write clears it. A server
killed in between finds the mark when it starts and runs the handler again for that occurrence
(``redelivery``): the handler's sends carry ``run.idempotency_key(target)``, which the push outbox
delivers once per channel. One server owns the store (as it owns the outbox), and every change goes
through one lock, so the claim cannot race. Occurrences missed while no server ran are run late
within the job's ``grace_seconds`` and skipped (logged) beyond it. Times are the household's zone.
"""

from __future__ import annotations

import asyncio
import logging
import time as wall
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, time
from typing import Any

from ting.clock import zone_named
from ting.errors import StoreError
from ting.server.alarms.scheduler import HeapScheduler
from ting.server.store.base import Store
from ting.skills.sdk import DailyJob, ScheduledRun, Services, Skill
from ting.skills.sdk.memory_schedules import next_at
from ting.skills.sdk.schedules import DEFAULT_GRACE_SECONDS, check_job_key

_LOGGER = logging.getLogger(__name__)

NAMESPACE = "schedules"
HANDLER_TIMEOUT_SECONDS = 120.0
"""A run taking longer is cancelled (and, unconfirmed, run again at the next start)."""


@dataclass(frozen=True)
class _Row:
    skill: str
    key: str
    at: str
    data: dict[str, Any]
    grace_seconds: float
    next_due_unix: float
    running_due_unix: float | None = None

    @property
    def id(self) -> str:
        return f"{self.skill}/{self.key}"

    def to_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def _row(value: Any) -> _Row:
    try:
        return _Row(**value)
    except TypeError as error:
        raise StoreError(f"schedules: unreadable job {value!r}: {error}") from None


class DailyScheduler:
    """Stores, times and runs every skill's daily jobs; ``for_skill`` is what a skill's services get."""

    def __init__(self, store: Store, *, timezone: str, now_unix: Callable[[], float] = wall.time) -> None:
        self._store = store.view(NAMESPACE)
        self.zone = zone_named(timezone)
        self._now_unix = now_unix
        self._heap = HeapScheduler(now_unix=now_unix, max_sleep_seconds=5.0)
        self._lock = asyncio.Lock()
        self._skills: dict[str, tuple[Skill, Services]] = {}
        self._task: asyncio.Task[None] | None = None
        self._recovering: set[asyncio.Task[None]] = set()

    def for_skill(self, name: str) -> SkillSchedules:
        return SkillSchedules(self, name)

    def attach(self, skills: Mapping[str, tuple[Skill, Services]]) -> None:
        """The skills (and their services) whose handlers run their jobs."""
        self._skills = dict(skills)

    async def start(self) -> int:
        """Finish occurrences a killed server left claimed, then time every job; returns how many."""
        rows = [_row(value) for value in (await self._store.items()).values()]
        for row in rows:
            if row.running_due_unix is not None:
                task = asyncio.create_task(self._run(row, row.running_due_unix, redelivery=True))
                self._recovering.add(task)
                task.add_done_callback(self._recovering.discard)
            self._heap.set(row.id, row.next_due_unix)
        self._task = asyncio.create_task(self._heap.run(self._fire), name="daily-jobs")
        return len(rows)

    async def close(self) -> None:
        for task in [self._task, *self._recovering]:
            if task is not None:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)

    # -- what SkillSchedules calls ------------------------------------------------------------------

    async def set(self, skill: str, key: str, at: time, data: Mapping[str, Any], grace: float) -> DailyJob:
        check_job_key(key)
        due = next_at(at.replace(tzinfo=None), self._now())
        row = _Row(skill, key, at.replace(tzinfo=None).isoformat(), dict(data), grace, due.timestamp())
        async with self._lock:
            await self._store.put(row.id, row.to_json())  # StoreError for data that is not JSON
            self._heap.set(row.id, row.next_due_unix)
        return self._job(row)

    async def cancel(self, skill: str, key: str) -> bool:
        async with self._lock:
            found = await self._store.get(f"{skill}/{key}")
            if found is None:
                return False
            await self._store.delete(f"{skill}/{key}")
            self._heap.discard(f"{skill}/{key}")
            return True

    async def jobs(self, skill: str) -> list[DailyJob]:
        rows = [_row(value) for value in (await self._store.items()).values()]
        mine = sorted((row for row in rows if row.skill == skill), key=lambda row: row.next_due_unix)
        return [self._job(row) for row in mine]

    # -- running ------------------------------------------------------------------------------------

    async def _fire(self, row_id: str, due_unix: float) -> None:
        async with self._lock:  # the claim: the job moves on to its next day before the handler runs
            value = await self._store.get(row_id)
            if value is None:
                return
            row = _row(value)
            if row.next_due_unix != due_unix:
                return  # changed meanwhile; the heap has its new time
            after = max(self._now_unix(), due_unix)
            following = next_at(time.fromisoformat(row.at), datetime.fromtimestamp(after, self.zone))
            claimed = replace(row, next_due_unix=following.timestamp(), running_due_unix=due_unix)
            await self._store.put(row_id, claimed.to_json())
            self._heap.set(row_id, claimed.next_due_unix)
        await self._run(claimed, due_unix, redelivery=False)

    async def _run(self, row: _Row, due_unix: float, *, redelivery: bool) -> None:
        late = self._now_unix() - due_unix
        due = datetime.fromtimestamp(due_unix, self.zone)
        found = self._skills.get(row.skill)
        if late > row.grace_seconds:
            _LOGGER.warning("%s: the run due %s is %.0f s late; skipped", row.id, due.isoformat(), late)
        elif found is None or found[0].schedule_handler is None:
            _LOGGER.warning("%s: skill %s is not running (or has no on_schedule); skipped", row.id, row.skill)
        else:
            skill, services = found
            run = ScheduledRun(row.skill, row.key, due.date(), due, row.data, late, redelivery)
            _LOGGER.info("%s: running the occurrence of %s%s", row.id, due.isoformat(),
                         " again (a server stopped during it)" if redelivery else "")  # fmt: skip
            try:
                assert skill.schedule_handler is not None
                async with asyncio.timeout(HANDLER_TIMEOUT_SECONDS):
                    await skill.schedule_handler(run, services)
            except Exception:  # a skill's bug: logged; the occurrence counts as done (it is not retried)
                _LOGGER.exception("%s: the run due %s failed", row.id, due.isoformat())
        await self._confirm(row.id, due_unix)

    async def _confirm(self, row_id: str, due_unix: float) -> None:
        async with self._lock:
            value = await self._store.get(row_id)
            if value is not None and _row(value).running_due_unix == due_unix:
                await self._store.put(row_id, replace(_row(value), running_due_unix=None).to_json())

    def _now(self) -> datetime:
        return datetime.fromtimestamp(self._now_unix(), self.zone)

    def _job(self, row: _Row) -> DailyJob:
        due = datetime.fromtimestamp(row.next_due_unix, self.zone)
        return DailyJob(row.key, time.fromisoformat(row.at), dict(row.data), due, row.grace_seconds)


class SkillSchedules:
    """``Schedules`` for one skill: its own jobs only."""

    def __init__(self, scheduler: DailyScheduler, skill: str) -> None:
        self._scheduler = scheduler
        self._skill = skill

    async def set_daily(
        self,
        key: str,
        at: time,
        data: Mapping[str, Any] | None = None,
        *,
        grace_seconds: float = DEFAULT_GRACE_SECONDS,
    ) -> DailyJob:
        return await self._scheduler.set(self._skill, key, at, data or {}, grace_seconds)

    async def cancel(self, key: str) -> bool:
        return await self._scheduler.cancel(self._skill, key)

    async def jobs(self) -> list[DailyJob]:
        return await self._scheduler.jobs(self._skill)
