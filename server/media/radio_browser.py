"""The radio-browser.info directory (``[media.radio_browser]``, off by default): a station that is not
configured is looked up there by name, then by tag (a genre), preferring the household's countries.

Following the directory's own guidance: its servers are the addresses of one DNS name (reverse-resolved to
their names, asked over HTTPS in random order; or ``base_urls`` as configured), a request that fails is sent
to the next server, every request carries a descriptive User-Agent, and playing a station is announced
with ``/json/url/<stationuuid>`` (its click count), whose answer also names the stream to play. Answers
are cached in the store (``media.radio_browser``) for ``cache_seconds``, and a stale answer is used when no
server answers, so a station once found still plays when the directory is down.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import socket
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import quote, urlencode

import httpx

import ting
from ting.errors import TingError
from ting.server.store.base import Store
from ting.settings import RadioBrowserSettings
from ting.skills.sdk.media import Station
from ting.skills.sdk.media_index import GENRE_NAMES, normalize

_LOGGER = logging.getLogger(__name__)

CACHE_NAMESPACE = "media.radio_browser"
USER_AGENT = f"ting/{ting.__version__}"
MAX_RESPONSE_BYTES = 2 * 1024 * 1024
SEARCH_LIMIT = 20
STATION_ID_PREFIX = "rb:"
"""Directory stations' ids (``rb:<stationuuid>``), apart from the configured stations' ids."""

Resolver = Callable[[str], Awaitable[list[str]]]


class DirectoryError(TingError):
    """No directory server answered (or answered nonsense)."""


@dataclass(frozen=True)
class DirectoryStation:
    uuid: str
    name: str
    url: str
    tags: tuple[str, ...] = ()
    countrycode: str = ""
    clickcount: int = 0
    working: bool = True
    """The directory's last check of the stream succeeded (``lastcheckok``)."""

    def station(self) -> Station:
        return Station(id=STATION_ID_PREFIX + self.uuid, name_zh=self.name, name_en=self.name, url=self.url)

    @classmethod
    def parse(cls, data: Any) -> DirectoryStation | None:
        """One entry of a station list; None for an entry without a uuid, a name or an http(s) stream."""
        if not isinstance(data, Mapping):
            return None
        uuid, name = data.get("stationuuid"), data.get("name")
        url = next((u for u in (data.get("url_resolved"), data.get("url")) if _is_http(u)), None)
        if not isinstance(uuid, str) or not uuid or not isinstance(name, str) or not name.strip() or not url:
            return None
        tags = data.get("tags") if isinstance(data.get("tags"), str) else ""
        return cls(
            uuid=uuid,
            name=name.strip(),
            url=url,
            tags=tuple(t.strip().lower() for t in str(tags).split(",") if t.strip()),
            countrycode=str(data.get("countrycode") or "").upper(),
            clickcount=_int(data.get("clickcount")),
            working=_int(data.get("lastcheckok"), 1) == 1,
        )


