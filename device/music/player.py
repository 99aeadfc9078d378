"""The device's music player: a queue played through a ``MusicOutput``, with volume, ducking and state.

One task plays the queue: it decodes the current item (a file in this process with ``AvDecoder``, a live
stream with an ffmpeg child, ``FfmpegDecoder``) in blocks of ``BLOCK_SECONDS``,
applies the gain and writes to the output, which paces it. Every command (play, pause, resume, stop,
next, previous, volume) changes the state here and, where needed, restarts that task at another item;
every change is reported (``on_state``: the agent publishes it retained), and so is the position every
``report_seconds`` while playing.

The gain is the volume (0-100, squared: a perceptual curve) times the duck factor while ducked; it moves
toward its target over ``duck_fade_seconds`` block by block, so ducking fades instead of clicking. Ducking
is a level, not an event: ``set_ducked(True/False)`` is called with what the device is doing, so whatever
way a conversation ends (answered, an error, a timeout, the session ended elsewhere), the music comes back
when the device is idle again (``follow``).

A file that cannot be decoded is reported (``MediaState.error``, ``on_error``) and skipped. A live stream
that drops after playing is reopened after ``reconnect_seconds`` (doubling up to 30 s, at most
``MAX_RECONNECTS`` times in a row); one that never played is an error at once: a dead URL does not stall.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from ting.device.music import av_decoder
from ting.device.music.decoder import DecodeError, Decoder, FfmpegDecoder
from ting.device.music.interface import ErrorListener, StateListener
from ting.device.music.output import MusicOutput
from ting.device.output_trace import OutputTrace, to_16k_mono
from ting.messages import MediaItem, MediaKind, MediaState, PlayerStatus

_LOGGER = logging.getLogger(__name__)

BLOCK_SECONDS = 0.05
MAX_RECONNECTS = 8
MAX_RECONNECT_SECONDS = 30.0


class MusicPlayer:
    def __init__(
        self,
        site_id: str,
        output: MusicOutput,
        *,
        volume: int = 50,
        duck_db: float = -20.0,
        duck_fade_seconds: float = 0.25,
        reconnect_seconds: float = 2.0,
        local_folder: Path | None = None,
        on_state: StateListener | None = None,
        on_error: ErrorListener | None = None,
        report_seconds: float = 5.0,
        in_process_files: bool = True,
    ) -> None:
        """``in_process_files``: decode files with PyAV in this process (where it is installed), else every
        item with an ffmpeg child."""
        self.site_id = site_id
        self._output = output
        self.volume = min(max(volume, 0), 100)
        self._duck_factor = 10 ** (duck_db / 20)
        self._fade_blocks = max(1, round(duck_fade_seconds / BLOCK_SECONDS))
        self._reconnect_seconds = reconnect_seconds
        self._local_folder = local_folder
        self._on_state = on_state
        self._on_error = on_error
        self._report_seconds = report_seconds
        self.queue: list[MediaItem] = []
        self.index = 0
        self.status = PlayerStatus.STOPPED
        self.ducked = False
        self.position_seconds = 0.0
        self.error: str | None = None
        self._gain = self._target_gain()
        self._resumed = asyncio.Event()
        self._resumed.set()
        self._task: asyncio.Task[None] | None = None
        self._request_id: str | None = None
        self._last_report = 0.0
        self._start_seconds = 0.0
        """Where the next item starts (a seek), then 0."""
        self.trace = OutputTrace()
        """What was played lately: a song's "stop" is not the user's (``ting.device.barge_in``)."""
        self.in_process_files = in_process_files and av_decoder.available()
        """PyAV is loaded when music is first asked for (``prepare``) or played, not before: its ~27 MB are
        not held by a device that plays none."""
        self._preparing = False

    # -- commands --------------------------------------------------------------------------

    async def play(
        self,
        items: Sequence[MediaItem],
        start_index: int = 0,
        request_id: str | None = None,
        *,
        start_seconds: float = 0.0,
    ) -> None:
        self.queue = list(items)
        self._request_id = request_id
        index = min(max(start_index, 0), max(len(self.queue) - 1, 0))
        live = bool(self.queue) and self.queue[index].kind is MediaKind.STREAM
        await self._start(index, start_seconds=0.0 if live else max(start_seconds, 0.0))

    async def pause(self, request_id: str | None = None) -> None:
        self._request_id = request_id
        if self.status in (PlayerStatus.PLAYING, PlayerStatus.BUFFERING):
            self._resumed.clear()
            self.status = PlayerStatus.PAUSED
        await self._report()

    async def resume(self, request_id: str | None = None) -> None:
        self._request_id = request_id
        item = self.queue[self.index] if self.index < len(self.queue) else None
        if self.status is PlayerStatus.PAUSED and item is not None and item.kind is MediaKind.STREAM:
            # live radio goes on live: what the stream sent while paused is stale, and its server may
            # have dropped the connection meanwhile, so it is opened again
            await self._start(self.index)
            return
        if self.status is PlayerStatus.PAUSED:
            self.status = PlayerStatus.PLAYING
            self._resumed.set()
        elif self.status is PlayerStatus.STOPPED and self.queue:
            await self._start(self.index)
            return
        await self._report()

    async def stop(self, request_id: str | None = None) -> None:
        self._request_id = request_id
        await self._cancel()
        self.status = PlayerStatus.STOPPED
        self.position_seconds = 0.0
        await self._report()

    async def next(self, request_id: str | None = None) -> None:
        self._request_id = request_id
        if self.index + 1 < len(self.queue):
            await self._start(self.index + 1)
        else:
            await self.stop(request_id)

    async def previous(self, request_id: str | None = None) -> None:
        self._request_id = request_id
        await self._start(max(self.index - 1, 0))

    async def seek(
        self, position_seconds: float, request_id: str | None = None, *, relative: bool = False
    ) -> None:
        """Decode the item playing again from ``position_seconds``; paused stays paused."""
        self._request_id = request_id
        item = self.queue[self.index] if self.index < len(self.queue) else None
        if item is None or item.kind is MediaKind.STREAM or self.status is PlayerStatus.STOPPED:
            self.error = "nothing to seek in (stopped, or a live stream)"
            await self._report()
            return
        paused = self.status is PlayerStatus.PAUSED
        target = self.position_seconds + position_seconds if relative else position_seconds
        await self._start(self.index, start_seconds=max(target, 0.0))
        if paused:
            await self.pause(request_id)

    async def set_volume(
        self, *, level: int | None = None, change: int | None = None, request_id: str | None = None
    ) -> None:
        self._request_id = request_id
        target = level if level is not None else self.volume + (change or 0)
        self.volume = min(max(target, 0), 100)
        await self._report()

    async def set_ducked(self, ducked: bool) -> None:
        if ducked != self.ducked:
            self.ducked = ducked
            await self._report()

    async def follow(self, busy: Callable[[], bool], period_seconds: float = 0.05) -> None:
        """Duck while ``busy()`` (the device listens, thinks or speaks); runs until cancelled."""
        while True:
            await self.set_ducked(busy())
            await asyncio.sleep(period_seconds)

    async def close(self) -> None:
        await self._cancel()
        await self._output.close()

    # -- state -----------------------------------------------------------------------------

    def prepare(self) -> None:
        """PyAV loaded and warm (0.1-0.4 s) while the server finds the music, so that the first file does not
        wait for it; off the caller's thread, once."""
        if self.in_process_files and not self._preparing:
            self._preparing = True
            threading.Thread(target=av_decoder.warm_up, name="music-warm-up", daemon=True).start()

    def state(self) -> MediaState:
        item = self.queue[self.index] if self.index < len(self.queue) else None
        return MediaState(
            site_id=self.site_id,
            status=self.status,
            volume=self.volume,
            item=item,
            index=self.index,
            queue_length=len(self.queue),
            position_seconds=round(self.position_seconds, 2),
            duration_seconds=item.duration_seconds if item else None,
            ducked=self.ducked,
            error=self.error,
            request_id=self._request_id,
            time=time.time(),
        )

    async def _report(self) -> None:
        self._last_report = time.monotonic()
        if self._on_state is not None:
            try:
                await self._on_state(self.state())
            except Exception:  # a report that cannot be sent must not stop the music
                _LOGGER.exception("media state not reported")

    # -- playing ---------------------------------------------------------------------------

    async def _start(self, index: int, *, start_seconds: float = 0.0) -> None:
        await self._cancel()
        self.index = index
        self.position_seconds = self._start_seconds = start_seconds
        if not self.queue:
            self.status = PlayerStatus.STOPPED
            await self._report()
            return
        self.status = PlayerStatus.BUFFERING
        self._resumed.set()
        self._task = asyncio.create_task(self._play_queue(), name=f"music-{self.site_id}")
        await self._report()

    async def _cancel(self) -> None:
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _play_queue(self) -> None:
        while self.index < len(self.queue):
            item = self.queue[self.index]
            try:
                await self._play_item(item)
            except DecodeError as error:
                self.error = str(error)
                _LOGGER.warning("%s", error)
                await self._report()
                if self._on_error is not None:
                    await self._on_error(self.error)
            if self.index + 1 >= len(self.queue):
                break
            self.index += 1
            self.position_seconds = 0.0
            self.status = PlayerStatus.BUFFERING
            await self._report()
        self.status = PlayerStatus.STOPPED
        self.position_seconds = 0.0
        self._task = None
        await self._report()

    async def _play_item(self, item: MediaItem) -> None:
        source = self._source(item)
        start_seconds, self._start_seconds = self._start_seconds, 0.0
        if item.kind is not MediaKind.STREAM:
            await self._decode(source, live=False, start_seconds=start_seconds)
            return
        ever_played = False
        failures = 0
        while True:  # a live stream ends only when it is stopped, or when it cannot be reopened
            try:
                played = await self._decode(source, live=True)
            except DecodeError:
                if not ever_played:
                    raise
                played = False
            ever_played = ever_played or played
            if not ever_played:
                raise DecodeError(f"cannot play stream {source}: it sent no audio")
            failures = 0 if played else failures + 1
            if failures > MAX_RECONNECTS:
                raise DecodeError(f"stream {source} could not be reopened ({MAX_RECONNECTS} tries)")
            delay = min(self._reconnect_seconds * 2**failures, MAX_RECONNECT_SECONDS)
            _LOGGER.info("stream %s dropped; reconnecting in %.1f s", source, delay)
            self.status = PlayerStatus.BUFFERING
            await self._report()
            await asyncio.sleep(delay)

    async def _decode(self, source: str, live: bool, start_seconds: float = 0.0) -> bool:
        """Play ``source`` to its end; True when any audio came out. A live stream's failure after audio
        is logged (the caller reconnects); any other failure raises ``DecodeError``."""
        output = self._output
        block_bytes = 2 * output.channels * max(1, round(output.rate_hz * BLOCK_SECONDS))
        decoder: Decoder
        rate = output.rate_hz
        if self.in_process_files and not live:
            decoder = await av_decoder.AvDecoder.open(
                source, rate_hz=rate, channels=output.channels, start_seconds=start_seconds
            )
        else:
            decoder = await FfmpegDecoder.open(
                source, rate_hz=rate, channels=output.channels, live=live, start_seconds=start_seconds
            )
        played = False
        try:
            while True:
                try:
                    pcm = await decoder.read(block_bytes)
                except DecodeError:
                    if live and played:
                        return True
                    raise
                if not pcm:
                    return played
                await self._resumed.wait()
                if self.status is PlayerStatus.BUFFERING:
                    self.status = PlayerStatus.PLAYING
                    self.error = None
                    await self._report()
                block = self._apply_gain(pcm)
                audio = to_16k_mono(np.frombuffer(block, dtype="<i2"), output.rate_hz, output.channels)
                await output.write(block, functools.partial(self.trace.add, audio))
                played = True
                self.position_seconds += len(pcm) / (2 * output.channels * output.rate_hz)
                if time.monotonic() - self._last_report >= self._report_seconds:
                    await self._report()
        finally:
            await decoder.close()

    def _source(self, item: MediaItem) -> str:
        url = item.url
        if url.startswith(("http://", "https://")):
            return url
        path = Path(url.removeprefix("file://").removeprefix("file:"))
        if self._local_folder is None:
            raise DecodeError(f"{url}: no local music folder on this device (media.local_folder)")
        folder = self._local_folder.resolve()
        full = (folder / path).resolve() if not path.is_absolute() else path.resolve()
        if not full.is_relative_to(folder):
            raise DecodeError(f"{url}: outside the local music folder")
        return str(full)

    def _target_gain(self) -> float:
        gain = (self.volume / 100) ** 2
        return gain * self._duck_factor if self.ducked else gain

    def _apply_gain(self, pcm: bytes) -> bytes:
        target = self._target_gain()
        step = (target - self._gain) / self._fade_blocks
        start = self._gain
        self._gain = target if abs(target - self._gain) <= abs(step) + 1e-9 else self._gain + step
        samples = np.frombuffer(pcm, dtype="<i2").astype(np.float32)
        ramp = np.linspace(start, self._gain, num=len(samples), dtype=np.float32)
        scaled: bytes = np.clip(samples * ramp, -32768, 32767).astype("<i2").tobytes()
        return scaled
