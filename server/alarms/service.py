"""``AlarmService``: what skills (``services.alarms``, the SDK's ``Alarms``) and the HTTP API call.

Every change goes to the store first, then to the heap. Firing: claim in the store (one
conditional UPDATE), then ring, report as missed (past the grace window), or, for recurring
alarms, both move on to the next occurrence in the same claim.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable, Coroutine, Mapping
from datetime import datetime
from typing import Any

from ting.clock import zone_named
from ting.messages import AlarmRing, StopReason
from ting.server.alarms import phrases
from ting.server.alarms.recurrence import WorkdayCalendar, next_occurrence, validate
from ting.server.alarms.ringing import Publisher, Ringer
from ting.server.alarms.scheduler import HeapScheduler
from ting.server.alarms.store import AlarmStore, open_alarm_store
from ting.server.presence import Presence
from ting.settings import AlarmsSettings, Settings
from ting.skills.sdk.alarms import (
    ACTIVE_STATES,
    Item,
    ItemKind,
    ItemState,
    check_moment,
    check_snooze_seconds,
    check_timer_seconds,
)

_LOGGER = logging.getLogger(__name__)

_EVENT_RETRIES = 300
"""An event waits up to this many seconds for the broker (then it is logged and dropped)."""
EventSink = Callable[[str, str, Mapping[str, Any]], Coroutine[Any, Any, None]]
"""``Events.emit``: (event name, text, data)."""


class AlarmService:
    def __init__(
        self,
        store: AlarmStore,
        settings: AlarmsSettings,
        *,
        timezone: str,
        events: EventSink,
        publisher: Publisher,
        presence: Presence,
        calendar: WorkdayCalendar | None = None,
        household: str = "home",
        now_unix: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.settings = settings
        self.zone = zone_named(timezone)
        self.calendar = calendar or WorkdayCalendar()
        self.household = household
        self._events = events
        self._presence = presence
        self._now_unix = now_unix
        self.scheduler = HeapScheduler(now_unix=now_unix, max_sleep_seconds=settings.max_sleep_seconds)
        self.ringer = Ringer(publisher, max_ring_seconds=settings.max_ring_seconds, on_limit=self._ring_limit)
        self._pending: dict[str, Item] = {}
        self._notices: dict[str, list[str]] = {}
        self._task: asyncio.Task[None] | None = None
        self._background: set[asyncio.Task[None]] = set()

    # -- life cycle ---------------------------------------------------------------------

    async def start(self) -> int:
        """Finish what a previous run claimed but did not confirm (ring late or report missed), load
        what is pending (overdue items fire at once: late or missed), start the sleeper."""
        states = (ItemState.RINGING, ItemState.PENDING)
        for item in await self.store.items(household=self.household, states=states):
            if item.firing_due_unix is not None:
                self._spawn(self._recover(item, item.firing_due_unix))
            elif item.state is ItemState.RINGING and item.recurrence is None:  # it rang; that is over
                await self.store.claim(item, item.with_(state=ItemState.DONE))
        pending = await self.store.items(household=self.household, states=(ItemState.PENDING,))
        for item in pending:
            self._track(item)
        self._task = asyncio.create_task(self.scheduler.run(self._fire), name="alarm-scheduler")
        return len(pending)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        for task in list(self._background):
            task.cancel()
        self.ringer.close()

    @property
    def snooze_seconds(self) -> float:
        return self.settings.snooze_seconds

    def now(self) -> datetime:
        return datetime.fromtimestamp(self._now_unix(), self.zone)

    # -- creating -----------------------------------------------------------------------

    async def add_alarm(
        self,
        *,
        site_id: str,
        when: datetime,
        recurrence: str | None = None,
        label: str | None = None,
        lang: str = "zh",
    ) -> Item:
        local = self._local(when)
        wall_time = None
        if recurrence:
            validate(recurrence)
            wall_time = local.time().isoformat()
            local = next_occurrence(recurrence, local.time(), self.zone, self.now(), self.calendar)
        self._check_moment(local)
        item = self._new(ItemKind.ALARM, site_id, local.timestamp(), lang=lang, label=label,
                         recurrence=recurrence, wall_time=wall_time)  # fmt: skip
        return await self._save(item)

    async def add_timer(
        self, *, site_id: str, seconds: float, label: str | None = None, lang: str = "zh"
    ) -> Item:
        check_timer_seconds(seconds)
        item = self._new(ItemKind.TIMER, site_id, self._now_unix() + seconds, lang=lang, label=label,
                         duration_seconds=round(seconds))  # fmt: skip
        return await self._save(item)

    async def add_reminder(self, *, site_id: str, when: datetime, message: str, lang: str = "zh") -> Item:
        local = self._local(when)
        self._check_moment(local)
        item = self._new(ItemKind.REMINDER, site_id, local.timestamp(), lang=lang, message=message)
        return await self._save(item)

    def _check_moment(self, local: datetime) -> None:
        check_moment(local, self.now())

    # -- reading and changing -----------------------------------------------------------

    async def items(self, kind: ItemKind | None = None, site_id: str | None = None) -> list[Item]:
        found = await self.store.items(household=self.household, states=ACTIVE_STATES)
        return [
            i for i in found if (kind is None or i.kind is kind) and (site_id is None or i.site_id == site_id)
        ]

    async def get(self, item_id: str) -> Item | None:
        item = await self.store.get(item_id)
        return item if item is not None and item.household == self.household else None

    async def cancel(self, item_id: str) -> bool:
        self.scheduler.discard(item_id)
        self._pending.pop(item_id, None)
        for site in self.ringer.sites_ringing(item_id):
            await self.ringer.stop(site, StopReason.CANCELLED)
        return await self.store.delete(item_id)

    async def change(self, item: Item, when: datetime) -> Item:
        local = self._local(when)
        if not item.recurrence:
            self._check_moment(local)
        changed = item.with_(due_unix=local.timestamp(), state=ItemState.PENDING)
        if item.recurrence:
            wall = local.time()
            first = next_occurrence(item.recurrence, wall, self.zone, self.now(), self.calendar)
            changed = changed.with_(wall_time=wall.isoformat(), due_unix=first.timestamp())
        return await self._save(changed)

    async def pause(self, item: Item) -> Item:
        remaining = max(0.0, item.due_unix - self._now_unix())
        self.scheduler.discard(item.id)
        self._pending.pop(item.id, None)
        paused = item.with_(state=ItemState.PAUSED, remaining_seconds=remaining)
        await self.store.put(paused)
        return paused

    async def resume(self, item: Item) -> Item:
        remaining = item.remaining_seconds or 0.0
        return await self._save(item.with_(due_unix=self._now_unix() + remaining, remaining_seconds=None,
                                           state=ItemState.PENDING))  # fmt: skip

    def remaining_seconds(self, item: Item) -> float:
        if item.state is ItemState.PAUSED:
            return item.remaining_seconds or 0.0
        return max(0.0, item.due_unix - self._now_unix())

    # -- ringing ------------------------------------------------------------------------

    async def stop(self, site_id: str) -> Item | None:
        """Stop what rings at ``site_id``; one-off items are done."""
        ringing = await self.ringer.stop(site_id, StopReason.STOPPED)
        stopped = await self._finish_ringing(site_id, ringing.item_id if ringing else None)
        return stopped

    async def snooze(self, site_id: str, seconds: float | None = None) -> Item | None:
        if seconds is not None:
            check_snooze_seconds(seconds)
        ringing = await self.ringer.stop(site_id, StopReason.SNOOZED)
        item = await self.store.get(ringing.item_id) if ringing else None
        if item is None:
            rung = await self._ringing_in_store(site_id)
            item = rung[0] if rung else None
        if item is None:
            return None
        due = self._now_unix() + (seconds or self.settings.snooze_seconds)
        if item.recurrence:  # the rule keeps its next occurrence; the snooze is a one-off copy
            snoozed = self._new(
                item.kind, site_id, due, lang=item.lang, label=item.label, message=item.message
            )
        else:
            snoozed = item.with_(due_unix=due, state=ItemState.PENDING, site_id=site_id)
        return await self._save(snoozed.with_(snoozed=True))

    def take_notices(self, site_id: str) -> list[str]:
        """Missed items to mention at the next interaction on this site (each said once)."""
        return self._notices.pop(site_id, [])

    # -- internals ----------------------------------------------------------------------

    def _new(self, kind: ItemKind, site_id: str, due_unix: float, **fields: Any) -> Item:
        return Item(kind=kind, site_id=site_id, due_unix=due_unix, household=self.household,
                    zone=self.zone.key, created_unix=self._now_unix(), **fields)  # fmt: skip

    def _local(self, when: datetime) -> datetime:
        return when.replace(tzinfo=self.zone) if when.tzinfo is None else when.astimezone(self.zone)

    async def _save(self, item: Item) -> Item:
        item = item.with_(firing_due_unix=None)  # a changed item is the user's now, not a pending ring
        await self.store.put(item)
        self._track(item)
        return item

    def _track(self, item: Item) -> None:
        if item.state is ItemState.PENDING:
            self._pending[item.id] = item
            self.scheduler.set(item.id, item.due_unix)
        else:
            self._pending.pop(item.id, None)
            self.scheduler.discard(item.id)

    async def _fire(self, item_id: str, due_unix: float) -> None:
        seen = self._pending.pop(item_id, None)
        if seen is None or seen.due_unix != due_unix:
            return
        now_unix = self._now_unix()
        missed = now_unix - due_unix > self.settings.grace_seconds
        claimed = self._after_firing(seen, now_unix, missed).with_(firing_due_unix=due_unix)
        if not await self.store.claim(seen, claimed):
            fresh = await self.store.get(item_id)  # another server fired it, or it was changed there
            if fresh is not None and fresh.state is ItemState.PENDING and fresh.due_unix > due_unix:
                self._track(fresh)
            return
        if claimed.state is ItemState.PENDING:
            self._track(claimed)
        await self._deliver(seen, claimed, due_unix)

    async def _deliver(self, item: Item, claimed: Item, due_unix: float) -> None:
        """Ring (or report missed) the occurrence due at ``due_unix``, then confirm the claim: only a
        confirmed claim is finished business after a restart."""
        lateness = self._now_unix() - due_unix
        due = datetime.fromtimestamp(due_unix, self.zone)
        if lateness > self.settings.grace_seconds:
            await self._report_missed(item, due)
        else:
            await self._ring(item, due, lateness)
        if not await self.store.claim(claimed, claimed.with_(firing_due_unix=None)):
            _LOGGER.debug("%s changed while it fired (stopped, snoozed or cancelled)", item.id)

    async def _recover(self, claimed: Item, due_unix: float) -> None:
        _LOGGER.warning(
            "%s %s was claimed at %s but its ring was never confirmed (the server stopped): ringing it late "
            "or reporting it missed", claimed.kind, claimed.id, datetime.fromtimestamp(due_unix, self.zone),
        )  # fmt: skip
        await self._deliver(claimed.with_(firing_due_unix=None), claimed, due_unix)

    def _spawn(self, coroutine: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(coroutine)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    def _after_firing(self, item: Item, now_unix: float, missed: bool) -> Item:
        if item.recurrence and item.wall_time:
            after = datetime.fromtimestamp(max(now_unix, item.due_unix), self.zone)
            wall = datetime.strptime(item.wall_time, "%H:%M:%S").time()
            following = next_occurrence(item.recurrence, wall, self.zone, after, self.calendar)
            return item.with_(due_unix=following.timestamp(), fired_unix=now_unix, snoozed=False)
        return item.with_(state=ItemState.MISSED if missed else ItemState.RINGING, fired_unix=now_unix)

    async def _ring(self, item: Item, due: datetime, lateness: float) -> None:
        late = lateness > self.settings.late_after_seconds
        site = item.site_id
        elsewhere = self._presence.offline(site) and self.settings.ring_elsewhere
        if elsewhere:
            others = [s for s in self._presence.online_devices() if s != site]
            site = others[0] if others else site
        text = phrases.ring_text(item, self.now() if late else due, late_seconds=lateness, late=late)
        ring = AlarmRing(
            id=item.id, kind=item.kind, label=item.label, message=item.message, text=text, lang=item.lang,
            late=late, late_seconds=round(max(lateness, 0.0), 3), due=due.isoformat(), site_id=site,
            target_site_id=item.site_id, max_ring_seconds=self.settings.max_ring_seconds,
        )  # fmt: skip
        _LOGGER.info("ringing %s %s on %s (%.3f s after due)", item.kind, item.id, site, lateness)
        try:
            await self.ringer.ring(ring)
        except Exception as error:
            _LOGGER.error("could not ring %s on %s: %s", item.id, site, error)
            await self._report_missed(item, due)
            return
        if site != item.site_id:
            await self._event(
                "alarm.rang_elsewhere", text, {**ring.to_dict(), "reason": "target device offline"}
            )
        if item.kind is ItemKind.REMINDER:
            await self._event("reminder.due", text, ring.to_dict())
        elif item.kind is ItemKind.TIMER:
            await self._event("timer.done", text, ring.to_dict())

    async def _event(self, name: str, text: str, data: Mapping[str, Any]) -> None:
        """Emit for the push layer; while the broker is unreachable, retry in the background."""
        try:
            await self._events(name, text, data)
        except Exception as error:
            _LOGGER.warning("event %s not published yet (%s); retrying", name, error)
            self._spawn(self._retry_event(name, text, data))

    async def _retry_event(self, name: str, text: str, data: Mapping[str, Any]) -> None:
        for _ in range(_EVENT_RETRIES):
            await asyncio.sleep(1.0)
            try:
                await self._events(name, text, data)
                return
            except Exception as error:
                failure = error
        _LOGGER.error("event %s dropped after %d retries: %s", name, _EVENT_RETRIES, failure)

    async def _report_missed(self, item: Item, due: datetime) -> None:
        text = phrases.missed_text(item, due, self.now().date())
        self._notices.setdefault(item.site_id, []).append(text)
        _LOGGER.warning("missed %s %s due %s", item.kind, item.id, due.isoformat())
        details = {"id": item.id, "kind": item.kind.value, "site_id": item.site_id, "due": due.isoformat(),
                   "label": item.label, "message": item.message}  # fmt: skip
        await self._event("alarm.missed", text, details)

    async def _ring_limit(self, site_id: str) -> None:
        ringing = await self.ringer.stop(site_id, StopReason.LIMIT)
        await self._finish_ringing(site_id, ringing.item_id if ringing else None)

    async def _finish_ringing(self, site_id: str, item_id: str | None) -> Item | None:
        candidates = await self._ringing_in_store(site_id)
        if item_id is not None:
            item = await self.store.get(item_id)
            candidates = ([item] if item else []) + [c for c in candidates if c.id != item_id]
        for item in candidates:
            if item.state is ItemState.RINGING:
                await self.store.claim(item, item.with_(state=ItemState.DONE))
        return candidates[0] if candidates else None

    async def _ringing_in_store(self, site_id: str) -> list[Item]:
        rung = await self.store.items(household=self.household, states=(ItemState.RINGING,))
        return [item for item in rung if item.site_id == site_id]


@contextlib.asynccontextmanager
async def open_alarms(
    settings: Settings, *, events: EventSink, publisher: Publisher, presence: Presence
) -> AsyncIterator[AlarmService]:
    """The alarm store (SQLite or PostgreSQL, per ``store.backend``) and the service on it.

    ``start()`` is left to the caller (once the consumer runs); ``close()`` runs on exit.
    """
    calendar = WorkdayCalendar(settings.household.region, skip_holidays=settings.alarms.skip_holidays)
    async with open_alarm_store(settings.store) as store:
        service = AlarmService(
            store,
            settings.alarms,
            timezone=settings.household.timezone,
            events=events,
            publisher=publisher,
            presence=presence,
            calendar=calendar,
        )
        try:
            yield service
        finally:
            await service.close()
