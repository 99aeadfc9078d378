# ruff: noqa: F811 (fixtures imported from the other module are parameters of the tests)
"""The radio directory through the real server: a station that is not configured is found in a fake
radio-browser on loopback, its click counted, and its stream sent to the asking room's player."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from ting.messages import MediaKind
from ting.server.host import running_server
from ting.settings import MediaSettings, MqttSettings, RadioBrowserSettings, StationSettings

from ..server.conftest import make_settings
from .fake_radio_browser import FakeRadioBrowser, FakeStation, running
from .test_server_media import ask, kitchen, wait_until  # noqa: F401 (the kitchen fixture)

STATIONS = [
    FakeStation("u-bbc4", "BBC Radio 4", "http://streams.test/bbc4", "news", "GB", clickcount=500),
    FakeStation("u-cnr1", "CNR-1 中国之声", "http://streams.test/cnr1", "news", "CN", clickcount=300),
    FakeStation("u-jazz-us", "Smooth Jazz US", "http://streams.test/jazzus", "jazz", "US", clickcount=800),
    FakeStation("u-jazz-cn", "Beijing Blue Note", "http://streams.test/jazzcn", "jazz", "CN", clickcount=10),
]


@pytest.fixture
def directory() -> Iterator[FakeRadioBrowser]:
    with running(FakeRadioBrowser([FakeStation(**vars(s)) for s in STATIONS])) as fake:
        yield fake


def server_with(tmp_path: Path, mqtt: MqttSettings, media: MediaSettings) -> Any:
    return running_server(replace(make_settings(tmp_path / "data", mqtt), media=media))


@pytest.fixture
async def server(
    tmp_path: Path, mqtt_settings: Callable[..., MqttSettings], directory: FakeRadioBrowser
) -> AsyncIterator[Any]:
    media = MediaSettings(
        stations=(StationSettings(id="local", url="http://streams.test/local", name_zh="本地台"),),
        radio_browser=RadioBrowserSettings(enabled=True, base_urls=(directory.url,)),
    )
    async with server_with(tmp_path, mqtt_settings(), media) as running_:
        await asyncio.wait_for(running_.state.client.wait_connected(10), 15)
        yield running_


async def test_stations_not_configured_come_from_the_directory(
    server: Any, kitchen: Any, directory: FakeRadioBrowser
) -> None:
    _client, plays = kitchen
    await wait_until(lambda: server.state.media.has_player("kitchen"))
    answer = await ask(server, "播放中国之声")
    assert answer["ok"] and answer["text"] == "正在播放CNR-1 中国之声。"
    assert (await ask(server, "play BBC Radio 4"))["text"] == "Playing BBC Radio 4."
    # a Chinese household: the jazz station of its country before the more played one abroad
    assert (await ask(server, "play some jazz radio"))["text"] == "Playing Beijing Blue Note."
    assert (await ask(server, "播放本地台"))["ok"]  # a configured station: the directory is not asked
    await wait_until(lambda: len(plays) == 4)
    urls = [p.items[0].url for p in plays]
    assert urls == [f"http://streams.test/{n}" for n in ("cnr1", "bbc4", "jazzcn", "local")]
    assert all(p.items[0].kind is MediaKind.STREAM for p in plays)
    assert [s.clickcount for s in directory.stations] == [501, 301, 800, 11]  # each play counted
    assert not any("本地台" in str(r.query) for r in directory.requests)


async def test_an_unknown_or_unreachable_directory_is_said(
    server: Any, kitchen: Any, directory: FakeRadioBrowser
) -> None:
    _client, plays = kitchen
    await wait_until(lambda: server.state.media.has_player("kitchen"))
    missing = await ask(server, "play Radio Nowhere")
    assert not missing["ok"] and missing["text"] == "I couldn't find a station called Radio Nowhere."
    directory.fail_status = 503
    down = await ask(server, "播放英国广播电台")
    assert not down["ok"] and down["text"] == "没有找到英国广播电台这个电台。"
    assert (await ask(server, "what time is it"))["ok"]  # the server goes on
    assert plays == []


async def test_the_directory_is_off_unless_turned_on(
    tmp_path: Path, mqtt_settings: Callable[..., MqttSettings], kitchen: Any, directory: FakeRadioBrowser
) -> None:
    async with server_with(tmp_path, mqtt_settings(), MediaSettings()) as off:
        await asyncio.wait_for(off.state.client.wait_connected(10), 15)
        await wait_until(lambda: off.state.media.has_player("kitchen"))
        answer = await ask(off, "play BBC Radio 4")
        assert not answer["ok"] and "BBC Radio 4" in answer["text"]
    assert directory.requests == []
