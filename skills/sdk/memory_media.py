"""``MemoryMedia``: the SDK's ``Media`` for a skill's own tests: a library given as tracks (searched by the
server's own ``MediaIndex``), stations, and players that do at once what they are told."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from ting.errors import SkillError
from ting.skills.sdk.media import Found, MediaQuery, NowPlaying, Playlist, PlayState, Station, Track
from ting.skills.sdk.media_index import MediaIndex, best_name, normalize

ACTIONS = ("pause", "resume", "stop", "next", "previous")


@dataclass
class MemoryPlayer:
    queue: tuple[Track, ...] = ()
    station: Station | None = None
    index: int = 0
    state: PlayState = PlayState.STOPPED
    volume: int = 50
    position_seconds: float = 0.0


class MemoryMedia:
    """Players exist for ``sites`` (all sites when None: any site asked gets one)."""

    def __init__(
        self,
        tracks: Sequence[Track] = (),
        stations: Sequence[Station] = (),
        *,
        sites: Sequence[str] | None = None,
        playlists: Sequence[Playlist] = (),
    ) -> None:
        self.index = MediaIndex(tracks, seed=0)
        self._stations = tuple(stations)
        self._playlists = {playlist.name: playlist for playlist in playlists}
        self._sites = None if sites is None else tuple(sites)
        self.players: dict[str, MemoryPlayer] = {site: MemoryPlayer() for site in sites or ()}
        self.commands: list[tuple[str, str]] = []
        """(site, what) in the order asked: ``play``, ``pause`` ..., ``volume``."""

    async def find(self, query: MediaQuery, *, limit: int = 50, shuffle: bool = False) -> Found:
        return self.index.find(query, limit=limit, shuffle=shuffle)

    async def find_playlist(self, name: str) -> Playlist | None:
        found = best_name(name, self._playlists)
        return self._playlists[found] if found is not None else None

    def station(self, name: str) -> Station | None:
        key = normalize(name)
        for station in self._stations:
            if key in {normalize(station.name_zh), normalize(station.name_en), normalize(station.id)}:
                return station
        return None

    def stations(self) -> Sequence[Station]:
        return self._stations

    async def find_station(self, words: str | None = None, *, genre: str | None = None) -> Station | None:
        """The configured stations only (a skill's tests have no radio directory)."""
        return self.station(words) if words else None

    def player_sites(self) -> Sequence[str]:
        return tuple(self.players)

    def has_player(self, site_id: str) -> bool:
        return self._sites is None or site_id in self._sites

    async def play(
        self, site_id: str, tracks: Sequence[Track] = (), *, station: Station | None = None
    ) -> None:
        player = self._player(site_id)
        player.queue, player.station, player.index = tuple(tracks), station, 0
        player.position_seconds = 0.0
        player.state = PlayState.PLAYING if tracks or station else PlayState.STOPPED
        self.commands.append((site_id, "play"))

    async def control(self, site_id: str, action: str) -> None:
        if action not in ACTIONS:
            raise SkillError(f"unknown player action {action!r}")
        player = self._player(site_id)
        if action == "pause" and player.state is PlayState.PLAYING:
            player.state = PlayState.PAUSED
        elif action == "resume" and player.state is PlayState.PAUSED:
            player.state = PlayState.PLAYING
        elif action == "stop":
            player.state = PlayState.STOPPED
        elif action == "next" and player.index + 1 < len(player.queue):
            player.index += 1
        elif action == "previous" and player.index > 0:
            player.index -= 1
        self.commands.append((site_id, action))

    async def resume(self, site_id: str) -> bool:
        player = self._player(site_id)
        if not (player.queue or player.station):
            return False
        player.state = PlayState.PLAYING
        self.commands.append((site_id, "resume"))
        return True

    async def set_volume(self, site_id: str, *, level: int | None = None, change: int | None = None) -> None:
        player = self._player(site_id)
        target = level if level is not None else player.volume + (change or 0)
        player.volume = min(max(target, 0), 100)
        self.commands.append((site_id, "volume"))

    async def seek(self, site_id: str, position_seconds: float, *, relative: bool = False) -> None:
        player = self._player(site_id)
        target = player.position_seconds + position_seconds if relative else position_seconds
        player.position_seconds = max(target, 0.0)
        self.commands.append((site_id, "seek"))

    def now_playing(self, site_id: str) -> NowPlaying | None:
        player = self.players.get(site_id)
        if player is None:
            return None
        state = NowPlaying(
            site_id=site_id,
            state=player.state,
            volume=player.volume,
            position_seconds=player.position_seconds,
        )
        if player.station is not None:
            return replace(state, title=player.station.name_zh, is_stream=True)
        if player.queue:
            track = player.queue[player.index]
            return replace(
                state,
                title=track.title,
                artist=track.artist,
                album=track.album,
                duration_seconds=track.duration_seconds,
            )
        return state

    def _player(self, site_id: str) -> MemoryPlayer:
        if self._sites is not None and site_id not in self._sites:
            raise SkillError(f"no player on site {site_id!r}")
        return self.players.setdefault(site_id, MemoryPlayer())
