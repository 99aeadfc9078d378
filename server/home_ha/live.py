"""Home Assistant's registries while ting runs: a rename, a new alias, an entity moved to another area or
newly exposed to Assist reaches the household, the NLU and the grammars without a restart.

Home Assistant fires ``entity_registry_updated``, ``device_registry_updated``, ``area_registry_updated``
and ``floor_registry_updated`` (each with ``action`` create / update / remove and the item's id; an
exposure change is an entity registry update of its ``options``). They are on the list of events a
non-admin token may subscribe to. ``label_registry_updated`` is not followed: ting does not use labels.

One change in the UI often fires several events at once (an entity renamed and moved), so the
registries are read again once ``settle_seconds`` pass without another; a change that comes while they
are being read causes one more read. The new household is handed on only when it differs from the
last one (a reconnect with nothing changed rebuilds nothing).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from ting.errors import HomeError, TingError
from ting.nlu.registry import Household

_LOGGER = logging.getLogger(__name__)

REGISTRY_EVENTS = (
    "entity_registry_updated",
    "device_registry_updated",
    "area_registry_updated",
    "floor_registry_updated",
)

HouseholdListener = Callable[[Household], Awaitable[None]]
"""Told of each new household (the server rebuilds its NLU and grammars)."""


class RegistryWatch:
    def __init__(
        self,
        read: Callable[[], Awaitable[Household]],
        listener: HouseholdListener,
        *,
        settle_seconds: float,
        current: Household | None = None,
    ) -> None:
        """``read``: the registries read again, as a household (it also updates the backend's own)."""
        self._read = read
        self._listener = listener
        self._settle_seconds = settle_seconds
        self._last = current
        self._task: asyncio.Task[None] | None = None
        self._offered: set[asyncio.Task[None]] = set()
        self._again = asyncio.Event()
        self.reloads = 0
        """Households handed on (tests: a change arrived)."""

    def known(self, household: Household) -> None:
        """The household the server was built with (changes are measured against it)."""
        self._last = household

    def changed(self, reason: str) -> None:
        """A registry changed (an event's type); read them again soon. Called on the event loop."""
        _LOGGER.debug("Home Assistant: %s; registries to be read again", reason)
        self._again.set()
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._reload(), name="home-assistant registries")

    def offer(self, household: Household) -> None:
        """A household read already (after a reconnect: the registries may have changed meanwhile)."""
        task = asyncio.create_task(self._deliver(household), name="home-assistant household")
        self._offered.add(task)
        task.add_done_callback(self._offered.discard)

    async def close(self) -> None:
        for task in [self._task, *self._offered]:
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    async def _reload(self) -> None:
        while self._again.is_set():  # a change came (again, if it came while reading)
            await self._settle()
            try:
                household = await self._read()
            except HomeError as error:  # disconnected: the reconnect reads them anyway
                _LOGGER.warning("Home Assistant's registries not read again: %s", error)
                return
            await self._deliver(household)

    async def _deliver(self, household: Household) -> None:
        if household == self._last:
            return
        self._last = household
        try:
            await self._listener(household)
            self.reloads += 1
            _LOGGER.info("household from Home Assistant's registries changed: %d devices now",
                         len(household.devices))  # fmt: skip
        except TingError as error:  # a listed MQTT device's area removed, say: keep what runs
            _LOGGER.error("the household from Home Assistant's registries was not taken: %s", error)
        except Exception:  # the watch must outlive a listener's bug
            _LOGGER.exception("the household from Home Assistant's registries was not taken")

    async def _settle(self) -> None:
        """Wait until no change came for ``settle_seconds`` (``_again`` is clear afterwards)."""
        while self._again.is_set():
            self._again.clear()
            await asyncio.sleep(self._settle_seconds)
