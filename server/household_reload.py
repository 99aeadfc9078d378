"""A new household while the server runs (Home Assistant's registries changed): the NLU is built for it off
the event loop, then the skills' services, the runtime and the grammars take it at once, and the grammars
are announced again (retained) so that the devices' recognizers know the new names.

The backend hands households to a ``HouseholdFeed`` (it is built before the runtime exists); the app's
lifespan runs ``HouseholdReload.run``, which takes the latest one (households that came while one was
being built are skipped: only the newest matters). Until the new NLU is built the old one answers.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from ting.mqtt.client import HermesClient
from ting.nlu import IntentRecognizer
from ting.nlu.registry import Household
from ting.server.grammar import Grammars
from ting.server.runtime import SkillRuntime

_LOGGER = logging.getLogger(__name__)


class HouseholdFeed:
    """The newest household a backend has read, for the server to take."""

    def __init__(self) -> None:
        self._latest: Household | None = None
        self._arrived = asyncio.Event()

    async def put(self, household: Household) -> None:
        self._latest = household
        self._arrived.set()

    async def take(self) -> Household:
        await self._arrived.wait()
        self._arrived.clear()
        assert self._latest is not None
        return self._latest


class HouseholdReload:
    def __init__(
        self,
        feed: HouseholdFeed,
        *,
        runtime: SkillRuntime,
        grammars: Grammars,
        client: HermesClient,
        recognizer_for: Callable[[Household], IntentRecognizer],
    ) -> None:
        self._feed = feed
        self._runtime = runtime
        self._grammars = grammars
        self._client = client
        self._recognizer_for = recognizer_for
        self.applied = 0
        """Households taken (tests: wait for one)."""

    async def run(self) -> None:
        """Take each new household, until cancelled."""
        while True:
            household = await self._feed.take()
            try:
                await self.apply(household)
            except Exception:  # the old household keeps working
                _LOGGER.exception("the new household was not taken; the previous one stays")

    async def apply(self, household: Household) -> None:
        recognizer = await asyncio.to_thread(self._recognizer_for, household)
        self._runtime.use_household(household, recognizer)
        self._grammars.use_household(household)
        self.applied += 1
        _LOGGER.info(
            "household changed: %d areas, %d devices; NLU rebuilt, grammars announced again",
            len(household.areas),
            len(household.devices),
        )
        if self._client.connected:  # otherwise the next connect announces them
            await self._grammars.publish(self._client)
