"""The music player on an MPD server (``media.player = "mpd"``, ``[media.mpd]``; docs/music.md).

For homes that already play through MPD (and Snapcast behind it for several rooms): the device's
``ting/media/<siteId>/...`` commands become MPD commands, and MPD's status becomes the retained
``MediaState``, so the server's media skill and any other client drive an MPD room as they drive a ting
player. It lives on the device, not the server, because ducking follows what the device does (listening,
speaking): the device lowers MPD's volume while it is busy and brings it back on every way out.

- The queue: ``play`` replaces MPD's queue (``clear``, ``addid`` per item, ``play``). http(s) items (the
  server's signed file URLs, radio streams) are opened by MPD itself; a ``file:`` path names a song
  relative to MPD's music directory. An item MPD refuses is reported and skipped.
- The state comes from MPD (``status``, ``currentsong``) on each of its ``idle`` events (player, mixer,
  queue, options: also what other MPD clients do), after every command, and every ``report_seconds``
  while playing. Items ting queued are reported as queued (title, artist as the library has them);
  anything else as MPD's tags describe it.
- Volume is MPD's (its mixer): the room's volume is what MPD says when ting first connects, and
  changes made by other MPD clients are taken over. Ducking lowers it by ``duck_db`` in steps over
  ``duck_fade_seconds`` and restores it.
- MPD restarting is routine: the connection is made again by the next command (which then works) or by
  ``follow``'s watcher, after ``reconnect_seconds`` doubling up to 30 s, for ever; meanwhile the state
  says MPD is unreachable.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import mpd
from mpd.asyncio import MPDClient

from ting.device.music.interface import ErrorListener, StateListener
from ting.device.music.mpd_connection import MpdCommandError, MpdConnection, MpdError
from ting.messages import MediaItem, MediaKind, MediaState, PlayerStatus
from ting.settings import MpdSettings

_LOGGER = logging.getLogger(__name__)

WATCHED = ("player", "mixer", "playlist", "options")
FADE_STEP_SECONDS = 0.05
MAX_RECONNECT_SECONDS = 30.0
_STATUS = {"play": PlayerStatus.PLAYING, "pause": PlayerStatus.PAUSED, "stop": PlayerStatus.STOPPED}


class MpdPlayer:
    def __init__(
        self,
        site_id: str,
        settings: MpdSettings,
        *,
        duck_db: float = -20.0,
        duck_fade_seconds: float = 0.25,
        on_state: StateListener | None = None,
        on_error: ErrorListener | None = None,
        report_seconds: float = 5.0,
    ) -> None:
        self.site_id = site_id
        self._settings = settings
        self.connection = MpdConnection(settings)
        self._duck_factor = 10 ** (duck_db / 20)
        self._fade_steps = max(1, round(duck_fade_seconds / FADE_STEP_SECONDS))
        self._on_state = on_state
        self._on_error = on_error
        self._report_seconds = report_seconds
        self.volume = 0
        """The room's volume (0-100; MPD's own while not ducked)."""
        self._volume_known = False
        self._mpd_volume: int | None = None
        """What ting last set MPD's volume to (ducked or not)."""
        self.ducked = False
        self.error: str | None = None
        self._told_error: str | None = None
        self._items: dict[str, MediaItem] = {}
        """MPD song id -> the item ting queued under it."""
        self._status: dict[str, Any] = {}
        self._song: dict[str, Any] = {}
        self._request_id: str | None = None
        self._lock = asyncio.Lock()
        """One command (or state read) at a time: states are reported in the order they happened."""

    # -- commands --------------------------------------------------------------------------

    async def play(
        self,
        items: Sequence[MediaItem],
        start_index: int = 0,
        request_id: str | None = None,
        *,
        start_seconds: float = 0.0,
    ) -> None:
        refused: list[str] = []

        async def queue(client: MPDClient) -> None:
            await client.clear()
            self._items = {}
            start_position = 0
            for index, item in enumerate(items):
                try:
                    song_id = await client.addid(mpd_uri(item))
                except mpd.CommandError as error:  # this item only: the others still play
                    refused.append(f"cannot play {item.url}: MPD: {error}")
                    continue
                if index < start_index:
                    start_position += 1
                self._items[str(song_id)] = item
            if self._items:
                position = min(start_position, len(self._items) - 1)
                first = items[min(max(start_index, 0), len(items) - 1)]
                song_id = list(self._items)[position]
                if start_seconds > 0 and first.kind is not MediaKind.STREAM and self._items[song_id] is first:
                    # where "resume" after a restart goes on. ``seekid`` starts the decoder at that second;
                    # ``play`` then ``seekcur`` races the decoder's start ("Not seekable" until it has
                    # opened the song)
                    try:
                        await client.seekid(song_id, f"{start_seconds:.3f}")
                        return
                    except mpd.CommandError as error:
                        _LOGGER.warning(
                            "MPD could not start at %.1f s (from the start): %s", start_seconds, error
                        )
                await client.play(position)

        await self._command(queue, request_id, speak=True)
        if refused:
            await self._failed(refused[0])

    async def pause(self, request_id: str | None = None) -> None:
        await self._command(lambda client: client.pause(1), request_id)

    async def resume(self, request_id: str | None = None) -> None:
        async def resume(client: MPDClient) -> None:
            status = await client.status()
            if status.get("state") == "pause":
                await client.pause(0)
            elif status.get("state") == "stop" and int(status.get("playlistlength", 0)):
                await client.play()

        await self._command(resume, request_id)

    async def stop(self, request_id: str | None = None) -> None:
        await self._command(lambda client: client.stop(), request_id)

    async def next(self, request_id: str | None = None) -> None:
        await self._command(lambda client: client.next(), request_id)

    async def previous(self, request_id: str | None = None) -> None:
        await self._command(lambda client: client.previous(), request_id)

    async def seek(
        self, position_seconds: float, request_id: str | None = None, *, relative: bool = False
    ) -> None:
        async def seek(client: MPDClient) -> None:
            # MPD's own "+N"/"-N" refuses a seek before the start; from its elapsed, back past 0 is 0
            elapsed = float((await client.status()).get("elapsed", 0.0)) if relative else 0.0
            await client.seekcur(f"{max(elapsed + position_seconds, 0.0):.3f}")

        await self._command(seek, request_id)

    async def set_volume(
        self, *, level: int | None = None, change: int | None = None, request_id: str | None = None
    ) -> None:
        target = level if level is not None else self.volume + (change or 0)
        self.volume = min(max(target, 0), 100)
        self._volume_known = True
        await self._command(self._apply_volume, request_id)

    async def set_ducked(self, ducked: bool) -> None:
        if ducked == self.ducked:
            return
        self.ducked = ducked
        if not self.connection.connected:
            await self._report()  # the volume is put right when MPD is back (``_connected``)
            return
        async with self._lock:
            with contextlib.suppress(MpdError):  # no mixer, or MPD gone: the state shows it
                await self._fade()
            await self._refresh()

    async def follow(self, busy: Callable[[], bool], period_seconds: float = 0.05) -> None:
        """Ducks while ``busy()``; watches MPD (its events, reconnects) and reports while playing."""
        async with asyncio.TaskGroup() as group:
            group.create_task(self._watch(), name=f"mpd-watch-{self.site_id}")
            group.create_task(self._tick(), name=f"mpd-tick-{self.site_id}")
            while True:
                await self.set_ducked(busy())
                await asyncio.sleep(period_seconds)

    async def close(self) -> None:
        self.connection.close()

    # -- state -----------------------------------------------------------------------------

    @property
    def status(self) -> PlayerStatus:
        return _STATUS.get(str(self._status.get("state")), PlayerStatus.STOPPED)

    def prepare(self) -> None:
        """MPD decodes: nothing to load here."""

    def state(self) -> MediaState:
        status = self._status
        song_id = str(status.get("songid", self._song.get("id", "")))
        item = self._items.get(song_id) or (song_item(self._song) if self._song else None)
        duration = _float(status.get("duration"))
        return MediaState(
            site_id=self.site_id,
            status=self.status,
            volume=self.volume,
            item=item,
            index=int(status.get("song", 0)),
            queue_length=int(status.get("playlistlength", 0)),
            position_seconds=round(_float(status.get("elapsed")) or 0.0, 2),
            duration_seconds=duration if duration is not None else (item.duration_seconds if item else None),
            ducked=self.ducked,
            error=self.error or status.get("error"),
            request_id=self._request_id,
            time=time.time(),
        )

    async def _report(self) -> None:
        if self._on_state is not None:
            try:
                await self._on_state(self.state())
            except Exception:  # a report that cannot be sent must not stop the music
                _LOGGER.exception("media state not reported")

    async def _refresh(self) -> None:
        """Read MPD's status and song (the caller holds the lock) and report them."""
        try:
            self._status, self._song = await self.connection.run(_read_state)
        except MpdError as error:
            self._status, self._song = {}, {}
            self.error = str(error)
        else:
            self._take_volume(self._status)
            mpd_error = str(self._status.get("error") or "")
            if mpd_error and mpd_error != self._told_error:
                self._told_error = mpd_error  # MPD skips what it cannot play; said once
                if mpd_error not in (self.error or ""):  # not already said as the command's own error
                    await self._tell(mpd_error)
            elif not mpd_error:
                self._told_error = None
        await self._report()

    def _take_volume(self, status: dict[str, Any]) -> None:
        level = int(status.get("volume", -1))
        if level < 0 or self.ducked:  # no mixer; or ducked, when MPD's level is not the room's
            return
        if not self._volume_known or level != self._mpd_volume:  # first contact, or another client
            self.volume = level
            self._volume_known = True
        self._mpd_volume = level

    # -- doing -----------------------------------------------------------------------------

    async def _command(
        self, command: Callable[[MPDClient], Awaitable[Any]], request_id: str | None, *, speak: bool = False
    ) -> None:
        """The door of every command: run it, then report MPD's state (answering ``request_id``)."""
        async with self._lock:
            self._request_id = request_id
            try:
                await self.connection.run(command)
                self.error = None
            except MpdError as error:
                self.error = str(error)
                _LOGGER.warning("%s", error)
                if speak:
                    await self._tell(self.error)
            await self._refresh()

    async def _failed(self, error: str) -> None:
        async with self._lock:
            self.error = error
            _LOGGER.warning("%s", error)
            await self._report()
        await self._tell(error)

    async def _tell(self, error: str) -> None:
        if self._on_error is not None:
            try:
                await self._on_error(error)
            except Exception:
                _LOGGER.exception("music error not told")

    async def _apply_volume(self, client: MPDClient) -> None:
        level = self._mpd_target()
        await client.setvol(level)
        self._mpd_volume = level

    def _mpd_target(self) -> int:
        return round(self.volume * self._duck_factor) if self.ducked else self.volume

    async def _fade(self) -> None:
        target = self._mpd_target()
        start = self._mpd_volume if self._mpd_volume is not None else target
        steps = self._fade_steps if self._status.get("state") == "play" else 1  # silence needs no fade
        for step in range(1, steps + 1):
            level = round(start + (target - start) * step / steps)
            await self.connection.run(_set_volume(level))
            self._mpd_volume = level
            if step < steps:
                await asyncio.sleep(FADE_STEP_SECONDS)

    # -- watching --------------------------------------------------------------------------

    async def _watch(self) -> None:
        delay = self._settings.reconnect_seconds
        while True:
            try:
                await self._connected()
            except Exception as error:  # MpdError; anything else is logged and retried the same way
                if not isinstance(error, MpdError):
                    _LOGGER.exception("watching MPD failed")
                if self.error != str(error):
                    _LOGGER.warning("%s; trying again in %.0f s", error, delay)
                    async with self._lock:
                        self.error, self._status, self._song = str(error), {}, {}
                        await self._report()
                await asyncio.sleep(delay)
                delay = min(delay * 2, MAX_RECONNECT_SECONDS)
                continue
            delay = self._settings.reconnect_seconds
            try:
                async for _changed in self.connection.changes(WATCHED):
                    async with self._lock:
                        await self._refresh()
            except Exception:  # a bug here must not end the watching: MPD events go on
                _LOGGER.exception("MPD event not handled")
                await asyncio.sleep(delay)

    async def _connected(self) -> None:
        """A connection, and MPD's volume set as the room's (ducked or not) when ting knows it."""
        async with self._lock:
            before = self.connection.connections
            await self.connection.client()
            if self.connection.connections != before and self._volume_known:
                with contextlib.suppress(MpdCommandError):  # MPD without a mixer
                    await self.connection.run(self._apply_volume)
            self.error = None
            await self._refresh()

    async def _tick(self) -> None:
        while True:
            await asyncio.sleep(self._report_seconds)
            if self.connection.connected and self._status.get("state") == "play":
                async with self._lock:
                    await self._refresh()


