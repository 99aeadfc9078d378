"""The radio-browser client against a fake directory on loopback (tests/media/fake_radio_browser.py) and a
real SQLite store: search by name, tag and country, click counting, the cache, failing servers."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from ting.server.media.radio_browser import (
    DirectoryError,
    RadioBrowser,
    dns_servers,
    genre_tag,
    without_radio_words,
)
from ting.server.store import SqliteStore
from ting.settings import RadioBrowserSettings

from .fake_radio_browser import FakeRadioBrowser, FakeStation, running

STATIONS = [
    FakeStation("u-bbc4", "BBC Radio 4", "http://streams.test/bbc4", "news,talk", "GB", clickcount=500),
    FakeStation("u-bbc4x", "BBC Radio 4 Extra", "http://streams.test/bbc4x", "drama", "GB", clickcount=900),
    FakeStation("u-cnr1", "CNR-1 中国之声", "http://streams.test/cnr1", "news", "CN", clickcount=300),
    FakeStation("u-cnr1-tw", "中国之声 (relay)", "http://streams.test/cnr1tw", "news", "TW", clickcount=50),
    FakeStation("u-jazz-us", "Smooth Jazz US", "http://streams.test/jazzus", "jazz,smooth jazz", "US", 800),
    FakeStation("u-jazz-cn", "Beijing Blue Note", "http://streams.test/jazzcn", "jazz", "CN", clickcount=10),
    FakeStation("u-dead", "Jazz Dead FM", "http://streams.test/dead", "jazz", "CN", 5000, lastcheckok=0),
]


@pytest.fixture
def fake() -> Iterator[FakeRadioBrowser]:
    with running(FakeRadioBrowser([FakeStation(**vars(s)) for s in STATIONS])) as server:
        yield server


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteStore]:
    store = SqliteStore(tmp_path / "ting.db")
    await store.open()
    yield store
    await store.close()


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def directory(store: SqliteStore, *urls: str, clock: Clock | None = None) -> RadioBrowser:
    settings = RadioBrowserSettings(enabled=True, base_urls=urls, cache_seconds=3600, timeout_seconds=10)
    return RadioBrowser(settings, store, clock=clock or Clock())


async def test_a_station_by_name_the_exact_name_first(fake: FakeRadioBrowser, store: SqliteStore) -> None:
    radio = directory(store, fake.url)
    found = await radio.find("bbc radio 4")
    assert found is not None and found.uuid == "u-bbc4"  # not the more clicked "BBC Radio 4 Extra"
    assert found.station().id == "rb:u-bbc4" and found.station().url == "http://streams.test/bbc4"
    search = fake.requests[0]
    assert search.path == "/json/stations/search" and search.user_agent.startswith("ting/")
    assert (search.query["name"], search.query["hidebroken"], search.query["order"]) == (
        "bbc radio 4",
        "true",
        "clickcount",
    )


async def test_chinese_names_prefer_the_households_country(
    fake: FakeRadioBrowser, store: SqliteStore
) -> None:
    radio = directory(store, fake.url)
    found = await radio.find("中国之声", countries=("CN",))
    assert found is not None and found.uuid == "u-cnr1"
    taiwan_first = await radio.find("中国之声", countries=("TW",))
    assert taiwan_first is not None and taiwan_first.uuid == "u-cnr1-tw"


async def test_a_genre_by_tag_in_the_country_first_then_anywhere(
    fake: FakeRadioBrowser, store: SqliteStore
) -> None:
    radio = directory(store, fake.url)
    chinese = await radio.find(tag="jazz", countries=("CN",))
    assert chinese is not None and chinese.uuid == "u-jazz-cn"  # the broken, more clicked one is hidden
    assert fake.requests[-1].query["countrycode"] == "CN"
    anywhere = await radio.find(tag="jazz", countries=("JP",))
    assert anywhere is not None and anywhere.uuid == "u-jazz-us"
    assert "countrycode" not in fake.requests[-1].query
    said = await radio.find("爵士电台", countries=("CN",))  # words naming a genre: searched as its tag
    assert said is not None and said.uuid == "u-jazz-cn"
    assert await radio.find("no such station anywhere") is None


async def test_playing_counts_a_click_and_names_the_stream(
    fake: FakeRadioBrowser, store: SqliteStore
) -> None:
    radio = directory(store, fake.url)
    assert await radio.click("u-cnr1") == "http://streams.test/cnr1"
    assert fake.stations[2].clickcount == 301
    assert fake.requests[-1].path == "/json/url/u-cnr1"
    assert await radio.click("u-unknown") is None  # the directory's ok: false


async def test_answers_are_cached_and_used_stale_when_the_directory_is_down(
    fake: FakeRadioBrowser, store: SqliteStore
) -> None:
    clock = Clock()
    radio = directory(store, fake.url, clock=clock)
    assert (await radio.find("BBC Radio 4")) is not None
    asked = len(fake.requests)
    again = directory(store, fake.url, clock=clock)  # a restarted server: the cache is in the store
    assert (await again.find("BBC Radio 4")) is not None and len(fake.requests) == asked
    clock.now += 7200  # past cache_seconds: asked again
    assert (await again.find("BBC Radio 4")) is not None and len(fake.requests) == asked + 1
    clock.now += 7200
    fake.fail_status = 503
    stale = await again.find("BBC Radio 4")
    assert stale is not None and stale.uuid == "u-bbc4" and len(fake.requests) == asked + 2
    with pytest.raises(DirectoryError, match="HTTP 503"):
        await again.find("never asked before")


async def test_a_failing_server_is_followed_by_the_next(store: SqliteStore) -> None:
    with (
        running(FakeRadioBrowser([], fail_status=503)) as down,
        running(FakeRadioBrowser([], broken_body=b"<html>oops")) as broken,
        running(FakeRadioBrowser([FakeStation(**vars(s)) for s in STATIONS])) as good,
    ):
        radio = directory(store, down.url, broken.url, good.url)
        found = await radio.find("BBC Radio 4")
        assert found is not None and found.uuid == "u-bbc4"
        assert (len(down.requests), len(broken.requests), len(good.requests)) == (1, 1, 1)
        good.broken_body = b'{"not": "a list"}'
        with pytest.raises(DirectoryError, match="not a list"):
            await radio.find("something else")
        entries = [
            {"name": "no uuid"},
            7,
            {"stationuuid": "x", "name": "ftp", "url": "ftp://x"},
            {"stationuuid": "ok", "name": "Fine FM", "url": "http://s/fine", "lastcheckok": 1},
        ]
        good.broken_body = json.dumps(entries).encode()  # the unusable entries are skipped
        fine = await radio.find("fine")
        assert fine is not None and (fine.uuid, fine.url) == ("ok", "http://s/fine")


async def test_nothing_listening_is_a_clear_error(store: SqliteStore) -> None:
    with running(FakeRadioBrowser([])) as gone:
        url = gone.url
    with pytest.raises(DirectoryError, match="no radio directory server answered"):
        await directory(store, url).find("BBC Radio 4")
    assert await directory(store, url).click("u-bbc4") is None


async def test_the_server_list_comes_from_dns_names() -> None:
    assert "localhost" in await dns_servers("localhost")


def test_radio_words_and_genres() -> None:
    assert without_radio_words("BBC Radio 4") == "bbc 4"
    assert without_radio_words("爵士电台") == "爵士"
    assert genre_tag("爵士电台") == "jazz" and genre_tag("jazz radio") == "jazz"
    assert genre_tag("BBC Radio 4") is None