class RadioBrowser:
    def __init__(
        self,
        settings: RadioBrowserSettings,
        store: Store,
        *,
        resolver: Resolver | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._settings = settings
        self._store = store
        self._resolve = resolver or dns_servers
        self._clock = clock
        self._servers: list[str] = []

    async def find(
        self, words: str | None = None, *, tag: str | None = None, countries: Sequence[str] = ()
    ) -> DirectoryStation | None:
        """The best working station named by ``words`` (as said, then without "radio" / "电台" words), else
        tagged ``tag``; the household's ``countries`` first, then the most played."""
        searches: list[dict[str, str]] = []
        for name in dict.fromkeys(w for w in (words, without_radio_words(words or "")) if w and w.strip()):
            searches.append({"name": name.strip()})
        for tagged in dict.fromkeys(t for t in (tag, genre_tag(words or "")) if t and t.strip()):
            searches += [{"tag": tagged.strip().lower(), "countrycode": c} for c in countries[:1]]
            searches.append({"tag": tagged.strip().lower()})
        for search in searches:
            stations = [s for s in await self.search(search) if s.working]
            if stations:
                return best(stations, search.get("name", ""), countries)
        return None

    async def search(self, search: Mapping[str, str]) -> list[DirectoryStation]:
        """``/json/stations/search`` (most clicked first, broken ones hidden), through the cache."""
        params = {**search, "order": "clickcount", "reverse": "true", "hidebroken": "true"}
        params["limit"] = str(SEARCH_LIMIT)
        key = "search?" + urlencode(sorted(params.items()))
        stored = await self._store.get(CACHE_NAMESPACE, key)
        cached: dict[str, Any] | None = stored if isinstance(stored, dict) else None
        if cached is not None and self._clock() - float(cached.get("time", 0)) < self._cache_seconds:
            return _stations(cached.get("stations"))
        try:
            answer = await self._get("/json/stations/search", params)
        except DirectoryError:
            if cached is not None:  # stale beats nothing while the directory is down
                _LOGGER.warning("radio directory unreachable; using its answer from before")
                return _stations(cached.get("stations"))
            raise
        if not isinstance(answer, list):
            raise DirectoryError("the radio directory's search answer is not a list")
        stations = [s for s in map(DirectoryStation.parse, answer) if s is not None]
        await self._store.put(
            CACHE_NAMESPACE, key, {"time": self._clock(), "stations": [asdict(s) for s in stations]}
        )
        return stations

    async def click(self, uuid: str) -> str | None:
        """Count a play (``/json/url/<uuid>``) and return the stream it names; None when the directory does
        not know the station any more or cannot be reached (the caller plays the URL it has)."""
        try:
            answer = await self._get(f"/json/url/{quote(uuid, safe='')}", {})
        except DirectoryError as error:
            _LOGGER.warning("station %s: click not counted: %s", uuid, error)
            return None
        if not isinstance(answer, Mapping) or answer.get("ok") not in (True, "true"):
            message = answer.get("message") if isinstance(answer, Mapping) else answer
            _LOGGER.warning("station %s: the directory says %s", uuid, message)
            return None
        url = answer.get("url")
        return url if _is_http(url) else None

    @property
    def _cache_seconds(self) -> float:
        return self._settings.cache_seconds

    async def _get(self, path: str, params: Mapping[str, str]) -> Any:
        servers = await self._server_list()
        problems: list[str] = []
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        async with httpx.AsyncClient(
            timeout=self._settings.timeout_seconds, headers=headers, follow_redirects=True
        ) as client:
            for server in servers:
                try:
                    return await _get_json(client, server + path, params)
                except DirectoryError as error:
                    problems.append(f"{server}: {error}")
                    _LOGGER.info("radio directory server failed, trying the next: %s", problems[-1])
        raise DirectoryError("no radio directory server answered (" + "; ".join(problems) + ")")

    async def _server_list(self) -> list[str]:
        if self._settings.base_urls:
            return [url.rstrip("/") for url in self._settings.base_urls]
        if not self._servers:
            try:
                names = await self._resolve(self._settings.servers_host)
            except OSError as error:
                raise DirectoryError(f"cannot list the radio directory's servers: {error}") from None
            self._servers = [f"https://{name}" for name in names]
            random.shuffle(self._servers)
        if not self._servers:
            raise DirectoryError(f"{self._settings.servers_host} names no server")
        return list(self._servers)


async def _get_json(client: httpx.AsyncClient, url: str, params: Mapping[str, str]) -> Any:
    try:
        async with client.stream("GET", url, params=dict(params)) as response:
            if response.status_code >= 400:
                raise DirectoryError(f"HTTP {response.status_code}")
            body = b""
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) > MAX_RESPONSE_BYTES:
                    raise DirectoryError(f"answer larger than {MAX_RESPONSE_BYTES} bytes")
    except httpx.HTTPError as error:
        raise DirectoryError(str(error) or type(error).__name__) from None
    try:
        return json.loads(body)
    except ValueError:
        raise DirectoryError("the answer is not JSON") from None


async def dns_servers(host: str) -> list[str]:
    """The directory's documented server list: the addresses of ``host``, each reverse-resolved to its
    name (an address without a name is left out: HTTPS needs the name)."""
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, 443, type=socket.SOCK_STREAM)
    names: list[str] = []
    for address in dict.fromkeys(str(info[4][0]) for info in infos):
        try:
            name, _port = await loop.getnameinfo((address, 443), socket.NI_NAMEREQD)
        except OSError:
            continue
        if name not in names:
            names.append(name)
    return names


def best(stations: Sequence[DirectoryStation], name: str, countries: Sequence[str]) -> DirectoryStation:
    """The station whose name is the one asked for, else the household's country first, then most played."""
    wanted = normalize(name)
    preferred = [code.upper() for code in countries]

    def rank(station: DirectoryStation) -> tuple[int, int, int]:
        exact = 0 if wanted and normalize(station.name) == wanted else 1
        country = preferred.index(station.countrycode) if station.countrycode in preferred else len(preferred)
        return exact, country, -station.clickcount

    return min(stations, key=rank)


RADIO_WORDS = ("广播电台", "电台", "广播", "收音机", "radio station", "station", "radio", "fm")


def without_radio_words(words: str) -> str:
    text = f" {words.lower()} "
    for word in RADIO_WORDS:
        text = text.replace(word if not word.isascii() else f" {word} ", " ")
    return " ".join(text.split())


def genre_tag(words: str) -> str | None:
    """The genre id (the directory's tag) that ``words`` name without their radio words: 爵士电台 → jazz."""
    key = normalize(without_radio_words(words))
    for genre, names in GENRE_NAMES.items():
        if key and key in {normalize(genre), *(normalize(name) for name in names)}:
            return genre
    return None


def _stations(stored: Any) -> list[DirectoryStation]:
    found = []
    for data in stored if isinstance(stored, list) else []:
        try:
            found.append(DirectoryStation(**{**data, "tags": tuple(data.get("tags", ()))}))
        except TypeError:  # a cache written by another version: asked again next time
            continue
    return found


def _is_http(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(("http://", "https://"))


def _int(value: Any, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
