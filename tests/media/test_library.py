"""The library: real files of every format scanned into a real SQLite store, rescans, bad files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ting.server.media.library import Library
from ting.server.store import SqliteStore
from ting.skills.sdk import MatchField, MediaQuery

from .music_files import DEMO_LIBRARY, FORMATS, Tags, make_library, music_file


@pytest.fixture
async def store(tmp_path: Path) -> SqliteStore:
    store = SqliteStore(tmp_path / "ting.db")
    await store.open()
    yield store  # type: ignore[misc]
    await store.close()


async def test_every_format_is_scanned_with_its_tags(tmp_path: Path, store: SqliteStore) -> None:
    made = make_library(tmp_path / "music")
    assert {path.suffix[1:] for path in made.values()} == set(FORMATS)
    library = Library(store, [tmp_path / "music"])
    result = await library.scan()
    assert (result.added, result.total, result.unreadable) == (6, 6, 0)
    for relative, tags in DEMO_LIBRARY.items():
        found = library.find(MediaQuery(title=tags.title))
        assert found.ok, relative
        track = found.tracks[0]
        assert (track.artist, track.album, track.genre, track.track_number) == (
            tags.artist,
            tags.album,
            tags.genre,
            tags.track,
        ), relative
        assert track.duration_seconds is not None and 0.8 < track.duration_seconds < 1.3, relative
    heard = library.find(MediaQuery(artist="周杰轮"))
    assert heard.name == "周杰伦" and [t.title for t in heard.tracks] == ["晴天", "以父之名", "爱在西元前"]


async def test_a_rescan_picks_up_added_changed_and_removed_files(tmp_path: Path, store: SqliteStore) -> None:
    folder = tmp_path / "music"
    made = make_library(folder)
    library = Library(store, [folder])
    await library.scan()
    os.remove(made["jazz/so what.wav"])
    music_file(folder / "new/稻香.mp3", Tags("稻香", "周杰伦", "魔杰座", "流行", 1))
    music_file(made["jazz/take five.m4a"], Tags("Take Five (live)", "Dave Brubeck", "Time Out", "Jazz", 3))
    result = await library.scan()
    assert (result.added, result.changed, result.removed, result.total) == (1, 1, 1, 6)
    assert not library.find(MediaQuery(title="So What")).ok
    assert library.find(MediaQuery(title="稻香")).ok
    assert library.find(MediaQuery(title="Take Five (live)")).score == 100
    again = await library.scan()
    assert (again.added, again.changed, again.removed) == (0, 0, 0)


async def test_the_store_keeps_the_library_across_a_restart(tmp_path: Path, store: SqliteStore) -> None:
    make_library(tmp_path / "music")
    await Library(store, [tmp_path / "music"]).scan()
    reopened = Library(store, [tmp_path / "music"])
    await reopened.load()  # no scan: read from the store
    assert len(reopened) == 6 and reopened.find(MediaQuery(any="晴天")).ok


async def test_bad_files_and_missing_folders_are_skipped(tmp_path: Path, store: SqliteStore) -> None:
    folder = tmp_path / "music"
    music_file(folder / "good.flac", Tags("Good", "A"))
    (folder / "broken.mp3").write_bytes(b"\x00not an mp3 at all" * 10)
    (folder / "notes.txt").write_text("not music")
    music_file(folder / "untagged.wav", Tags(""))
    library = Library(store, [folder, tmp_path / "missing"])
    result = await library.scan()
    assert result.total == 2 and result.unreadable == 1
    assert library.find(MediaQuery(title="untagged")).ok  # its file name is its title


async def test_names_for_the_grammar_are_most_played_first(tmp_path: Path, store: SqliteStore) -> None:
    make_library(tmp_path / "music")
    library = Library(store, [tmp_path / "music"])
    await library.scan()
    assert library.names(MatchField.ARTIST, 1) == ["周杰伦"]  # most tracks
    miles = library.find(MediaQuery(artist="Miles Davis")).tracks[0]
    await library.played(miles)
    assert library.names(MatchField.ARTIST, 2) == ["Miles Davis", "周杰伦"]
