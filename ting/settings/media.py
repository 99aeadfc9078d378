"""``[media]``: the music library, radio stations, and how devices play (docs/music.md)."""

from __future__ import annotations

from dataclasses import field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field
from pydantic.dataclasses import dataclass

from ting.settings.sections import STRICT, SiteIdSetting


@dataclass(frozen=True, config=STRICT)
class StationSettings:
    """One ``[[media.stations]]``: a radio station in both languages."""

    id: SiteIdSetting
    """Short and unique (``cnr1``); it names the station in URLs and state messages."""
    url: str
    """The stream, or an m3u/pls playlist naming it (resolved when it is played)."""
    name_zh: str = ""
    name_en: str = ""


@dataclass(frozen=True, config=STRICT)
class MpdSettings:
    """``[media.mpd]``: the MPD server a device plays through when ``media.player = "mpd"``."""

    host: str = "localhost"
    """A host name or address, or the path of MPD's Unix socket (``/run/mpd/socket``)."""
    port: Annotated[int, Field(ge=1, le=65535)] = 6600
    password: str | None = field(default=None, repr=False)
    timeout_seconds: Annotated[float, Field(gt=0.0)] = 5.0
    """One command (or connecting) may take this long before MPD counts as unreachable."""
    reconnect_seconds: Annotated[float, Field(gt=0.0)] = 2.0
    """MPD unreachable (restarting): tried again after this long, doubling up to 30 s, for ever."""


@dataclass(frozen=True, config=STRICT)
class RadioBrowserSettings:
    """``[media.radio_browser]``: the radio-browser.info directory, asked for a station that is not
    configured (docs/music.md)."""

    enabled: bool = False
    """Off by default: it is the one part of the music that asks a server outside the home."""
    base_urls: tuple[str, ...] = ()
    """Directory servers to ask, in this order (``https://<server>``); empty: the servers the directory's
    DNS name lists (``servers_host``), in random order. A server that fails is followed by the next."""
    servers_host: str = "all.api.radio-browser.info"
    """The DNS name whose addresses are the directory's servers (their reverse names are the URLs)."""
    timeout_seconds: Annotated[float, Field(gt=0.0)] = 5.0
    cache_seconds: Annotated[float, Field(ge=0.0)] = 7 * 24 * 3600.0
    """A search's answer is kept in the store this long (and used longer when the directory is down)."""
    countries: tuple[str, ...] = ()
    """ISO 3166-1 codes preferred (``CN``, ``GB``); empty: ``CN`` for a Chinese household, none else."""


@dataclass(frozen=True, config=STRICT)
class MediaSettings:
    # -- library (server/media) --
    library_folders: tuple[Path, ...] = ()
    """Folders scanned for mp3, flac, ogg/opus, m4a and wav files (subfolders included)."""
    rescan_interval_seconds: float = 3600.0
    """The library is rescanned (added, changed and removed files only) this often; 0: at start only."""
    min_match_score: Annotated[float, Field(ge=0.0, le=100.0)] = 75.0
    """How alike (0-100, rapidfuzz ratio on text and pinyin) a heard name must be to a library name."""
    public_base_url: str | None = None
    """How devices reach this server's HTTP port for music files (``http://192.168.1.10:8340``); None:
    ``http://<server.http_host>:<server.http_port>``."""
    url_secret: str | None = field(default=None, repr=False)
    """Signs file URLs (HMAC-SHA256); None: a random secret kept in the store."""
    url_ttl_seconds: float = 12 * 3600.0
    """A signed file URL works this long (a queue may play for hours)."""
    grammar_names_per_kind: Annotated[int, Field(ge=0)] = 200
    """How many artists, albums, titles and genres (each, most played first) the NLU and the devices'
    recognition grammar know by name; other names are still understood as the words said."""
    stations: tuple[StationSettings, ...] = ()
    radio_browser: RadioBrowserSettings = RadioBrowserSettings()
    # -- players (device/music) --
    player: Literal["ffmpeg", "mpd"] = "ffmpeg"
    """How this device plays: its own ffmpeg player, or the MPD server of ``[media.mpd]``."""
    mpd: MpdSettings = MpdSettings()
    volume: Annotated[int, Field(ge=0, le=100)] = 50
    """The music volume a device starts with the first time (0-100); after that the server gives a restarted
    device the level its room last had (docs/music.md)."""
    duck_db: Annotated[float, Field(le=0.0)] = -20.0
    """Music is lowered by this much while the device listens, thinks or speaks."""
    duck_fade_seconds: Annotated[float, Field(ge=0.0)] = 0.25
    stream_reconnect_seconds: Annotated[float, Field(gt=0.0)] = 2.0
    """A live stream that drops is reopened after this long (doubling, up to 30 s)."""
    local_folder: Path | None = None
    """A folder on the device itself: queue items naming a ``file:`` path (relative) are read from it."""
    output_rate_hz: int = 44_100
    output_channels: Annotated[int, Field(ge=1, le=2)] = 2
