"""The server's messages as the agent's conversation takes them (the probe plays the server): sessions that
end with or without an answer, an answer that never comes, a session continued without a question; grammar
announcements; the heartbeat. Real mosquitto, real TTS (espeak-ng into a RecordingSink)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path

from tests.device.agent_rig import Rig, spoken
from tests.device.test_agent import _connected
from tests.server.conftest import Probe
from ting.device.agent import State
from ting.hermes import (
    DialogueContinueSession,
    DialogueEndSession,
    DialogueSessionEnded,
    SessionTermination,
    SessionTerminationReason,
    TtsSay,
)
from ting.messages import DeviceHeartbeat
from ting.settings import MqttSettings

MakeRig = Callable[..., Rig]


async def _until(condition: Callable[[], bool], timeout_seconds: float = 10) -> None:
    async with asyncio.timeout(timeout_seconds):
        while not condition():  # noqa: ASYNC110 (changed by the agent's tasks)
            await asyncio.sleep(0.02)


async def _waiting(rig: Rig, probe: Probe, tmp_path: Path) -> str:
    """A command said and published; the agent waits for its answer. Returns the session id."""
    rig.say(spoken("what time is it", tmp_path), "what time is it")
    captured = await probe.wait_for("hermes/asr/textCaptured", lambda m: m["siteId"] == rig.agent.site_id, 15)
    await _until(lambda: rig.agent.state is State.WAITING)
    return str(captured["sessionId"])


def _ended(session_id: str, site: str) -> DialogueSessionEnded:
    nominal = SessionTermination(reason=SessionTerminationReason.NOMINAL)
    return DialogueSessionEnded(termination=nominal, session_id=session_id, site_id=site)


async def test_an_ended_session_with_text_waits_for_its_say_then_goes_idle(
    make_rig: MakeRig, mqtt_settings: Callable[..., MqttSettings], probe: Probe, tmp_path: Path
) -> None:
    rig = make_rig(mqtt_settings())
    site = rig.agent.site_id
    await _connected(rig)
    session_id = await _waiting(rig, probe, tmp_path)
    await probe.client.publish(DialogueEndSession(session_id=session_id, text="It is noon."))
    await asyncio.sleep(0.5)
    assert rig.agent.state is State.WAITING and "idle" not in rig.kinds()  # its say is still to come
    await probe.client.publish(TtsSay(text="It is noon.", site_id=site, session_id=session_id, id="noon"))
    idle = await rig.wait_event("idle")
    assert idle.detail == "session ended" and idle.session_id == session_id
    assert rig.kinds().index("said") < rig.kinds().index("idle")
    assert rig.agent.state is State.IDLE


async def test_a_session_ended_without_an_answer_goes_idle_at_once_other_sessions_change_nothing(
    make_rig: MakeRig, mqtt_settings: Callable[..., MqttSettings], probe: Probe, tmp_path: Path
) -> None:
    rig = make_rig(mqtt_settings())
    site = rig.agent.site_id
    await _connected(rig)
    session_id = await _waiting(rig, probe, tmp_path)
    await probe.client.publish(_ended("another-session", site))
    await asyncio.sleep(0.3)
    assert rig.agent.state is State.WAITING
    await probe.client.publish(_ended(session_id, site))
    idle = await rig.wait_event("idle")
    assert idle.detail == "session ended" and rig.agent.state is State.IDLE  # not the answer timeout's


async def test_an_answer_that_never_comes_ends_the_conversation_after_the_timeout(
    make_rig: MakeRig, mqtt_settings: Callable[..., MqttSettings], probe: Probe, tmp_path: Path
) -> None:
    rig = make_rig(mqtt_settings(), answer_timeout_seconds=5)
    await _connected(rig)
    await _waiting(rig, probe, tmp_path)
    published = [e for e in rig.events if e.kind in ("intent", "not_recognized")][-1]
    error = await rig.wait_event("error", timeout_seconds=30)
    assert error.detail == "no answer from the server"
    # after the timeout, not before; the loose upper bound only tells "after the wait" from "much later"
    assert 4.9 < error.monotonic - published.monotonic < 15
    assert rig.agent.state is State.IDLE


async def test_a_session_continued_without_text_listens_again_at_once(
    make_rig: MakeRig, mqtt_settings: Callable[..., MqttSettings], probe: Probe, tmp_path: Path
) -> None:
    rig = make_rig(mqtt_settings())
    await _connected(rig)
    session_id = await _waiting(rig, probe, tmp_path)
    await probe.client.publish(DialogueContinueSession(session_id=session_id, intent_filter=["system.time"]))
    listening = await rig.wait_event("listening", count=2)  # the answer timeout would make it idle instead
    assert listening.session_id == session_id and "say" not in rig.kinds()
    assert rig.agent.state is State.LISTENING


async def test_grammar_announcements_change_the_phrases_and_rebuild_once_per_new_grammar(
    make_rig: MakeRig, mqtt_settings: Callable[..., MqttSettings], probe: Probe
) -> None:
    rig = make_rig(mqtt_settings())
    await _connected(rig)

    async def handled(*payloads: bytes) -> None:
        """Published in order, then a bad one: once it is counted, the agent has handled all before it."""
        bad = rig.agent.bad_payloads
        for payload in (*payloads, b"[1, 2]"):
            await probe.publish("ting/nlu/grammar/fr", payload)
        await _until(lambda: rig.agent.bad_payloads == bad + 1, timeout_seconds=30)

    first = {"lang": "fr", "vosk": ["bonjour", "[unk]"]}  # no version: the content's hash stands for one
    await handled(json.dumps(first).encode())
    assert rig.nlu.phrases("fr") == ("bonjour", "[unk]")
    assert rig.nlu.rebuilds == 0  # the first one describes the skills the device was built from
    second = {"lang": "fr", "vosk": ["bonsoir"], "jsgf": "#JSGF V1.0;", "version": "2"}
    await handled(
        json.dumps(first, indent=2).encode(),  # the same grammar again: nothing changed
        b"",  # a retained grammar cleared: nothing to do, and not a bad payload
        json.dumps(second).encode(),
    )
    assert await asyncio.to_thread(rig.nlu.wait_settled, 120)  # the rebuild runs off the message loop
    assert rig.nlu.rebuilds == 1 and rig.agent.bad_payloads == 2
    assert rig.nlu.phrases("fr") == ("bonsoir",) and rig.nlu.jsgf("fr") == "#JSGF V1.0;"


async def test_the_heartbeat_is_the_documented_message(
    make_rig: MakeRig, mqtt_settings: Callable[..., MqttSettings], probe: Probe
) -> None:
    rig = make_rig(mqtt_settings())
    site = rig.agent.site_id
    await _connected(rig)
    raw = await probe.wait_for(f"ting/device/{site}/heartbeat")
    assert set(raw) == {"siteId", "state", "uptimeSeconds", "restarts", "time"}  # docs/configuration.md
    heartbeat = DeviceHeartbeat.from_dict(raw)
    assert heartbeat.site_id == site and heartbeat.state == "idle" and heartbeat.uptime_seconds >= 0
