"""Rhasspy satellites and LED tools with ting's dialogue manager, driven by rhasspy-hermes' own messages over
a real mosquitto: a satellite that does only wake word + ASR (+ TTS) gets understood and answered, with the
session's hotword/asr/dialogueManager messages in Rhasspy's order; a ting device (which understands by
itself) is not asked twice; sessions started by a Hermes skill listen after their question."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from rhasspyhermes.asr import AsrTextCaptured
from rhasspyhermes.dialogue import DialogueAction, DialogueContinueSession, DialogueStartSession
from rhasspyhermes.intent import Intent, Slot
from rhasspyhermes.nlu import NluIntent
from rhasspyhermes.tts import TtsSayFinished
from rhasspyhermes.wake import HotwordDetected

from tests.server.conftest import Probe
from ting.mqtt.client import HermesClient
from ting.settings import MqttSettings

SESSION_TOPICS = (
    "hermes/dialogueManager/sessionStarted",
    "hermes/hotword/toggleOff",
    "hermes/asr/startListening",
    "hermes/asr/stopListening",
    "hermes/hotword/toggleOn",
    "hermes/nlu/query",
    "hermes/tts/say",
    "hermes/dialogueManager/sessionEnded",
)


def _site() -> str:
    return f"sat-{uuid.uuid4().hex[:6]}"


def _at(site: str) -> Any:
    return lambda data: data.get("siteId") == site


def _has(session_id: str) -> Any:
    return lambda data: data.get("sessionId") == session_id


def _trace(probe: Probe, site: str) -> list[str]:
    """The session's messages for ``site``, in the order they arrived, as ``topic`` or ``topic:reason``."""
    import json

    steps = []
    for topic, payload in probe.seen:
        if topic in SESSION_TOPICS and json.loads(payload).get("siteId") == site:
            reason = json.loads(payload).get("reason")
            steps.append(
                f"{topic.split('/', 1)[1]}:{reason}" if reason is not None else topic.split("/", 1)[1]
            )
    return steps


async def _wake(
    probe: Probe, site: str, session_id: str | None = None, *, sender: HermesClient | None = None
) -> str:
    """The wake word heard on ``site`` (published by ``sender``, else the probe): the session's id."""
    before = {d["sessionId"] for d in probe.on("hermes/dialogueManager/sessionStarted")}
    detected = HotwordDetected(model_id="porcupine", site_id=site, session_id=session_id)
    await (sender or probe.client).publish_raw(
        HotwordDetected.topic(wakeword_id="porcupine"), detected.payload().encode()
    )
    started = await probe.wait_for(
        "hermes/dialogueManager/sessionStarted",
        lambda d: d["siteId"] == site and d["sessionId"] not in before,
    )
    listening = await probe.wait_for("hermes/asr/startListening", _has(started["sessionId"]))
    assert listening["siteId"] == site and listening["wakewordId"] == "porcupine"
    return str(started["sessionId"])


async def _captured(
    probe: Probe, site: str, session: str, text: str, *, sender: HermesClient | None = None
) -> None:
    captured = AsrTextCaptured(text=text, likelihood=0.9, seconds=1.2, site_id=site, session_id=session)
    await (sender or probe.client).publish_raw(AsrTextCaptured.topic(), captured.payload().encode())


async def test_a_satellite_doing_only_wake_and_asr_is_understood_and_answered(
    server: Any, probe: Probe
) -> None:
    site = _site()
    session = await _wake(probe, site)
    off = await probe.wait_for("hermes/hotword/toggleOff", _at(site))
    assert off["reason"] == "dialogueSession"

    await _captured(probe, site, session, "turn on the kitchen light")
    query = await probe.wait_for("hermes/nlu/query", _has(session))
    assert (query["input"], query["siteId"], query["wakewordId"]) == (
        "turn on the kitchen light",
        site,
        "porcupine",
    )
    await probe.wait_for("hermes/intent/home.turn_on", _has(session))
    say = await probe.wait_for("hermes/tts/say", _has(session))
    assert say["siteId"] == site and "kitchen light" in say["text"].lower()
    ended = await probe.wait_for("hermes/dialogueManager/sessionEnded", _has(session))
    assert ended["termination"]["reason"] == "nominal"
    assert (await server.state.device_states())["kitchen_light"]["on"] is True

    # The satellite speaks the answer; its wake word stays off (ttsSay) until it has said it.
    await probe.wait_for(
        "hermes/hotword/toggleOff", lambda d: d["siteId"] == site and d["reason"] == "ttsSay"
    )
    assert not [
        d for d in probe.on("hermes/hotword/toggleOn") if d["siteId"] == site and d["reason"] == "ttsSay"
    ]
    await probe.publish(TtsSayFinished.topic(), TtsSayFinished(id=say["id"], site_id=site).payload())
    await probe.wait_for("hermes/hotword/toggleOn", lambda d: d["siteId"] == site and d["reason"] == "ttsSay")

    assert _trace(probe, site) == [
        "dialogueManager/sessionStarted",
        "hotword/toggleOff:dialogueSession",
        "asr/startListening",
        "asr/stopListening",
        "hotword/toggleOn:dialogueSession",
        "nlu/query",
        "hotword/toggleOff:ttsSay",
        "tts/say",
        "dialogueManager/sessionEnded",
        "hotword/toggleOn:ttsSay",
    ]


