"""The server over a real mosquitto, driven by a Hermes client using rhasspy-hermes messages."""

from __future__ import annotations

import uuid
from typing import Any

from rhasspyhermes.dialogue import DialogueAction, DialogueNotification, DialogueStartSession
from rhasspyhermes.intent import Intent, Slot
from rhasspyhermes.nlu import NluIntent, NluQuery

from tests.server.conftest import Probe


def _session() -> str:
    return uuid.uuid4().hex


def _has(session_id: str) -> Any:
    return lambda data: data.get("sessionId") == session_id


async def _device_state(server: Any, device: str) -> dict[str, Any]:
    states: dict[str, dict[str, Any]] = await server.state.device_states()
    return states[device]


async def test_query_is_answered_with_the_intent_then_spoken(server: Any, probe: Probe) -> None:
    session = _session()
    query = NluQuery(
        input="turn on the kitchen light", site_id="kitchen", session_id=session, id="q1", lang="en"
    )
    await probe.publish(NluQuery.topic(), query.payload())

    intent = await probe.wait_for("hermes/intent/home.turn_on", _has(session))
    assert intent["id"] == "q1" and intent["siteId"] == "kitchen"
    assert {s["slotName"]: s["value"]["value"] for s in intent["slots"]} == {"device": "kitchen_light"}
    say = await probe.wait_for("hermes/tts/say", _has(session))
    assert say["siteId"] == "kitchen" and say["lang"] == "en"
    assert "kitchen light" in say["text"].lower()
    ended = await probe.wait_for("hermes/dialogueManager/sessionEnded", _has(session))
    assert ended["termination"]["reason"] == "nominal"
    assert (await _device_state(server, "kitchen_light"))["on"] is True


async def test_chinese_query_turns_on_the_living_room_light(server: Any, probe: Probe) -> None:
    session = _session()
    await probe.publish("hermes/nlu/query", NluQuery(input="把客厅的灯打开", session_id=session).payload())
    intent = await probe.wait_for("hermes/intent/home.turn_on", _has(session))
    assert intent["slots"][0]["value"]["value"] == "living_room_light"
    say = await probe.wait_for("hermes/tts/say", _has(session))
    assert "客厅" in say["text"] and say["siteId"] == "default"
    assert (await _device_state(server, "living_room_light"))["on"] is True


async def test_intent_published_by_a_device_gets_the_answer(server: Any, probe: Probe) -> None:
    session = _session()
    intent = NluIntent(
        input="卧室灯亮度调到百分之二十",
        intent=Intent(intent_name="home.set_brightness", confidence_score=1.0),
        slots=[
            Slot(
                entity="device",
                slot_name="device",
                value={"kind": "Custom", "value": "bedroom_light"},
                raw_value="卧室灯",
            ),
            Slot(
                entity="brightness",
                slot_name="brightness",
                value={"kind": "Number", "value": 20},
                raw_value="百分之二十",
            ),
        ],
        site_id="bedroom",
        session_id=session,
        lang="zh",
    )
    await probe.publish(NluIntent.topic(intent_name="home.set_brightness"), intent.payload())
    end = await probe.wait_for("hermes/dialogueManager/endSession", _has(session))
    say = await probe.wait_for("hermes/tts/say", _has(session))
    assert end["text"] == say["text"] and say["siteId"] == "bedroom" and say["lang"] == "zh"
    state = await _device_state(server, "bedroom_light")
    assert state["on"] is True and state["brightness_percent"] == 20


async def test_site_context_picks_the_room_of_the_device(server: Any, probe: Probe) -> None:
    session = _session()
    await probe.publish(
        "hermes/nlu/query",
        NluQuery(input="turn on the light", site_id="study", session_id=session, lang="en").payload(),
    )
    intent = await probe.wait_for("hermes/intent/home.turn_on", _has(session))
    slots = {s["slotName"]: s["value"]["value"] for s in intent["slots"]}
    assert slots.get("area") == "study"
    await probe.wait_for("hermes/tts/say", _has(session))
    assert (await _device_state(server, "desk_lamp"))["on"] is True


async def test_not_recognized_is_reported_and_apologized_for(server: Any, probe: Probe) -> None:
    session = _session()
    await probe.publish(
        "hermes/nlu/query",
        NluQuery(input="I like turtles very much", session_id=session, site_id="kitchen").payload(),
    )
    await probe.wait_for("hermes/nlu/intentNotRecognized", _has(session))
    say = await probe.wait_for("hermes/tts/say", _has(session))
    assert "sorry" in say["text"].lower()
    ended = await probe.wait_for("hermes/dialogueManager/sessionEnded", _has(session))
    assert ended["termination"]["reason"] == "intentNotRecognized"


async def test_start_session_notification_is_spoken(server: Any, probe: Probe) -> None:
    start = DialogueStartSession(
        init=DialogueNotification(text="饭做好了"), site_id="kitchen", custom_data="n1"
    )
    await probe.publish("hermes/dialogueManager/startSession", start.payload())
    started = await probe.wait_for(
        "hermes/dialogueManager/sessionStarted", lambda d: d.get("customData") == "n1"
    )
    say = await probe.wait_for("hermes/tts/say", _has(started["sessionId"]))
    assert say["text"] == "饭做好了" and say["siteId"] == "kitchen"
    await probe.wait_for("hermes/dialogueManager/sessionEnded", _has(started["sessionId"]))


async def test_action_session_accepts_only_its_intent_filter(server: Any, probe: Probe) -> None:
    start = DialogueStartSession(
        init=DialogueAction(can_be_enqueued=True, text="Which light?", intent_filter=["home.turn_on"]),
        site_id="kitchen",
        custom_data="a1",
    )
    await probe.publish("hermes/dialogueManager/startSession", start.payload())
    started = await probe.wait_for(
        "hermes/dialogueManager/sessionStarted", lambda d: d.get("customData") == "a1"
    )
    session = started["sessionId"]
    await probe.wait_for("hermes/tts/say", _has(session))
    query = NluQuery(input="what time is it", session_id=session, site_id="kitchen", lang="en")
    await probe.publish("hermes/nlu/query", query.payload())
    await probe.wait_for("hermes/nlu/intentNotRecognized", _has(session))
    ended = await probe.wait_for("hermes/dialogueManager/sessionEnded", _has(session))
    assert ended["termination"]["reason"] == "intentNotRecognized"
    assert probe.on("hermes/intent/system.time") == []


async def test_continued_session_takes_the_expected_intent(server: Any, probe: Probe) -> None:
    start = DialogueStartSession(
        init=DialogueAction(can_be_enqueued=True, text="Which light?", intent_filter=["home.turn_on"]),
        site_id="kitchen",
        custom_data="a2",
    )
    await probe.publish("hermes/dialogueManager/startSession", start.payload())
    started = await probe.wait_for(
        "hermes/dialogueManager/sessionStarted", lambda d: d.get("customData") == "a2"
    )
    session = started["sessionId"]
    query = NluQuery(input="turn on the range hood", session_id=session, site_id="kitchen", lang="en")
    await probe.publish("hermes/nlu/query", query.payload())
    await probe.wait_for("hermes/intent/home.turn_on", _has(session))
    ended = await probe.wait_for("hermes/dialogueManager/sessionEnded", _has(session))
    assert ended["termination"]["reason"] == "nominal"
    assert (await _device_state(server, "range_hood"))["on"] is True
