"""Every topic the server subscribes to, fed hostile payloads (nested JSON, huge strings, bad UTF-8, wrong
types), live and retained: the consumer keeps running, /healthz stays ok, queries are still answered, and a
restart with the hostile messages retained serves too."""

from __future__ import annotations

import json
import random
import uuid
from typing import Any

import httpx

from tests.server.conftest import Probe
from ting.server.host import running_server
from ting.settings import Settings

NESTED = ("[" * 3000 + "]" * 3000).encode()
DEEP_OBJECT = ('{"a":' * 2000 + "1" + "}" * 2000).encode()


def payloads() -> list[bytes]:
    huge = json.dumps({"input": "开灯" * 120_000, "siteId": "x" * 10_000, "sessionId": "s"}).encode()
    wrong_types = [
        {"input": 5, "siteId": [], "sessionId": {}},
        {"input": None, "intent": "home.turn_on", "slots": "all"},
        {"siteId": "den\u0000", "input": "turn on the light", "sessionId": "s#+/"},
        {"state": 1, "role": ["device"]},
        {"intent": {"intentName": 7, "confidenceScore": "high"}, "input": "x"},
        {"init": {"type": "bogus"}, "siteId": "den"},
        {"sessionId": None, "text": 12, "intentFilter": [1, 2]},
    ]
    fixed = [
        b"", b"null", b"0", b'"a string"', b"[]", b"{}", NESTED, DEEP_OBJECT, huge,
        b"\xff\xfe\xfd not utf-8", b'{"input": "\\ud800"}', b"{" * 10_000, b"\x00" * 1000,
    ]  # fmt: skip
    rng = random.Random(7)
    noise = [bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400))) for _ in range(10)]
    return fixed + [json.dumps(item).encode() for item in wrong_types] + noise


def concrete(topic_filter: str) -> str:
    return topic_filter.replace("+", f"fuzz{uuid.uuid4().hex[:4]}").replace("#", "home.turn_on")


async def still_serving(probe: Probe, base: str) -> None:
    session = uuid.uuid4().hex
    query = {"input": "what time is it", "sessionId": session, "siteId": "fuzz-check", "lang": "en"}
    await probe.publish("hermes/nlu/query", json.dumps(query))
    await probe.wait_for(
        "hermes/intent/system.time", lambda d: d.get("sessionId") == session, timeout_seconds=10
    )
    async with httpx.AsyncClient(base_url=base, timeout=10) as http:
        health = await http.get("/healthz")
    assert health.status_code == 200 and health.json()["consumer"] is True, health.text


async def test_every_subscribed_topic_survives_hostile_payloads(server: Any, probe: Probe) -> None:
    base = f"http://127.0.0.1:{server.port}"
    topics = [concrete(topic) for topic in server.state.router.subscriptions()]
    assert "hermes/nlu/query" in topics and any(t.startswith("ting/status/") for t in topics)
    for topic in topics:
        for payload in payloads():
            await probe.publish(topic, payload)
    await still_serving(probe, base)
    assert server.state.router.failures > 0  # they were handled, and dropped one by one
    assert server.state.client.connected


async def test_hostile_retained_messages_on_every_topic_do_not_stop_a_restart(
    server_settings: Settings, probe: Probe
) -> None:
    retained: list[str] = []
    try:
        async with running_server(server_settings) as running:
            await running.state.client.wait_connected(10)
            topics = [concrete(topic) for topic in running.state.router.subscriptions()]
        hostile = (NESTED, DEEP_OBJECT, b"\xff\xfe", b'{"siteId": 5}')
        for index, topic in enumerate(topics):  # one retained message per topic, each kind on some topic
            await probe.client.publish_raw(topic, hostile[index % len(hostile)], retain=True)
            retained.append(topic)
        for _ in range(2):  # every start gets the retained messages first
            async with running_server(server_settings) as running:
                await running.state.client.wait_connected(10)
                await still_serving(probe, f"http://127.0.0.1:{running.port}")
    finally:
        for topic in retained:
            await probe.client.publish_raw(topic, b"", retain=True)
