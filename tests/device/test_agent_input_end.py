"""Issue 14 item 6 with a real recognizer: a WAV input that ends right after the command ends the command.

The agent runs against the real mosquitto and server with PocketSphinx and the skills' grammar (what a
machine without Whisper models runs); the endpointer is set to wait 30 s for silence and 30 s in all, so
a command that ended only by the endpointer would end 30 s after it: the end of the input must end it."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.device.agent_rig import MARKER, MarkerWake, QueueSource, silence, spoken
from tests.server.conftest import Probe
from ting.cli.nlu import household_of, sentence_data
from ting.device.agent import AgentEvent, DeviceAgent, DeviceParts
from ting.device.audio_out import RecordingSink
from ting.device.endpoint import VadEndpointer
from ting.device.nlu import DeviceNlu
from ting.device.stt import build_recognizer
from ting.nlu import IntentRecognizer
from ting.server.grammar import announcement
from ting.settings import DeviceSettings, MqttSettings, Settings


async def test_a_wav_that_ends_with_the_command_is_recognized_by_a_real_engine(
    mqtt_settings: Callable[..., MqttSettings],
    server: Any,
    probe: Probe,
    nlu_recognizer: IntentRecognizer,
    synthesizer: Any,
    tmp_path: Path,
) -> None:
    site = f"test_{uuid.uuid4().hex[:6]}"
    device = DeviceSettings(site_id=site, stt_engine="pocketsphinx", answer_timeout_seconds=30)
    settings = Settings(mqtt=mqtt_settings(), device=device)
    grammar = announcement(sentence_data(settings), household_of(settings), "en")
    source, events = QueueSource(), list[AgentEvent]()
    parts = DeviceParts(
        open_source=lambda: source,
        make_wake=MarkerWake,
        make_endpointer=lambda: VadEndpointer(
            silence_seconds=30.0, max_command_seconds=30.0, no_speech_timeout_seconds=30.0
        ),
        make_recognizer=lambda lang: build_recognizer(device, lang, phrases=grammar.vosk, jsgf=grammar.jsgf),
        make_synthesizer=lambda: synthesizer,
        make_sink=RecordingSink,
    )
    stamps: dict[str, float] = {}

    def on_event(event: AgentEvent) -> None:
        events.append(event)
        stamps.setdefault(event.kind, time.monotonic())

    agent = DeviceAgent(settings, parts, DeviceNlu(settings, nlu_recognizer), on_event=on_event)
    task = asyncio.create_task(agent.run())
    try:
        async with asyncio.timeout(10):
            while agent._client is None:  # noqa: ASYNC110 (set as soon as run() starts)
                await asyncio.sleep(0.01)
            await agent._client.wait_connected(10)
        command = spoken("turn on the kitchen light", tmp_path)
        source.feed(MARKER + silence(0.3) + command.rstrip(b"\0"))  # espeak's own trailing silence cut off
        started = time.monotonic()
        source.end()
        # generous: on a loaded machine the recognizer may still be building (seconds) when the command ends
        intent = await probe.wait_for("hermes/intent/home.turn_on", lambda m: m["siteId"] == site, 60)
        # the end of the input was the end of speech: the endpointer alone would have waited 30 s
        assert stamps["end_of_speech"] - started < 15, stamps
        assert intent["input"] == "turn on the kitchen light"
        assert intent["slots"] and any(slot["value"]["value"] == "kitchen_light" for slot in intent["slots"])
        assert [event.kind for event in events].count("end_of_speech") == 1
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
