"""The server across broker restarts: every query a device got through is answered exactly once, and
the retained grammars are there again after a broker that lost them comes back."""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

from tests.conftest import mqtt_settings_for
from tests.server.conftest import make_settings
from ting.errors import NotConnectedError, UnconfirmedPublishError
from ting.hermes import NluIntentNotRecognized, NluQuery
from ting.mqtt.client import HermesClient
from ting.server.host import running_server

QUERIES_PER_SECOND = 20
SENTENCES = (("turn on the kitchen light", "en"), ("把客厅的灯打开", "zh"), ("I like turtles", "en"))


async def test_every_query_is_answered_once_across_a_broker_restart(
    persistent_mosquitto: Any, tmp_path: Path
) -> None:
    broker = persistent_mosquitto
    # The broker is down for a second; the device is back at once, the server about two seconds after
    # it went: the queries the device sends meanwhile wait in the server's session and arrive right
    # behind its CONNACK (the backlog).
    server_mqtt = mqtt_settings_for(broker.address, reconnect_min_seconds=2.0, reconnect_max_seconds=2.0)
    site = f"den-{uuid.uuid4().hex[:8]}"
    device = HermesClient(
        mqtt_settings_for(broker.address, reconnect_min_seconds=0.05, reconnect_max_seconds=0.1),
        site_id=site,
        role="device",
        subscriptions=["hermes/intent/#", NluIntentNotRecognized.TOPIC],
    )
    answers: Counter[str] = Counter()
    answered = asyncio.Event()
    accepted: list[str] = []
    backlog: list[str] = []
    unconfirmed: list[str] = []

    async def collect() -> None:
        async for _, payload in device.messages():
            query_id = json.loads(payload).get("id")
            if query_id is not None:
                answers[query_id] += 1
                answered.set()

    async def send(number: int, server: HermesClient) -> None:
        text, lang = SENTENCES[number % len(SENTENCES)]
        query = NluQuery(input=text, site_id=site, id=f"q{number}", session_id=uuid.uuid4().hex, lang=lang)
        try:
            await device.publish(query)
        except NotConnectedError:
            return  # the device could not send it (and would tell its user so)
        except UnconfirmedPublishError:
            unconfirmed.append(query.id or "")
            return
        accepted.append(query.id or "")
        if not server.publishable:
            backlog.append(query.id or "")

    async with running_server(make_settings(tmp_path, server_mqtt)) as running, device:
        server = running.state.client
        await asyncio.wait_for(server.wait_connected(10), 15)
        await asyncio.wait_for(device.wait_connected(10), 15)
        collector = asyncio.create_task(collect())
        sending: list[asyncio.Task[None]] = []
        for number in range(7 * QUERIES_PER_SECOND):
            if number == 2 * QUERIES_PER_SECOND:
                await asyncio.to_thread(broker.stop)  # SIGTERM: mosquitto saves its sessions and stops
            if number == 3 * QUERIES_PER_SECOND:
                await asyncio.to_thread(broker.start)
            sending.append(asyncio.create_task(send(number, server)))
            await asyncio.sleep(1 / QUERIES_PER_SECOND)
        await asyncio.gather(*sending)
        with contextlib.suppress(TimeoutError):  # the assertions below say which are missing
            async with asyncio.timeout(20):
                while not all(answers[query_id] for query_id in accepted):
                    answered.clear()
                    await answered.wait()
        await asyncio.sleep(0.5)  # a duplicate would come right behind
        collector.cancel()

    assert backlog, "no query waited in the server's session: the restart did not test the backlog"
    assert len(accepted) >= 5 * QUERIES_PER_SECOND
    assert [query_id for query_id in accepted if answers[query_id] != 1] == []
    assert [query_id for query_id in unconfirmed if answers[query_id] > 1] == []


async def first_grammar(device: HermesClient) -> dict[str, Any]:
    async for topic, payload in device.messages():
        if topic == "ting/nlu/grammar/en":
            return json.loads(payload)  # type: ignore[no-any-return]
    raise AssertionError("messages ended")


def grammar_listener(url: str) -> HermesClient:
    return HermesClient(
        mqtt_settings_for(url),
        site_id=f"device-{uuid.uuid4().hex[:8]}",
        role="device",
        subscriptions=["ting/nlu/grammar/#"],
    )


async def test_grammars_are_published_again_after_a_broker_restart_that_lost_them(
    restartable_mosquitto: Any, tmp_path: Path
) -> None:
    broker = restartable_mosquitto  # no persistence: a restart forgets every retained message
    settings = make_settings(tmp_path, mqtt_settings_for(broker.address))
    async with running_server(settings) as running:
        await asyncio.wait_for(running.state.client.wait_connected(10), 15)
        async with grammar_listener(broker.url) as before:
            await asyncio.wait_for(first_grammar(before), 30)  # published once the server is up
        await asyncio.to_thread(broker.stop)
        await asyncio.to_thread(broker.start)
        async with grammar_listener(broker.url) as after:
            announcement = await asyncio.wait_for(first_grammar(after), 30)
    assert announcement["lang"] == "en" and "public <command>" in announcement["jsgf"]
