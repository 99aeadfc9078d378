"""Files decoded in the device's process (PyAV): every library format, from a path and over HTTP, reaches the
recording output as the right tone at the output's rate; bad files and URLs give a clear ``DecodeError``;
the ffmpeg child still plays files where in-process decoding is turned off."""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ting.device.music.av_decoder import AvDecoder
from ting.device.music.decoder import DecodeError
from ting.device.music.output import RecordingOutput
from ting.device.music.player import MusicPlayer
from ting.messages import MediaItem, PlayerStatus

from ..media.music_files import FORMATS, Tags, music_file
from .test_music_player import States, dominant_hz

RATE = 16_000
TONE_HZ = {"mp3": 440, "flac": 660, "ogg": 550, "opus": 1000, "m4a": 500, "wav": 770}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("formats")
    return {
        suffix: music_file(folder / f"tone.{suffix}", Tags(suffix), seconds=1.5, frequency_hz=TONE_HZ[suffix])
        for suffix in FORMATS
    }


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def http_base(files: dict[str, Path]) -> Iterator[str]:
    folder = next(iter(files.values())).parent
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


async def decode_all(source: str, *, channels: int = 1, start_seconds: float = 0.0) -> np.ndarray[Any, Any]:
    decoder = await AvDecoder.open(source, rate_hz=RATE, channels=channels, start_seconds=start_seconds)
    blocks = []
    try:
        while block := await decoder.read(1600 * channels):
            blocks.append(block)
    finally:
        await decoder.close()
    return np.frombuffer(b"".join(blocks), dtype="<i2")


@pytest.mark.parametrize("suffix", FORMATS)
async def test_each_format_from_a_path_and_over_http_plays_its_tone(
    suffix: str, files: dict[str, Path], http_base: str
) -> None:
    for source in (str(files[suffix]), f"{http_base}/tone.{suffix}"):
        samples = await decode_all(source)
        assert 1.4 * RATE < len(samples) < 1.7 * RATE, source  # 1.5 s at 16 kHz (codec padding aside)
        assert abs(dominant_hz(samples[RATE // 4 : RATE]) - TONE_HZ[suffix]) < 15, source


async def test_stereo_output_and_a_start_position(files: dict[str, Path]) -> None:
    stereo = await decode_all(str(files["flac"]), channels=2)
    assert 1.45 * RATE < len(stereo) / 2 < 1.55 * RATE
    assert np.array_equal(stereo[0::2], stereo[1::2])  # the same tone on both channels
    rest = await decode_all(str(files["mp3"]), start_seconds=1.0)
    assert 0.4 * RATE < len(rest) < 0.65 * RATE  # the last half second of 1.5 s


async def test_files_reach_the_players_output_in_process_and_through_ffmpeg(files: dict[str, Path]) -> None:
    folder = files["mp3"].parent
    for in_process in (True, False):
        output, states = RecordingOutput(rate_hz=RATE, time_scale=0), States()
        music = MusicPlayer("den", output, local_folder=folder, volume=100, on_state=states,
                            in_process_files=in_process)  # fmt: skip
        assert music.in_process_files is in_process
        names = ["tone.wav", "tone.ogg", "tone.m4a"]
        await music.play([MediaItem(url=name, title=name) for name in names])
        await states.wait(lambda s: s.status is PlayerStatus.STOPPED and s.index == 2)
        samples = output.samples()
        assert 4.4 * RATE < len(samples) < 4.9 * RATE and music.error is None
        starts = [0, int(1.5 * RATE), 3 * RATE]
        heard = [dominant_hz(samples[start + 2000 : start + 10000]) for start in starts]
        assert [round(hz / 10) * 10 for hz in heard] == [770, 550, 500]
        await music.close()


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("garbage.mp3", b"\x00garbage" * 500, "garbage.mp3"),
        ("empty.flac", b"", "empty.flac"),
        ("words.ogg", "不是音乐 not music\n".encode() * 100, "words.ogg"),
    ],
)
async def test_a_bad_file_is_a_clear_decode_error(
    tmp_path: Path, name: str, content: bytes, says: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DecodeError, match="cannot play") as raised:
        await decode_all(str(path))
    assert says in str(raised.value)


async def test_a_truncated_file_plays_what_it_has_and_a_missing_one_is_an_error(
    files: dict[str, Path], tmp_path: Path, http_base: str
) -> None:
    cut = tmp_path / "cut.flac"
    cut.write_bytes(files["flac"].read_bytes()[: files["flac"].stat().st_size // 2])
    samples = await decode_all(str(cut))
    assert 0.3 * RATE < len(samples) < 1.2 * RATE  # about the first half, then the end
    with pytest.raises(DecodeError, match=r"missing\.mp3"):
        await decode_all(str(tmp_path / "missing.mp3"))
    with pytest.raises(DecodeError, match=r"nothing\.mp3"):
        await decode_all(f"{http_base}/nothing.mp3")  # 404
    with pytest.raises(DecodeError, match=r"127\.0\.0\.1:9/"):
        await decode_all("http://127.0.0.1:9/refused.mp3")


async def test_a_player_reports_a_bad_file_and_plays_the_next(files: dict[str, Path], tmp_path: Path) -> None:
    (tmp_path / "bad.m4a").write_bytes(b"\x00\x00\x00\x18ftypM4A " + b"\x00" * 300)
    (tmp_path / "good.opus").write_bytes(files["opus"].read_bytes())
    output, states = RecordingOutput(rate_hz=RATE, time_scale=0), States()
    errors: list[str] = []

    async def spoken(error: str) -> None:
        errors.append(error)

    music = MusicPlayer("den", output, local_folder=tmp_path, on_state=states, on_error=spoken)
    await music.play([MediaItem(url="bad.m4a", title="bad"), MediaItem(url="good.opus", title="good")])
    await asyncio.wait_for(states.wait(lambda s: s.status is PlayerStatus.STOPPED and s.index == 1), 30)
    assert len(errors) == 1 and "bad.m4a" in errors[0]
    assert 1.4 * RATE < output.frames < 1.7 * RATE
    await music.close()
