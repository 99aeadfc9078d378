"""Audio sources: the microphone (PortAudio through sounddevice) and WAV files, as 30 ms chunks.

The microphone is read by PortAudio's own callback thread; frames cross to the event loop with
``call_soon_threadsafe`` into a bounded queue, so capture never waits for recognition. When the
consumer lags the oldest frame is dropped and counted (``dropped_chunks``), never the newest.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from ting.device.interfaces import SAMPLE_RATE_HZ, SAMPLE_WIDTH_BYTES, AudioChunk
from ting.device.wav import read_wav
from ting.errors import AudioError

_LOGGER = logging.getLogger(__name__)

CHUNK_SECONDS = 0.03
CHUNK_SAMPLES = int(SAMPLE_RATE_HZ * CHUNK_SECONDS)
CHUNK_BYTES = CHUNK_SAMPLES * SAMPLE_WIDTH_BYTES


class WavFileSource:
    """A WAV file (any rate, width or channel count), converted up front, then played as 30 ms chunks.

    ``realtime=True`` paces the chunks at the speed of speech, as a microphone would deliver them.
    """

    def __init__(self, path: Path, *, realtime: bool = False) -> None:
        self.path = path
        self.realtime = realtime
        self.pcm = read_wav(path)
        self._closed = False

    async def chunks(self) -> AsyncIterator[AudioChunk]:
        started = time.monotonic()
        for offset in range(0, len(self.pcm), CHUNK_BYTES):
            if self._closed:
                return
            start_seconds = offset / (SAMPLE_RATE_HZ * SAMPLE_WIDTH_BYTES)
            if self.realtime:
                await asyncio.sleep(max(0.0, started + start_seconds - time.monotonic()))
            else:
                await asyncio.sleep(0)
            yield AudioChunk(self.pcm[offset : offset + CHUNK_BYTES], start_seconds)

    async def close(self) -> None:
        self._closed = True


class ChunkQueue:
    """Bounded hand-over from a capture thread to the event loop, dropping the oldest chunk when full."""

    def __init__(self, loop: asyncio.AbstractEventLoop, max_chunks: int = 100) -> None:
        self._loop = loop
        self._queue: asyncio.Queue[AudioChunk | None] = asyncio.Queue(max_chunks)
        self.dropped_chunks = 0

    def put_threadsafe(self, chunk: AudioChunk | None) -> None:
        """Called from the capture thread; never blocks."""
        self._loop.call_soon_threadsafe(self._put, chunk)

    def _put(self, chunk: AudioChunk | None) -> None:
        if self._queue.full():
            self._queue.get_nowait()
            self.dropped_chunks += 1
            if self.dropped_chunks in (1, 10) or self.dropped_chunks % 100 == 0:
                _LOGGER.warning("audio consumer is lagging: %d chunks dropped so far", self.dropped_chunks)
        self._queue.put_nowait(chunk)

    async def get(self) -> AudioChunk | None:
        return await self._queue.get()


class MicrophoneSource:
    """16 kHz mono s16le from a PortAudio input device chosen by name (or part of it) or index."""

    def __init__(self, device: str | int | None = None, *, max_queued_chunks: int = 100) -> None:
        self._sd = _import_sounddevice()
        self.device_index = find_input_device(device, self._sd)
        self._max_queued_chunks = max_queued_chunks
        self._queue: ChunkQueue | None = None
        self._stream: Any = None
        self._samples_read = 0

    @property
    def dropped_chunks(self) -> int:
        return self._queue.dropped_chunks if self._queue else 0

    async def chunks(self) -> AsyncIterator[AudioChunk]:
        self._queue = ChunkQueue(asyncio.get_running_loop(), self._max_queued_chunks)
        self._stream = self._open_stream(self._queue)
        try:
            while (chunk := await self._queue.get()) is not None:
                yield chunk
        finally:
            await self.close()

    def _open_stream(self, queue: ChunkQueue) -> Any:
        def callback(data: Any, frames: int, _time: Any, status: Any) -> None:
            if status:
                _LOGGER.debug("capture status: %s", status)
            chunk = AudioChunk(bytes(data), self._samples_read / SAMPLE_RATE_HZ, time.monotonic())
            queue.put_threadsafe(chunk)
            self._samples_read += frames

        try:
            stream = self._sd.RawInputStream(
                samplerate=SAMPLE_RATE_HZ,
                channels=1,
                dtype="int16",
                blocksize=CHUNK_SAMPLES,
                device=self.device_index,
                callback=callback,
                finished_callback=lambda: queue.put_threadsafe(None),
            )
            stream.start()
        except self._sd.PortAudioError as error:
            raise AudioError(f"cannot open input device {self.device_index}: {error}") from None
        return stream

    async def close(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            await asyncio.to_thread(stream.close)


def _import_sounddevice() -> Any:
    try:
        import sounddevice
    except OSError as error:  # the Python package is there, the PortAudio library is not
        raise AudioError(
            f"PortAudio is not installed ({error}): apt-get install libportaudio2, or use --wav FILE"
        ) from None
    return sounddevice


def find_input_device(device: str | int | None, sd: Any = None) -> int:
    """The index of the input device named (or numbered) ``device``, or of the default one."""
    sd = sd or _import_sounddevice()
    inputs = [(i, d) for i, d in enumerate(sd.query_devices()) if d["max_input_channels"] > 0]
    if not inputs:
        raise AudioError("no audio input device found (no microphone?): connect one, or use --wav FILE")
    names = ", ".join(f"{i}: {d['name']}" for i, d in inputs)
    if device is None:
        default = sd.default.device[0]
        return default if any(i == default for i, _ in inputs) else inputs[0][0]
    if isinstance(device, int) or device.isdigit():
        if any(i == int(device) for i, _ in inputs):
            return int(device)
        raise AudioError(f"no input device with index {device}; input devices: {names}")
    matches = [i for i, d in inputs if device.lower() in d["name"].lower()]
    if not matches:
        raise AudioError(f"no input device named {device!r}; input devices: {names}")
    return matches[0]