async def test_a_new_wake_word_on_the_site_aborts_the_open_session(server: Any, probe: Probe) -> None:
    site = _site()
    first = await _wake(probe, site)
    second = await _wake(probe, site)
    assert second != first
    ended = await probe.wait_for("hermes/dialogueManager/sessionEnded", _has(first))
    assert ended["termination"]["reason"] == "abortedByUser"
    await probe.wait_for("hermes/asr/stopListening", _has(first))
    await _captured(probe, site, first, "turn on the tv")  # the aborted session's late transcript
    await _captured(probe, site, second, "what time is it")
    await probe.wait_for("hermes/tts/say", _has(second))
    assert [q for q in probe.on("hermes/nlu/query") if q["sessionId"] == first] == []


async def test_silence_after_a_wake_word_ends_the_session_without_an_apology(
    server: Any, probe: Probe
) -> None:
    site = _site()
    session = await _wake(probe, site)
    await _captured(probe, site, session, "")
    ended = await probe.wait_for("hermes/dialogueManager/sessionEnded", _has(session))
    assert ended["termination"]["reason"] == "intentNotRecognized"
    await probe.wait_for("hermes/hotword/toggleOn", _at(site))
    assert [s for s in probe.on("hermes/tts/say") if s["sessionId"] == session] == []


@pytest.fixture
async def ting_device(mqtt_settings: Any) -> AsyncIterator[HermesClient]:
    """A client that announces itself as a ting device (its retained status says role ``device``)."""
    settings: MqttSettings = mqtt_settings()
    async with HermesClient(settings, site_id=f"dev-{uuid.uuid4().hex[:6]}", role="device") as client:
        await client.wait_connected(10)
        yield client


async def test_a_ting_device_session_is_not_understood_twice(
    server: Any, probe: Probe, ting_device: HermesClient
) -> None:
    """A ting device publishes its transcript and then its own intent: the dialogue manager runs the session
    (for LED tools) but sends no nlu/query, so the skill runs once."""
    site, session = ting_device.site_id, uuid.uuid4().hex
    await _wake(probe, site, session, sender=ting_device)
    await _captured(probe, site, session, "set a timer for ten minutes", sender=ting_device)
    intent = NluIntent(
        input="set a timer for ten minutes",
        intent=Intent(intent_name="timer.set", confidence_score=1.0),
        slots=[
            Slot(
                entity="duration",
                slot_name="duration",
                value={"kind": "Duration", "value": 600},
                raw_value="ten minutes",
            )
        ],
        site_id=site,
        session_id=session,
        lang="en",
    )
    await ting_device.publish_raw(NluIntent.topic(intent_name="timer.set"), intent.payload().encode())
    await probe.wait_for("hermes/dialogueManager/sessionEnded", _has(session))
    await probe.wait_for("hermes/tts/say", _has(session))  # the skill's answer may come after sessionEnded
    await asyncio.sleep(0.5)  # a second say or intent, or a query, would have come meanwhile
    assert [q for q in probe.on("hermes/nlu/query") if q.get("sessionId") == session] == []
    assert len(probe.on("hermes/intent/timer.set")) == 1
    assert len([s for s in probe.on("hermes/tts/say") if s["sessionId"] == session]) == 1
    # The skill answers the device's intent beside the dialogue manager's handling of the transcript:
    # it may come out before or after the toggleOn, which a ting device does not need in any order.
    managed = [step for step in _trace(probe, site) if step != "tts/say"]
    assert managed == [
        "dialogueManager/sessionStarted",
        "hotword/toggleOff:dialogueSession",
        "asr/startListening",
        "asr/stopListening",
        "hotword/toggleOn:dialogueSession",
        "dialogueManager/sessionEnded",
    ]
    # a ting device does not wake while it speaks: no ttsSay toggles for it
    assert [t for t in _trace(probe, site) if t.endswith("ttsSay")] == []
    timers = await server.state.alarms.items(site_id=site)
    assert len(timers) == 1


