"""``device.send_command_audio``: the agent publishes the command's audio as the recognizer got it, a WAV
file on Rhasspy's ``rhasspy/asr/<siteId>/<sessionId>/audioCaptured``, with a real mosquitto and espeak-ng
speech made here."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from pathlib import Path

from tests.device.agent_rig import Rig, spoken
from tests.server.conftest import Probe
from ting.device.interfaces import SAMPLE_RATE_HZ, SAMPLE_WIDTH_BYTES
from ting.device.wav import decode_wav
from ting.hermes import AsrAudioCaptured
from ting.mqtt.client import HermesClient
from ting.settings import DeviceSettings, MqttSettings


async def test_the_commands_audio_is_published_when_configured(
    make_rig: Callable[..., Rig], mqtt_settings: Callable[..., MqttSettings], probe: Probe, tmp_path: Path
) -> None:
    subscription = AsrAudioCaptured.subscription()
    async with HermesClient(
        mqtt_settings(), site_id=f"ear-{uuid.uuid4().hex[:6]}", role="client", subscriptions=(subscription,)
    ) as ear:
        await asyncio.wait_for(ear.wait_connected(20), 30)
        rig = make_rig(mqtt_settings(), send_command_audio=True, command_audio_max_seconds=1.0)
        site = rig.agent.site_id
        async with asyncio.timeout(30):
            while rig.agent._client is None:  # noqa: ASYNC110 (set as soon as run() starts)
                await asyncio.sleep(0.01)
            await rig.agent._client.wait_connected(20)
        rig.say(spoken("turn on the kitchen light", tmp_path), "turn on the kitchen light")

        async def first_audio() -> AsrAudioCaptured:
            async for topic, payload in ear.messages():
                if AsrAudioCaptured.is_topic(topic):
                    message = AsrAudioCaptured.from_mqtt(topic, payload)
                    if message.site_id == site:
                        return message
            raise AssertionError("the subscription ended")

        heard = await asyncio.wait_for(first_audio(), 60)
    captured = await probe.wait_for("hermes/asr/textCaptured", lambda m: m["siteId"] == site, 30)
    assert heard.session_id == captured["sessionId"]
    pcm = decode_wav(heard.wav_bytes)
    seconds = len(pcm) / (SAMPLE_RATE_HZ * SAMPLE_WIDTH_BYTES)
    assert seconds == 1.0  # the spoken command is longer: cut to command_audio_max_seconds
    assert DeviceSettings().send_command_audio is False  # what was said stays on the device unless configured
    fed = rig.recognizer.streams[-1].pcm
    assert len(fed) > len(pcm) and fed.startswith(pcm)  # what the recognizer was given, from its start
