"""Playlists: ``.m3u`` / ``.m3u8`` files in the library's folders, made here with real tagged files, read
by a scan into a real SQLite store; and "播放我的跑步歌单" / "play my running playlist" through a real server
and broker, with a device's player stood in for by an MQTT client that keeps the play commands."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from ting.messages import MediaPlay, MediaState, PlayerStatus
from ting.mqtt.client import HermesClient
from ting.server.host import running_server
from ting.server.media.library import Library
from ting.server.store import SqliteStore
from ting.settings import MediaSettings, MqttSettings

from ..server.conftest import make_settings
from .music_files import Tags, music_file

SONGS = {
    "a.flac": Tags("第一首", "歌手甲"),
    "sub/b.flac": Tags("第二首", "歌手乙"),
    "歌/晴天.flac": Tags("晴天", "周杰伦"),
    "c.flac": Tags("Morning Run", "Runner"),
}


def make_music(folder: Path) -> None:
    for index, (relative, tags) in enumerate(SONGS.items()):
        music_file(folder / relative, tags, seconds=1, frequency_hz=300 + 100 * index)
    lists = folder / "lists"
    lists.mkdir()
    (lists / "跑步.m3u8").write_text(
        "#EXTM3U\n#EXTINF:1,第二首\n../sub/b.flac\n\n../missing.flac\nhttp://127.0.0.1:9/stream.mp3\n"
        f"{folder / 'a.flac'}\n",
        encoding="utf-8",
    )
    # a plain .m3u as a Chinese Windows player writes it: GB18030 and backslashes
    (folder / "running.m3u").write_bytes("c.flac\r\n歌\\晴天.flac\r\n".encode("gb18030"))


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteStore]:
    store = SqliteStore(tmp_path / "ting.db")
    await store.open()
    yield store
    await store.close()


def titles(library: Library, name: str) -> list[str]:
    playlist = library.playlist(name)
    assert playlist is not None, name
    return [track.title for track in playlist.tracks]


async def test_playlists_are_scanned_in_order_with_missing_entries_logged(
    tmp_path: Path, store: SqliteStore, caplog: pytest.LogCaptureFixture
) -> None:
    make_music(tmp_path / "music")
    library = Library(store, [tmp_path / "music"])
    with caplog.at_level(logging.INFO, logger="ting.server.media.playlists"):
        result = await library.scan()
    assert result.total == 4  # the playlists are not tracks
    assert titles(library, "跑步") == ["第二首", "第一首"]
    assert titles(library, "running") == ["Morning Run", "晴天"]
    assert titles(library, "泡步") == ["第二首", "第一首"]  # a homophone, by its pinyin
    assert library.playlist("jazz") is None
    skipped = "\n".join(record.getMessage() for record in caplog.records)
    assert "missing.flac" in skipped and "stream.mp3" in skipped
    assert sorted(library.playlist_names(10)) == ["running", "跑步"]

    # a track gone is left out of its playlist; a playlist gone is forgotten by the next scan
    (tmp_path / "music/sub/b.flac").unlink()
    (tmp_path / "music/running.m3u").unlink()
    await library.scan()
    assert titles(library, "跑步") == ["第一首"]
    assert library.playlist("running") is None and library.playlist_names(10) == ["跑步"]


async def test_an_unreadable_playlist_is_skipped_and_the_scan_goes_on(
    tmp_path: Path, store: SqliteStore
) -> None:
    make_music(tmp_path / "music")
    (tmp_path / "music/broken.m3u8").write_bytes(b"\xff\xfe\xfa not utf-8\n")
    library = Library(store, [tmp_path / "music"])
    assert (await library.scan()).total == 4
    assert library.playlist("broken") is None and titles(library, "跑步") == ["第二首", "第一首"]


ASKED = [
    ("播放我的跑步歌单", "zh", "正在播放歌单《跑步》：歌手乙的第二首。", ["第二首", "第一首"]),
    (
        "play my running playlist",
        "en",
        "Playing your playlist running: Morning Run by Runner.",
        ["Morning Run", "晴天"],
    ),
]
"""Said, its language, the answer, the queue sent to the player (the playlist's order)."""


async def wait_until(condition: Callable[[], bool], timeout_seconds: float = 30.0) -> None:
    async with asyncio.timeout(timeout_seconds):
        while not condition():  # noqa: ASYNC110 - state of the server's parts, which have no event for it
            await asyncio.sleep(0.05)


async def test_a_playlist_is_played_in_order_by_voice(
    tmp_path: Path, mqtt_settings: Callable[..., MqttSettings]
) -> None:
    make_music(tmp_path / "music")
    settings = make_settings(tmp_path / "data", mqtt_settings())
    settings = replace(settings, media=MediaSettings(library_folders=(tmp_path / "music",)))
    site = f"gym_{uuid.uuid4().hex[:6]}"
    plays: list[MediaPlay] = []
    async with (
        running_server(settings) as server,
        HermesClient(
            mqtt_settings(),
            site_id=site,
            role="client",
            subscriptions=(MediaPlay.subscription(site_id=site),),
        ) as player,
    ):
        await asyncio.wait_for(player.wait_connected(10), 15)

        async def collect() -> None:
            async for topic, payload in player.messages():
                plays.append(MediaPlay.from_mqtt(topic, payload))

        task = asyncio.create_task(collect())
        try:
            await player.publish(
                MediaState(site_id=site, status=PlayerStatus.STOPPED, volume=50), retain=True
            )
            media = server.state.media
            await wait_until(lambda: media.has_player(site) and len(media.library.playlists) == 2)
            # the playlists' names reach the NLU with the artists and albums
            names = server.state.grammars.names
            await wait_until(lambda: set(names.names().get("media.playlist", ())) == {"跑步", "running"})
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}", timeout=30) as http:
                for text, lang, answer, queue in ASKED:
                    seen = len(plays)
                    said = (
                        await http.post("/api/text", json={"text": text, "site_id": site, "lang": lang})
                    ).json()
                    assert said["ok"] and said["text"] == answer, said
                    await wait_until(lambda: len(plays) > seen)  # noqa: B023 - awaited in this iteration
                    assert [item.title for item in plays[-1].items] == queue
                    assert plays[-1].start_index == 0
        finally:
            await player.publish_raw(MediaState.topic(site_id=site), b"", retain=True)
            task.cancel()
