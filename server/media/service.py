"""``ServerMedia``: the SDK's ``Media`` on a server: the library, the stations and the rooms' players."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace

import httpx

from ting.errors import SkillError
from ting.messages import MediaItem, MediaKind, MediaState, PlayerStatus
from ting.server.media.files import UrlSigner
from ting.server.media.library import Library, ScanResult
from ting.server.media.players import Players
from ting.server.media.radio import RadioError, Stations, is_playlist, resolve
from ting.server.media.radio_browser import STATION_ID_PREFIX, DirectoryError, RadioBrowser
from ting.skills.sdk.media import (
    Found,
    MatchField,
    MediaQuery,
    NowPlaying,
    Playlist,
    PlayState,
    Station,
    Track,
)

_LOGGER = logging.getLogger(__name__)

PLAYLIST_TIMEOUT_SECONDS = 5.0


class ServerMedia:
    def __init__(
        self,
        library: Library,
        stations: Stations,
        players: Players,
        signer: UrlSigner,
        *,
        rescan_interval_seconds: float = 0.0,
        on_scanned: Sequence[Callable[[], Awaitable[None]]] = (),
        directory: RadioBrowser | None = None,
        countries: Sequence[str] = (),
    ) -> None:
        """``on_scanned``: run after each scan (the library's names reach the NLU and the devices)."""
        self.library = library
        self._stations = stations
        self.directory = directory
        """The radio directory (``[media.radio_browser]``), when the household turned it on."""
        self._countries = tuple(countries)
        self.players = players
        self.signer = signer
        self._rescan_interval = rescan_interval_seconds
        self._on_scanned = tuple(on_scanned)

    async def run_scans(self) -> None:
        """Scan at start, then every ``rescan_interval_seconds`` (a task of the app's lifespan)."""
        while True:
            try:
                await self.rescan()
            except Exception:  # a scan that fails is tried again next time; the server keeps serving
                _LOGGER.exception("library scan failed")
            if self._rescan_interval <= 0:
                return
            await asyncio.sleep(self._rescan_interval)

    async def rescan(self) -> ScanResult:
        """Scan the folders now, then run the ``on_scanned`` hooks (also the dashboard's "rescan now")."""
        result = await self.library.scan()
        for hook in self._on_scanned:
            try:
                await hook()
            except Exception:  # the names are updated after the next scan
                _LOGGER.exception("after the library scan")
        return result

    async def find(self, query: MediaQuery, *, limit: int = 50, shuffle: bool = False) -> Found:
        return self.library.find(query, limit=limit, shuffle=shuffle)

    async def find_playlist(self, name: str) -> Playlist | None:
        return self.library.playlist(name)

    def station(self, name: str) -> Station | None:
        return self._stations.find(name)

    def stations(self) -> Sequence[Station]:
        return self._stations.all()

    async def find_station(self, words: str | None = None, *, genre: str | None = None) -> Station | None:
        configured = self._stations.find(words) if words else None
        if configured is not None or self.directory is None or not (words or genre):
            return configured
        try:
            found = await self.directory.find(words, tag=genre, countries=self._countries)
        except DirectoryError as error:
            _LOGGER.warning("radio directory: %s", error)
            return None
        return found.station() if found is not None else None

    def player_sites(self) -> Sequence[str]:
        return self.players.sites()

    def has_player(self, site_id: str) -> bool:
        return self.players.state(site_id) is not None

    def names(self, field: MatchField, limit: int) -> list[str]:
        return self.library.names(field, limit)

    async def play(
        self, site_id: str, tracks: Sequence[Track] = (), *, station: Station | None = None
    ) -> None:
        if station is not None:
            items = [await self._station_item(station)]
        else:
            items = [self._track_item(track) for track in tracks]
        if not items:
            raise SkillError("nothing to play")
        await self.players.play(site_id, items)
        for track in tracks[:1]:
            await self.library.played(track)

    async def control(self, site_id: str, action: str) -> None:
        await self.players.control(site_id, action)

    async def resume(self, site_id: str) -> bool:
        """A paused player goes on; a player that holds nothing (the device restarted) or was stopped plays
        the site's kept queue again from its place (``ting.server.media.queues``): the files signed again, a
        station's stream found again (a live stream reconnects). False: nothing to resume."""
        state = self.players.state(site_id)
        if state is not None and state.item is not None and state.status is not PlayerStatus.STOPPED:
            await self.players.control(site_id, "resume")
            return True
        saved = self.players.queues.get(site_id) if self.players.queues is not None else None
        if saved is None or not saved.items:
            return False
        items = [await self._fresh(item) for item in saved.items]
        index = min(saved.index, len(items) - 1)
        live = items[index].kind is MediaKind.STREAM
        await self.players.play(
            site_id, items, start_index=index, start_seconds=0.0 if live else saved.position_seconds
        )
        return True

    async def _fresh(self, item: MediaItem) -> MediaItem:
        """``item`` as it can be played now: a library file with a new signed URL, a configured station's
        stream resolved again (its playlist may name another stream now)."""
        if item.kind is MediaKind.FILE and item.id and item.url.startswith(("http://", "https://")):
            return replace(item, url=self.signer.url(item.id))
        station = self._stations.find(item.id) if item.kind is MediaKind.STREAM and item.id else None
        if station is not None:
            try:
                return await self._station_item(station)
            except SkillError as error:  # the stream it played last is tried instead
                _LOGGER.warning("station %s: %s", station.id, error)
        return item

    async def set_volume(self, site_id: str, *, level: int | None = None, change: int | None = None) -> None:
        await self.players.volume(site_id, level=level, change=change)

    async def seek(self, site_id: str, position_seconds: float, *, relative: bool = False) -> None:
        await self.players.seek(site_id, position_seconds, relative=relative)

    def now_playing(self, site_id: str) -> NowPlaying | None:
        state = self.players.state(site_id)
        return None if state is None else now_playing(state)

    def _track_item(self, track: Track) -> MediaItem:
        return MediaItem(
            url=self.signer.url(track.id),
            title=track.title,
            artist=track.artist or None,
            album=track.album or None,
            duration_seconds=track.duration_seconds,
            id=track.id,
        )

    async def _station_item(self, station: Station) -> MediaItem:
        url = station.url
        if station.id.startswith(STATION_ID_PREFIX) and self.directory is not None:
            # the directory's click counter, as it asks; its answer names the stream as it is now
            url = await self.directory.click(station.id.removeprefix(STATION_ID_PREFIX)) or url
        if is_playlist(url):  # only then a client: making one costs ~100 ms (TLS set-up)
            try:
                async with httpx.AsyncClient(
                    timeout=PLAYLIST_TIMEOUT_SECONDS, follow_redirects=True
                ) as client:
                    url = await resolve(url, client)
            except RadioError as error:
                raise SkillError(str(error)) from None
        return MediaItem(
            url=url, title=station.name_zh or station.name_en, kind=MediaKind.STREAM, id=station.id
        )


def now_playing(state: MediaState) -> NowPlaying:
    item = state.item
    return NowPlaying(
        site_id=state.site_id,
        state=PlayState(state.status.value),
        title=item.title if item else "",
        artist=(item.artist or "") if item else "",
        album=(item.album or "") if item else "",
        position_seconds=state.position_seconds,
        duration_seconds=state.duration_seconds,
        volume=state.volume,
        is_stream=item is not None and item.kind is MediaKind.STREAM,
    )
