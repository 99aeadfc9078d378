"""The MPD player against a real MPD (tests/device/mpd_server.py): every command's effect on MPD's own
status, the state reported from it, ducking on MPD's mixer, refused and dead items, other MPD clients,
and MPD restarting under a running player."""

from __future__ import annotations

import asyncio
import shutil
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from ting.device.music.mpd_player import MpdPlayer
from ting.messages import MediaItem, MediaKind, MediaState, PlayerStatus
from ting.mqtt.broker import free_port
from ting.settings import MpdSettings

from ..media.music_files import Tags, music_file
from .mpd_server import MpdServer

SONGS = {
    "one.mp3": Tags("壹", "甲", "专辑"),
    "two.ogg": Tags("Two", "B", "Album"),
    "three.mp3": Tags("叁", "丙", "专辑"),
}


@pytest.fixture(scope="module")
def songs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("mpd-songs")
    # two minutes each: nothing ends by itself while a test looks at it
    return {name: music_file(folder / name, tags, seconds=120.0) for name, tags in SONGS.items()}


@pytest.fixture
def mpd_server(tmp_path: Path, songs: dict[str, Path]) -> Iterator[MpdServer]:
    server = MpdServer(tmp_path / "mpd")
    for name, path in songs.items():
        shutil.copy(path, server.music / name)
    server.start()
    try:
        server.update(len(songs))
        yield server
    finally:
        server.stop()


class Heard:
    """What the player reported (states) and told (errors)."""

    def __init__(self) -> None:
        self.states: list[MediaState] = []
        self.errors: list[str] = []
        self._changed = asyncio.Condition()

    async def state(self, state: MediaState) -> None:
        async with self._changed:
            self.states.append(state)
            self._changed.notify_all()

    async def error(self, error: str) -> None:
        async with self._changed:
            self.errors.append(error)
            self._changed.notify_all()

    async def wait(self, condition: Callable[[], bool], timeout_seconds: float = 30.0) -> None:
        async with asyncio.timeout(timeout_seconds), self._changed:
            await self._changed.wait_for(condition)

    def last(self) -> MediaState:
        return self.states[-1]


@pytest.fixture
def heard() -> Heard:
    return Heard()


@pytest.fixture
async def player(mpd_server: MpdServer, heard: Heard) -> AsyncIterator[MpdPlayer]:
    settings = MpdSettings(host="127.0.0.1", port=mpd_server.port, reconnect_seconds=0.2)
    made = MpdPlayer(
        "den",
        settings,
        duck_db=-20.0,
        duck_fade_seconds=0.1,
        on_state=heard.state,
        on_error=heard.error,
        report_seconds=0.5,
    )
    yield made
    await made.close()


@pytest.fixture
async def following(player: MpdPlayer) -> AsyncIterator[Callable[[bool], None]]:
    """The player's ``follow`` running as on a device; the returned function sets "the device is busy"."""
    busy = [False]
    task = asyncio.create_task(player.follow(lambda: busy[0], period_seconds=0.02))

    def set_busy(value: bool) -> None:
        busy[0] = value

    yield set_busy
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


def items(*names: str) -> list[MediaItem]:
    return [
        MediaItem(url=f"file:{name}", title=SONGS[name].title, artist=SONGS[name].artist) for name in names
    ]


