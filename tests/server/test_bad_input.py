"""Bad payloads get a clear error on hermes/error/... (or a log line) and lose nothing:
the server keeps serving afterwards."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from rhasspyhermes.nlu import NluQuery

from tests.server.conftest import Probe

BAD_QUERIES = [
    pytest.param(b"not json at all", "not JSON", id="not-json"),
    pytest.param(b"[1, 2, 3]", "expected a JSON object", id="json-array"),
    pytest.param(b'{"siteId": "kitchen"}', "input: required field is missing", id="missing-input"),
    pytest.param(b'{"input": 42}', "input: expected a string", id="wrong-type"),
    pytest.param(b'{"input": "\\ud800"}', "", id="lone-surrogate"),
    pytest.param(b"\xff\xfe\x00garbage", "not JSON", id="binary"),
]


async def _still_serving(probe: Probe) -> None:
    session = uuid.uuid4().hex
    await probe.publish(
        "hermes/nlu/query", NluQuery(input="what time is it", session_id=session, lang="en").payload()
    )
    say = await probe.wait_for("hermes/tts/say", lambda d: d.get("sessionId") == session)
    assert say["text"]


@pytest.mark.parametrize(("payload", "expected_error"), BAD_QUERIES)
async def test_bad_nlu_query_is_reported_on_hermes_error_nlu(
    server: Any, probe: Probe, payload: bytes, expected_error: str
) -> None:
    await probe.publish("hermes/nlu/query", payload)
    if expected_error:
        error = await probe.wait_for("hermes/error/nlu", lambda d: expected_error in d["error"])
        assert error["context"] == "hermes/nlu/query"
    await _still_serving(probe)


async def test_bad_intent_payloads_are_reported_on_the_dialogue_error_topic(
    server: Any, probe: Probe
) -> None:
    await probe.publish("hermes/intent/home.turn_on", b"{oops")
    await probe.wait_for(
        "hermes/error/dialogueManager", lambda d: d["context"] == "hermes/intent/home.turn_on"
    )
    wrong = {"input": "x", "intent": {"intentName": "home.turn_off", "confidenceScore": 1}}
    await probe.publish("hermes/intent/home.turn_on", json.dumps(wrong))
    await probe.wait_for("hermes/error/dialogueManager", lambda d: "published on" in d["error"])
    slots_not_list = {
        "input": "x",
        "intent": {"intentName": "home.turn_on", "confidenceScore": 1},
        "slots": 3,
    }
    await probe.publish("hermes/intent/home.turn_on", json.dumps(slots_not_list))
    await probe.wait_for("hermes/error/dialogueManager", lambda d: "slots" in d["error"])
    await _still_serving(probe)


async def test_intent_with_bad_slot_values_is_answered_not_crashed(server: Any, probe: Probe) -> None:
    session = uuid.uuid4().hex
    intent = {
        "input": "x",
        "intent": {"intentName": "home.set_brightness", "confidenceScore": 1},
        "sessionId": session,
        "lang": "en",
        "slots": [
            {"slotName": "brightness", "rawValue": "lots", "value": {"kind": "Number", "value": "lots"}},
            {"slotName": "device", "rawValue": "x", "value": {"kind": "Custom", "value": "no_such"}},
        ],
    }
    await probe.publish("hermes/intent/home.set_brightness", json.dumps(intent))
    say = await probe.wait_for("hermes/tts/say", lambda d: d.get("sessionId") == session)
    assert say["text"]
    await _still_serving(probe)


async def test_one_megabyte_payload_is_dropped(server: Any, probe: Probe) -> None:
    huge = json.dumps({"input": "turn on the tv " * 70_000}).encode()
    assert len(huge) > 1_000_000
    await probe.publish("hermes/nlu/query", huge)
    await _still_serving(probe)
    assert probe.on("hermes/intent/home.turn_on") == []
    assert server.state.client.dropped_messages >= 1


async def test_unknown_intent_is_left_to_other_hermes_skills_then_times_out(
    server_settings: Any, probe: Probe
) -> None:
    from dataclasses import replace

    from ting.server.host import running_server

    settings = replace(server_settings, server=replace(server_settings.server, session_timeout_seconds=0.5))
    async with running_server(settings) as running:
        await running.state.client.wait_connected(10)
        session = uuid.uuid4().hex
        unknown = {
            "input": "fly me to the moon",
            "intent": {"intentName": "space.fly", "confidenceScore": 1},
            "sessionId": session,
            "siteId": "study",
        }
        await probe.publish("hermes/intent/space.fly", json.dumps(unknown))
        ended = await probe.wait_for(
            "hermes/dialogueManager/sessionEnded", lambda d: d.get("sessionId") == session, timeout_seconds=15
        )
        assert ended["termination"]["reason"] == "timeout"
        assert [s for s in probe.on("hermes/tts/say") if s.get("sessionId") == session] == []


async def test_external_skill_answers_an_intent_ting_has_no_skill_for(server: Any, probe: Probe) -> None:
    session = uuid.uuid4().hex
    unknown = {
        "input": "order pizza",
        "intent": {"intentName": "food.order", "confidenceScore": 1},
        "sessionId": session,
        "siteId": "kitchen",
    }
    await probe.publish("hermes/intent/food.order", json.dumps(unknown))
    await probe.publish(
        "hermes/dialogueManager/endSession", json.dumps({"sessionId": session, "text": "Pizza!"})
    )
    say = await probe.wait_for("hermes/tts/say", lambda d: d.get("sessionId") == session)
    assert say["text"] == "Pizza!" and say["siteId"] == "kitchen"
    ended = await probe.wait_for(
        "hermes/dialogueManager/sessionEnded", lambda d: d.get("sessionId") == session
    )
    assert ended["termination"]["reason"] == "nominal"


async def test_hostile_retained_status_neither_stops_the_consumer_nor_a_restart(
    server_settings: Any, probe: Probe
) -> None:
    """5 KB of nested JSON on ting/status/<x>, retained, once raised RecursionError inside the consumer
    and ended it for good (every restart too). Now the message is dropped and the server serves."""
    from ting.server.host import running_server

    site = f"evil-{uuid.uuid4().hex[:6]}"
    nested = ("[" * 2500 + "]" * 2500).encode()
    await probe.client.publish_raw(f"ting/status/{site}", nested, retain=True)
    await probe.client.publish_raw(f"ting/status/{site}-2", b'{"siteId": 5}', retain=True)
    try:
        for _ in range(2):
            async with running_server(server_settings) as running:
                await running.state.client.wait_connected(10)
                await _still_serving(probe)
                await probe.publish(f"ting/status/{site}", nested)
                await _still_serving(probe)
                assert running.state.router.failures >= 2
    finally:
        for topic in (f"ting/status/{site}", f"ting/status/{site}-2"):
            await probe.client.publish_raw(topic, b"", retain=True)
