"""Where the music's PCM goes: a sounddevice output stream, or ``RecordingOutput`` (tests, no sound card).

Music is a stream, not a finished WAV like an answer, so it has its own small interface beside
``AudioSink``: ``write`` blocks about as long as the audio takes to play (the sound card paces it). On a
Pi, speech and music are two PortAudio streams on the same ALSA device (``dmix`` mixes them); the music
is ducked while the device listens or speaks (``player.MusicPlayer.set_ducked``).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import numpy.typing as npt

from ting.errors import TingError


class MusicOutputError(TingError):
    """No output device for the music."""


class MusicOutput(Protocol):
    rate_hz: int
    channels: int

    async def write(self, pcm: bytes, started: Callable[[float], object] | None = None) -> None:
        """Signed 16-bit little-endian interleaved frames; returns about when they have been played.
        ``started`` is called with the monotonic time their first frame leaves the speaker (the output's
        clock: blocks written in time follow each other without a gap, whatever the writer's jitter)."""

    async def close(self) -> None: ...


@dataclass
class Written:
    pcm: bytes
    monotonic: float

    def samples(self) -> npt.NDArray[np.int16]:
        return np.frombuffer(self.pcm, dtype="<i2")


@dataclass
class RecordingOutput:
    """Keeps every block written with its time; ``write`` takes as long as the block would play times
    ``time_scale`` (0: at once), so the player behaves as with a sound card."""

    rate_hz: int = 22_050
    channels: int = 1
    time_scale: float = 1.0
    written: list[Written] = field(default_factory=list)
    _grown: asyncio.Condition = field(default_factory=asyncio.Condition)

    async def write(self, pcm: bytes, started: Callable[[float], object] | None = None) -> None:
        block = Written(pcm, time.monotonic())
        async with self._grown:
            self.written.append(block)
            self._grown.notify_all()
        if started is not None:
            started(block.monotonic)
        seconds = len(pcm) / (2 * self.channels * self.rate_hz)
        await asyncio.sleep(seconds * self.time_scale)

    async def close(self) -> None:
        pass

    @property
    def frames(self) -> int:
        return sum(len(block.pcm) for block in self.written) // (2 * self.channels)

    async def wait_frames(self, frames: int, timeout_seconds: float = 30.0) -> None:
        """Until at least ``frames`` frames were written in all."""
        async with asyncio.timeout(timeout_seconds), self._grown:
            await self._grown.wait_for(lambda: self.frames >= frames)

    def samples(self, start_block: int = 0) -> npt.NDArray[np.int16]:
        blocks = [block.samples() for block in self.written[start_block:]]
        return np.concatenate(blocks) if blocks else np.zeros(0, np.int16)


class SoundDeviceOutput:
    """A PortAudio output stream (``device.output_device``), opened at the music's rate."""

    def __init__(self, device: str | int | None = None, *, rate_hz: int = 44_100, channels: int = 2) -> None:
        try:
            import sounddevice

            self._stream = sounddevice.RawOutputStream(
                samplerate=rate_hz, channels=channels, dtype="int16", device=device
            )
            self._stream.start()
        except Exception as error:  # OSError (no PortAudio), PortAudioError, ValueError
            raise MusicOutputError(f"no music output ({device or 'default'}): {error}") from None
        self.rate_hz = rate_hz
        self.channels = channels
        self._head = 0.0
        """When the last frame written will have left the speaker (monotonic)."""

    async def write(self, pcm: bytes, started: Callable[[float], object] | None = None) -> None:
        # the stream plays what it is given back to back: a block starts where the one before ends,
        # unless the stream ran dry (then it starts after what is buffered now: the stream's latency)
        start = max(self._head, time.monotonic() + float(self._stream.latency))
        self._head = start + len(pcm) / (2 * self.channels * self.rate_hz)
        if started is not None:
            started(start)
        await asyncio.to_thread(self._stream.write, pcm)

    async def close(self) -> None:
        await asyncio.to_thread(self._stream.close)
