"""The outbox: every notification is written to the store before it is sent.

Delivery is at-least-once towards the API and exactly-once towards our own events:

* ``enqueue`` inserts one record per (channel, idempotency key); the same event emitted again
  (a retry of the emitter, a replay after a restart) finds the key taken and is ignored.
* A worker per channel *claims* due records (``pending`` -> ``sending``, attempt counted) in one
  transaction, calls the API, then records ``sent`` (with the API's answer), ``failed`` (permanent
  error, reason kept) or ``pending`` again with an exponential back-off with jitter (transient
  error). Rate-limit answers (45009 ...) pause the whole channel, not only that message.
* An outage (network error, HTTP 5xx, errcode -1 ...) pauses the whole channel too, with an
  exponential back-off with jitter per consecutive failure (capped at ``outage_probe_max_seconds``):
  after each pause *one* message is sent as a probe; the first success ends the outage and the
  queue drains at full speed. The API sees one failed call per pause, however long the queue.
* On start, records left ``sending`` by a crash go back to ``pending`` and are sent again. The only
  duplicate possible is a message the API accepted in the few milliseconds before its ``sent`` row
  was committed when the process died: that window is one HTTP answer plus one SQLite commit, and
  the idempotency key bounds it to that single message (nothing else is re-sent).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
import uuid
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ting.errors import PermanentPushError, PushError, TransientPushError
from ting.server.push.base import Channel, Delivery, Notification
from ting.server.store.base import OutboxRecord, Store
from ting.settings import PushOutboxSettings

_LOGGER = logging.getLogger(__name__)

RATE_WINDOW_SECONDS = 60.0


def backoff_seconds(
    attempts: int, settings: PushOutboxSettings, rng: Callable[[], float] = random.random
) -> float:
    """Exponential back-off with "equal jitter": half fixed, half random, capped."""
    ceiling = min(settings.backoff_max_seconds, settings.backoff_min_seconds * 2.0 ** max(attempts - 1, 0))
    return ceiling / 2 + rng() * ceiling / 2


def outage_pause_seconds(
    failures: int, settings: PushOutboxSettings, rng: Callable[[], float] = random.random
) -> float:
    """How long a channel pauses after its ``failures``-th consecutive transient failure."""
    cap = min(settings.backoff_max_seconds, settings.outage_probe_max_seconds)
    ceiling = min(cap, settings.backoff_min_seconds * 2.0 ** max(failures - 1, 0))
    return ceiling / 2 + rng() * ceiling / 2


class RateLimiter:
    """At most ``per_minute`` sends in any 60 s window (0: unlimited), plus pauses the API asked for."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._sent: deque[float] = deque()
        self._hold_until = 0.0

    def delay(self) -> float:
        """Seconds to wait before the next send may go."""
        now = self._clock()
        while self._sent and self._sent[0] <= now - RATE_WINDOW_SECONDS:
            self._sent.popleft()
        wait = max(self._hold_until - now, 0.0)
        if self.per_minute and len(self._sent) >= self.per_minute:
            wait = max(wait, self._sent[0] + RATE_WINDOW_SECONDS - now)
        return wait

    def record(self) -> None:
        self._sent.append(self._clock())

    def hold(self, seconds: float) -> None:
        self._hold_until = max(self._hold_until, self._clock() + seconds)


@dataclass
class ChannelStats:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    outage_failures: int = 0
    """Consecutive transient failures of the channel now (0: it answers); >0: probing."""
    outages: int = 0
    """Outages seen (a run of transient failures ended by a success)."""


