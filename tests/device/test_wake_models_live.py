"""A wake word with no setup: the server trains a model for the phrase a device announces, sends it over MQTT,
and the device listens with it at once (no restart); damaged models are refused and the detector stays.

All real: mosquitto, the skill server (training in its child process: a small plan, ~25 s on 2 idle cores,
13 min on the loaded test machine), the device agent with its real wake factory fed espeak-ng speech through
the agent's capture loop.
"""

from __future__ import annotations

import asyncio
import logging
import subprocess
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from tests.device.agent_rig import QueueSource, silence
from tests.server.conftest import Probe, make_settings, probe  # noqa: F401 (the probe fixture)
from ting.device.agent import AgentEvent, DeviceAgent
from ting.device.audio_out import RecordingSink
from ting.device.nlu import DeviceNlu, build_recognizer
from ting.device.parts import build_parts
from ting.device.wake import MultiWakeDetector
from ting.device.wake.barge import BargeDetector
from ting.device.wake.classifier import WakeModel
from ting.device.wake.trained import TrainedWakeDetector, model_path
from ting.device.wav import read_wav
from ting.messages import SiteStatus, WakeModelAnnouncement, WakeState
from ting.messages.wake import MAX_MODEL_BYTES
from ting.server.host import running_server
from ting.settings import DeviceSettings, MqttSettings, Settings

PHRASE = "hey ting"
SMALL_TRAINING = {
    "wake_training": True,
    "wake_training_minutes": 1.0,
    "wake_training_clips_per_voice": 2,
    "wake_training_jobs": 2,
    "wake_training_niceness": 0,  # the test waits for it (the default, 10, lets other work go first)
    "stop_training": False,  # tests/device/test_stop_models_live.py trains a stop phrase
}
"""2 clips per voice and variant of every English voice, 1 minute of read text (tests/device/listening/
test_wake_trained.py's small model, which wakes on en-us+f3 at 140 words a minute with a margin)."""
TRAINING_TIMEOUT_SECONDS = 900.0
"""~20 s on 2 idle cores; the shared test machine has been 20 times slower."""


def spoken_at(text: str, folder: Path, voice: str, wpm: int) -> bytes:
    path = folder / "phrase.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(wpm), "-w", str(path), text], check=True)
    return read_wav(path)


async def until(check: Callable[[], bool], timeout_seconds: float, what: str) -> None:
    try:
        async with asyncio.timeout(timeout_seconds):
            while not check():  # noqa: ASYNC110 (the state is changed by other tasks)
                await asyncio.sleep(0.1)
    except TimeoutError:
        raise AssertionError(f"{what}: not within {timeout_seconds:.0f} s") from None


def wake_status(seen: Probe, site_id: str) -> list[dict[str, WakeState]]:
    topic = SiteStatus.topic(site_id=site_id)
    return [SiteStatus.from_mqtt(t, p).wake for t, p in seen.seen if t == topic and p]


def detectors(agent: DeviceAgent) -> list[object]:
    detector = agent.wake.detector
    return list(detector.detectors) if isinstance(detector, MultiWakeDetector) else []


