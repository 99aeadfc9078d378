"""The device as a Hermes site: it honours hermes/hotword/toggleOff|On, hermes/asr/startListening|
stopListening and hermes/feedback/sound/toggleOff|On for its site (sent with rhasspy-hermes' classes, as
Rhasspy's dialogue manager and LED tools send them); with the real server a skill's question is listened for
without the wake word, and a session the device gives up is ended for the dialogue manager too."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rhasspyhermes.asr import AsrStartListening, AsrStopListening
from rhasspyhermes.dialogue import DialogueAction, DialogueStartSession
from rhasspyhermes.wake import HotwordToggleOff, HotwordToggleOn, HotwordToggleReason

from tests.device.agent_rig import MARKER, Rig, silence, spoken
from tests.device.test_agent import _connected
from tests.server.conftest import Probe
from tests.server.test_hermes_doc import documented_topics, hermes_filters
from ting.device.agent import State
from ting.device.earcons import Earcon, earcon_wav
from ting.settings import MqttSettings

MakeRig = Callable[[MqttSettings], Rig]
LISTENING_EARCON = earcon_wav(Earcon.LISTENING)


async def _send(probe: Probe, message: Any) -> None:
    """A rhasspy-hermes message, on its own topic."""
    await probe.publish(message.topic(), message.payload())


async def _handled(rig: Rig, probe: Probe) -> None:
    """Every message the probe sent so far has been handled by the agent: one consumer takes them in order,
    so once a bad payload sent after them is counted, they are done (a fixed sleep was short under load)."""
    bad = rig.agent.bad_payloads
    await probe.publish("hermes/feedback/sound/toggleOn", b"[1, 2]")
    async with asyncio.timeout(15):
        while rig.agent.bad_payloads == bad:  # noqa: ASYNC110 (counted by the agent's MQTT consumer)
            await asyncio.sleep(0.02)


def _hotwords(probe: Probe, site: str) -> list[dict[str, Any]]:
    return [m for m in probe.on("hermes/hotword/hey_ting/detected") if m["siteId"] == site]


async def _wake_and_go_idle(rig: Rig) -> None:
    """The wake phrase (if it is heard) and then silence, until listening gives up: idle again."""
    rig.source.feed(MARKER + silence(5.0))  # longer than the endpointer's no-speech timeout (4 s)
    await rig.source.drained()  # the wake phrase was heard (or not) long before; a fixed sleep was too short
    await rig.agent.wait_idle(10)
    assert rig.agent.state is State.IDLE


async def test_the_wake_word_is_off_while_a_toggle_off_for_the_site_holds(
    make_rig: MakeRig, mqtt_settings: Callable[..., MqttSettings], probe: Probe
) -> None:
    rig = make_rig(mqtt_settings())
    site = rig.agent.site_id
    await _connected(rig)
    await _send(probe, HotwordToggleOff(site_id=site, reason=HotwordToggleReason.DIALOGUE_SESSION))
    await _send(probe, HotwordToggleOff(site_id=site))  # a user's mute ("")
    await _send(probe, HotwordToggleOn(site_id="elsewhere"))
    await _send(probe, HotwordToggleOn(site_id=site, reason=HotwordToggleReason.DIALOGUE_SESSION))
    await _handled(rig, probe)
    await _wake_and_go_idle(rig)
    assert rig.wake.markers_seen == 0 and _hotwords(probe, site) == []

    await _send(probe, HotwordToggleOn(site_id=site))
    await _handled(rig, probe)
    rig.source.feed(MARKER + silence(0.3))
    await probe.wait_for("hermes/hotword/hey_ting/detected", lambda m: m["siteId"] == site, 10)
    assert rig.wake.markers_seen == 1


async def test_start_listening_opens_a_session_without_the_wake_word(
    make_rig: MakeRig, mqtt_settings: Callable[..., MqttSettings], probe: Probe, tmp_path: Path
) -> None:
    rig = make_rig(mqtt_settings())
    site = rig.agent.site_id
    await _connected(rig)
    await _send(probe, AsrStartListening(site_id="elsewhere", session_id="not-mine"))
    await _handled(rig, probe)
    assert rig.agent.state is State.IDLE
    session = uuid.uuid4().hex
    await _send(
        probe, AsrStartListening(site_id=site, session_id=session, lang="en", intent_filter=["home.turn_on"])
    )
    listening = await rig.wait_event("listening")
    assert listening.session_id == session and rig.agent.state is State.LISTENING
    rig.say(spoken("what time is it", tmp_path), "what time is it", wake=False)
    captured = await probe.wait_for("hermes/asr/textCaptured", lambda m: m["siteId"] == site, 15)
    assert (captured["sessionId"], captured["text"]) == (session, "what time is it")
    # the session's intent filter holds: the time is not what it listens for
    refused = await probe.wait_for("hermes/nlu/intentNotRecognized", lambda m: m["sessionId"] == session)
    assert refused["input"] == "what time is it"
    assert rig.wake.markers_seen == 0 and _hotwords(probe, site) == []


async def test_stop_listening_makes_what_was_heard_the_command(
    make_rig: MakeRig, mqtt_settings: Callable[..., MqttSettings], probe: Probe, tmp_path: Path
) -> None:
    rig = make_rig(mqtt_settings())
    site = rig.agent.site_id
    await _connected(rig)
    session = uuid.uuid4().hex
    await _send(probe, AsrStartListening(site_id=site, session_id=session, lang="en"))
    await rig.wait_event("listening")
    rig.recognizer.lines.append("what time is it")
    rig.source.feed(spoken("what time is it", tmp_path))  # no silence after it: the endpointer waits on
    await asyncio.sleep(1.5)
    assert rig.agent.state is State.LISTENING
    await _send(probe, AsrStopListening(site_id="elsewhere", session_id=session))
    await _send(probe, AsrStopListening(site_id=site, session_id="another"))
    await _handled(rig, probe)
    assert rig.agent.state is State.LISTENING
    await _send(probe, AsrStopListening(site_id=site, session_id=session))
    captured = await probe.wait_for("hermes/asr/textCaptured", lambda m: m["sessionId"] == session, 10)
    assert captured["text"] == "what time is it"
    await probe.wait_for("hermes/intent/system.time", lambda m: m["sessionId"] == session)


async def test_feedback_sounds_off_and_on_for_the_site(
    make_rig: MakeRig, mqtt_settings: Callable[..., MqttSettings], probe: Probe
) -> None:
    rig = make_rig(mqtt_settings())
    site = rig.agent.site_id
    await _connected(rig)
    await probe.publish("hermes/feedback/sound/toggleOff", f'{{"siteId": "{site}"}}')
    await probe.publish("hermes/feedback/sound/toggleOn", '{"siteId": "elsewhere"}')
    await _handled(rig, probe)
    await _wake_and_go_idle(rig)
    assert rig.wake.markers_seen == 1 and [p for p in rig.sink.played if p.wav == LISTENING_EARCON] == []

    await probe.publish("hermes/feedback/sound/toggleOn", f'{{"siteId": "{site}"}}')
    await _handled(rig, probe)
    rig.source.feed(MARKER + silence(0.3))
    await rig.sink.wait_played(1)
    assert rig.sink.played[0].wav == LISTENING_EARCON


async def test_nothing_said_ends_the_session_for_the_server_and_the_wake_word_comes_back(
    make_rig: MakeRig, mqtt_settings: Callable[..., MqttSettings], server: Any, probe: Probe
) -> None:
    """The server's dialogue manager switched the site's wake word off for the session; the device ends the
    session it gave up (endSession), so the wake word is on again at once, not after the 30 s timeout."""
    rig = make_rig(mqtt_settings())
    site = rig.agent.site_id
    await _connected(rig)
    rig.source.feed(MARKER + silence(5.0))  # longer than no_speech_timeout_seconds (4 s)
    hotword = await probe.wait_for("hermes/hotword/hey_ting/detected", lambda m: m["siteId"] == site, 10)
    session = hotword["sessionId"]
    off = await probe.wait_for("hermes/hotword/toggleOff", lambda m: m["siteId"] == site)
    assert off["reason"] == "dialogueSession"
    idle = await rig.wait_event("idle", timeout_seconds=15)
    assert idle.detail == "nothing said"
    await probe.wait_for("hermes/dialogueManager/endSession", lambda m: m["sessionId"] == session)
    ended = await probe.wait_for("hermes/dialogueManager/sessionEnded", lambda m: m["sessionId"] == session)
    assert ended["termination"]["reason"] == "nominal"
    await rig.wait_ready(probe)  # the server's toggleOn reached the agent too, not only the probe
    rig.source.feed(MARKER + silence(0.3))
    await rig.wait_event("wake", count=2)
    # the second detection reaches the probe through the broker a moment after the agent's own event
    await probe.wait_for(
        "hermes/hotword/hey_ting/detected", lambda m: m["siteId"] == site and m["sessionId"] != session, 10
    )
    assert len(_hotwords(probe, site)) == 2


async def test_a_hermes_skill_asks_a_ting_device_and_it_listens_for_the_answer(
    make_rig: MakeRig, mqtt_settings: Callable[..., MqttSettings], server: Any, probe: Probe, tmp_path: Path
) -> None:
    """startSession (action) on the device's site: the device speaks the question, the server asks it to
    listen once it was said (sayFinished), the device understands the answer, the NLU is not asked twice."""
    rig = make_rig(mqtt_settings())
    site = rig.agent.site_id
    await _connected(rig)
    action = DialogueAction(can_be_enqueued=True, text="Which light?", intent_filter=["home.turn_on"])
    await _send(probe, DialogueStartSession(init=action, site_id=site, custom_data="ask"))
    started = await probe.wait_for("hermes/dialogueManager/sessionStarted", lambda m: m["siteId"] == site)
    session = started["sessionId"]
    await probe.wait_for("hermes/tts/sayFinished", lambda m: m["sessionId"] == session, 15)
    listening = await rig.wait_event("listening")
    assert listening.session_id == session
    rig.say(spoken("turn on the kitchen light", tmp_path), "turn on the kitchen light", wake=False)
    intent = await probe.wait_for("hermes/intent/home.turn_on", lambda m: m["sessionId"] == session, 15)
    assert intent["siteId"] == site
    ended = await probe.wait_for(
        "hermes/dialogueManager/sessionEnded", lambda m: m["sessionId"] == session, 15
    )
    assert ended["termination"]["reason"] == "nominal"
    assert (await server.state.device_states())["kitchen_light"]["on"] is True
    assert [q for q in probe.on("hermes/nlu/query") if q.get("sessionId") == session] == []
    assert _hotwords(probe, site) == []


async def test_every_hermes_topic_the_device_subscribes_to_is_documented(
    make_rig: MakeRig, mqtt_settings: Callable[..., MqttSettings]
) -> None:
    rig = make_rig(mqtt_settings())
    await _connected(rig)
    subscribed = hermes_filters(rig.agent.subscriptions(), rig.agent.site_id)
    assert len(subscribed) >= 10
    assert subscribed - documented_topics("The device") == set()
