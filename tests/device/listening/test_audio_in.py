"""Audio sources: WAV files as 30 ms chunks (realtime or not), the microphone's device choice and errors."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest

from ting.device.audio_in import CHUNK_BYTES, ChunkQueue, MicrophoneSource, WavFileSource, find_input_device
from ting.device.interfaces import AudioChunk
from ting.device.wav import encode_wav
from ting.errors import AudioError


def _wav(tmp_path: Path, seconds: float) -> Path:
    path = tmp_path / "a.wav"
    path.write_bytes(encode_wav(b"\x01\x00" * int(16000 * seconds)))
    return path


async def test_wav_source_yields_30ms_chunks_with_positions(tmp_path: Path) -> None:
    source = WavFileSource(_wav(tmp_path, 1.0))
    chunks = [chunk async for chunk in source.chunks()]
    assert all(len(c.pcm) == CHUNK_BYTES for c in chunks[:-1])
    assert sum(len(c.pcm) for c in chunks) == 32000
    assert chunks[1].start_seconds == pytest.approx(0.03)
    assert chunks[-1].start_seconds + chunks[-1].seconds == pytest.approx(1.0)


async def test_realtime_wav_source_takes_as_long_as_the_audio(tmp_path: Path) -> None:
    source = WavFileSource(_wav(tmp_path, 0.6), realtime=True)
    started = time.monotonic()
    count = len([chunk async for chunk in source.chunks()])
    assert count == 20
    # not faster than the audio; the loose upper bound only tells a paced source from a stuck one
    assert 0.5 < time.monotonic() - started < 10


async def test_closed_wav_source_stops(tmp_path: Path) -> None:
    source = WavFileSource(_wav(tmp_path, 1.0))
    seen = 0
    async for _ in source.chunks():
        seen += 1
        await source.close()
    assert seen == 1


async def test_queue_drops_the_oldest_chunk_when_the_consumer_lags() -> None:
    queue = ChunkQueue(asyncio.get_running_loop(), max_chunks=3)
    for index in range(5):
        queue.put_threadsafe(AudioChunk(b"\0\0", index * 0.03))
    await asyncio.sleep(0.01)
    assert queue.dropped_chunks == 2
    firsts = [(await queue.get()) for _ in range(3)]
    assert [c.start_seconds for c in firsts if c] == pytest.approx([0.06, 0.09, 0.12])


class _FakeSounddevice:
    def __init__(self, devices: list[dict[str, Any]], default: int = 0) -> None:
        self.devices = devices
        self.default = type("Default", (), {"device": (default, default)})()

    def query_devices(self) -> list[dict[str, Any]]:
        return self.devices


_DEVICES = [
    {"name": "HDMI output", "max_input_channels": 0},
    {"name": "seeed-2mic-voicecard", "max_input_channels": 2},
    {"name": "USB PnP Sound Device", "max_input_channels": 1},
]


@pytest.mark.parametrize(("wanted", "index"), [(None, 1), ("usb", 2), ("seeed", 1), ("2", 2), (1, 1)])
def test_input_device_by_name_or_index(wanted: str | int | None, index: int) -> None:
    assert find_input_device(wanted, _FakeSounddevice(_DEVICES, default=0)) == index


@pytest.mark.parametrize(("wanted", "message"), [("respeaker", "no input device named"), (0, "index 0")])
def test_unknown_input_device_lists_the_ones_there_are(wanted: str | int, message: str) -> None:
    with pytest.raises(AudioError, match=message) as caught:
        find_input_device(wanted, _FakeSounddevice(_DEVICES))
    assert "USB PnP Sound Device" in str(caught.value)


def test_no_microphone_is_a_clear_error() -> None:
    with pytest.raises(AudioError, match="no audio input device"):
        find_input_device(None, _FakeSounddevice(_DEVICES[:1]))


def test_this_machine_has_no_microphone() -> None:
    """No sound card here: the real sounddevice finds no input, and says so."""
    with pytest.raises(AudioError, match=r"no audio input device found .*--wav"):
        MicrophoneSource()