async def test_the_server_trains_the_devices_phrase_and_the_device_switches_live(
    tmp_path: Path,
    mqtt_settings: Callable[..., MqttSettings],
    probe: Probe,  # noqa: F811
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    mqtt = mqtt_settings()
    server_settings = make_settings(tmp_path / "server", mqtt, **SMALL_TRAINING)
    server_settings = replace(server_settings, device=DeviceSettings(wake_phrases={}))  # the device asks
    device = DeviceSettings(
        site_id="wake_live",
        wake_phrases={"en": PHRASE},
        models_dir=tmp_path / "device-models",
        heartbeat_seconds=5,
        barge_in=True,  # its listener hears the wake word too: it switches with the idle one
    )
    settings = Settings(mqtt=mqtt, device=device)
    nlu = DeviceNlu(settings, build_recognizer(settings)[0])
    source = QueueSource(speed=2.0)
    parts = replace(build_parts(device, nlu, sink=RecordingSink()), open_source=lambda: source)
    events: list[AgentEvent] = []
    agent = DeviceAgent(settings, parts, nlu, on_event=events.append)
    topic = WakeModelAnnouncement.subscription().replace("+", "")
    async with running_server(server_settings) as server:
        task = asyncio.create_task(agent.run())
        try:
            source.feed(silence(1.0))  # the detector is built at the first batch
            await until(lambda: bool(detectors(agent)), 60, "the fallback detector built")
            [fallback] = detectors(agent)
            assert not isinstance(fallback, TrainedWakeDetector)
            await until(lambda: bool(wake_status(probe, "wake_live")), 30, "the device's status")
            assert wake_status(probe, "wake_live")[0] == {"en": WakeState(PHRASE, trained=False)}
            missing = [r for r in caplog.records if "has no trained model yet" in r.getMessage()]
            assert len(missing) == 1 and PHRASE in missing[0].getMessage()

            await until(
                lambda: agent.wake_models.installed == 1, TRAINING_TIMEOUT_SECONDS, "a model installed"
            )
            [trained] = detectors(agent)
            assert isinstance(trained, TrainedWakeDetector) and trained.model.phrase == PHRASE
            barge = agent.barge_in.detector if agent.barge_in is not None else None
            assert isinstance(barge, BargeDetector)
            assert [type(wake) for wake in barge.wake] == [TrainedWakeDetector]
            assert model_path(device.models_dir, PHRASE, "en").is_file()
            await until(lambda: wake_status(probe, "wake_live")[-1]["en"].trained, 30, "the status updated")
            assert server.state.wake_models.trained[0][:2] == ("en", PHRASE)
            kept = server.state.wake_models.kept()
            assert len(kept) == 1 and kept[0].stat().st_size <= MAX_MODEL_BYTES

            # the phrase, spoken by espeak-ng, wakes the device through its capture loop: no restart
            source.feed(silence(1.5) + spoken_at(PHRASE, tmp_path, "en-us+f3", 140) + silence(2.0))
            await until(lambda: any(e.kind == "wake" for e in events), 60, "a wake on the spoken phrase")
            assert [e.detail for e in events if e.kind == "wake"] == ["hey_ting (en)"]

            # damaged, oversized and mismatched models: a clear error each, and the trained detector stays
            good = WakeModelAnnouncement.from_payload(
                next(p for t, p in probe.seen if t.startswith(topic) and p)
            )
            data = good.model_bytes()
            other = WakeModel.from_bytes(data)
            other.phrase = "hey thing"
            bad = [
                WakeModelAnnouncement.of("en", PHRASE, data[: len(data) // 2]),  # cut short
                WakeModelAnnouncement.of("en", PHRASE, b"\x00" * (MAX_MODEL_BYTES + 1)),  # too big
                WakeModelAnnouncement.of("en", PHRASE, other.to_bytes()),  # another phrase inside
                replace(good, checksum="0" * 64),  # damaged in transit
            ]
            for announcement in bad:
                await probe.client.publish(announcement)
            await until(lambda: agent.wake_models.refused == 4, 30, "the bad models refused")
            assert detectors(agent) == [trained]
            errors = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
            assert any("not a ting wake model" in e for e in errors), errors
            assert any(f"at most {MAX_MODEL_BYTES}" in e for e in errors), errors
            assert any("trained for 'hey thing'" in e for e in errors), errors
            assert any("does not match its checksum" in e for e in errors), errors
            assert (
                WakeModel.from_bytes(model_path(device.models_dir, PHRASE, "en").read_bytes()).phrase
                == PHRASE
            )
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            # the session's broker is shared: no later test's device may find this retained model
            for path in server.state.wake_models.kept():
                await probe.client.publish_raw(f"{topic}{path.stem}", b"", retain=True)