class Outbox:
    def __init__(
        self,
        store: Store,
        channels: Mapping[str, Channel],
        settings: PushOutboxSettings,
        *,
        wall_clock: Callable[[], float] = time.time,
        batch: int = 20,
    ) -> None:
        self.store = store
        self.channels = dict(channels)
        self.settings = settings
        self.stats = {name: ChannelStats() for name in channels}
        self._now = wall_clock
        self._batch = batch
        self._wake = {name: asyncio.Event() for name in channels}
        self.limiters = {name: RateLimiter(channel.rate_per_minute) for name, channel in channels.items()}

    async def enqueue(self, channel: str, notification: Notification, idempotency_key: str) -> bool:
        """Write the notification for ``channel``; False when this key was already queued (a repeat)."""
        if channel not in self.channels:
            raise PermanentPushError(
                f"no push channel named {channel!r} (configured: {sorted(self.channels)})"
            )
        now = self._now()
        record = OutboxRecord(
            id=uuid.uuid4().hex,
            channel=channel,
            idempotency_key=idempotency_key,
            payload=notification.to_json(),
            next_attempt_at_unix=now,
            created_at_unix=now,
        )
        (inserted,) = await self.store.outbox_add([record])
        if inserted:
            self._wake[channel].set()
        else:
            _LOGGER.info("push %s: %s already queued, not sent again", channel, idempotency_key)
        return inserted

    async def run(self) -> None:
        """Send forever: one worker per channel (cancel to stop)."""
        # One server owns the outbox: whatever is "sending" now was interrupted by its crash. (Servers
        # sharing a PostgreSQL outbox will have to recover only claims older than a send can take.)
        recovered = await self.store.outbox_recover(claimed_before_unix=float("inf"))
        if recovered:
            _LOGGER.warning("push: %d message(s) interrupted while sending are sent again", recovered)
        async with asyncio.TaskGroup() as group:
            for name in self.channels:
                group.create_task(self._supervise(name), name=f"push-{name}")

    async def _supervise(self, name: str) -> None:
        while True:
            try:
                await self._work(name)
            except asyncio.CancelledError:
                raise
            except Exception:  # the store failed; try again shortly rather than stop delivering
                _LOGGER.exception("push %s: worker failed; restarting in 5 s", name)
                await asyncio.sleep(5.0)

    async def _work(self, name: str) -> None:
        limiter = self.limiters[name]
        while True:
            wait = limiter.delay()
            if wait > 0:
                await asyncio.sleep(wait)
                continue
            # In an outage only one message goes at a time: the probe.
            room = 1 if self.stats[name].outage_failures else (limiter.per_minute or self._batch)
            records = await self.store.outbox_claim(name, now_unix=self._now(), limit=min(room, self._batch))
            if not records:
                await self._idle(name)
                continue
            for index, record in enumerate(records):
                if limiter.delay() > 0:  # paused by a rate limit or an outage: give the rest back
                    await self._release(records[index:])
                    break
                await self.deliver(record)

    async def _idle(self, name: str) -> None:
        due = await self.store.outbox_next_due(name)
        timeout = self.settings.poll_seconds if due is None else max(min(due - self._now(), 60.0), 0.0)
        self._wake[name].clear()
        # asyncio.timeout, not wait_for: on Python 3.11 wait_for swallows a cancel racing the event.
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                await self._wake[name].wait()

    async def _release(self, records: list[OutboxRecord]) -> None:
        for record in records:
            await self.store.outbox_finish(
                record.id, status="pending", now_unix=self._now(), last_error=record.last_error
            )

    async def deliver(self, record: OutboxRecord) -> Delivery | None:
        """Send one claimed record and store the outcome."""
        name = record.channel
        self.limiters[name].record()
        try:
            delivery = await self.channels[name].send(Notification.from_json(record.payload))
        except PermanentPushError as error:
            await self._fail(record, str(error))
        except TransientPushError as error:
            await self._retry(record, str(error), error.retry_after_seconds)
        except PushError as error:
            await self._retry(record, str(error), None)
        except Exception as error:  # a channel bug: keep the message, log, retry it (only it) later
            _LOGGER.exception("push %s: unexpected error", name)
            await self._retry(record, f"{type(error).__name__}: {error}", None, channel_wide=False)
        else:
            stats = self.stats[name]
            stats.sent += 1
            if stats.outage_failures:
                _LOGGER.warning(
                    "push %s: the API answers again after %d failed attempt(s); sending the queue",
                    name,
                    stats.outage_failures,
                )
                stats.outage_failures = 0
                stats.outages += 1
            for warning in delivery.warnings:
                _LOGGER.warning("push %s: %s: %s", name, record.idempotency_key, warning)
            await self.store.outbox_finish(
                record.id,
                status="sent",
                now_unix=self._now(),
                answer=list(delivery.answers),
                last_error="; ".join(delivery.warnings) or None,
            )
            return delivery
        return None

    async def _fail(self, record: OutboxRecord, reason: str) -> None:
        self.stats[record.channel].failed += 1
        _LOGGER.error("push %s: %s failed for good: %s", record.channel, record.idempotency_key, reason)
        await self.store.outbox_finish(record.id, status="failed", now_unix=self._now(), last_error=reason)

    async def _retry(
        self,
        record: OutboxRecord,
        reason: str,
        retry_after_seconds: float | None,
        *,
        channel_wide: bool = True,
    ) -> None:
        stats = self.stats[record.channel]
        outage = retry_after_seconds is None and channel_wide
        if outage:
            # An outage: the whole channel waits, growing with each consecutive failure; the
            # message goes back to the queue and is sent (or another one is, as the probe) after it.
            stats.outage_failures += 1
            delay = outage_pause_seconds(stats.outage_failures, self.settings)
            self.limiters[record.channel].hold(delay)
        else:
            delay = backoff_seconds(record.attempts, self.settings)
            if retry_after_seconds is not None:
                stats.outage_failures = 0  # a rate-limit answer: the API is there, only busy
        if record.attempts >= self.settings.max_attempts:
            await self._fail(record, f"gave up after {record.attempts} attempts: {reason}")
            return
        stats.retried += 1
        if retry_after_seconds is not None:
            pause = min(retry_after_seconds, self.settings.rate_limit_pause_seconds)
            self.limiters[record.channel].hold(pause)
            delay = max(delay, pause)
        _LOGGER.warning(
            "push %s: attempt %d of %s failed (%s); %s %.1f s",
            record.channel,
            record.attempts,
            record.idempotency_key,
            reason,
            f"outage (failure {stats.outage_failures} in a row): channel paused for" if outage else "next in",
            delay,
        )
        now = self._now()
        await self.store.outbox_finish(
            record.id, status="pending", now_unix=now, next_attempt_at_unix=now + delay, last_error=reason
        )
