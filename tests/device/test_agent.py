"""The agent against a real mosquitto, the real server and real TTS (espeak-ng into a RecordingSink)."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Mosquitto, mqtt_settings_for
from tests.device.agent_rig import MARKER, Rig, silence, spoken
from tests.server.conftest import Probe
from ting.device.agent import State
from ting.device.earcons import Earcon, earcon_wav
from ting.device.tts import default_synthesizer
from ting.hermes import AudioPlayBytes, DialogueContinueSession, TtsSay
from ting.settings import MqttSettings

MakeRig = Callable[[MqttSettings], Rig]


async def _connected(rig: Rig) -> None:
    async with asyncio.timeout(10):
        while rig.agent._client is None:  # noqa: ASYNC110 (set as soon as run() starts)
            await asyncio.sleep(0.01)
        await rig.agent._client.wait_connected(10)
    await asyncio.sleep(0.1)


async def test_command_goes_out_as_hermes_and_the_answer_is_spoken(
    make_rig: MakeRig, mqtt_settings: Callable[..., MqttSettings], server: Any, probe: Probe, tmp_path: Path
) -> None:
    rig = make_rig(mqtt_settings())
    site = rig.agent.site_id
    await _connected(rig)
    rig.say(spoken("turn on the kitchen light", tmp_path), "turn on the kitchen light")

    hotword = await probe.wait_for("hermes/hotword/hey_ting/detected", lambda m: m["siteId"] == site, 15)
    session_id = hotword["sessionId"]
    captured = await probe.wait_for("hermes/asr/textCaptured", lambda m: m["siteId"] == site, 15)
    assert captured["text"] == "turn on the kitchen light" and captured["sessionId"] == session_id
    intent = await probe.wait_for("hermes/intent/home.turn_on", lambda m: m["siteId"] == site)
    assert intent["sessionId"] == session_id and intent["intent"]["intentName"] == "home.turn_on"
    assert {"slotName": "device"}.items() <= intent["slots"][0].items()
    say = await probe.wait_for("hermes/tts/say", lambda m: m["siteId"] == site)
    finished = await probe.wait_for("hermes/tts/sayFinished", lambda m: m["siteId"] == site, 15)
    assert finished["id"] == say["id"] and finished["sessionId"] == session_id
    answers = [p for p in rig.sink.played if p.wav not in {earcon_wav(e) for e in Earcon}]
    assert len(answers) == 1 and answers[0].seconds > 0.8  # "The kitchen light is on." in espeak-ng's voice
    assert rig.recognizer.heard_seconds[0] > 0.8  # the endpointer passed the whole command on
    await rig.wait_event("idle")
    assert rig.agent.state is State.IDLE
    heartbeat = await probe.wait_for(f"ting/device/{site}/heartbeat")
    assert heartbeat["siteId"] == site and "uptimeSeconds" in heartbeat


async def test_continue_session_reopens_the_microphone_without_the_wake_word(
    make_rig: MakeRig, mqtt_settings: Callable[..., MqttSettings], probe: Probe, tmp_path: Path
) -> None:
    # The probe plays the server here, so it can keep the session open.
    rig = make_rig(mqtt_settings())
    site = rig.agent.site_id
    await _connected(rig)
    rig.say(spoken("set a timer", tmp_path), "set a timer")
    captured = await probe.wait_for("hermes/asr/textCaptured", lambda m: m["siteId"] == site, 15)
    session_id = captured["sessionId"]
    await probe.client.publish(DialogueContinueSession(session_id=session_id, text="For how long?"))
    await probe.client.publish(TtsSay(text="For how long?", site_id=site, session_id=session_id, id="q1"))
    await probe.wait_for("hermes/tts/sayFinished", lambda m: m["id"] == "q1", 15)
    await rig.wait_event("listening", count=2)
    rig.say(spoken("ten minutes", tmp_path), "ten minutes", wake=False)
    second = await probe.wait_for("hermes/asr/textCaptured", lambda m: m["text"] == "ten minutes", 15)
    assert second["sessionId"] == session_id
    assert len(probe.on("hermes/hotword/hey_ting/detected")) == 1


async def test_say_for_another_site_is_ignored_and_play_bytes_is_played(
    make_rig: MakeRig, mqtt_settings: Callable[..., MqttSettings], probe: Probe
) -> None:
    rig = make_rig(mqtt_settings())
    site = rig.agent.site_id
    await _connected(rig)
    await probe.client.publish(TtsSay(text="not for you", site_id="elsewhere", id="other"))
    wav = earcon_wav(Earcon.DONE)
    await probe.client.publish(AudioPlayBytes(wav_bytes=wav, site_id=site, request_id="r1"))
    await probe.wait_for(f"hermes/audioServer/{site}/playFinished", lambda m: m["id"] == "r1")
    await probe.client.publish(TtsSay(text="for you", site_id=site, id="mine"))
    await probe.wait_for("hermes/tts/sayFinished", lambda m: m["id"] == "mine", 15)
    assert [p.wav == wav for p in rig.sink.played] == [True, False]
    assert not [m for m in probe.on("hermes/tts/sayFinished") if m["id"] == "other"]


async def test_bad_payloads_are_logged_and_the_loop_goes_on(
    make_rig: MakeRig, mqtt_settings: Callable[..., MqttSettings], probe: Probe
) -> None:
    rig = make_rig(mqtt_settings())
    site = rig.agent.site_id
    await _connected(rig)
    await probe.publish("hermes/tts/say", b"\xff not json")
    await probe.publish("hermes/tts/say", json.dumps({"siteId": site}))  # no text
    await probe.publish(f"hermes/audioServer/{site}/playBytes/x", b"not a wav")
    await probe.publish("hermes/dialogueManager/continueSession", "[]")
    await probe.publish("ting/nlu/grammar/en", "[1, 2]")
    await probe.client.publish(TtsSay(text="still here", site_id=site, id="ok"))
    await probe.wait_for("hermes/tts/sayFinished", lambda m: m["id"] == "ok", 15)
    assert rig.agent.bad_payloads == 5


async def test_no_self_wake_while_speaking(
    make_rig: MakeRig, mqtt_settings: Callable[..., MqttSettings], probe: Probe
) -> None:
    rig = make_rig(mqtt_settings())
    site = rig.agent.site_id
    await _connected(rig)
    await probe.client.publish(
        TtsSay(text="hey ting, this is a long answer that must not wake me up", site_id=site, id="long")
    )
    await rig.sink.wait_played(1)
    rig.source.feed(MARKER + silence(0.3) + MARKER)  # the speaker's own "hey ting" heard by the mic
    await probe.wait_for("hermes/tts/sayFinished", lambda m: m["id"] == "long", 20)
    await asyncio.sleep(0.3)
    assert rig.wake.markers_seen == 0
    assert not probe.on("hermes/hotword/hey_ting/detected")


async def test_broker_killed_and_restarted_no_stale_command(
    make_rig: MakeRig, restartable_mosquitto: Mosquitto, tmp_path: Path
) -> None:
    rig = make_rig(mqtt_settings_for(restartable_mosquitto.address))
    await _connected(rig)
    restartable_mosquitto.stop()
    rig.say(spoken("turn on the kitchen light", tmp_path), "turn on the kitchen light")
    error = await rig.wait_event("error")
    assert "broker unreachable" in error.detail
    played = await rig.sink.wait_played(2)
    assert played[0].wav == earcon_wav(Earcon.ERROR)  # then the spoken "cannot reach the home server"
    restartable_mosquitto.start()
    from ting.mqtt.client import HermesClient

    async with HermesClient(
        mqtt_settings_for(restartable_mosquitto.address),
        site_id=f"probe-{uuid.uuid4().hex[:6]}",
        role="client",
        subscriptions=("hermes/#",),
    ) as client:
        await client.wait_connected(10)
        probe = Probe(client)
        collecting = asyncio.create_task(probe.collect())
        await _connected(rig)
        await asyncio.sleep(0.5)
        assert not probe.on("hermes/intent/home.turn_on")  # nothing replayed after the reconnect
        await rig.agent.wait_idle(10)
        rig.say(spoken("turn on the kitchen light", tmp_path), "turn on the kitchen light")
        await probe.wait_for("hermes/intent/home.turn_on", lambda m: m["siteId"] == rig.agent.site_id, 15)
        collecting.cancel()
    assert len(probe.on("hermes/intent/home.turn_on")) == 1


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_synthesizer_speaks_both_languages(lang: str) -> None:
    text = {"en": "The kitchen light is on.", "zh": "好的，客厅灯已打开。"}[lang]
    wav = default_synthesizer().synthesize(text, lang)
    assert wav[:4] == b"RIFF" and len(wav) > 20_000


async def test_a_command_that_ends_with_the_input_is_recognized_at_once(
    make_rig: MakeRig, mqtt_settings: Callable[..., MqttSettings], server: Any, probe: Probe, tmp_path: Path
) -> None:
    # A WAV file that ends right after the command: no silence follows for the endpointer, the end of the
    # input is the end of speech (before, the agent listened on, and stopped without an intent).
    rig = make_rig(mqtt_settings())
    site = rig.agent.site_id
    await _connected(rig)
    rig.recognizer.lines.append("turn on the kitchen light")
    command = spoken("turn on the kitchen light", tmp_path)
    rig.source.feed(MARKER + silence(0.2) + command[: len(command) - 3200])  # its last 0.1 s cut off
    rig.source.end()
    intent = await probe.wait_for("hermes/intent/home.turn_on", lambda m: m["siteId"] == site, 15)
    assert intent["input"] == "turn on the kitchen light"
    await asyncio.wait_for(rig.task, 30)  # run() returns: the input ended and the answer was spoken
    assert rig.kinds().count("end_of_speech") == 1 and "intent" in rig.kinds()
