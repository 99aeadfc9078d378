"""The server's media end to end: a real server and broker, a library of real files, a device's player
stood in for by an MQTT client (it only publishes states), files fetched over HTTP with ranges."""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from ting.messages import MediaItem, MediaPlay, MediaState, PlayerStatus
from ting.mqtt.client import HermesClient
from ting.server.host import running_server
from ting.server.media.files import UrlSigner
from ting.settings import MediaSettings, MqttSettings, StationSettings

from ..server.conftest import make_settings
from .music_files import make_library


class Playlists(BaseHTTPRequestHandler):
    """A radio site: an m3u and a pls naming its stream."""

    def do_GET(self) -> None:
        port = self.server.server_address[1]
        bodies = {
            "/cnr1.m3u": f"#EXTM3U\n#EXTINF:-1,CNR\nhttp://127.0.0.1:{port}/cnr1.mp3\n",
            "/bbc.pls": f"[playlist]\nNumberOfEntries=1\nFile1=http://127.0.0.1:{port}/bbc.aac\n",
        }
        body = bodies.get(self.path)
        self.send_response(200 if body else 404)
        self.end_headers()
        self.wfile.write((body or "").encode())

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def radio_site() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Playlists)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture
async def server(
    tmp_path: Path, mqtt_settings: Callable[..., MqttSettings], radio_site: str
) -> AsyncIterator[Any]:
    make_library(tmp_path / "music")
    stations = (
        StationSettings(id="cnr1", url=f"{radio_site}/cnr1.m3u", name_zh="中国之声", name_en="China Radio"),
        StationSettings(
            id="bbc", url=f"{radio_site}/bbc.pls", name_zh="英国广播", name_en="BBC World Service"
        ),
    )
    settings = make_settings(tmp_path / "data", mqtt_settings())
    settings = replace(
        settings, media=MediaSettings(library_folders=(tmp_path / "music",), stations=stations)
    )
    async with running_server(settings) as running:
        await asyncio.wait_for(running.state.client.wait_connected(10), 15)
        await wait_until(lambda: len(running.state.media.library) == 6)
        yield running


async def wait_until(condition: Callable[[], bool], timeout_seconds: float = 20.0) -> None:
    async with asyncio.timeout(timeout_seconds):
        while not condition():  # noqa: ASYNC110 - state of the server's parts, which have no event for it
            await asyncio.sleep(0.05)


@pytest.fixture
async def kitchen(
    mqtt_settings: Callable[..., MqttSettings],
) -> AsyncIterator[tuple[HermesClient, list[MediaPlay]]]:
    """A player at ``kitchen``: publishes a retained stopped state, keeps the play commands it gets."""
    plays: list[MediaPlay] = []
    async with HermesClient(
        mqtt_settings(),
        site_id=f"kitchen-{uuid.uuid4().hex[:6]}",
        role="client",
        subscriptions=(MediaPlay.subscription(site_id="kitchen"),),
    ) as client:
        await asyncio.wait_for(client.wait_connected(10), 15)

        async def collect() -> None:
            async for topic, payload in client.messages():
                plays.append(MediaPlay.from_mqtt(topic, payload))

        task = asyncio.create_task(collect())
        await client.publish(
            MediaState(site_id="kitchen", status=PlayerStatus.STOPPED, volume=50), retain=True
        )
        yield client, plays
        await client.publish_raw(MediaState.topic(site_id="kitchen"), b"", retain=True)
        task.cancel()


async def ask(server: Any, text: str, site_id: str = "kitchen") -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}", timeout=10) as http:
        answer: dict[str, Any] = (
            await http.post("/api/text", json={"text": text, "site_id": site_id})
        ).json()
        return answer


def local(server: Any, url: str) -> str:
    """The signed URL against the port the test server really listens on (it was configured as port 0)."""
    parts = urlsplit(url)
    return f"http://127.0.0.1:{server.port}{parts.path}?{parts.query}"


async def test_a_spoken_request_plays_signed_files_on_the_asking_device(server: Any, kitchen: Any) -> None:
    _client, plays = kitchen
    await wait_until(lambda: server.state.media.has_player("kitchen"))
    answer = await ask(server, "播放周杰轮的晴天")
    assert answer["ok"] and answer["text"] == "正在播放周杰伦的晴天。"
    await wait_until(lambda: bool(plays))
    item = plays[0].items[0]
    assert (item.title, item.artist, item.album) == ("晴天", "周杰伦", "叶惠美")
    assert "/media/files/" in item.url and "signature=" in item.url
    record = server.state.media.library.record(item.id)
    whole = await asyncio.to_thread(Path(record.path).read_bytes)
    async with httpx.AsyncClient(timeout=10) as http:
        part = await http.get(local(server, item.url), headers={"Range": "bytes=10-109"})
        assert part.status_code == 206 and part.content == whole[10:110]
        assert part.headers["content-range"] == f"bytes 10-109/{len(whole)}"
        full = await http.get(local(server, item.url))
        assert full.status_code == 200 and full.content == whole
        tampered = local(server, item.url).replace("signature=", "signature=0")
        assert (await http.get(tampered)).status_code == 403
        other = local(server, item.url).replace(f"/media/files/{item.id}", "/media/files/0000000000000000")
        assert (await http.get(other)).status_code == 403
        unsigned = f"http://127.0.0.1:{server.port}/media/files/{item.id}"
        assert (await http.get(unsigned)).status_code == 403


async def test_radio_playlists_are_resolved_to_their_streams(
    server: Any, kitchen: Any, radio_site: str
) -> None:
    _client, plays = kitchen
    await wait_until(lambda: server.state.media.has_player("kitchen"))
    assert (await ask(server, "播放中国之声"))["text"] == "正在播放中国之声。"
    assert (await ask(server, "play BBC World Service radio"))["ok"]
    await wait_until(lambda: len(plays) == 2)
    assert [p.items[0].url for p in plays] == [f"{radio_site}/cnr1.mp3", f"{radio_site}/bbc.aac"]
    assert [p.items[0].kind for p in plays] == ["stream", "stream"]


async def test_what_is_playing_and_controls_follow_the_devices_state(server: Any, kitchen: Any) -> None:
    client, _plays = kitchen
    await wait_until(lambda: server.state.media.has_player("kitchen"))
    assert (await ask(server, "暂停"))["text"] == "现在没有在放音乐。"
    item = MediaItem(url="x", title="So What", artist="Miles Davis", duration_seconds=1.0)
    playing = MediaState(site_id="kitchen", status=PlayerStatus.PLAYING, volume=50, item=item)
    await client.publish(playing, retain=True)
    await wait_until(lambda: server.state.media.now_playing("kitchen").title == "So What")
    assert (await ask(server, "what's playing"))["text"] == "This is So What by Miles Davis."
    assert (await ask(server, "下一首"))["text"] == "下一首。"
    garage = await ask(server, "播放周杰伦的歌", site_id="garage")
    assert not garage["ok"] and "没有播放器" in garage["text"]


def test_signed_urls_expire_and_name_one_track() -> None:
    now = [1000.0]
    signer = UrlSigner(b"secret", base_url="http://s:1/", ttl_seconds=60, clock=lambda: now[0])
    query = dict(part.split("=") for part in urlsplit(signer.url("abc")).query.split("&"))
    assert signer.valid("abc", int(query["expires"]), query["signature"])
    assert not signer.valid("abd", int(query["expires"]), query["signature"])
    assert not signer.valid("abc", int(query["expires"]) + 1, query["signature"])
    now[0] += 61
    assert not signer.valid("abc", int(query["expires"]), query["signature"])
