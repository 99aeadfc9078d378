"""Each room's music volume, kept in the store, so a device that restarts gets the level it had.

A device starts at ``media.volume`` (it keeps nothing itself). The server keeps the last volume every room's
player reported (``media.volumes``) and, when a player reports that it has just started (stopped, nothing
queued, answering no command) at another level, tells it the kept one.
"""

from __future__ import annotations

import logging

from ting.messages import MediaState, PlayerStatus
from ting.server.store.base import Store

_LOGGER = logging.getLogger(__name__)

NAMESPACE = "media.volumes"


def just_started(state: MediaState) -> bool:
    """The first state of a player that has just started: nothing queued, and no command answered yet."""
    return (
        state.status is PlayerStatus.STOPPED
        and state.item is None
        and state.queue_length == 0
        and state.request_id is None
    )


class Volumes:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._levels: dict[str, int] = {}
        self._answered: dict[str, float] = {}
        """The time of the start state each site was last given its level for: the same state delivered
        again (the broker sends a retained one once per matching subscription) is not answered twice."""

    async def load(self) -> None:
        for site_id, value in (await self._store.items(NAMESPACE)).items():
            if isinstance(value, int) and 0 <= value <= 100:
                self._levels[site_id] = value
            else:  # a bad record is dropped: the device keeps the level it has
                _LOGGER.warning("kept music volume of %s dropped: %r", site_id, value)

    def get(self, site_id: str) -> int | None:
        return self._levels.get(site_id)

    async def observed(self, state: MediaState) -> int | None:
        """The level to give back to a player that has just started at another one; else None, and the
        state's level is kept."""
        kept = self._levels.get(state.site_id)
        if kept is not None and kept != state.volume and just_started(state):
            if self._answered.get(state.site_id) == state.time:
                return None
            self._answered[state.site_id] = state.time
            return kept
        if kept != state.volume:
            self._levels[state.site_id] = state.volume
            await self._store.put(NAMESPACE, state.site_id, state.volume)
        return None
