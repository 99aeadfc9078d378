"""Fixtures for server tests: settings pointing at the session's mosquitto, a running server,
and a Hermes probe client that records what the server publishes."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from ting.mqtt.client import HermesClient
from ting.server.host import running_server
from ting.settings import MqttSettings, ServerSettings, Settings, StoreSettings

PROBE_TOPICS = ("hermes/#", "ting/#")


def make_settings(data_dir: Path, mqtt: MqttSettings, **server: Any) -> Settings:
    return Settings(
        mqtt=replace(mqtt, client_id=f"ting-test-server-{uuid.uuid4().hex[:8]}"),
        server=ServerSettings(**{"http_port": 0, "wake_training": False} | server),
        store=StoreSettings(data_dir=data_dir),
    )


@pytest.fixture
def server_settings(tmp_path: Path, mqtt_settings: Callable[..., MqttSettings]) -> Settings:
    return make_settings(tmp_path, mqtt_settings())


@pytest.fixture
async def server(server_settings: Settings) -> AsyncIterator[Any]:
    async with running_server(server_settings) as running:
        await asyncio.wait_for(running.state.client.wait_connected(10), 15)
        yield running


class Probe:
    """A Hermes client that keeps every message it sees, for assertions."""

    def __init__(self, client: HermesClient) -> None:
        self.client = client
        self.seen: list[tuple[str, bytes]] = []
        self._arrived = asyncio.Condition()

    async def collect(self) -> None:
        async for topic, payload in self.client.messages():
            async with self._arrived:
                self.seen.append((topic, payload))
                self._arrived.notify_all()

    async def publish(self, topic: str, payload: bytes | str) -> None:
        await self.client.publish_raw(topic, payload.encode() if isinstance(payload, str) else payload)

    async def wait_for(
        self,
        topic: str,
        where: Callable[[dict[str, Any]], bool] = lambda _: True,
        timeout_seconds: float = 15.0,
    ) -> dict[str, Any]:
        """The first JSON message on ``topic`` (seen before or after the call) that satisfies ``where``. The
        default wait is generous: on a loaded 2-core CI machine a server's answer can take seconds."""

        def find() -> dict[str, Any] | None:
            for seen_topic, payload in self.seen:
                if seen_topic == topic:
                    data = json.loads(payload)
                    if where(data):
                        return data  # type: ignore[no-any-return]
            return None

        async def wait() -> dict[str, Any]:
            async with self._arrived:
                while (found := find()) is None:
                    await self._arrived.wait()
                return found

        return await asyncio.wait_for(wait(), timeout_seconds)

    def on(self, topic: str) -> list[dict[str, Any]]:
        return [json.loads(p) for t, p in self.seen if t == topic]


@pytest.fixture
async def probe(mqtt_settings: Callable[..., MqttSettings]) -> AsyncIterator[Probe]:
    async with HermesClient(
        mqtt_settings(), site_id=f"probe-{uuid.uuid4().hex[:8]}", role="client", subscriptions=PROBE_TOPICS
    ) as client:
        await asyncio.wait_for(client.wait_connected(10), 15)
        probe = Probe(client)
        task = asyncio.create_task(probe.collect())
        await asyncio.sleep(0.1)  # let the subscription settle before the test publishes
        yield probe
        task.cancel()
