"""Decoding a music file in this process with PyAV (libav's codecs as a Python module): no child to start.

Why: the ffmpeg child took most of the 300 ms budget from "play" to first sound on a loaded box (788 ms
median, bench/music.py): process start, then its probe. In-process, once the libraries are loaded and warm
(``warm_up``, done when the player is made), a local or HTTP file gives its first 50 ms in ~1-5 ms here.

Why PyAV and not miniaudio: miniaudio (mp3, flac, vorbis, wav) publishes no Linux aarch64 wheels (a Pi
would compile it), and decodes neither opus nor AAC; PyAV is already installed on every device (faster-whisper
depends on it) with aarch64 wheels, and decodes every format the library holds, from a path or over HTTP.
Live streams stay with ffmpeg's child (``FfmpegDecoder``): ICY streams, and a crash in a codec fed by
someone else's server ends only that child.

Decoding runs in a worker thread (``asyncio.to_thread``), one block per ``read``, so the event loop never
waits on it; a lock keeps ``close`` from freeing the container under a read still running.
"""

from __future__ import annotations

import asyncio
import functools
import importlib.util
import io
import logging
import threading
import wave
from typing import Any

from ting.device.music.decoder import NETWORK_TIMEOUT_SECONDS, DecodeError

_LOGGER = logging.getLogger(__name__)

MAX_BAD_PACKETS = 50
"""Packets in a row that fail to decode before the file is given up (a few are skipped, as ffmpeg does)."""
_PROBE_OPTIONS = {"probesize": "32768", "analyzeduration": "0"}
_warm_lock = threading.Lock()


def available() -> bool:
    """PyAV is installed (it comes with the device's extras). Not imported here: PyAV and FFmpeg's libraries
    are ~27 MB of the device's memory, loaded at the first file played (docs/benchmarks.md, "Agent memory:
    a Mandarin household")."""
    return importlib.util.find_spec("av") is not None


def warm_up() -> None:
    """Load libav and run its decoder and resampler once (0.1-0.4 s here, about half of it the first
    decode): the first file opened does it. Blocking; any thread may call it, any number of times."""
    with _warm_lock:
        _warm_once()


@functools.cache
def _warm_once() -> None:
    import av

    tiny = io.BytesIO()
    with wave.open(tiny, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(8000)
        writer.writeframes(b"\0\0" * 800)
    tiny.seek(0)
    with av.open(tiny, mode="r") as container:
        resampler = av.AudioResampler(format="s16", layout="stereo", rate=44_100)
        for frame in container.decode(audio=0):
            resampler.resample(frame)


class AvDecoder:
    """Same use as ``FfmpegDecoder``: ``open``, ``read`` blocks of s16le PCM until b"", ``close``."""

    def __init__(self, source: str, container: Any, *, rate_hz: int, channels: int, start_seconds: float):
        import av

        self.source = source
        self._av = av
        self._container = container
        self._stream = container.streams.audio[0]
        self._packets = container.demux(self._stream)
        self._resampler = av.AudioResampler(
            format="s16", layout="stereo" if channels == 2 else "mono", rate=rate_hz
        )
        self._frame_bytes = 2 * channels
        self._rate_hz = rate_hz
        self._skip_seconds = start_seconds
        self._from_start = start_seconds <= 0
        self._buffer = bytearray()
        self._ended = False
        self._produced = 0
        self._lock = threading.Lock()

    @classmethod
    async def open(cls, source: str, *, rate_hz: int, channels: int, start_seconds: float = 0.0) -> AvDecoder:
        """Open ``source`` (a path or an http(s) URL of a file) to decode to s16le at ``rate_hz`` ×
        ``channels`` from ``start_seconds``; ``DecodeError`` when it cannot be opened or holds no audio."""
        return await asyncio.to_thread(cls._open, source, rate_hz, channels, start_seconds)

    @classmethod
    def _open(cls, source: str, rate_hz: int, channels: int, start_seconds: float) -> AvDecoder:
        warm_up()
        import av

        try:
            container = av.open(source, options=_PROBE_OPTIONS, timeout=NETWORK_TIMEOUT_SECONDS)
        except (av.FFmpegError, OSError, ValueError) as error:
            raise DecodeError(f"cannot play {source}: {_why(error)}") from None
        try:
            if not container.streams.audio:
                raise DecodeError(f"cannot play {source}: it holds no audio")
            if start_seconds > 0:
                # to the key frame before; the frames before start_seconds are then dropped in _decode
                container.seek(int(start_seconds * av.time_base), any_frame=False)
            return cls(source, container, rate_hz=rate_hz, channels=channels, start_seconds=start_seconds)
        except DecodeError:
            container.close()
            raise
        except (av.FFmpegError, OSError, ValueError) as error:
            container.close()
            raise DecodeError(f"cannot play {source}: {_why(error)}") from None

    async def read(self, size: int) -> bytes:
        """Up to ``size`` bytes of PCM; b"" at the end. ``DecodeError`` when the file turns out unplayable."""
        return await asyncio.to_thread(self._read, size)

    def _read(self, size: int) -> bytes:
        with self._lock:
            while len(self._buffer) < size and not self._ended:
                self._decode_more()
            block = bytes(self._buffer[:size])
            del self._buffer[:size]
            return block

    def _decode_more(self) -> None:
        """Decode the next packet into the buffer (at the end: flush the resampler, mark the end)."""
        av = self._av
        bad = 0
        while True:
            try:
                packet = next(self._packets)
                frames = packet.decode()
                break
            except StopIteration:
                self._end(self._resampler.resample(None))
                return
            except av.InvalidDataError as error:
                bad += 1
                if bad >= MAX_BAD_PACKETS:
                    raise DecodeError(f"cannot play {self.source}: {_why(error)}") from None
            except (av.FFmpegError, OSError) as error:
                raise DecodeError(f"cannot play {self.source}: {_why(error)}") from None
        for frame in frames:
            skip = 0
            if self._skip_seconds > 0 and frame.time is not None:
                before = self._skip_seconds - float(frame.time)
                if before * frame.sample_rate >= frame.samples:
                    continue  # wholly before where playing starts
                skip = max(0, round(before * self._rate_hz))
                self._skip_seconds = 0.0
            for out in self._resampler.resample(frame):
                self._append(out, skip)
                skip = 0

    def _append(self, frame: Any, skip_frames: int = 0) -> None:
        pcm = frame.to_ndarray().tobytes()[skip_frames * self._frame_bytes :]
        self._buffer += pcm
        self._produced += len(pcm)

    def _end(self, frames: list[Any]) -> None:
        for frame in frames:
            self._append(frame)
        self._ended = True
        if self._produced == 0 and self._from_start:  # (a seek past the end is just the end)
            raise DecodeError(f"cannot play {self.source}: no audio could be decoded from it")

    async def close(self) -> None:
        await asyncio.to_thread(self._close)

    def _close(self) -> None:
        with self._lock:
            self._container.close()


def _why(error: Exception) -> str:
    """libav's reason without the path it repeats ("Invalid data found when processing input")."""
    reason = getattr(error, "strerror", None)
    return reason if isinstance(reason, str) and reason else str(error)