async def test_queue_commands_move_mpd(
    player: MpdPlayer, mpd_server: MpdServer, heard: Heard, following: Callable[[bool], None]
) -> None:
    await player.play(items("one.mp3", "two.ogg", "three.mp3"), start_index=1, request_id="r1")
    status = await mpd_server.until(lambda s: s["state"] == "play")
    assert (status["song"], status["playlistlength"]) == ("1", "3")
    state = heard.last()
    assert state.status is PlayerStatus.PLAYING and state.request_id == "r1"
    assert state.item is not None and (state.item.title, state.item.artist) == ("Two", "B")
    assert (state.index, state.queue_length) == (1, 3)
    assert state.duration_seconds is not None and 119 < state.duration_seconds < 121

    await player.pause("r2")
    await mpd_server.until(lambda s: s["state"] == "pause")
    assert heard.last().status is PlayerStatus.PAUSED and heard.last().request_id == "r2"
    await player.resume()
    await mpd_server.until(lambda s: s["state"] == "play")
    assert heard.last().status is PlayerStatus.PLAYING

    await player.next()
    await mpd_server.until(lambda s: s.get("song") == "2")
    assert heard.last().item is not None and heard.last().item.title == "叁"  # type: ignore[union-attr]
    await player.previous()
    await mpd_server.until(lambda s: s.get("song") == "1")

    await player.seek(60.0, "r3")
    status = await mpd_server.until(lambda s: float(s.get("elapsed", 0)) >= 60.0)
    assert float(status["elapsed"]) < 119 and status["song"] == "1"
    await heard.wait(lambda: heard.last().position_seconds >= 60.0)  # reported while it plays

    await player.stop()
    await mpd_server.until(lambda s: s["state"] == "stop")
    assert heard.last().status is PlayerStatus.STOPPED
    await player.resume()  # a stopped queue starts again
    await mpd_server.until(lambda s: s["state"] == "play")
    assert heard.errors == []


async def test_a_queue_played_from_a_position_starts_there_in_mpd(
    player: MpdPlayer, mpd_server: MpdServer, heard: Heard
) -> None:
    """What "resume" after a restart sends: the queue again, from the item and the second it was at."""
    await player.play(items("one.mp3", "two.ogg"), start_index=1, request_id="r1", start_seconds=75.0)
    status = await mpd_server.until(lambda s: s["state"] == "play" and float(s.get("elapsed", 0)) >= 75.0)
    assert status["song"] == "1" and float(status["elapsed"]) < 110
    assert heard.errors == []


async def test_volume_and_ducking_act_on_mpds_mixer(
    player: MpdPlayer, mpd_server: MpdServer, heard: Heard, following: Callable[[bool], None]
) -> None:
    await player.play(items("one.mp3"))
    await mpd_server.until(lambda s: s["state"] == "play")
    await player.set_volume(level=40)
    await mpd_server.until(lambda s: s["volume"] == "40")
    await player.set_volume(change=-10)
    await mpd_server.until(lambda s: s["volume"] == "30")
    assert heard.last().volume == 30

    following(True)  # the device listens: -20 dB is a tenth of the level
    await mpd_server.until(lambda s: s["volume"] == "3")
    await heard.wait(lambda: heard.last().ducked)
    assert heard.last().volume == 30  # the room's volume, not the ducked one
    following(False)
    await mpd_server.until(lambda s: s["volume"] == "30")
    await heard.wait(lambda: not heard.last().ducked)

    # another MPD client turns it up: the room's volume is MPD's
    with mpd_server.client() as other:
        other.setvol(70)
    await heard.wait(lambda: heard.last().volume == 70)
    assert player.volume == 70


async def test_what_other_clients_play_is_reported_from_mpds_tags(
    player: MpdPlayer, mpd_server: MpdServer, heard: Heard, following: Callable[[bool], None]
) -> None:
    await heard.wait(lambda: bool(heard.states))  # connected
    with mpd_server.client() as other:
        other.clear()
        other.add("three.mp3")
        other.play(0)
    await heard.wait(lambda: heard.last().status is PlayerStatus.PLAYING and heard.last().item is not None)
    item = heard.last().item
    assert item is not None and (item.title, item.artist, item.url) == ("叁", "丙", "three.mp3")
    # and the position goes on being reported while it plays (every report_seconds)
    await heard.wait(lambda: heard.last().position_seconds >= 1.0)


