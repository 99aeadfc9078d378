""" "Stop" / "停" said alone while music plays stops it: a real server and broker, the NLU reading the words
(``alarm.stop``, with ``music.stop`` only its alternative), and a device stood in for by an MQTT client that
publishes its player's state and keeps the control commands it gets."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from ting.messages import MediaAction, MediaControl, MediaItem, MediaState, PlayerStatus
from ting.mqtt.client import HermesClient
from ting.server.host import running_server
from ting.settings import MqttSettings

from ..server.conftest import make_settings
from .test_server_media import ask, wait_until


def status(server: Any, site_id: str) -> str | None:
    playing = server.state.media.now_playing(site_id)
    return None if playing is None else str(playing.state.value)


@pytest.fixture
async def server(tmp_path: Path, mqtt_settings: Callable[..., MqttSettings]) -> AsyncIterator[Any]:
    async with running_server(make_settings(tmp_path / "data", mqtt_settings())) as running:
        yield running


async def test_stop_alone_stops_the_music_of_the_room_and_is_ok_when_nothing_plays(
    server: Any, mqtt_settings: Callable[..., MqttSettings]
) -> None:
    controls: list[MediaControl] = []
    async with HermesClient(
        mqtt_settings(),
        site_id=f"den-{uuid.uuid4().hex[:6]}",
        role="client",
        subscriptions=(MediaControl.subscription(site_id="den"),),
    ) as den:
        await asyncio.wait_for(den.wait_connected(10), 15)

        async def collect() -> None:
            async for topic, payload in den.messages():
                controls.append(MediaControl.from_mqtt(topic, payload))

        task = asyncio.create_task(collect())
        try:
            song = MediaItem(url="http://x/1", title="So What", artist="Miles Davis", duration_seconds=500.0)
            for player_status, said, answer in (
                (PlayerStatus.PLAYING, "stop", "OK, the music is stopped."),
                (PlayerStatus.PAUSED, "停", "好的，音乐停了。"),
            ):
                state = MediaState(site_id="den", status=player_status, volume=50, item=song)
                await den.publish(state, retain=True)
                await wait_until(lambda s=state: status(server, "den") == s.status.value)
                asked = len(controls)
                reply = await ask(server, said, site_id="den")
                assert reply["ok"] and reply["text"] == answer
                await wait_until(lambda n=asked: len(controls) == n + 1)
                assert controls[-1].action is MediaAction.STOP
            stopped = MediaState(site_id="den", status=PlayerStatus.STOPPED, volume=50, item=song)
            await den.publish(stopped, retain=True)
            await wait_until(lambda: status(server, "den") == "stopped")
            assert (await ask(server, "stop", site_id="den"))["text"] == "OK."  # nothing to stop
            await asyncio.sleep(0.5)  # a stop sent now would have arrived (the ones above took less)
            assert len(controls) == 2
        finally:
            await den.publish_raw(MediaState.topic(site_id="den"), b"", retain=True)
            task.cancel()
