"""A session the server ends while its command is still being recognized (its session timeout, on a busy
device): the command still goes out, and the device is back to hearing the wake word, its music no longer
lowered. The agent runs against a real mosquitto; the probe plays the server, so that it can end the
session at that moment; the recognizer is the rig's, held until the session has ended."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from tests.device.agent_rig import Rig, spoken
from tests.device.test_agent import _connected
from tests.server.conftest import Probe
from ting.device.agent import State
from ting.hermes import DialogueSessionEnded, SessionTermination, SessionTerminationReason
from ting.settings import MqttSettings

MakeRig = Callable[[MqttSettings], Rig]


async def test_a_command_recognized_after_its_session_ended_still_goes_out_and_the_device_hears_again(
    make_rig: MakeRig, mqtt_settings: Callable[..., MqttSettings], probe: Probe, tmp_path: Path
) -> None:
    rig = make_rig(mqtt_settings())
    site = rig.agent.site_id
    await _connected(rig)
    release = threading.Event()
    rig.recognizer.hold = release
    rig.say(spoken("turn on the kitchen light", tmp_path), "turn on the kitchen light")
    hotword = await probe.wait_for("hermes/hotword/hey_ting/detected", lambda m: m["siteId"] == site, 15)
    session_id = hotword["sessionId"]
    try:
        await rig.wait_event("end_of_speech")
        assert rig.agent.state is State.RECOGNIZING
        timeout = SessionTermination(SessionTerminationReason.TIMEOUT)
        await probe.client.publish(
            DialogueSessionEnded(termination=timeout, session_id=session_id, site_id=site)
        )
        await rig.wait_event("idle")
        assert rig.agent.state is State.IDLE
    finally:
        release.set()

    intent = await probe.wait_for("hermes/intent/home.turn_on", lambda m: m["siteId"] == site, 15)
    assert intent["sessionId"] == session_id  # what was said is not lost
    await rig.wait_event("intent")
    assert rig.agent.state is State.IDLE  # not left "understanding" a session that is over

    rig.recognizer.hold = None
    rig.say(spoken("what time is it", tmp_path), "what time is it")
    await rig.wait_event("listening", count=2)
    await probe.wait_for("hermes/intent/system.time", lambda m: m["siteId"] == site, 15)
