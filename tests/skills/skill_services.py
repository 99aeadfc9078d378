"""Building real ``Services`` for skill tests (imported by conftest and the tests)."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from ting.nlu.registry import Household
from ting.server.store import SqliteStore
from ting.skills.sdk import IntentRequest, Services

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 24, 19, 5, tzinfo=SHANGHAI)
"""A Tuesday evening."""


@dataclass
class FixedClock:
    moment: datetime = NOW

    def now(self) -> datetime:
        return self.moment


@dataclass
class ListScheduler:
    """Records jobs; nothing runs them (these tests do not need it)."""

    jobs: dict[str, tuple[datetime, str, Mapping[str, Any]]] = field(default_factory=dict)
    _ids: itertools.count[int] = field(default_factory=itertools.count)

    async def schedule(self, when: datetime, event: str, payload: Mapping[str, Any]) -> str:
        job_id = f"job{next(self._ids)}"
        self.jobs[job_id] = (when, event, payload)
        return job_id

    async def cancel(self, job_id: str) -> bool:
        return self.jobs.pop(job_id, None) is not None


@dataclass
class ListPush:
    sent: list[tuple[str, str, Mapping[str, Any] | None]] = field(default_factory=list)

    async def notify(self, event: str, text: str, data: Mapping[str, Any] | None = None) -> None:
        self.sent.append((event, text, data))


def make_services(store: SqliteStore, namespace: str, household: Household, **extras: Any) -> Services:
    return Services(
        store=store.view(namespace),
        scheduler=ListScheduler(),
        push=ListPush(),
        home=household,
        clock=FixedClock(),
        extras=extras,
    )


def request(intent: str, lang: str = "en", *, area: str | None = None, **slots: Any) -> IntentRequest:
    return IntentRequest(intent=intent, slots=slots, lang=lang, area=area)
