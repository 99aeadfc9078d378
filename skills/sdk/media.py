"""Music for skills: the household's library and radio stations, and the players in its rooms.

``Media`` is implemented by the server (``ting.server.media``: the library scanned from
``media.library_folders``, stations from ``[[media.stations]]``, players driven over MQTT on
``ting/media/<siteId>/...``) and by ``ting.skills.sdk.testing.MemoryMedia`` for a skill's own tests.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Track:
    id: str
    title: str
    artist: str = ""
    album: str = ""
    genre: str = ""
    track_number: int | None = None
    duration_seconds: float | None = None


@dataclass(frozen=True)
class Station:
    id: str
    name_zh: str
    name_en: str
    url: str
    """The stream (an m3u/pls playlist is resolved when it is played)."""

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name_zh or self.name_en


class MatchField(enum.StrEnum):
    ARTIST = "artist"
    ALBUM = "album"
    TITLE = "title"
    GENRE = "genre"


@dataclass(frozen=True)
class MediaQuery:
    """What to look for; every field given must match (fuzzily). All empty: anything."""

    artist: str | None = None
    album: str | None = None
    title: str | None = None
    genre: str | None = None
    any: str | None = None
    """Words that may be an artist, an album, a title or a genre ("play 周杰伦", "play 晴天")."""


@dataclass(frozen=True)
class Found:
    """The tracks a query found (queue order), and what they matched."""

    tracks: tuple[Track, ...]
    field: MatchField | None = None
    """What the best match was (None for an empty query: a shuffle of everything)."""
    name: str = ""
    """The library's spelling of what matched (周杰伦 for a heard 周杰轮)."""
    score: float = 0.0
    """0-100, 100 an exact match."""
    closest: tuple[str, ...] = ()
    """When nothing matched well enough: the nearest names, best first, to offer instead."""

    @property
    def ok(self) -> bool:
        return bool(self.tracks)


@dataclass(frozen=True)
class Playlist:
    """A playlist of the library (an ``.m3u`` / ``.m3u8`` file in its folders): its tracks in order."""

    name: str
    """The file's name without its suffix (``跑步.m3u8`` -> 跑步)."""
    tracks: tuple[Track, ...]


class PlayState(enum.StrEnum):
    PLAYING = "playing"
    PAUSED = "paused"
    STOPPED = "stopped"
    BUFFERING = "buffering"


@dataclass(frozen=True)
class NowPlaying:
    """A room's player as it last reported (``ting/media/<siteId>/state``)."""

    site_id: str
    state: PlayState
    title: str = ""
    artist: str = ""
    album: str = ""
    position_seconds: float = 0.0
    duration_seconds: float | None = None
    volume: int = 0
    """0-100."""
    is_stream: bool = False


class Media(Protocol):
    async def find(self, query: MediaQuery, *, limit: int = 50, shuffle: bool = False) -> Found:
        """Search the library (simplified/traditional Chinese, pinyin and misheard words forgiven)."""
        ...

    async def find_playlist(self, name: str) -> Playlist | None:
        """The library's playlist named by ``name`` (scripts, pinyin and misheard words forgiven), or None."""
        ...

    def station(self, name: str) -> Station | None:
        """The radio station best named by ``name`` (either language, fuzzily), or None."""
        ...

    def stations(self) -> Sequence[Station]: ...

    async def find_station(self, words: str | None = None, *, genre: str | None = None) -> Station | None:
        """A configured station named by ``words``; else, when the household turned the radio directory on
        (``[media.radio_browser]``), the directory's station by that name or tagged ``genre``; else None."""
        ...

    def player_sites(self) -> Sequence[str]:
        """Sites with a player (devices that reported a media state)."""
        ...

    def has_player(self, site_id: str) -> bool: ...

    async def play(
        self, site_id: str, tracks: Sequence[Track] = (), *, station: Station | None = None
    ) -> None:
        """Replace ``site_id``'s queue with ``tracks`` (or the ``station``) and start playing."""
        ...

    async def control(self, site_id: str, action: str) -> None:
        """``pause``, ``resume``, ``stop``, ``next`` or ``previous`` on ``site_id``'s player."""
        ...

    async def resume(self, site_id: str) -> bool:
        """Go on with what ``site_id`` played: a paused player resumes; one that was stopped, or restarted
        (the device or the server) and holds nothing, plays its last queue again from where it was (a live
        stream reconnects). False when there is nothing to resume."""
        ...

    async def set_volume(self, site_id: str, *, level: int | None = None, change: int | None = None) -> None:
        """Set the music volume to ``level`` (0-100) or move it by ``change`` points."""
        ...

    async def seek(self, site_id: str, position_seconds: float, *, relative: bool = False) -> None:
        """Move ``site_id``'s player to ``position_seconds`` in the item playing, or with ``relative`` by
        that many seconds (negative: back; never before the start). A live stream cannot seek."""
        ...

    def now_playing(self, site_id: str) -> NowPlaying | None:
        """What ``site_id`` last reported, or None when it never did."""
        ...


__all__ = [
    "Found",
    "MatchField",
    "Media",
    "MediaQuery",
    "NowPlaying",
    "PlayState",
    "Playlist",
    "Station",
    "Track",
]
