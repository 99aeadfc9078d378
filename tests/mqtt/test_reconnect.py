"""Across reconnects, against a real mosquitto: nothing handed over twice, answers held and sent,
on-connected hooks, and a client id used by two clients reported as such."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from tests.mqtt.proxy import LossyProxy
from tests.mqtt.test_client import TIMEOUT, connected, next_message, unique
from ting.errors import MqttError, NotConnectedError
from ting.hermes import TtsSay
from ting.mqtt.answers import AnswerPublisher
from ting.mqtt.client import HermesClient
from ting.mqtt.url import BrokerAddress
from ting.settings import MqttSettings

SettingsFactory = Callable[..., MqttSettings]


@pytest.fixture
async def proxy(mosquitto: BrokerAddress) -> AsyncIterator[LossyProxy]:
    proxy = LossyProxy(mosquitto.port)
    await proxy.start()
    yield proxy
    await proxy.close()


async def until(condition: Callable[[], bool], timeout_seconds: float = TIMEOUT) -> None:
    async with asyncio.timeout(timeout_seconds):
        while not condition():  # noqa: ASYNC110 (the conditions are plain counters and flags)
            await asyncio.sleep(0.01)


async def reconnected(client: HermesClient) -> None:
    """Wait for ``client`` to notice a cut connection and connect again."""
    await until(lambda: not client.publishable)
    await connected(client)


async def test_a_message_the_broker_sends_again_is_handed_over_once(
    proxy: LossyProxy, mqtt_settings: SettingsFactory
) -> None:
    topic = f"ting/test/{unique('redelivery')}"
    receiver = HermesClient(
        mqtt_settings(url=proxy.url), site_id=unique("rx"), role="test", subscriptions=[topic]
    )
    sender = HermesClient(mqtt_settings(), site_id=unique("tx"), role="test")
    async with receiver, sender:
        await connected(receiver)
        await connected(sender)
        messages = receiver.messages()
        proxy.drop_from_clients = True  # the receiver's PUBACK never reaches the broker ...
        await asyncio.wait_for(sender.publish_raw(topic, b"query"), TIMEOUT)
        assert await next_message(messages) == (topic, b"query")
        proxy.drop_from_clients = False
        proxy.cut()  # ... which sends it again, flagged DUP, when the receiver is back
        await reconnected(receiver)
        await asyncio.wait_for(sender.publish_raw(topic, b"next"), TIMEOUT)
        assert await next_message(messages) == (topic, b"next")
        assert receiver.redeliveries_dropped == 1


async def test_a_redelivery_to_a_client_that_never_saw_the_message_is_handed_over(
    proxy: LossyProxy, mqtt_settings: SettingsFactory
) -> None:
    topic = f"ting/test/{unique('restarted')}"
    client_id = unique("server")
    settings = mqtt_settings(url=proxy.url)
    sender = HermesClient(mqtt_settings(), site_id=unique("tx"), role="test")
    async with sender:
        await connected(sender)
        async with HermesClient(
            settings, site_id="a", role="test", client_id=client_id, subscriptions=[topic]
        ) as crashed:
            await connected(crashed)
            proxy.drop_from_clients = True
            await asyncio.wait_for(sender.publish_raw(topic, b"query"), TIMEOUT)
            assert await next_message(crashed.messages()) == (topic, b"query")
            proxy.cut()  # gone before its PUBACK got through, as a killed process would be
        proxy.drop_from_clients = False
        async with HermesClient(
            settings, site_id="a", role="test", client_id=client_id, subscriptions=[topic]
        ) as restarted:
            assert await next_message(restarted.messages()) == (topic, b"query")
            assert restarted.redeliveries_dropped == 0


async def test_an_answer_published_while_the_broker_is_away_is_sent_when_it_is_back(
    persistent_mosquitto: Any, mqtt_settings: SettingsFactory
) -> None:
    settings = mqtt_settings(url=persistent_mosquitto.url)
    site = unique("den")
    device = HermesClient(settings, site_id=site, role="device", subscriptions=[TtsSay.TOPIC])
    server = HermesClient(settings, site_id=unique("server"), role="server")
    answers = AnswerPublisher(server, hold_seconds=TIMEOUT, max_held=10)
    async with device, server:
        await connected(device)
        await connected(server)
        await asyncio.to_thread(persistent_mosquitto.stop)
        await until(lambda: not server.publishable)
        held = asyncio.create_task(answers.publish(TtsSay(text="held", site_id=site)))
        await until(lambda: answers.held == 1)
        assert not held.done()
        await asyncio.to_thread(persistent_mosquitto.start)
        await asyncio.wait_for(held, TIMEOUT)
        assert (answers.held, answers.dropped, answers.resent) == (0, 0, 0)
        # The device's session (kept on disk by the broker) had it queued.
        assert TtsSay.from_mqtt(*await next_message(device.messages())).text == "held"


async def test_answers_held_too_long_or_too_many_are_dropped_with_a_warning(
    restartable_mosquitto: Any, mqtt_settings: SettingsFactory, caplog: pytest.LogCaptureFixture
) -> None:
    settings = mqtt_settings(url=restartable_mosquitto.url)
    async with HermesClient(settings, site_id=unique("server"), role="server") as server:
        await connected(server)
        restartable_mosquitto.stop()
        await until(lambda: not server.publishable)
        # held 2 s: the second answer must come while the first still waits, on a loaded machine too
        answers = AnswerPublisher(server, hold_seconds=2.0, max_held=1)
        first = asyncio.create_task(answers.publish(TtsSay(text="late", site_id="x")))
        await until(lambda: answers.held == 1)
        with pytest.raises(MqttError, match="1 answers already wait"):
            await asyncio.wait_for(answers.publish(TtsSay(text="one too many", site_id="x")), 0.2)
        with pytest.raises(NotConnectedError, match="dropped: no connection for 2 s"):
            await asyncio.wait_for(first, TIMEOUT)
        assert (answers.held, answers.dropped) == (0, 2)
        warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
        assert any("answer on hermes/tts/say dropped: no connection" in w for w in warnings)
        assert any("1 answers already wait for the broker" in w for w in warnings)
        # Commands are still never held: the client itself fails at once.
        with pytest.raises(NotConnectedError, match="not connected"):
            await asyncio.wait_for(server.publish(TtsSay(text="command", site_id="x")), 0.2)


async def test_an_answer_whose_puback_was_lost_is_sent_again_after_the_reconnect(
    proxy: LossyProxy, mqtt_settings: SettingsFactory
) -> None:
    site = unique("hall")
    device = HermesClient(mqtt_settings(), site_id=site, role="device", subscriptions=[TtsSay.TOPIC])
    server = HermesClient(mqtt_settings(url=proxy.url), site_id=unique("server"), role="server")
    answers = AnswerPublisher(server, hold_seconds=TIMEOUT, max_held=10)
    async with device, server:
        await connected(device)
        await connected(server)
        texts = device.messages()
        proxy.drop_to_clients = True  # the broker gets the answer; its PUBACK never reaches the server
        sending = asyncio.create_task(answers.publish(TtsSay(text="answer", site_id=site)))
        assert TtsSay.from_mqtt(*await next_message(texts)).text == "answer"
        proxy.drop_to_clients = False
        proxy.cut()
        await asyncio.wait_for(sending, TIMEOUT)
        assert answers.resent == 1
        # At least once: the server cannot know that the first copy arrived (see ting.mqtt.answers).
        assert TtsSay.from_mqtt(*await next_message(texts)).text == "answer"


async def test_on_connected_hooks_run_after_every_connect(
    restartable_mosquitto: Any, mqtt_settings: SettingsFactory, caplog: pytest.LogCaptureFixture
) -> None:
    runs: list[bool] = []

    async def broken(client: HermesClient) -> None:
        raise RuntimeError("a bug in a hook")

    async def record(client: HermesClient) -> None:
        runs.append(client.connected)

    settings = mqtt_settings(url=restartable_mosquitto.url)
    async with HermesClient(
        settings, site_id=unique("hooked"), role="server", on_connected=[broken, record]
    ) as client:
        await connected(client)
        await until(lambda: len(runs) == 1)
        restartable_mosquitto.stop()
        await until(lambda: not client.publishable)
        restartable_mosquitto.start()
        await until(lambda: len(runs) == 2)
        assert runs == [True, True]  # subscribed and online by then
    failures = [r for r in caplog.records if "on-connected hook" in r.getMessage()]
    assert len(failures) == 2 and "a bug in a hook" in (failures[0].exc_text or "")
    assert not [r for r in caplog.records if "same client id" in r.getMessage()]


async def test_two_clients_with_one_client_id_are_reported_once_each(
    mqtt_settings: SettingsFactory, caplog: pytest.LogCaptureFixture
) -> None:
    shared = unique("twin")
    settings = mqtt_settings()
    first = HermesClient(settings, site_id=unique("a"), role="server", client_id=shared)
    second = HermesClient(settings, site_id=unique("b"), role="server", client_id=shared)
    async with first, second:
        await until(lambda: first.takeovers >= 6 and second.takeovers >= 6, timeout_seconds=30)
    reports = [r for r in caplog.records if "same client id" in r.getMessage()]
    assert len(reports) == 2
    for report in reports:
        assert report.levelno == logging.ERROR
        assert repr(shared) in report.getMessage()
        assert "set mqtt.client_id / server.server_id" in report.getMessage()


async def test_publishes_waiting_for_a_connection_fail_when_the_client_closes(
    mqtt_settings: SettingsFactory,
) -> None:
    from ting.mqtt.broker import free_port

    client = HermesClient(
        mqtt_settings(url=f"mqtt://127.0.0.1:{free_port()}"), site_id=unique("nowhere"), role="test"
    )
    async with client:
        waiting = asyncio.create_task(
            client.publish(TtsSay(text="never", site_id="x"), wait_connected_seconds=30)
        )
        await asyncio.sleep(0.1)
    with pytest.raises(NotConnectedError, match="not connected"):
        await asyncio.wait_for(waiting, 10.0)  # at the close, not after its 30 s wait


async def test_after_losing_a_stable_connection_reconnects_are_tried_quickly(
    restartable_mosquitto: Any, mqtt_settings: SettingsFactory
) -> None:
    from ting.mqtt.client import _QUICK_RETRY_SECONDS, _STABLE_SECONDS

    url = restartable_mosquitto.url
    settings = mqtt_settings(url=url, reconnect_min_seconds=0.05, reconnect_max_seconds=5)
    async with HermesClient(settings, site_id=unique("steady"), role="server") as client:
        await connected(client)
        await asyncio.sleep(_STABLE_SECONDS + 0.2)
        await asyncio.to_thread(restartable_mosquitto.stop)
        # Backing off from the first failure (0.05 s doubling, 0.8-1.2 jitter), the attempts would fall at
        # 2.5-3.8 s and then 5.1-7.6 s: none in the 1.2 s after the broker is back at 3.8 s. Quick retries
        # (every 0.05 s) connect within it even on a loaded machine (0.5 s after a 2 s outage was too tight).
        await asyncio.sleep(3.8)
        assert _QUICK_RETRY_SECONDS > 3.8 + 1.2
        await asyncio.to_thread(restartable_mosquitto.start)
        back = asyncio.get_running_loop().time()
        await connected(client)
        assert asyncio.get_running_loop().time() - back < 1.2