async def test_a_skill_question_listens_after_it_was_said_and_hears_what_was_not_understood(
    server: Any, probe: Probe
) -> None:
    """startSession (action, sendIntentNotRecognized) on a satellite: the question is said, the satellite
    listens once it was (sayFinished); an answer not understood goes to the skill, which asks again."""
    site = _site()
    action = DialogueAction(
        can_be_enqueued=True,
        text="Which light?",
        intent_filter=["home.turn_on"],
        send_intent_not_recognized=True,
    )
    start = DialogueStartSession(init=action, site_id=site, custom_data="lights")
    await probe.publish(DialogueStartSession.topic(), start.payload())
    started = await probe.wait_for("hermes/dialogueManager/sessionStarted", _at(site))
    session = started["sessionId"]
    question = await probe.wait_for("hermes/tts/say", _has(session))
    await asyncio.sleep(0.3)
    early = [d for d in probe.on("hermes/asr/startListening") if d["siteId"] == site]
    assert early == [], "listening before the question was said"
    await probe.publish(TtsSayFinished.topic(), TtsSayFinished(id=question["id"], site_id=site).payload())
    listening = await probe.wait_for("hermes/asr/startListening", _has(session))
    assert listening["intentFilter"] == ["home.turn_on"]

    await _captured(probe, site, session, "I like turtles")
    await probe.wait_for("hermes/nlu/intentNotRecognized", _has(session))
    told = await probe.wait_for("hermes/dialogueManager/intentNotRecognized", _has(session))
    assert (told["input"], told["customData"], told["siteId"]) == ("I like turtles", "lights", site)
    await asyncio.sleep(0.3)
    assert [e for e in probe.on("hermes/dialogueManager/sessionEnded") if e["sessionId"] == session] == []
    assert [s["text"] for s in probe.on("hermes/tts/say") if s["sessionId"] == session] == ["Which light?"]

    again = DialogueContinueSession(
        session_id=session, text="Which light, please?", intent_filter=["home.turn_on"]
    )
    await probe.publish(DialogueContinueSession.topic(), again.payload())
    asked = await probe.wait_for("hermes/tts/say", lambda d: d.get("text") == "Which light, please?")
    await probe.publish(TtsSayFinished.topic(), TtsSayFinished(id=asked["id"], site_id=site).payload())
    async with asyncio.timeout(15):  # 2.5 s of polling was too short on a loaded machine
        while len([d for d in probe.on("hermes/asr/startListening") if d["sessionId"] == session]) < 2:  # noqa: ASYNC110
            await asyncio.sleep(0.05)
    assert len([d for d in probe.on("hermes/asr/startListening") if d["sessionId"] == session]) == 2
    await _captured(probe, site, session, "turn on the range hood")
    await probe.wait_for("hermes/intent/home.turn_on", _has(session))
    ended = await probe.wait_for("hermes/dialogueManager/sessionEnded", _has(session))
    assert ended["termination"]["reason"] == "nominal"
    assert (await server.state.device_states())["range_hood"]["on"] is True


async def test_without_send_intent_not_recognized_the_session_ends_with_an_apology(
    server: Any, probe: Probe
) -> None:
    site = _site()
    action = DialogueAction(can_be_enqueued=True, text=None, intent_filter=["home.turn_on"])
    await probe.publish(
        DialogueStartSession.topic(), DialogueStartSession(init=action, site_id=site).payload()
    )
    started = await probe.wait_for("hermes/dialogueManager/sessionStarted", _at(site))
    session = started["sessionId"]
    await probe.wait_for("hermes/asr/startListening", _has(session))  # nothing to say: listening at once
    await _captured(probe, site, session, "I like turtles")
    ended = await probe.wait_for("hermes/dialogueManager/sessionEnded", _has(session))
    assert ended["termination"]["reason"] == "intentNotRecognized"
    say = await probe.wait_for("hermes/tts/say", _has(session))
    assert "sorry" in say["text"].lower()
    assert [
        d for d in probe.on("hermes/dialogueManager/intentNotRecognized") if d["sessionId"] == session
    ] == []
