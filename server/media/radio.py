"""Radio stations: the configured ones (``[[media.stations]]``), found by either name; playlists resolved.

A station URL may name an m3u/m3u8 or pls playlist rather than the stream; ``resolve`` fetches it (small,
bounded) and returns the first stream it lists, so devices are handed a stream they can open.
"""

from __future__ import annotations

import configparser
import logging
from collections.abc import Sequence

import httpx

from ting.errors import TingError
from ting.settings import StationSettings
from ting.skills.sdk.media import Station
from ting.skills.sdk.media_index import normalize, pinyin_key

_LOGGER = logging.getLogger(__name__)

MAX_PLAYLIST_BYTES = 64 * 1024
PLAYLIST_SUFFIXES = (".m3u", ".m3u8", ".pls")
PLAYLIST_TYPES = ("audio/x-mpegurl", "audio/mpegurl", "application/vnd.apple.mpegurl", "audio/x-scpls")


class RadioError(TingError):
    """A playlist that cannot be fetched or names no stream."""


class Stations:
    def __init__(self, configured: Sequence[StationSettings]) -> None:
        self._stations = tuple(
            Station(id=s.id, name_zh=s.name_zh, name_en=s.name_en, url=s.url) for s in configured
        )
        self._keys: dict[str, Station] = {}
        for station in self._stations:
            for name in (station.id, station.name_zh, station.name_en):
                if name:
                    self._keys.setdefault(normalize(name), station)
                    self._keys.setdefault(pinyin_key(name), station)

    def all(self) -> Sequence[Station]:
        return self._stations

    def find(self, name: str) -> Station | None:
        """By id or either name, ignoring case, spaces, script and tones; "radio"/"电台" around it too."""
        for candidate in (name, _without_radio_words(name)):
            for key in (normalize(candidate), pinyin_key(candidate)):
                if key and key in self._keys:
                    return self._keys[key]
        return None


def _without_radio_words(name: str) -> str:
    text = name
    for word in ("广播电台", "电台", "广播", "radio station", "station", "radio", "the "):
        text = text.replace(word, " ")
    return text


def is_playlist(url: str) -> bool:
    return url.lower().split("?")[0].endswith(PLAYLIST_SUFFIXES)


async def resolve(url: str, client: httpx.AsyncClient) -> str:
    """The stream behind ``url``: ``url`` itself unless it is an m3u/pls playlist."""
    if not is_playlist(url):
        return url
    try:
        async with client.stream("GET", url) as response:
            response.raise_for_status()
            body = b""
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) > MAX_PLAYLIST_BYTES:
                    raise RadioError(f"playlist {url} is larger than {MAX_PLAYLIST_BYTES} bytes")
    except httpx.HTTPError as error:
        raise RadioError(f"playlist {url} could not be fetched: {error}") from None
    streams = parse_playlist(body.decode("utf-8", "replace"))
    if not streams:
        raise RadioError(f"playlist {url} names no stream")
    return streams[0]


def parse_playlist(text: str) -> list[str]:
    """The stream URLs of an m3u (one per line, ``#`` comments) or pls (``FileN=``) playlist."""
    if text.lstrip().lower().startswith("[playlist]"):
        parser = configparser.ConfigParser(interpolation=None, strict=False)
        try:
            parser.read_string(text)
        except configparser.Error:
            return []
        section = parser["playlist"] if parser.has_section("playlist") else {}
        numbered = sorted(
            (int(key[4:]), value.strip())
            for key, value in section.items()
            if key.lower().startswith("file") and key[4:].isdigit()
        )
        return [value for _, value in numbered if value.startswith(("http://", "https://"))]
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line.startswith(("http://", "https://"))]
