"""The embedded amqtt broker: round trip, QoS 1, retained messages, last will, port helpers."""

from __future__ import annotations

import asyncio
import logging
import socket
import uuid

import aiomqtt
import pytest

from ting.errors import MqttError
from ting.hermes import TtsSay
from ting.messages import SiteState, SiteStatus
from ting.mqtt.broker import EmbeddedBroker, free_port, port_in_use, start_embedded_broker_if_needed
from ting.mqtt.client import HermesClient
from ting.settings import MqttSettings

TIMEOUT = 15.0
"""Waits for what must come: generous, for a loaded 2-core CI machine."""


def settings(url: str) -> MqttSettings:
    return MqttSettings(url=url, embedded_broker=False, reconnect_min_seconds=0.05, reconnect_max_seconds=0.5)


async def test_round_trip_qos1_and_retained() -> None:
    async with EmbeddedBroker("127.0.0.1", 0) as broker:
        assert broker.port > 0
        assert port_in_use("127.0.0.1", broker.port)
        device = HermesClient(
            settings(broker.url), site_id="kitchen", role="device", subscriptions=[TtsSay.TOPIC]
        )
        server = HermesClient(settings(broker.url), site_id="server", role="server")
        async with device, server:
            await asyncio.wait_for(device.wait_connected(TIMEOUT), TIMEOUT)
            await asyncio.wait_for(server.wait_connected(TIMEOUT), TIMEOUT)
            say = TtsSay(text="你好", site_id="kitchen")
            await asyncio.wait_for(server.publish(say, qos=1), TIMEOUT)
            await asyncio.wait_for(server.publish_raw("ting/test/retained", b"kept", retain=True), TIMEOUT)
            assert TtsSay.from_mqtt(*await asyncio.wait_for(anext(device.messages()), TIMEOUT)) == say

        # A subscriber arriving later gets the retained message and both retained statuses.
        async with aiomqtt.Client("127.0.0.1", broker.port, identifier="late") as late:
            await asyncio.wait_for(late.subscribe([("ting/test/retained", 1), ("ting/status/+", 1)]), TIMEOUT)
            seen = {}
            async with asyncio.timeout(TIMEOUT):
                async for message in late.messages:
                    assert message.retain
                    seen[message.topic.value] = message.payload
                    if len(seen) == 3:
                        break
        assert seen["ting/test/retained"] == b"kept"
        status = SiteStatus.from_mqtt("ting/status/kitchen", seen["ting/status/kitchen"])
        assert status.state is SiteState.OFFLINE  # closed in order: offline replaced online


async def test_qos1_delivery_to_a_persistent_session_while_offline() -> None:
    async with EmbeddedBroker("127.0.0.1", 0) as broker:
        topic = "ting/test/queued"
        async with aiomqtt.Client(
            "127.0.0.1", broker.port, identifier="sleepy", clean_session=False
        ) as sleepy:
            await asyncio.wait_for(sleepy.subscribe(topic, qos=1), TIMEOUT)
        async with aiomqtt.Client("127.0.0.1", broker.port, identifier="sender") as sender:
            await asyncio.wait_for(sender.publish(topic, b"while you were away", qos=1), TIMEOUT)
        async with aiomqtt.Client(
            "127.0.0.1", broker.port, identifier="sleepy", clean_session=False
        ) as sleepy:
            message = await asyncio.wait_for(anext(aiter(sleepy.messages)), TIMEOUT)
        assert message.payload == b"while you were away"
        assert message.qos == 1


async def test_last_will_on_abrupt_disconnect() -> None:
    async with EmbeddedBroker("127.0.0.1", 0) as broker:
        client_settings = MqttSettings(url=broker.url, reconnect_min_seconds=30, reconnect_max_seconds=30)
        async with (
            HermesClient(
                settings(broker.url), site_id="watcher", role="test", subscriptions=["ting/status/den"]
            ) as watcher,
            HermesClient(client_settings, site_id="den", role="device") as device,
        ):
            await asyncio.wait_for(watcher.wait_connected(TIMEOUT), TIMEOUT)
            await asyncio.wait_for(device.wait_connected(TIMEOUT), TIMEOUT)
            messages = watcher.messages()
            states = [SiteStatus.from_mqtt(*await asyncio.wait_for(anext(messages), TIMEOUT)).state]
            if states == [SiteState.OFFLINE]:  # a retained status from before the device connected
                states = [SiteStatus.from_mqtt(*await asyncio.wait_for(anext(messages), TIMEOUT)).state]
            assert states == [SiteState.ONLINE]
            paho_socket = device._client._client.socket()  # type: ignore[union-attr]
            assert isinstance(paho_socket, socket.socket)
            paho_socket.shutdown(socket.SHUT_RDWR)
            will = SiteStatus.from_mqtt(*await asyncio.wait_for(anext(messages), TIMEOUT))
            if will.state is SiteState.ONLINE:
                # amqtt may deliver the device's online status twice (retained copy + live) when the
                # watcher's subscription races the device's connect; the will still has to follow.
                will = SiteStatus.from_mqtt(*await asyncio.wait_for(anext(messages), TIMEOUT))
            assert will == SiteStatus(site_id="den", state=SiteState.OFFLINE, role="device")


async def test_quiet_logs_and_no_sys_topics(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="ting")
    async with (
        EmbeddedBroker("127.0.0.1", 0) as broker,
        aiomqtt.Client("127.0.0.1", broker.port, identifier=f"sys-{uuid.uuid4().hex[:6]}") as client,
    ):
        await asyncio.wait_for(client.subscribe("$SYS/#"), TIMEOUT)
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(anext(aiter(client.messages)), 0.3)
    assert not [r for r in caplog.records if r.name.startswith("amqtt") and r.levelno < logging.WARNING]


async def test_port_taken_is_an_mqtt_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(MqttError, match="cannot start the embedded MQTT broker"):
            await asyncio.wait_for(EmbeddedBroker("127.0.0.1", port).__aenter__(), TIMEOUT)


async def test_start_if_needed_only_when_nothing_listens() -> None:
    port = free_port()
    assert not port_in_use("127.0.0.1", port)
    url = f"mqtt://127.0.0.1:{port}"
    async with start_embedded_broker_if_needed(MqttSettings(url=url)) as first:
        assert first is not None and first.port == port
        async with start_embedded_broker_if_needed(MqttSettings(url=url)) as second:
            assert second is None  # one already listens
    async with start_embedded_broker_if_needed(MqttSettings(url=url, embedded_broker=False)) as disabled:
        assert disabled is None
    async with start_embedded_broker_if_needed(MqttSettings(url="mqtt://broker.example:1883")) as remote:
        assert remote is None
