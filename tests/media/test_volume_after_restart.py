"""A room's music volume survives a restart of its device (and of the server): a real server and broker,
a device stood in for by an MQTT client that publishes the states a player would and keeps the volume
commands it gets."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from ting.messages import MediaState, MediaVolume, PlayerStatus
from ting.mqtt.client import HermesClient
from ting.server.host import running_server
from ting.settings import MqttSettings

from ..server.conftest import make_settings
from .test_server_media import ask, wait_until


async def test_a_restarted_device_gets_the_volume_it_had(
    tmp_path: Path, mqtt_settings: Callable[..., MqttSettings]
) -> None:
    settings = make_settings(tmp_path / "data", mqtt_settings())
    volumes: list[MediaVolume] = []
    async with HermesClient(
        mqtt_settings(),
        site_id=f"den-{uuid.uuid4().hex[:6]}",
        role="client",
        subscriptions=("ting/media/den/#",),
    ) as den:
        await asyncio.wait_for(den.wait_connected(10), 15)

        async def collect() -> None:
            async for topic, payload in den.messages():
                if MediaVolume.is_topic(topic):
                    volumes.append(MediaVolume.from_mqtt(topic, payload))

        task = asyncio.create_task(collect())

        async def report(level: int, request_id: str | None = None) -> None:
            state = MediaState("den", PlayerStatus.STOPPED, level, request_id=request_id, time=time.time())
            await den.publish(state, retain=True)

        try:
            await report(50)  # started at media.volume
            async with running_server(settings) as server:
                await wait_until(lambda: server.state.media.has_player("den"))
                assert (await ask(server, "音量调到三十", site_id="den"))["ok"]
                await wait_until(lambda: len(volumes) == 1)
                assert volumes[0].level == 30
                await report(30, volumes[0].request_id)
                await wait_until(lambda: server.state.media.players.volumes.get("den") == 30)
            await report(50)  # the device restarted (at media.volume), and so does the server
            async with running_server(settings) as server:
                await wait_until(lambda: len(volumes) == 2)
                assert volumes[1].level == 30 and volumes[1].change is None
                await report(30, volumes[1].request_id)
                await report(70, "another client")  # a change made elsewhere is the room's level now
                await wait_until(lambda: server.state.media.players.volumes.get("den") == 70)
                await report(70)  # restarted at the level it had: nothing to give back
                await asyncio.sleep(0.5)  # a command sent now would have arrived (the ones above took less)
                assert len(volumes) == 2  # and the start state, delivered once per subscription, got one
        finally:
            await den.publish_raw(MediaState.topic(site_id="den"), b"", retain=True)
            task.cancel()
