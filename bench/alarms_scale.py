"""10,000 scheduled timers: firing lateness, CPU while waiting, restart time (issue: alarms).

In-process ``AlarmService`` on the SQLite alarm store (a temporary folder), with a publisher
that records when each ring is published (no broker: this measures the scheduler and store).

    .venv/bin/python bench/alarms_scale.py        # --items 10000 --spread 20 --idle 10
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from ting.messages import AlarmRing
from ting.server.alarms.service import AlarmService
from ting.server.alarms.store import SqliteAlarmStore
from ting.server.presence import Presence
from ting.settings import AlarmsSettings


class Recorder:
    def __init__(self) -> None:
        self.lateness: list[float] = []

    async def publish(self, message: Any, **_: Any) -> None:
        if isinstance(message, AlarmRing):
            self.lateness.append(time.time())


async def no_events(name: str, text: str, data: Any) -> None:
    return None


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def main(items: int, spread: float, idle: float) -> None:
    settings = AlarmsSettings(max_ring_seconds=3600)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ting.db"
        # 1. idle CPU and restart time with `items` pending far in the future
        recorder = Recorder()
        async with SqliteAlarmStore(path) as store:
            service = AlarmService(
                store,
                settings,
                timezone="Asia/Shanghai",
                events=no_events,
                publisher=recorder,
                presence=Presence(),
            )
            await service.start()
            start = time.time() + 3600
            for n in range(items):
                await service.add_timer(site_id=f"site-{n % 100}", seconds=3600 + n * 0.01)
            await service.close()
        async with SqliteAlarmStore(path) as store:
            began = time.perf_counter()
            service = AlarmService(
                store,
                settings,
                timezone="Asia/Shanghai",
                events=no_events,
                publisher=recorder,
                presence=Presence(),
            )
            loaded = await service.start()
            restart = time.perf_counter() - began
            cpu0, wall0 = cpu_seconds(), time.perf_counter()
            await asyncio.sleep(idle)
            idle_cpu = (cpu_seconds() - cpu0) / (time.perf_counter() - wall0)
            await service.close()
        path.unlink()
        # 2. lateness: `items` timers due over `spread` seconds
        async with SqliteAlarmStore(path) as store:
            recorder = Recorder()
            service = AlarmService(
                store,
                settings,
                timezone="Asia/Shanghai",
                events=no_events,
                publisher=recorder,
                presence=Presence(),
            )
            await service.start()
            start = time.time() + 2.0
            due = []
            for n in range(items):
                at = start + spread * n / items
                item = await service.add_timer(site_id=f"site-{n}", seconds=at - time.time())
                due.append(item.due_unix)
            while len(recorder.lateness) < items and time.time() < start + spread + 30:  # noqa: ASYNC110
                await asyncio.sleep(0.2)
            await service.close()
        fired = sorted(recorder.lateness)
        late = sorted(f - d for f, d in zip(fired, sorted(due), strict=False))
    print(f"pending loaded at restart: {loaded}; restart {restart:.3f} s")
    print(f"idle CPU with {items} pending: {idle_cpu * 100:.2f} % of one core over {idle:.0f} s")
    print(
        f"fired {len(fired)}/{items} over {spread:.0f} s: "
        f"lateness p50 {statistics.median(late) * 1000:.1f} ms, "
        f"p99 {late[int(len(late) * 0.99) - 1] * 1000:.1f} ms, max {late[-1] * 1000:.1f} ms"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--spread", type=float, default=20.0, help="seconds over which the items come due")
    parser.add_argument("--idle", type=float, default=10.0, help="seconds of idle CPU measurement")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.items, arguments.spread, arguments.idle))
