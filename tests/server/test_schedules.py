"""The server's daily jobs (``services.schedules``) on a real SQLite store, in a household zone that is
not the machine's (UTC): due at the household's wall time, claimed before the handler runs, run again
after a server stopped mid-run, skipped when far too late."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from ting.errors import SkillError
from ting.server.schedules import NAMESPACE, DailyScheduler
from ting.server.store import SqliteStore
from ting.skills.sdk import ScheduledRun, Services, Skill
from ting.skills.sdk.testing import make_services

ZONE = "America/Los_Angeles"
LA = ZoneInfo(ZONE)
START = datetime(2026, 12, 3, 6, 59, 0, tzinfo=LA)  # 14:59 UTC


class Clock:
    def __init__(self, moment: datetime) -> None:
        self.unix = moment.timestamp()

    def __call__(self) -> float:
        return self.unix


class Recorder:
    def __init__(self) -> None:
        self.runs: list[ScheduledRun] = []
        self.arrived = asyncio.Event()

    async def __call__(self, run: ScheduledRun, services: Services) -> None:
        self.runs.append(run)
        self.arrived.set()


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteStore]:
    async with SqliteStore.in_dir(tmp_path) as opened:
        yield opened  # type: ignore[misc]


async def scheduler_with(store: SqliteStore, clock: Clock, recorder: Recorder) -> DailyScheduler:
    scheduler = DailyScheduler(store, timezone=ZONE, now_unix=clock)
    skill = Skill("briefer", sentences=Path("."))
    skill.on_schedule(recorder)
    scheduler.attach({"briefer": (skill, await make_services())})
    return scheduler


async def test_due_at_household_wall_time_and_run_once(store: SqliteStore) -> None:
    clock, recorder = Clock(START), Recorder()
    scheduler = await scheduler_with(store, clock, recorder)
    job = await scheduler.for_skill("briefer").set_daily("morning", time(7, 0), {"to": "push"})
    assert job.next_due == datetime(2026, 12, 3, 7, 0, tzinfo=LA)
    assert job.next_due.astimezone(UTC).hour == 15  # not 07:00 UTC: the machine's zone is not used
    await scheduler.start()
    try:
        clock.unix += 61
        await asyncio.wait_for(recorder.arrived.wait(), 30)
        (run,) = recorder.runs
        assert (run.key, run.day.isoformat(), dict(run.data), run.redelivery) == (
            "morning", "2026-12-03", {"to": "push"}, False,
        )  # fmt: skip
        assert run.idempotency_key("push") == "briefer:morning:2026-12-03:push"
        row = await _wait_confirmed(store)
        assert datetime.fromtimestamp(row["next_due_unix"], LA) == datetime(2026, 12, 4, 7, 0, tzinfo=LA)
        (listed,) = await scheduler.for_skill("briefer").jobs()
        assert listed.next_due == datetime(2026, 12, 4, 7, 0, tzinfo=LA)
        assert await scheduler.for_skill("other").jobs() == []
    finally:
        await scheduler.close()
    assert len(recorder.runs) == 1


async def test_a_run_left_claimed_is_run_again_at_start(store: SqliteStore) -> None:
    """What a server killed inside the handler leaves: the job moved on, the run marked as running."""
    due = datetime(2026, 12, 3, 7, 0, tzinfo=LA).timestamp()
    following = datetime(2026, 12, 4, 7, 0, tzinfo=LA).timestamp()
    await store.put(NAMESPACE, "briefer/morning", {
        "skill": "briefer", "key": "morning", "at": "07:00:00", "data": {"lang": "en"},
        "grace_seconds": 7200.0, "next_due_unix": following, "running_due_unix": due,
    })  # fmt: skip
    clock, recorder = Clock(datetime(2026, 12, 3, 7, 0, 40, tzinfo=LA)), Recorder()
    scheduler = await scheduler_with(store, clock, recorder)
    assert await scheduler.start() == 1
    try:
        await asyncio.wait_for(recorder.arrived.wait(), 30)
        (run,) = recorder.runs
        assert run.redelivery and run.day.isoformat() == "2026-12-03" and run.late_seconds == 40
        row = await _wait_confirmed(store)
        assert row["next_due_unix"] == following
    finally:
        await scheduler.close()


async def test_far_too_late_is_skipped_and_moves_on(store: SqliteStore) -> None:
    clock, recorder = Clock(START), Recorder()
    scheduler = await scheduler_with(store, clock, recorder)
    await scheduler.for_skill("briefer").set_daily("morning", time(7, 0), grace_seconds=600)
    clock.unix += 3 * 3600  # the server was off from before 07:00 until 10:00
    await scheduler.start()
    try:
        row = await _wait_for(store, lambda row: row["next_due_unix"] > clock.unix)
        assert datetime.fromtimestamp(row["next_due_unix"], LA) == datetime(2026, 12, 4, 7, 0, tzinfo=LA)
        assert recorder.runs == []
    finally:
        await scheduler.close()


async def test_cancel_and_bad_keys(store: SqliteStore) -> None:
    clock, recorder = Clock(START), Recorder()
    scheduler = await scheduler_with(store, clock, recorder)
    mine = scheduler.for_skill("briefer")
    await mine.set_daily("morning", time(7, 0))
    assert await scheduler.for_skill("other").cancel("morning") is False
    assert await mine.cancel("morning") is True
    assert await mine.jobs() == [] and await store.items(NAMESPACE) == {}
    with pytest.raises(SkillError):
        await mine.set_daily("", time(7, 0))


async def _wait_confirmed(store: SqliteStore) -> dict[str, object]:
    return await _wait_for(store, lambda row: row["running_due_unix"] is None)


async def _wait_for(store: SqliteStore, check: object) -> dict[str, object]:
    assert callable(check)
    async with asyncio.timeout(30):
        while True:
            row = await store.get(NAMESPACE, "briefer/morning")
            if row is not None and check(row):
                return dict(row)
            await asyncio.sleep(0.05)
