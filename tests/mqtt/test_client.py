"""HermesClient against a real mosquitto: round trips, status + last will, reconnects, limits."""

from __future__ import annotations

import asyncio
import socket
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from ting.errors import ConfigError, MqttError
from ting.hermes import NluIntent, NluQuery, TtsSay
from ting.hermes.nlu import Intent
from ting.messages import SiteState, SiteStatus
from ting.mqtt.client import HermesClient
from ting.settings import MqttSettings

TIMEOUT = 15.0
"""Waits for what must come (a connection, a message): generous, for a loaded 2-core CI machine."""
SettingsFactory = Callable[..., MqttSettings]


def unique(prefix: str) -> str:
    """Site ids are unique per test: the session broker keeps retained messages and sessions."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


async def next_message(messages: AsyncIterator[tuple[str, bytes]]) -> tuple[str, bytes]:
    return await asyncio.wait_for(anext(messages), TIMEOUT)


async def next_on(messages: AsyncIterator[tuple[str, bytes]], topic: str) -> bytes:
    """The payload of the next message on ``topic``, skipping others (such as status)."""
    while True:
        got_topic, payload = await next_message(messages)
        if got_topic == topic:
            return payload


async def connected(client: HermesClient) -> HermesClient:
    await asyncio.wait_for(client.wait_connected(TIMEOUT), TIMEOUT + 1)
    return client


def break_connection(client: HermesClient) -> None:
    """Kill the TCP connection without an MQTT DISCONNECT, as a power cut would.

    Reaches into aiomqtt/paho: there is no public way to break a connection.
    """
    paho_socket = client._client._client.socket()  # type: ignore[union-attr]
    assert isinstance(paho_socket, socket.socket)
    paho_socket.shutdown(socket.SHUT_RDWR)


async def test_round_trip_with_hermes_messages(mqtt_settings: SettingsFactory) -> None:
    site = unique("kitchen")
    settings = mqtt_settings()
    device = HermesClient(settings, site_id=site, role="device", subscriptions=[NluIntent.subscription()])
    server = HermesClient(settings, site_id=unique("server"), role="server", subscriptions=[NluQuery.TOPIC])
    async with device, server:
        await connected(device)
        await connected(server)
        query = NluQuery(input="turn on the light", site_id=site, session_id="s1", lang="en")
        await asyncio.wait_for(device.publish(query), TIMEOUT)
        topic, payload = await next_message(server.messages())
        assert NluQuery.from_mqtt(topic, payload) == query

        intent = NluIntent(
            input=query.input, intent=Intent("home.turn_on", 0.9), site_id=site, session_id="s1"
        )
        await asyncio.wait_for(server.publish(intent, qos=1), TIMEOUT)
        topic, payload = await next_message(device.messages())
        assert topic == "hermes/intent/home.turn_on"
        assert NluIntent.from_mqtt(topic, payload) == intent


async def test_online_on_connect_and_offline_on_orderly_close(mqtt_settings: SettingsFactory) -> None:
    site = unique("hall")
    status_topic = SiteStatus.topic(site_id=site)
    async with HermesClient(
        mqtt_settings(), site_id=unique("watcher"), role="test", subscriptions=[status_topic]
    ) as watcher:
        await connected(watcher)
        statuses = watcher.messages()
        async with HermesClient(mqtt_settings(), site_id=site, role="device") as device:
            await connected(device)
            online = SiteStatus.from_mqtt(status_topic, await next_on(statuses, status_topic))
            assert online == SiteStatus(site_id=site, state=SiteState.ONLINE, role="device")
        offline = SiteStatus.from_mqtt(status_topic, await next_on(statuses, status_topic))
        assert offline.state is SiteState.OFFLINE


async def test_last_will_is_retained_offline_when_the_connection_dies(mqtt_settings: SettingsFactory) -> None:
    site = unique("bedroom")
    status_topic = SiteStatus.topic(site_id=site)
    # A long reconnect delay keeps the device from coming straight back online.
    device = HermesClient(
        mqtt_settings(reconnect_min_seconds=30, reconnect_max_seconds=30), site_id=site, role="device"
    )
    async with device:
        await connected(device)
        break_connection(device)
        for _ in range(100):
            if not device.connected:
                break
            await asyncio.sleep(0.02)
        assert not device.connected

        # A client connecting afterwards sees the retained will.
        async with HermesClient(
            mqtt_settings(), site_id=unique("late"), role="test", subscriptions=[status_topic]
        ) as late:
            status = SiteStatus.from_mqtt(status_topic, await next_on(late.messages(), status_topic))
        assert status == SiteStatus(site_id=site, state=SiteState.OFFLINE, role="device")

        with pytest.raises(MqttError, match="not connected"):
            await asyncio.wait_for(device.publish(TtsSay(text="stale", site_id=site)), TIMEOUT)


async def test_reconnects_and_resubscribes_after_broker_restart(
    restartable_mosquitto: Any, mqtt_settings: SettingsFactory
) -> None:
    settings = mqtt_settings(url=restartable_mosquitto.url)
    site = unique("office")
    device = HermesClient(settings, site_id=site, role="device", subscriptions=[TtsSay.TOPIC])
    server = HermesClient(settings, site_id=unique("server"), role="server")
    async with device, server:
        await connected(device)
        await connected(server)
        restartable_mosquitto.stop()
        async with asyncio.timeout(TIMEOUT):
            while server.connected:  # noqa: ASYNC110 (a flag the client's connection task clears)
                await asyncio.sleep(0.02)

        # A command while disconnected fails at once instead of being replayed later ...
        with pytest.raises(MqttError, match="not connected"):
            await asyncio.wait_for(server.publish(TtsSay(text="stale", site_id=site)), 0.5)
        # ... while an answer may wait a little for the broker to come back.
        answer = asyncio.create_task(
            server.publish(TtsSay(text="answer", site_id=site), wait_connected_seconds=TIMEOUT)
        )
        await asyncio.sleep(0.2)
        restartable_mosquitto.start()
        await connected(device)
        await connected(server)
        await asyncio.wait_for(answer, TIMEOUT)

        await asyncio.wait_for(server.publish(TtsSay(text="after restart", site_id=site)), TIMEOUT)
        messages = device.messages()
        texts = [TtsSay.from_mqtt(*await next_message(messages)).text]
        if texts == ["answer"]:  # only if the server got back before the device re-subscribed
            texts.append(TtsSay.from_mqtt(*await next_message(messages)).text)
        assert texts[-1] == "after restart"
        assert "stale" not in texts


async def test_publish_waiting_for_puback_fails_promptly_when_the_connection_drops(
    restartable_mosquitto: Any, mqtt_settings: SettingsFactory
) -> None:
    settings = mqtt_settings(
        url=restartable_mosquitto.url, reconnect_min_seconds=30, reconnect_max_seconds=30
    )
    async with HermesClient(settings, site_id=unique("stuck"), role="server") as client:
        await connected(client)
        restartable_mosquitto.pause()
        publishing = asyncio.create_task(client.publish(TtsSay(text="no puback", site_id="x")))
        await asyncio.sleep(0.1)
        assert not publishing.done()
        break_connection(client)
        with pytest.raises(MqttError, match="connection lost"):
            await asyncio.wait_for(publishing, 5.0)  # well before aiomqtt's 10 s PUBACK timeout
        restartable_mosquitto.resume()


async def test_oversize_payload_is_dropped_and_the_next_message_arrives(
    mqtt_settings: SettingsFactory,
) -> None:
    topic = f"ting/test/{unique('big')}"
    receiver = HermesClient(
        mqtt_settings(max_payload_bytes=1000), site_id=unique("rx"), role="test", subscriptions=[topic]
    )
    sender = HermesClient(mqtt_settings(), site_id=unique("tx"), role="test")
    async with receiver, sender:
        await connected(receiver)
        await connected(sender)
        await asyncio.wait_for(sender.publish_raw(topic, b"x" * 1001), TIMEOUT)
        await asyncio.wait_for(sender.publish_raw(topic, b"y" * 1000), TIMEOUT)
        assert await next_message(receiver.messages()) == (topic, b"y" * 1000)
        assert receiver.dropped_messages == 1


async def test_messages_keep_order_under_a_burst(mqtt_settings: SettingsFactory) -> None:
    topic = f"ting/test/{unique('burst')}"
    receiver = HermesClient(mqtt_settings(), site_id=unique("rx"), role="test", subscriptions=[topic])
    sender = HermesClient(mqtt_settings(), site_id=unique("tx"), role="test")
    async with receiver, sender:
        await connected(receiver)
        await connected(sender)
        count = 500
        await asyncio.wait_for(
            asyncio.gather(*(sender.publish_raw(topic, str(i).encode()) for i in range(count))), TIMEOUT
        )
        messages = receiver.messages()
        received = [int((await next_message(messages))[1]) for _ in range(count)]
        assert sorted(received) == list(range(count))


async def test_messages_ends_after_close(mqtt_settings: SettingsFactory) -> None:
    client = HermesClient(mqtt_settings(), site_id=unique("closing"), role="test")
    async with client:
        await connected(client)
    assert [item async for item in client.messages()] == []
    assert not client.connected


async def test_unreachable_broker_times_out_with_mqtt_error(mqtt_settings: SettingsFactory) -> None:
    from ting.mqtt.broker import free_port

    settings = mqtt_settings(url=f"mqtt://127.0.0.1:{free_port()}")
    async with HermesClient(settings, site_id=unique("lonely"), role="test") as client:
        with pytest.raises(MqttError, match="could not connect"):
            await asyncio.wait_for(client.wait_connected(0.3), TIMEOUT)


def test_bad_url_fails_when_the_client_is_built() -> None:
    with pytest.raises(ConfigError, match="scheme"):
        HermesClient(MqttSettings(url="tcp://host:1883"), site_id="x", role="test")