async def test_refused_and_dead_items_are_told_and_the_rest_plays(
    player: MpdPlayer, mpd_server: MpdServer, heard: Heard, following: Callable[[bool], None]
) -> None:
    await player.play([*items("one.mp3"), MediaItem(url="file:missing.mp3", title="gone")], start_index=0)
    status = await mpd_server.until(lambda s: s["state"] == "play")
    assert status["playlistlength"] == "1"
    assert len(heard.errors) == 1 and "missing.mp3" in heard.errors[0]
    assert heard.last().error is not None and "missing.mp3" in heard.last().error  # type: ignore[operator]

    dead = MediaItem(url=f"http://127.0.0.1:{free_port()}/radio.mp3", title="dead", kind=MediaKind.STREAM)
    await player.play([dead])
    await heard.wait(lambda: len(heard.errors) >= 2)  # MPD's own error
    assert "radio.mp3" in heard.errors[1] or "127.0.0.1" in heard.errors[1]
    await player.play(items("two.ogg"))  # nothing stalled
    await mpd_server.until(lambda s: s["state"] == "play" and "error" not in s)
    await heard.wait(lambda: heard.last().error is None)
    assert len(heard.errors) == 2  # the dead stream was said once (MPD reports it on play and in its status)


async def test_an_http_url_is_played_by_mpd(
    player: MpdPlayer, mpd_server: MpdServer, songs: dict[str, Path]
) -> None:
    handler = partial(SimpleHTTPRequestHandler, directory=str(songs["one.mp3"].parent))
    http = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{http.server_address[1]}/one.mp3"
        await player.play([MediaItem(url=url, title="壹 over HTTP", duration_seconds=120.0)])
        await mpd_server.until(lambda s: s["state"] == "play" and float(s.get("elapsed", 0)) > 0.5)
        state = player.state()
        assert state.item is not None and (state.item.title, state.item.url) == ("壹 over HTTP", url)
    finally:
        http.shutdown()
        http.server_close()


async def test_mpd_restarting_is_survived(
    player: MpdPlayer, mpd_server: MpdServer, heard: Heard, following: Callable[[bool], None]
) -> None:
    await player.play(items("one.mp3"))
    await mpd_server.until(lambda s: s["state"] == "play")
    await player.set_volume(level=55)

    await asyncio.to_thread(mpd_server.stop)
    await heard.wait(lambda: "unreachable" in (heard.last().error or ""))
    assert heard.last().status is PlayerStatus.STOPPED
    told = len(heard.errors)
    await player.play(items("two.ogg"))  # while MPD is down: said, nothing raised, nothing hangs
    assert len(heard.errors) == told + 1 and "unreachable" in heard.errors[-1]

    await asyncio.to_thread(mpd_server.start)
    # the watcher connects again (its tries are spaced out up to 30 s apart)
    await heard.wait(lambda: heard.last().error is None, timeout_seconds=90)
    assert player.connection.connections >= 2
    await mpd_server.until(lambda s: s["volume"] == "55")  # the room's volume put back
    await player.play(items("three.mp3"))
    await mpd_server.until(lambda s: s["state"] == "play" and s["playlistlength"] == "1")
    assert heard.last().item is not None and heard.last().item.title == "叁"  # type: ignore[union-attr]


async def test_commands_reconnect_without_the_watcher(player: MpdPlayer, mpd_server: MpdServer) -> None:
    """MPD restarted between two commands and nothing watched: the second command connects again."""
    await player.play(items("one.mp3"))
    await mpd_server.until(lambda s: s["state"] == "play")
    await asyncio.to_thread(mpd_server.stop)
    await asyncio.to_thread(mpd_server.start)
    await mpd_server.until(lambda s: s["state"] == "play")  # its state file restored
    await player.pause()  # MPD came back playing what its state file kept: paused now
    await mpd_server.until(lambda s: s["state"] == "pause")
    assert player.error is None and player.connection.connections == 2
    assert player.state().status is PlayerStatus.PAUSED
