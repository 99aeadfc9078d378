"""Audio out: a sounddevice speaker and a ``RecordingSink`` (no sound card: keeps what would play).

Both take whole WAV files (any rate, mono or stereo, 16-bit), apply the volume themselves
and can be interrupted by ``stop()``; ``play()`` returns when the sound ended or was stopped.
"""

from __future__ import annotations

import asyncio
import io
import logging
import time
import wave
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from ting.errors import TingError

_LOGGER = logging.getLogger(__name__)


class AudioOutError(TingError):
    """No output device, or a sound that cannot be played."""


@dataclass(frozen=True)
class Sound:
    samples: npt.NDArray[np.int16]
    """Mono 16-bit samples."""
    rate_hz: int

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.rate_hz


def decode_wav(wav: bytes) -> Sound:
    """A 16-bit WAV file as mono samples (channels averaged); ``AudioOutError`` when it is not one."""
    try:
        with wave.open(io.BytesIO(wav), "rb") as reader:
            channels, width, rate = reader.getnchannels(), reader.getsampwidth(), reader.getframerate()
            frames = reader.readframes(reader.getnframes())
    except (wave.Error, EOFError) as error:
        raise AudioOutError(f"not a playable WAV file: {error}") from None
    if width != 2:
        raise AudioOutError(f"only 16-bit WAV is played, not {8 * width}-bit")
    samples = np.frombuffer(frames[: len(frames) - len(frames) % (2 * channels)], dtype="<i2")
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1).astype(np.int16)
    return Sound(samples=samples.astype(np.int16), rate_hz=rate)


def encode_wav(samples: npt.NDArray[np.int16], rate_hz: int) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate_hz)
        writer.writeframes(samples.astype("<i2").tobytes())
    return buffer.getvalue()


def scaled(samples: npt.NDArray[np.int16], volume: float) -> npt.NDArray[np.int16]:
    """Samples at ``volume`` (0..1, clamped)."""
    factor = min(max(volume, 0.0), 1.0)
    return (samples.astype(np.float32) * factor).astype(np.int16)


@dataclass
class Played:
    """One sound a ``RecordingSink`` was asked to play."""

    wav: bytes
    volume: float
    started_monotonic: float
    seconds: float
    """Length of the sound."""
    ended_monotonic: float | None = None
    interrupted: bool = False
    samples: npt.NDArray[np.int16] = field(repr=False, default_factory=lambda: np.zeros(0, np.int16))
    """What would have come out of the speaker (volume applied)."""


class RecordingSink:
    """``AudioSink`` for machines without a sound card, tests and the demo.

    Keeps every sound with timestamps; ``play()`` lasts as long as the sound would
    (times ``time_scale``; 0 returns at once), so the agent behaves as with a speaker.
    """

    def __init__(self, *, time_scale: float = 1.0) -> None:
        self.played: list[Played] = []
        self.time_scale = time_scale
        self._stop = asyncio.Event()
        self._started = asyncio.Condition()

    async def play(
        self, wav: bytes, *, volume: float = 1.0, started: Callable[[float], object] | None = None
    ) -> None:
        sound = decode_wav(wav)
        record = Played(
            wav=wav,
            volume=volume,
            started_monotonic=time.monotonic(),
            seconds=sound.seconds,
            samples=scaled(sound.samples, volume),
        )
        self._stop.clear()
        async with self._started:
            self.played.append(record)
            self._started.notify_all()
        if started is not None:
            started(record.started_monotonic)
        try:  # asyncio.timeout: Python 3.11's wait_for can swallow a cancel racing the event
            async with asyncio.timeout(sound.seconds * self.time_scale):
                await self._stop.wait()
            record.interrupted = True
        except TimeoutError:
            pass
        record.ended_monotonic = time.monotonic()

    async def stop(self) -> None:
        self._stop.set()

    async def wait_played(self, count: int, timeout_seconds: float = 10.0) -> list[Played]:
        """Wait until at least ``count`` sounds started."""

        async def wait() -> list[Played]:
            async with self._started:
                await self._started.wait_for(lambda: len(self.played) >= count)
                return list(self.played)

        return await asyncio.wait_for(wait(), timeout_seconds)


class SoundDeviceSink:
    """``AudioSink`` on a PortAudio output device (by name or index; None for the default)."""

    def __init__(self, device: str | int | None = None) -> None:
        try:
            import sounddevice
        except OSError as error:  # libportaudio2 missing
            raise AudioOutError(
                f"PortAudio is not available ({error}); apt-get install libportaudio2"
            ) from None
        self._sd = sounddevice
        self._device = device
        try:
            sounddevice.check_output_settings(device=device, channels=1, dtype="int16")
        except Exception as error:  # sounddevice raises PortAudioError / ValueError
            raise AudioOutError(f"no usable audio output device ({device or 'default'}): {error}") from None

    async def play(
        self, wav: bytes, *, volume: float = 1.0, started: Callable[[float], object] | None = None
    ) -> None:
        sound = decode_wav(wav)
        self._sd.play(scaled(sound.samples, volume), sound.rate_hz, device=self._device)
        if started is not None:
            started(time.monotonic() + self._latency_seconds())
        await asyncio.to_thread(self._sd.wait)

    def _latency_seconds(self) -> float:
        """How long a sample written now takes to leave the speaker (PortAudio's estimate)."""
        try:
            return float(self._sd.get_stream().latency)
        except Exception:  # no stream (a failed play), or a backend without the estimate
            return 0.0

    async def stop(self) -> None:
        self._sd.stop()


def open_sink(device: str | int | None = None) -> SoundDeviceSink | RecordingSink:
    """The speaker, or a ``RecordingSink`` with a log line when there is none (a Pi without DAC, CI)."""
    try:
        return SoundDeviceSink(device)
    except AudioOutError as error:
        _LOGGER.warning("%s; answers are recorded, not played", error)
        return RecordingSink()
