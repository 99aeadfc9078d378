"""The client under uvloop (what ``ting server`` runs on) notices a connection reset by the broker.

uvloop (libuv) treats a socket error (POLLERR, as after a TCP reset) as fatal for the socket's
watcher: it runs the reader once more and then drops it for good. When data and the reset arrive
together, that last read finds the data and not the reset, so nothing ever tells paho the
connection is gone: before, the server sat on a dead connection until the keepalive ran out, its
publishes timing out: after 5 of 12 broker restarts in bench/broker_restart.py.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import uvloop

from tests.mqtt.proxy import LossyProxy
from tests.mqtt.test_client import TIMEOUT, connected, next_message, unique
from tests.mqtt.test_reconnect import reconnected
from ting.mqtt.client import HermesClient
from ting.mqtt.url import BrokerAddress
from ting.settings import MqttSettings

SettingsFactory = Callable[..., MqttSettings]


async def test_a_reset_with_data_in_front_of_it_is_noticed_under_uvloop(
    mosquitto: BrokerAddress, mqtt_settings: SettingsFactory
) -> None:
    topic = f"ting/test/{unique('reset')}"

    async def scenario() -> list[bytes]:
        proxy = LossyProxy(mosquitto.port)
        await proxy.start()
        # keepalive 60 s: the keepalive must not be what notices the reset
        receiver = HermesClient(
            mqtt_settings(url=proxy.url, keepalive_seconds=60),
            site_id=unique("rx"),
            role="test",
            subscriptions=[topic],
        )
        sender = HermesClient(mqtt_settings(), site_id=unique("tx"), role="test")
        async with receiver, sender:
            await connected(receiver)
            await connected(sender)
            messages = receiver.messages()
            proxy.hold_to_clients = True
            # QoS 0 messages, so that paho has nothing to answer after reading one (it would write a
            # PUBACK, fail on the reset, and notice): the reset stays unread behind the others
            for number in range(3):
                await asyncio.wait_for(sender.publish_raw(topic, b"before %d" % number, qos=0), TIMEOUT)
            await asyncio.sleep(0.2)
            proxy.flush_and_reset()
            await reconnected(receiver)
            await asyncio.wait_for(sender.publish_raw(topic, b"after"), TIMEOUT)
            received = []
            while not received or received[-1] != b"after":
                received.append((await next_message(messages))[1])
        await proxy.close()
        return received

    received = await asyncio.to_thread(uvloop.run, scenario())
    assert received[-1] == b"after"
