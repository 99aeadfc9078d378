"""Decoding music to PCM with an ffmpeg child: live HTTP(S)/Icecast streams, and files where PyAV is missing.

ffmpeg (Debian's package, on every Pi image) decodes every format, reads HTTP with range requests and
Icecast streams, and resamples to the output's rate. It runs as a child process writing raw PCM to a
pipe, so decoding costs the agent's event loop nothing and a crash in a codec fed by a radio station ends
only that child. Its start and probe cost a few hundred ms on a loaded box, so files are decoded in this
process instead (``ting.device.music.av_decoder``); a stream's 1 s budget has room for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shutil
from typing import Protocol

from ting.errors import TingError

_LOGGER = logging.getLogger(__name__)

_STDERR_KEEP_BYTES = 2000
NETWORK_TIMEOUT_SECONDS = 10.0


class DecodeError(TingError):
    """A file that cannot be decoded, a URL that cannot be opened, or no decoder at all."""


class Decoder(Protocol):
    """What the player reads: ``FfmpegDecoder`` (a child process) or ``AvDecoder`` (in this process)."""

    source: str

    async def read(self, size: int) -> bytes:
        """Up to ``size`` bytes of s16le PCM; b"" at the end; ``DecodeError`` when the source fails."""

    async def close(self) -> None: ...


class FfmpegDecoder:
    def __init__(self, process: asyncio.subprocess.Process, source: str) -> None:
        self._process = process
        self.source = source
        self._ended = False

    @classmethod
    async def open(
        cls, source: str, *, rate_hz: int, channels: int, start_seconds: float = 0.0, live: bool = False
    ) -> FfmpegDecoder:
        """Start decoding ``source`` (a path or an http(s) URL) to s16le at ``rate_hz`` × ``channels``."""
        binary = shutil.which("ffmpeg")
        if binary is None:
            raise DecodeError("ffmpeg is not installed (apt-get install ffmpeg)")
        # A small probe: ffmpeg's defaults (5 MB, 5 s of analysis) kept a 320 kbps mp3 from sounding for
        # ~470 ms under load here, 190 ms with these (bench/music.py); the demuxers find their headers anyway.
        command = [binary, "-nostdin", "-hide_banner", "-loglevel", "error", "-probesize", "32768"]
        command += ["-analyzeduration", "0"]
        if source.startswith(("http://", "https://")):
            command += ["-rw_timeout", str(int(NETWORK_TIMEOUT_SECONDS * 1_000_000))]
            if live:
                command += ["-icy", "0"]  # no ICY metadata interleaved in the audio
        if start_seconds > 0:
            command += ["-ss", f"{start_seconds:.3f}"]
        command += ["-i", source, "-vn", "-f", "s16le", "-acodec", "pcm_s16le"]
        command += ["-ar", str(rate_hz), "-ac", str(channels), "pipe:1"]
        process = await asyncio.create_subprocess_exec(
            *command,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        return cls(process, source)

    async def read(self, size: int) -> bytes:
        """Up to ``size`` bytes of PCM; b"" at the end. ``DecodeError`` when ffmpeg failed (at the end)."""
        assert self._process.stdout is not None
        try:
            data = await self._process.stdout.readexactly(size)
        except asyncio.IncompleteReadError as partial:
            data = partial.partial
        if len(data) < size and not self._ended:
            self._ended = True
            await self._check_exit()
        return data

    async def _check_exit(self) -> None:
        assert self._process.stderr is not None
        errors = await self._process.stderr.read()
        code = await self._process.wait()
        if code != 0:
            text = errors.decode("utf-8", "replace").strip()[-_STDERR_KEEP_BYTES:]
            raise DecodeError(f"cannot play {self.source}: {text or f'ffmpeg exited with {code}'}")

    async def close(self) -> None:
        if self._process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self._process.kill()
        # The pipes must be read to their end: a reader paused on a full buffer never sees the EOF, and
        # asyncio's wait() waits for the pipes as well as the process.
        await asyncio.gather(_drain(self._process.stdout), _drain(self._process.stderr))
        await self._process.wait()


async def _drain(stream: asyncio.StreamReader | None) -> None:
    while stream is not None and await stream.read(65536):
        pass
