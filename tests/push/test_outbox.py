"""The outbox against the fake robot: once per key, retries, rate limits, permanent errors, restarts."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from tests.fake_http import serving
from tests.push.fakes import FakeTencent
from ting.server.push.base import Notification
from ting.server.push.channels import build_channels, http_client
from ting.server.push.outbox import Outbox, RateLimiter, backoff_seconds, outage_pause_seconds
from ting.server.store.sqlite import SqliteStore
from ting.settings import PushOutboxSettings, WecomBotChannel

FAST = PushOutboxSettings(
    poll_seconds=0.05, backoff_min_seconds=0.05, backoff_max_seconds=0.2, rate_limit_pause_seconds=0.3
)


@contextlib.asynccontextmanager
async def running_outbox(
    db: Path, url: str, *, key: str = "k", rate_per_minute: int = 0
) -> AsyncIterator[Outbox]:
    bot = WecomBotChannel(type="wecom_bot", key=key, api_base_url=url, rate_per_minute=rate_per_minute)
    async with SqliteStore(db) as store, http_client() as http:
        outbox = Outbox(store, build_channels({"bot": bot}, http), FAST)
        task = asyncio.create_task(outbox.run())
        try:
            yield outbox
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


async def until(condition: Callable[[], bool], timeout_seconds: float = 10.0) -> None:
    async with asyncio.timeout(timeout_seconds):
        while not condition():  # noqa: ASYNC110 (polling a plain predicate)
            await asyncio.sleep(0.02)


@pytest.fixture
async def fake() -> AsyncIterator[tuple[FakeTencent, str]]:
    api = FakeTencent()
    async with serving(api) as url:
        yield api, url


def texts(api: FakeTencent, key: str = "k") -> list[str]:
    return [m["text"]["content"] for m in api.bot_messages.get(key, [])]


def test_backoff_grows_with_jitter_and_is_capped() -> None:
    settings = PushOutboxSettings(backoff_min_seconds=2, backoff_max_seconds=600)
    assert backoff_seconds(1, settings, rng=lambda: 0.0) == 1.0
    assert backoff_seconds(4, settings, rng=lambda: 1.0) == 16.0
    assert backoff_seconds(40, settings, rng=lambda: 1.0) == 600.0


def test_rate_limiter_window() -> None:
    now = [0.0]
    limiter = RateLimiter(20, clock=lambda: now[0])
    for _ in range(20):
        assert limiter.delay() == 0
        limiter.record()
    assert limiter.delay() == 60.0
    now[0] = 30.0
    assert limiter.delay() == 30.0


async def test_same_event_key_delivered_once(tmp_path: Path, fake: tuple[FakeTencent, str]) -> None:
    api, url = fake
    async with running_outbox(tmp_path / "t.db", url) as outbox:
        assert await outbox.enqueue("bot", Notification(text="计时器到了"), "timer.done:1")
        assert not await outbox.enqueue("bot", Notification(text="计时器到了"), "timer.done:1")
        await until(lambda: len(texts(api)) == 1)
        await asyncio.sleep(0.2)
        (record,) = await outbox.store.outbox_list()
    assert (
        texts(api) == ["计时器到了"]
        and record.status == "sent"
        and record.answer == [{"errcode": 0, "errmsg": "ok"}]
    )


async def test_rate_limited_then_delivered_once(tmp_path: Path, fake: tuple[FakeTencent, str]) -> None:
    api, url = fake
    api.rate_limited_until = asyncio.get_running_loop().time() + 0.5  # 45009 "for a while"
    async with running_outbox(tmp_path / "t.db", url) as outbox:
        for n in range(5):
            await outbox.enqueue("bot", Notification(text=f"m{n}"), f"e:{n}")
        await until(lambda: len(texts(api)) == 5)
        assert outbox.stats["bot"].retried >= 1
    assert sorted(texts(api)) == [f"m{n}" for n in range(5)]


async def test_permanent_error_stops_with_reason(tmp_path: Path, fake: tuple[FakeTencent, str]) -> None:
    api, url = fake
    api.removed_keys.add("gone")
    async with running_outbox(tmp_path / "t.db", url, key="gone") as outbox:
        await outbox.enqueue("bot", Notification(text="x"), "e:1")
        await until(lambda: outbox.stats["bot"].failed == 1)
        (record,) = await outbox.store.outbox_list()
    assert record.status == "failed" and record.attempts == 1 and "93000" in (record.last_error or "")


async def test_restart_with_queued_messages_loses_and_duplicates_none(
    tmp_path: Path, fake: tuple[FakeTencent, str]
) -> None:
    api, url = fake
    db = tmp_path / "t.db"
    api.down = True
    async with running_outbox(db, url) as outbox:
        for n in range(30):
            await outbox.enqueue("bot", Notification(text=f"m{n}"), f"e:{n}")
        await asyncio.sleep(0.3)  # some attempts fail with 503 while the API is down
    async with SqliteStore(db) as store:  # a crash in mid-send leaves a claimed record
        await store.outbox_claim("bot", now_unix=time.time() + 10, limit=1)
    api.down = False
    async with running_outbox(db, url) as outbox:
        for n in range(30):  # the emitters replay their events after the restart
            await outbox.enqueue("bot", Notification(text=f"m{n}"), f"e:{n}")
        await until(lambda: len(texts(api)) >= 30)
        await asyncio.sleep(0.3)
        records = await outbox.store.outbox_list(limit=100)
    assert sorted(texts(api)) == sorted(f"m{n}" for n in range(30))
    assert {r.status for r in records} == {"sent"} and len(records) == 30


async def test_channel_rate_limit_kept(tmp_path: Path, fake: tuple[FakeTencent, str]) -> None:
    api, url = fake
    async with running_outbox(tmp_path / "t.db", url, rate_per_minute=3) as outbox:
        for n in range(5):
            await outbox.enqueue("bot", Notification(text=f"m{n}"), f"e:{n}")
        await until(lambda: len(texts(api)) == 3)
        await asyncio.sleep(0.5)
        assert len(texts(api)) == 3  # the other two wait for the minute to pass
        pending = await outbox.store.outbox_list(status="pending")
    assert len(pending) == 2


def test_outage_pause_grows_with_jitter_and_is_capped_by_the_probe_interval() -> None:
    settings = PushOutboxSettings(backoff_min_seconds=2, backoff_max_seconds=600, outage_probe_max_seconds=60)
    assert outage_pause_seconds(1, settings, rng=lambda: 0.0) == 1.0
    assert outage_pause_seconds(3, settings, rng=lambda: 1.0) == 8.0
    assert outage_pause_seconds(30, settings, rng=lambda: 1.0) == 60.0
    assert outage_pause_seconds(30, settings, rng=lambda: 0.0) == 30.0


async def test_outage_pauses_the_channel_and_probes_with_one_message(
    tmp_path: Path, fake: tuple[FakeTencent, str]
) -> None:
    """200 queued during a 2 s outage: the API sees a handful of calls (one probe per pause), not
    one per message per back-off step; then everything drains once, in full."""
    api, url = fake
    api.down = True
    count = 200
    async with running_outbox(tmp_path / "t.db", url) as outbox:
        for n in range(count):
            await outbox.enqueue("bot", Notification(text=f"m{n}"), f"e:{n}")
        await asyncio.sleep(2.0)
        stats = outbox.stats["bot"]
        # a probe may be in flight (counted by the fake, its 503 not yet by the outbox): read both between
        # two probes, as every failure is counted once it is back
        await until(lambda: stats.outage_failures == api.requests_while_down)
        during = api.requests_while_down
        assert during >= 2
        # FAST pauses: 0.05 s doubling to a 0.2 s cap (>= 0.1 s each with jitter) => at most ~20
        # probes in 2 s whatever the queue; per-message back-off made ~200 x 13 calls here
        assert during <= 30
        # nothing delivered, nothing lost: all waiting (one may be the probe in flight: "sending")
        waiting = await outbox.store.outbox_list(limit=1000)
        assert len(waiting) == count and {r.status for r in waiting} <= {"pending", "sending"}
        api.down = False
        await until(lambda: len(texts(api)) >= count)
        await asyncio.sleep(0.3)
        assert stats.outage_failures == 0 and stats.outages == 1
        records = await outbox.store.outbox_list(limit=1000)
    assert sorted(texts(api)) == sorted(f"m{n}" for n in range(count))
    assert {r.status for r in records} == {"sent"}
