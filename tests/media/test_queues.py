"""Each room's kept queue (``ting.server.media.queues``) on a real SQLite store: what moves its place, what
does not, what forgets it, and a damaged record."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from ting.messages import MediaItem, MediaKind, MediaState, PlayerStatus
from ting.server.media.queues import NAMESPACE, Queues
from ting.server.store import SqliteStore

SONGS = [
    MediaItem(url="http://s/media/files/a?sig", title="A", duration_seconds=200.0, id="a"),
    MediaItem(url="http://s/media/files/b?sig", title="B", duration_seconds=60.0, id="b"),
]


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteStore]:
    store = SqliteStore(tmp_path / "ting.db")
    await store.open()
    yield store
    await store.close()


def state(status: PlayerStatus, index: int, position: float, item: MediaItem | None = None) -> MediaState:
    shown = item if item is not None else SONGS[index]
    return MediaState("den", status, 50, item=shown, index=index, position_seconds=position)


async def reloaded(store: SqliteStore) -> Queues:
    queues = Queues(store)
    await queues.load()
    return queues


async def test_the_place_follows_the_player_and_survives_a_reload(store: SqliteStore) -> None:
    queues = Queues(store)
    await queues.played("den", SONGS)
    await queues.observed(state(PlayerStatus.PLAYING, 0, 42.0))
    await queues.observed(state(PlayerStatus.PAUSED, 0, 43.5))
    await queues.observed(MediaState("den", PlayerStatus.STOPPED, 50))  # a device that has just started
    other = MediaItem(url="http://elsewhere/x", title="X", id="x")
    await queues.observed(state(PlayerStatus.PLAYING, 1, 5.0, other))  # another client's queue
    await queues.observed(state(PlayerStatus.STOPPED, 0, 0.0))  # "stop": the place is kept
    kept = (await reloaded(store)).get("den")
    assert kept is not None and (kept.index, kept.position_seconds) == (0, 43.5)
    assert [i.id for i in kept.items] == ["a", "b"] and kept.items[0].kind is MediaKind.FILE


async def test_a_queue_played_to_its_end_is_forgotten_a_stream_never(store: SqliteStore) -> None:
    queues = Queues(store)
    await queues.played("den", SONGS)
    await queues.observed(state(PlayerStatus.PLAYING, 1, 40.0))
    await queues.observed(state(PlayerStatus.STOPPED, 1, 0.0))  # stopped 20 s before the end: kept
    assert queues.get("den") is not None
    await queues.observed(state(PlayerStatus.PLAYING, 1, 56.0))
    await queues.observed(state(PlayerStatus.STOPPED, 1, 0.0))  # the last state was 4 s before the end
    assert queues.get("den") is None and (await reloaded(store)).get("den") is None
    radio = MediaItem(url="http://radio/live", title="R", kind=MediaKind.STREAM, id="cnr1")
    await queues.played("den", [radio])
    await queues.observed(state(PlayerStatus.PLAYING, 0, 7200.0, radio))
    await queues.observed(state(PlayerStatus.STOPPED, 0, 0.0, radio))
    kept = (await reloaded(store)).get("den")
    assert kept is not None and kept.items[0].kind is MediaKind.STREAM


async def test_a_damaged_record_is_dropped_and_the_others_load(store: SqliteStore) -> None:
    await Queues(store).played("den", SONGS)
    await store.put(NAMESPACE, "hall", {"items": [{"title": "no url"}]})
    queues = await reloaded(store)
    assert queues.get("hall") is None and queues.get("den") is not None
