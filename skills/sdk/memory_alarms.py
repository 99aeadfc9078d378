"""``MemoryAlarms``: the ``Alarms`` service in memory, for skill tests (``ting.skills.sdk.testing``).

Items are kept and changed as the server keeps and changes them (docs/alarms.md), on a clock the test
controls. Two things differ, on purpose: nothing rings by itself (``ring(item_id)`` makes an item
ring, standing in for its time coming, so ``stop`` and ``snooze`` can be tested), and a recurring
alarm's time is taken as given (the server moves it to the rule's next occurrence, with the
region's workday calendar).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from ting.errors import SkillError
from ting.skills.sdk.alarms import (
    ACTIVE_STATES,
    Item,
    ItemKind,
    ItemState,
    check_moment,
    check_snooze_seconds,
    check_timer_seconds,
)
from ting.skills.sdk.services import Clock

DEFAULT_SNOOZE_SECONDS = 300.0
"""The server's default ``alarms.snooze_seconds``."""
_RECURRENCE = re.compile(
    r"^(daily|weekdays|weekends|weekly:(MO|TU|WE|TH|FR|SA|SU)(,(MO|TU|WE|TH|FR|SA|SU))*)$"
)


class MemoryAlarms:
    """``Alarms`` in memory on ``clock`` (a ``FixedClock`` in tests)."""

    def __init__(self, clock: Clock, *, snooze_seconds: float = DEFAULT_SNOOZE_SECONDS) -> None:
        self._clock = clock
        self._snooze_seconds = snooze_seconds
        self._items: dict[str, Item] = {}
        self._ringing: dict[str, str] = {}
        """Site id -> the item ringing there (a recurring alarm stays pending while it rings)."""

    @property
    def snooze_seconds(self) -> float:
        return self._snooze_seconds

    def now(self) -> datetime:
        return self._clock.now()

    async def add_alarm(
        self, *, site_id: str, when: datetime, recurrence: str | None = None, label: str | None = None,
        lang: str = "zh",
    ) -> Item:  # fmt: skip
        if recurrence is not None and not _RECURRENCE.match(recurrence):
            raise SkillError(f"recurrence {recurrence!r}: expected daily, weekdays, weekends or weekly:MO,WE")
        if recurrence is None:
            check_moment(self._local(when), self.now())
        wall = self._local(when).time().isoformat() if recurrence else None
        return self._add(ItemKind.ALARM, site_id, self._local(when).timestamp(), lang=lang, label=label,
                         recurrence=recurrence, wall_time=wall)  # fmt: skip

    async def add_timer(
        self, *, site_id: str, seconds: float, label: str | None = None, lang: str = "zh"
    ) -> Item:
        check_timer_seconds(seconds)
        due = self._now_unix() + seconds
        return self._add(
            ItemKind.TIMER, site_id, due, lang=lang, label=label, duration_seconds=round(seconds)
        )

    async def add_reminder(self, *, site_id: str, when: datetime, message: str, lang: str = "zh") -> Item:
        check_moment(self._local(when), self.now())
        return self._add(
            ItemKind.REMINDER, site_id, self._local(when).timestamp(), lang=lang, message=message
        )

    async def items(self, kind: ItemKind | None = None, site_id: str | None = None) -> list[Item]:
        found = [
            item
            for item in self._items.values()
            if item.state in ACTIVE_STATES and kind in (None, item.kind) and site_id in (None, item.site_id)
        ]
        return sorted(found, key=lambda item: item.due_unix)

    async def get(self, item_id: str) -> Item | None:
        return self._items.get(item_id)

    async def cancel(self, item_id: str) -> bool:
        for site, ringing in list(self._ringing.items()):
            if ringing == item_id:
                del self._ringing[site]
        return self._items.pop(item_id, None) is not None

    async def change(self, item: Item, when: datetime) -> Item:
        local = self._local(when)
        if not item.recurrence:
            check_moment(local, self.now())
        changed = item.with_(due_unix=local.timestamp(), state=ItemState.PENDING)
        if item.recurrence:
            changed = changed.with_(wall_time=local.time().isoformat())
        return self._put(changed)

    async def pause(self, item: Item) -> Item:
        remaining = max(0.0, item.due_unix - self._now_unix())
        return self._put(item.with_(state=ItemState.PAUSED, remaining_seconds=remaining))

    async def resume(self, item: Item) -> Item:
        due = self._now_unix() + (item.remaining_seconds or 0.0)
        return self._put(item.with_(state=ItemState.PENDING, due_unix=due, remaining_seconds=None))

    def remaining_seconds(self, item: Item) -> float:
        if item.state is ItemState.PAUSED:
            return item.remaining_seconds or 0.0
        return max(0.0, item.due_unix - self._now_unix())

    def ring(self, item_id: str) -> Item:
        """Make an item ring now on its site (a test's stand-in for its time coming)."""
        item = self._items.get(item_id)
        if item is None:
            raise SkillError(f"no alarm, timer or reminder {item_id}")
        self._ringing[item.site_id] = item.id
        fired = item.with_(fired_unix=self._now_unix())
        # As on the server: a one-off item rings; a recurring alarm stays pending for its next time.
        return self._put(fired if item.recurrence else fired.with_(state=ItemState.RINGING))

    async def stop(self, site_id: str) -> Item | None:
        """Stop what rings on ``site_id``: a one-off item is done, a recurring alarm stays pending."""
        item = self._take_ringing(site_id)
        if item is None or item.recurrence:
            return item
        return self._put(item.with_(state=ItemState.DONE))

    async def snooze(self, site_id: str, seconds: float | None = None) -> Item | None:
        """Ring again after ``seconds`` (default ``snooze_seconds``); a recurring alarm keeps its rule and
        the snooze is a one-off copy, as on the server."""
        if seconds is not None:
            check_snooze_seconds(seconds)
        item = self._take_ringing(site_id)
        if item is None:
            return None
        due = self._now_unix() + (seconds or self._snooze_seconds)
        if item.recurrence:
            return self._add(item.kind, site_id, due, lang=item.lang, label=item.label, message=item.message,
                             snoozed=True)  # fmt: skip
        return self._put(item.with_(state=ItemState.PENDING, due_unix=due, snoozed=True))

    def _take_ringing(self, site_id: str) -> Item | None:
        item_id = self._ringing.pop(site_id, None)
        return self._items.get(item_id) if item_id is not None else None

    def _now_unix(self) -> float:
        return self.now().timestamp()

    def _local(self, when: datetime) -> datetime:
        zone = self._clock.zone
        return when.replace(tzinfo=zone) if when.tzinfo is None else when.astimezone(zone)

    def _add(self, kind: ItemKind, site_id: str, due_unix: float, **fields: Any) -> Item:
        item = Item(kind=kind, site_id=site_id, due_unix=due_unix, zone=self._clock.zone.key,
                    created_unix=self._now_unix(), **fields)  # fmt: skip
        return self._put(item)

    def _put(self, item: Item) -> Item:
        self._items[item.id] = item
        return item
