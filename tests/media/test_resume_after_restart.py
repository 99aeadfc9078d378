""" "Resume" after a restart: a real server (stopped and started again on the same store) and broker, a
library of real files, a radio site on loopback, and a device stood in for by an MQTT client that publishes
the states a player would (playing somewhere in the queue, then, restarted, stopped with nothing queued)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from ting.messages import MediaPlay, MediaState, PlayerStatus
from ting.mqtt.client import HermesClient
from ting.server.host import running_server
from ting.settings import MediaSettings, MqttSettings, Settings, StationSettings

from ..server.conftest import make_settings
from .music_files import make_library
from .test_server_media import ask, local, radio_site, wait_until

__all__ = ["radio_site"]  # the fixture, used here by name


@pytest.fixture
def settings(tmp_path: Path, mqtt_settings: Callable[..., MqttSettings], radio_site: str) -> Settings:
    make_library(tmp_path / "music")
    station = StationSettings(
        id="cnr1", url=f"{radio_site}/cnr1.m3u", name_zh="中国之声", name_en="China Radio"
    )
    made = make_settings(tmp_path / "data", mqtt_settings())
    return replace(made, media=MediaSettings(library_folders=(tmp_path / "music",), stations=(station,)))


class Device:
    """The kitchen's player as the server sees it: the states it publishes, the plays it is sent."""

    def __init__(self, client: HermesClient) -> None:
        self.client = client
        self.plays: list[MediaPlay] = []

    async def report(self, play: MediaPlay | None, status: PlayerStatus, index: int, position: float) -> None:
        item = play.items[index] if play is not None else None
        state = MediaState(
            site_id="kitchen",
            status=status,
            volume=50,
            item=item,
            index=index,
            queue_length=len(play.items) if play is not None else 0,
            position_seconds=position,
        )
        await self.client.publish(state, retain=True)


@pytest.fixture
async def device(mqtt_settings: Callable[..., MqttSettings]) -> AsyncIterator[Device]:
    async with HermesClient(
        mqtt_settings(),
        site_id=f"kitchen-{uuid.uuid4().hex[:6]}",
        role="client",
        subscriptions=(MediaPlay.subscription(site_id="kitchen"),),
    ) as client:
        await asyncio.wait_for(client.wait_connected(10), 15)
        kitchen = Device(client)

        async def collect() -> None:
            async for topic, payload in client.messages():
                kitchen.plays.append(MediaPlay.from_mqtt(topic, payload))

        task = asyncio.create_task(collect())
        await kitchen.report(None, PlayerStatus.STOPPED, 0, 0.0)
        yield kitchen
        await client.publish_raw(MediaState.topic(site_id="kitchen"), b"", retain=True)
        task.cancel()


async def test_resume_after_the_server_and_the_device_restart_goes_on_from_the_place(
    settings: Settings, device: Device
) -> None:
    async with running_server(settings) as server:
        await wait_until(lambda: len(server.state.media.library) == 6)
        await wait_until(lambda: server.state.media.has_player("kitchen"))
        assert (await ask(server, "继续播放"))["text"] == "没有可以继续播放的音乐。"  # nothing played yet
        assert (await ask(server, "播放周杰伦的歌"))["ok"]
        await wait_until(lambda: len(device.plays) == 1)
        queue = device.plays[0]
        assert len(queue.items) == 3 and queue.start_seconds == 0.0
        await device.report(queue, PlayerStatus.PLAYING, 1, 0.6)  # the second song, 0.6 s in
        saved = server.state.media.players.queues
        await wait_until(lambda: saved.get("kitchen") is not None and saved.get("kitchen").index == 1)
    # both restart: the device comes back stopped with nothing queued, the server with only its store
    await device.report(None, PlayerStatus.STOPPED, 0, 0.0)
    async with running_server(settings) as server:
        await wait_until(lambda: server.state.media.has_player("kitchen"))
        await wait_until(lambda: server.state.media.now_playing("kitchen").title == "")
        answer = await ask(server, "继续播放")
        assert answer["ok"] and answer["text"] == "继续播放。"
        await wait_until(lambda: len(device.plays) == 2)
        again = device.plays[1]
        assert [i.id for i in again.items] == [i.id for i in queue.items]
        assert again.start_index == 1 and again.start_seconds == pytest.approx(0.6)
        async with httpx.AsyncClient(timeout=10) as http:  # signed by this server, and served by it
            for item in again.items:
                assert (await http.get(local(server, item.url))).status_code == 200


async def test_resume_after_a_restart_reconnects_the_radio_and_a_finished_queue_is_not_resumed(
    settings: Settings, device: Device, radio_site: str
) -> None:
    async with running_server(settings) as server:
        await wait_until(lambda: len(server.state.media.library) == 6)
        await wait_until(lambda: server.state.media.has_player("kitchen"))
        assert (await ask(server, "播放中国之声"))["ok"]
        await wait_until(lambda: len(device.plays) == 1)
        radio = device.plays[0]
        await device.report(radio, PlayerStatus.PLAYING, 0, 3600.0)  # an hour of live radio
        await device.report(None, PlayerStatus.STOPPED, 0, 0.0)  # the device restarted
        await wait_until(lambda: server.state.media.now_playing("kitchen").title == "")
        assert (await ask(server, "resume"))["text"] == "Resuming."
        await wait_until(lambda: len(device.plays) == 2)
        live = device.plays[1]
        assert live.items[0].url == f"{radio_site}/cnr1.mp3" and live.items[0].kind == "stream"
        assert live.start_seconds == 0.0  # live, not an hour into it

        assert (await ask(server, "play So What"))["ok"]
        await wait_until(lambda: len(device.plays) == 3)
        song = device.plays[2]
        await device.report(song, PlayerStatus.PLAYING, 0, 0.95)
        await device.report(song, PlayerStatus.STOPPED, 0, 0.0)  # played to its end
        await wait_until(lambda: server.state.media.players.queues.get("kitchen") is None)
        assert (await ask(server, "resume"))["text"] == "There is nothing to resume."
        assert len(device.plays) == 3