def _set_volume(level: int) -> Callable[[MPDClient], Awaitable[None]]:
    async def set_volume(client: MPDClient) -> None:
        await client.setvol(level)

    return set_volume


async def _read_state(client: MPDClient) -> tuple[dict[str, Any], dict[str, Any]]:
    return dict(await client.status()), dict(await client.currentsong())


def mpd_uri(item: MediaItem) -> str:
    """What MPD is told to add: an http(s) URL as it is; a ``file:`` path relative to MPD's music
    directory (an absolute one MPD accepts only from a client on its Unix socket)."""
    url = item.url
    if url.startswith(("http://", "https://")):
        return url
    path = url.removeprefix("file://").removeprefix("file:")
    return f"file://{path}" if path.startswith("/") else path


def song_item(song: dict[str, Any]) -> MediaItem:
    """A song MPD plays that ting did not queue, as MPD's tags describe it."""
    uri = _first(song.get("file")) or ""
    duration = _float(song.get("duration"))
    stream = uri.startswith(("http://", "https://")) and duration is None
    return MediaItem(
        url=uri,
        title=_first(song.get("title")) or _first(song.get("name")) or uri.rsplit("/", 1)[-1],
        kind=MediaKind.STREAM if stream else MediaKind.FILE,
        artist=_first(song.get("artist")),
        album=_first(song.get("album")),
        duration_seconds=duration,
        id=_first(song.get("id")),
    )


def _first(value: Any) -> str | None:
    """python-mpd2 gives a list for a tag MPD sent more than once."""
    if isinstance(value, list):
        value = value[0] if value else None
    return None if value is None else str(value)


def _float(value: Any) -> float | None:
    try:
        return None if value is None else float(_first(value) or "")
    except ValueError:
        return None
