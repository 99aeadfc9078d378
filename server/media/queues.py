"""What each room played last, kept in the store, so "resume" / "继续播放" works after a restart.

A device forgets its queue when it restarts (it comes back stopped with nothing queued), and the server
forgets what it sent when it restarts. So every queue the server plays is kept here (``media.queues``, one
record per site; a file's signed URL is made again, since it expires), and the states the room's player
reports move its place (index and position). "Resume" on a room whose player holds nothing plays the kept
queue again from that place, the files with freshly signed URLs and a live stream reconnected.

Only states of the kept queue move the place (same item id at the same index), and a state without an item
(a device that has just started) changes nothing. A queue that played to its end is forgotten.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, replace
from typing import Any

from ting.messages import MediaItem, MediaKind, MediaState, PlayerStatus
from ting.server.store.base import Store

_LOGGER = logging.getLogger(__name__)

NAMESPACE = "media.queues"
END_MARGIN_SECONDS = 10.0
"""A stop at the last item this close to its end (the state comes every 5 s) is taken for the queue's end."""


@dataclass(frozen=True)
class SavedQueue:
    items: tuple[MediaItem, ...]
    """As sent; the server's files get a new signed URL when they are played again."""
    index: int = 0
    position_seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "items": [asdict(item) for item in self.items],
            "index": self.index,
            "position_seconds": self.position_seconds,
        }

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> SavedQueue:
        items = tuple(
            replace(MediaItem(**item), kind=MediaKind(item.get("kind", "file"))) for item in value["items"]
        )
        return cls(items, int(value.get("index", 0)), float(value.get("position_seconds", 0.0)))


class Queues:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._queues: dict[str, SavedQueue] = {}

    async def load(self) -> None:
        for site_id, value in (await self._store.items(NAMESPACE)).items():
            try:
                self._queues[site_id] = SavedQueue.from_json(value)
            except (KeyError, TypeError, ValueError) as error:  # a bad record is dropped, not fatal
                _LOGGER.warning("saved media queue of %s dropped: %r", site_id, error)

    def get(self, site_id: str) -> SavedQueue | None:
        return self._queues.get(site_id)

    async def played(self, site_id: str, items: list[MediaItem], start_index: int = 0) -> None:
        await self._put(site_id, SavedQueue(tuple(items), start_index, 0.0))

    async def observed(self, state: MediaState) -> None:
        """Move the site's place from a state its player reported."""
        saved = self._queues.get(state.site_id)
        item = state.item
        if saved is None or item is None or not 0 <= state.index < len(saved.items):
            return
        if saved.items[state.index].id != item.id:  # another client's queue: not ours to resume
            return
        if state.status is PlayerStatus.STOPPED:
            if _ended(saved, state):
                await self._forget(state.site_id)
            return  # a stop keeps the place: "resume" goes on from where it was stopped
        if state.index == saved.index and abs(state.position_seconds - saved.position_seconds) < 1.0:
            return
        await self._put(
            state.site_id, replace(saved, index=state.index, position_seconds=state.position_seconds)
        )

    async def _put(self, site_id: str, saved: SavedQueue) -> None:
        self._queues[site_id] = saved
        await self._store.put(NAMESPACE, site_id, saved.to_json())

    async def _forget(self, site_id: str) -> None:
        self._queues.pop(site_id, None)
        await self._store.delete(NAMESPACE, site_id)


def _ended(saved: SavedQueue, state: MediaState) -> bool:
    if state.index != len(saved.items) - 1 or saved.index != state.index:
        return False
    item = saved.items[state.index]
    if item.kind is MediaKind.STREAM or item.duration_seconds is None:
        return False
    return saved.position_seconds >= item.duration_seconds - END_MARGIN_SECONDS
