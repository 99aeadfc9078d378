"""The echo canceller in the agent's capture path (``device.echo_cancel = true``): after an answer has played,
the microphone's chunks go through it before the listeners, and a command said then is still heard and
captured (real mosquitto, espeak-ng answers into a RecordingSink)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from tests.device.agent_rig import Rig, spoken
from tests.server.conftest import Probe
from ting.hermes import DialogueContinueSession, TtsSay
from ting.settings import MqttSettings


async def test_a_command_after_an_answer_goes_through_the_canceller_and_is_captured(
    make_rig: Callable[..., Rig], mqtt_settings: Callable[..., MqttSettings], probe: Probe, tmp_path: Path
) -> None:
    rig = make_rig(mqtt_settings(), echo_cancel=True)
    site = rig.agent.site_id
    async with asyncio.timeout(10):
        while rig.agent._client is None:  # noqa: ASYNC110 (set as soon as run() starts)
            await asyncio.sleep(0.01)
        await rig.agent._client.wait_connected(10)
    echo = rig.agent.echo
    assert echo is not None
    rig.say(spoken("set a timer", tmp_path), "set a timer")
    captured = await probe.wait_for("hermes/asr/textCaptured", lambda m: m["siteId"] == site, 15)
    session_id = captured["sessionId"]
    before = echo.canceller.stats.blocks  # (the wake earcon played: some went through it already)
    await probe.client.publish(DialogueContinueSession(session_id=session_id, text="For how long?"))
    await probe.client.publish(TtsSay(text="For how long?", site_id=site, session_id=session_id, id="q1"))
    await probe.wait_for("hermes/tts/sayFinished", lambda m: m["id"] == "q1", 15)
    await rig.wait_event("listening", count=2)
    rig.say(spoken("ten minutes", tmp_path), "ten minutes", wake=False)
    second = await probe.wait_for("hermes/asr/textCaptured", lambda m: m["text"] == "ten minutes", 15)
    assert second["sessionId"] == session_id
    assert echo.canceller.stats.blocks > before  # the answer had just played: the command went through it
    assert rig.recognizer.heard_seconds[-1] > 0.5  # the endpointer still passed the command on whole
