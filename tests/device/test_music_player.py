"""The device's music player on real ffmpeg decoding into a recording output: the right audio comes out,
queue moves, pause/resume, ducking lowers and restores it, streams reconnect, bad input does not stall."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

from ting.device.music.output import RecordingOutput
from ting.device.music.player import MusicPlayer
from ting.messages import MediaItem, MediaKind, MediaState, PlayerStatus

from ..media.music_files import Tags, music_file

RATE = 16_000


def dominant_hz(samples: npt.NDArray[np.int16]) -> float:
    spectrum = np.abs(np.fft.rfft(samples.astype(np.float32) * np.hanning(len(samples))))
    return float(np.fft.rfftfreq(len(samples), 1 / RATE)[int(np.argmax(spectrum))])


def rms(samples: npt.NDArray[np.int16]) -> float:
    return float(np.sqrt(np.mean(samples.astype(np.float64) ** 2))) if len(samples) else 0.0


@pytest.fixture(scope="module")
def tones(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("tones")
    return {
        "a440.mp3": music_file(folder / "a440.mp3", Tags("A"), seconds=1.0, frequency_hz=440),
        "e660.flac": music_file(folder / "e660.flac", Tags("E"), seconds=1.0, frequency_hz=660),
        "c1000.opus": music_file(folder / "c1000.opus", Tags("C"), seconds=1.0, frequency_hz=1000),
        "long.m4a": music_file(folder / "long.m4a", Tags("Long"), seconds=30.0, frequency_hz=500),
    }


class States:
    def __init__(self) -> None:
        self.seen: list[MediaState] = []
        self._changed = asyncio.Condition()

    async def __call__(self, state: MediaState) -> None:
        async with self._changed:
            self.seen.append(state)
            self._changed.notify_all()

    async def wait(
        self, condition: Callable[[MediaState], bool], timeout_seconds: float = 30.0
    ) -> MediaState:
        async with asyncio.timeout(timeout_seconds), self._changed:
            await self._changed.wait_for(lambda: any(condition(s) for s in self.seen))
            return next(s for s in self.seen if condition(s))


def item(path: Path, title: str = "t") -> MediaItem:
    return MediaItem(url=path.name, title=title, duration_seconds=1.0)


def player(folder: Path, output: RecordingOutput, states: States, **options: Any) -> MusicPlayer:
    return MusicPlayer("kitchen", output, local_folder=folder, volume=100, on_state=states, **options)


async def test_a_queue_of_files_comes_out_in_order_with_the_right_tones(tones: dict[str, Path]) -> None:
    output, states = RecordingOutput(rate_hz=RATE, time_scale=0), States()
    music = player(tones["a440.mp3"].parent, output, states)
    names = ["a440.mp3", "e660.flac", "c1000.opus"]
    await music.play([item(tones[n], n) for n in names])
    await states.wait(lambda s: s.status is PlayerStatus.STOPPED and s.index == 2)
    samples = output.samples()
    assert 2.9 * RATE < len(samples) < 3.2 * RATE  # three one-second tones (codec padding aside)
    found = [dominant_hz(samples[int(i * RATE) + 2000 : int(i * RATE) + 10000]) for i in range(3)]
    assert [round(hz / 10) * 10 for hz in found] == [440, 660, 1000]
    playing = [s.item.title for s in states.seen if s.status is PlayerStatus.PLAYING and s.item]
    assert playing[:3] == names and music.error is None


async def test_next_previous_pause_and_resume(tones: dict[str, Path]) -> None:
    output, states = RecordingOutput(rate_hz=RATE, time_scale=1.0), States()
    music = player(tones["long.m4a"].parent, output, states)
    await music.play([item(tones["long.m4a"]), item(tones["c1000.opus"])])
    await output.wait_frames(RATE // 2)
    await music.next()
    await states.wait(lambda s: s.status is PlayerStatus.PLAYING and s.index == 1)
    mark = len(output.written)
    await output.wait_frames(output.frames + RATE // 4)
    assert round(dominant_hz(output.samples(mark + 1)[: RATE // 5]) / 10) * 10 == 1000
    await music.previous()
    await states.wait(lambda s: s.status is PlayerStatus.PLAYING and s.index == 0 and s is states.seen[-1])
    await music.pause()
    paused_at = len(output.written)
    await music.set_volume(level=40)  # a command while paused: answered, and nothing is played
    assert music.status is PlayerStatus.PAUSED and len(output.written) <= paused_at + 1
    await music.resume()
    await output.wait_frames(output.frames + RATE // 4)
    assert music.status is PlayerStatus.PLAYING and music.volume == 40
    await music.stop()
    assert states.seen[-1].status is PlayerStatus.STOPPED
    await music.close()


async def test_ducking_lowers_the_music_and_restores_it(tones: dict[str, Path]) -> None:
    output, states = RecordingOutput(rate_hz=RATE, time_scale=1.0), States()
    music = player(tones["long.m4a"].parent, output, states, duck_db=-20.0, duck_fade_seconds=0.1)
    await music.play([item(tones["long.m4a"])])
    await output.wait_frames(RATE // 2)
    full = rms(output.samples(len(output.written) - 4))
    busy = [True]
    follower = asyncio.create_task(music.follow(lambda: busy[0], period_seconds=0.01))
    await states.wait(lambda s: s.ducked)
    mark = len(output.written) + 4  # past the fade
    await output.wait_frames(output.frames + RATE // 2)
    ducked = rms(output.samples(mark))
    assert 0.07 < ducked / full < 0.14  # -20 dB is 0.1
    busy[0] = False
    await states.wait(lambda s: not s.ducked and s is states.seen[-1])
    mark = len(output.written) + 4
    await output.wait_frames(output.frames + RATE // 2)
    assert 0.9 < rms(output.samples(mark)) / full < 1.1
    follower.cancel()
    await music.close()


async def test_bad_files_and_dead_urls_are_reported_and_skipped(
    tones: dict[str, Path], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.mp3"
    broken.write_bytes(b"\x00garbage" * 500)
    (tmp_path / "a440.mp3").write_bytes(tones["a440.mp3"].read_bytes())
    output, states = RecordingOutput(rate_hz=RATE, time_scale=0), States()
    errors: list[str] = []

    async def spoken(error: str) -> None:
        errors.append(error)

    music = MusicPlayer("kitchen", output, local_folder=tmp_path, on_state=states, on_error=spoken)
    dead = MediaItem(url="http://127.0.0.1:9/nothing.mp3", title="dead", kind=MediaKind.STREAM)
    escape = MediaItem(url="../../etc/passwd", title="escape")
    await music.play([item(broken), dead, escape, item(tmp_path / "a440.mp3")])
    await states.wait(lambda s: s.status is PlayerStatus.STOPPED and s.index == 3, timeout_seconds=60)
    assert len(errors) == 3 and "broken.mp3" in errors[0] and "nothing.mp3" in errors[1]
    assert "outside the local music folder" in errors[2]
    assert 0.9 * RATE < output.frames < 1.2 * RATE  # the good file played


class DroppingStream(BaseHTTPRequestHandler):
    """An Icecast-like endless stream that drops the first connection after a few seconds of audio."""

    body = b""
    requests = 0

    def do_GET(self) -> None:
        type(self).requests += 1
        self.send_response(200)
        self.send_header("Content-Type", "audio/mpeg")
        self.end_headers()
        first = type(self).requests == 1
        try:
            for _ in range(1 if first else 20):
                self.wfile.write(self.body)
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def stream_server(tones: dict[str, Path]) -> Iterator[str]:
    DroppingStream.body = tones["long.m4a"].with_name("a440.mp3").read_bytes()
    DroppingStream.requests = 0
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), DroppingStream)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/live"
    httpd.shutdown()


async def test_a_live_stream_that_drops_is_reconnected(stream_server: str) -> None:
    output, states = RecordingOutput(rate_hz=RATE, time_scale=0), States()
    music = MusicPlayer("kitchen", output, on_state=states, reconnect_seconds=0.05)
    await music.play([MediaItem(url=stream_server, title="Live", kind=MediaKind.STREAM)])
    await output.wait_frames(RATE * 3)  # more than the first connection sent (one second)
    assert DroppingStream.requests >= 2 and music.error is None
    assert any(s.status is PlayerStatus.BUFFERING for s in states.seen[1:])
    await music.stop()
    assert music.status is PlayerStatus.STOPPED


async def test_seek_plays_the_rest_of_the_file_from_there(tones: dict[str, Path]) -> None:
    output, states = RecordingOutput(rate_hz=RATE, time_scale=1.0), States()
    music = player(tones["long.m4a"].parent, output, states)
    await music.play([item(tones["long.m4a"]), item(tones["c1000.opus"])])
    await output.wait_frames(RATE // 2)
    await music.pause()
    await music.seek(26.0, "s1")  # of 30 s: paused stays paused, from 26 s on
    seeked = await states.wait(lambda s: s.request_id == "s1" and s.status is PlayerStatus.PAUSED)
    assert seeked.position_seconds == 26.0 and seeked.index == 0
    mark = output.frames
    await music.resume()
    await states.wait(lambda s: s.status is PlayerStatus.PLAYING and s.index == 1)
    # about the last 4 s of the first file came out, not 29.5
    assert 3.5 * RATE < output.frames - mark < 5.0 * RATE
    await music.stop()
    await music.seek(3.0, "s2")  # nothing to seek in: said in the state, nothing plays
    refused = await states.wait(lambda s: s.request_id == "s2")
    assert refused.status is PlayerStatus.STOPPED and refused.error is not None
    await music.close()


async def test_a_queue_played_from_a_position_starts_there(tones: dict[str, Path]) -> None:
    """What "resume" after a restart sends: the queue again, from the item and the second it was at."""
    output, states = RecordingOutput(rate_hz=RATE, time_scale=0), States()
    music = player(tones["long.m4a"].parent, output, states)
    await music.play([item(tones["a440.mp3"]), item(tones["long.m4a"])], 1, "r1", start_seconds=27.0)
    started = await states.wait(lambda s: s.request_id == "r1")
    assert started.index == 1 and started.position_seconds == 27.0
    await states.wait(lambda s: s.status is PlayerStatus.STOPPED)
    assert 2.5 * RATE < output.frames < 3.5 * RATE  # the last 3 s of the 30 s file, nothing of the first
    assert 400 < dominant_hz(output.samples()[: RATE // 2]) < 600
    await music.close()


class SteadyStream(BaseHTTPRequestHandler):
    """An Icecast-like stream that keeps sending (until the client goes) and counts its listeners."""

    body = b""
    requests = 0

    def do_GET(self) -> None:
        type(self).requests += 1
        self.send_response(200)
        self.send_header("Content-Type", "audio/mpeg")
        self.end_headers()
        try:
            for _ in range(60):
                self.wfile.write(self.body)
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args: Any) -> None:
        pass


async def test_resuming_paused_live_radio_reconnects_to_play_it_live(tones: dict[str, Path]) -> None:
    SteadyStream.body, SteadyStream.requests = tones["a440.mp3"].read_bytes(), 0
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), SteadyStream)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        output, states = RecordingOutput(rate_hz=RATE, time_scale=1.0), States()  # paced: live
        music = MusicPlayer("kitchen", output, on_state=states, reconnect_seconds=5.0)
        url = f"http://127.0.0.1:{httpd.server_address[1]}/live"
        await music.play([MediaItem(url=url, title="Live", kind=MediaKind.STREAM)])
        await output.wait_frames(RATE // 2)
        await music.pause("p")
        await states.wait(lambda s: s.request_id == "p" and s.status is PlayerStatus.PAUSED)
        assert SteadyStream.requests == 1
        mark = output.frames
        await music.resume("r")
        await output.wait_frames(mark + RATE // 2)
        assert SteadyStream.requests == 2  # opened again, not the stale audio of before the pause
        assert music.status is PlayerStatus.PLAYING and music.error is None
        await music.close()
    finally:
        httpd.shutdown()
