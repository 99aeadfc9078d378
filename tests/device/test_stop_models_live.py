"""Barge-in with no setup: the server trains the stop phrase a device announces (after its wake phrase), keeps
it and sends it retained; the device (``barge_in = "auto"``), which until then ignored its microphone while
speaking and said so, installs it, turns barge-in and the echo canceller on, and "stop" said while it speaks
ends the answer. The server restarted hands out the kept models without training again; bad payloads on the
new topic are refused with a clear log line and change nothing.

All real: a private mosquitto, ``ting server`` as a subprocess (training in its own child process with a tiny
plan), the device agent with its real parts (Piper answer into a recording sink, espeak-ng "stop" through
its capture loop).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import Mosquitto, mqtt_settings_for
from tests.device.agent_rig import QueueSource, silence
from tests.server.conftest import PROBE_TOPICS, Probe
from ting.device.agent import AgentEvent, DeviceAgent
from ting.device.audio_out import RecordingSink
from ting.device.nlu import DeviceNlu, build_recognizer
from ting.device.parts import build_parts
from ting.device.wake.classifier import WakeModel
from ting.device.wake.stop_training import stop_model_path
from ting.device.wake.trained import STOP_DEFAULT_LOGIT, sensitivity_of
from ting.device.wake_models import SERVER_SUFFIX
from ting.device.wav import read_wav
from ting.messages import SiteStatus, StopModelAnnouncement, StopState
from ting.messages.wake import MAX_MODEL_BYTES, phrase_key
from ting.mqtt.broker import free_port
from ting.mqtt.client import HermesClient
from ting.settings import DeviceSettings, MqttSettings, Settings

REPO = Path(__file__).resolve().parents[2]
"""The server runs this checkout's code (as does its trainer, ``python -m ting.cli.main``, in its folder)."""
SITE = "barge_auto"
KEY = phrase_key("en", "stop")
TINY_PLAN = """\
wake_training = true
stop_training = true
wake_training_minutes = 0.25
wake_training_clips_per_voice = 2
wake_training_jobs = 2
wake_training_niceness = 0
wake_training_voices = {en = ["en-us", "en-gb-x-rp"]}
stop_training_echo_passes = 1
"""
"""Two espeak-ng voices, 2 clips each, a quarter minute of read text, the device's answers heard in one room
per echo level: a smoke-test model (~5 min on 2 cores at load 10; the default plan takes far longer)."""
TRAINING_TIMEOUT_SECONDS = 1800.0
ANSWER = (
    "Here is the long forecast. Tomorrow clouds move in from the west, and by the afternoon there is a good "
    "chance of rain, so take an umbrella. On Saturday it clears up again, perfect for a walk in the park, "
    "and Sunday stays dry but windy, with a high of nineteen degrees."
)


async def until(check: Callable[[], bool], timeout_seconds: float, what: str) -> None:
    try:
        async with asyncio.timeout(timeout_seconds):
            while not check():  # noqa: ASYNC110 (the state is changed by other tasks)
                await asyncio.sleep(0.1)
    except TimeoutError:
        raise AssertionError(f"{what}: not within {timeout_seconds:.0f} s") from None


def espeak(text: str, folder: Path, voice: str = "en-us") -> bytes:
    raw, out = folder / f"{uuid.uuid4().hex}.raw.wav", folder / f"{uuid.uuid4().hex}.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-w", str(raw), text], check=True)
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(out)], check=True)
    return read_wav(out)


@contextlib.contextmanager
def ting_server(folder: Path, mqtt: MqttSettings) -> Iterator[Path]:
    """``ting server`` with the tiny plan and no phrases of its own (the device announces them); its log."""
    config, log = folder / "ting.toml", folder / f"server-{uuid.uuid4().hex[:6]}.log"
    config.write_text(
        f"[server]\nhttp_port = {free_port()}\n{TINY_PLAN}"
        f'[store]\ndata_dir = "{folder / "data"}"\n'
        f'[mqtt]\nclient_id = "ting-stop-{uuid.uuid4().hex[:6]}"\nembedded_broker = false\n'
        "[device]\nwake_phrases = {}\nstop_phrases = {}\npause_phrases = {}\n"
    )
    env = {**os.environ, "TING_SERVER__WAKE_TRAINING": "true"}  # the suite switches it off elsewhere
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "ting.cli.main", "server", "--config", str(config), "--mqtt", mqtt.url],
            stdout=out,
            stderr=out,
            env=env,
            cwd=REPO,
        )
        try:
            yield log
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextlib.asynccontextmanager
async def probe_on(mqtt: MqttSettings) -> AsyncIterator[Probe]:
    async with HermesClient(mqtt, site_id="probe", role="client", subscriptions=PROBE_TOPICS) as client:
        await client.wait_connected(10)
        probe = Probe(client)
        task = asyncio.create_task(probe.collect())
        await asyncio.sleep(0.1)  # the subscription settles
        try:
            yield probe
        finally:
            task.cancel()


async def keep_feeding(source: QueueSource) -> None:
    """Silence, as fast as the source plays it: whatever is fed next is heard within ~0.2 s."""
    while True:
        source.feed(silence(0.12))
        await asyncio.sleep(0.12)


def statuses(probe: Probe) -> list[SiteStatus]:
    topic = SiteStatus.topic(site_id=SITE)
    return [SiteStatus.from_mqtt(t, p) for t, p in probe.seen if t == topic and p]


def models_seen(probe: Probe) -> list[str]:
    return [t for t, p in probe.seen if p and t.startswith("ting/wake/")]


async def test_the_server_trains_the_stop_phrase_and_barge_in_turns_on_by_itself(
    tmp_path: Path, restartable_mosquitto: Mosquitto, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    mqtt = mqtt_settings_for(restartable_mosquitto.address)
    device = DeviceSettings(
        site_id=SITE,
        wake_phrases={"en": "hey ting"},
        stop_phrases={"en": ["stop"]},
        pause_phrases={},
        models_dir=tmp_path / "device-models",
        heartbeat_seconds=5,
        # a tiny model: espeak-ng's clean "stop" heard in 5 voices of 5 at logit -1.02 (+1.95: 1-3)
        stop_sensitivity=sensitivity_of(-1.02, STOP_DEFAULT_LOGIT),
    )
    assert (device.barge_in, device.echo_cancel) == ("auto", "auto")  # the defaults: nothing set up
    settings = Settings(mqtt=mqtt, device=device)
    nlu = DeviceNlu(settings, build_recognizer(settings)[0])
    source, sink = QueueSource(speed=1.0), RecordingSink()
    parts = replace(build_parts(device, nlu, sink=sink), open_source=lambda: source)
    events: list[AgentEvent] = []
    agent = DeviceAgent(settings, parts, nlu, on_event=events.append)
    stop_path = stop_model_path(device.models_dir, "stop", "en")
    (tmp_path / "server").mkdir()
    async with probe_on(mqtt) as probe:
        task = asyncio.create_task(agent.run())
        try:
            source.feed(silence(1.0))
            # before any model: barge-in waits, says so once, and the microphone is not used while speaking
            await until(lambda: bool(statuses(probe)), 60, "the device's status")
            first = statuses(probe)[0]
            assert first.stop == {"en": [StopState("stop", trained=False)]} and first.barge_in == "waiting"
            waiting = [
                r for r in caplog.records if "barge-in waits for a trained stop phrase" in r.getMessage()
            ]
            assert len(waiting) == 1
            assert not agent.wake_models.barge_on and not agent._echo_on()

            with ting_server(tmp_path / "server", mqtt) as log:
                await until(
                    lambda: agent.wake_models.stop_installed == 1, TRAINING_TIMEOUT_SECONDS, "a stop model"
                )
                # the wake phrase was trained first, then the stop phrase, each sent retained
                seen = models_seen(probe)
                assert seen[:2] == [
                    f"ting/wake/model/{phrase_key('en', 'hey ting')}",
                    f"ting/wake/stop/{KEY}",
                ]
                text = log.read_text("utf-8", "replace")
                assert "stop phrase 'stop' (en): model trained in" in text
                kept = tmp_path / "server" / "data" / "wake-models" / "stop" / f"{KEY}.npz"
                assert kept.is_file() and kept.stat().st_size <= MAX_MODEL_BYTES
            model = WakeModel.load(stop_path)
            assert (model.phrase, model.lang) == ("stop", "en")
            assert stop_path.with_name(stop_path.name + SERVER_SUFFIX).is_file()
            assert agent.wake_models.barge_on and agent._echo_on()
            await until(lambda: statuses(probe)[-1].barge_in == "on", 30, "the status says barge-in is on")
            assert statuses(probe)[-1].stop == {"en": [StopState("stop", trained=True)]}
            assert any("barge-in is on now" in r.getMessage() for r in caplog.records)

            # "stop" said while the device speaks: the answer ends (the barge-in listener uses the model)
            await probe.publish(
                "hermes/tts/say", f'{{"text": "{ANSWER}", "siteId": "{SITE}", "lang": "en", "id": "s1"}}'
            )
            feeding = asyncio.create_task(keep_feeding(source))  # the microphone hears the quiet room
            try:
                await sink.wait_played(1, timeout_seconds=180)  # the first sentence synthesized and playing
                await asyncio.sleep(2.0)  # the canceller hears a second of the answer before it is trusted
                assert agent.speaker.busy and not any(e.kind == "barge_in" for e in events)
                source.feed(espeak("stop", tmp_path, "en-us+f3"))
                await until(
                    lambda: any(e.kind == "barge_in" for e in events), 60, "stop heard over the answer"
                )
            finally:
                feeding.cancel()
            assert [e.detail for e in events if e.kind == "barge_in"] == ["stop: stop"]
            await until(lambda: not agent.speaker.busy, 30, "the answer stopped")
            assert sink.played[-1].interrupted

            # bad payloads on the new topic: a clear log line each, the model and barge-in stay
            good = StopModelAnnouncement.from_payload(
                next(p for t, p in probe.seen if t == f"ting/wake/stop/{KEY}" and p)
            )
            other = WakeModel.from_bytes(good.model_bytes())
            other.phrase = "top"
            bad_before = agent.bad_payloads
            await probe.publish(f"ting/wake/stop/{KEY}", b"not json")
            await probe.publish(f"ting/wake/stop/{KEY}", b'{"key": "k", "lang": "en"}')
            await probe.client.publish(replace(good, checksum="0" * 64))
            await probe.client.publish(StopModelAnnouncement.of("en", "stop", other.to_bytes()))
            await until(lambda: agent.bad_payloads == bad_before + 2, 30, "the undecodable refused")
            await until(lambda: agent.wake_models.refused == 2, 30, "the damaged models refused")
            logged = [r.getMessage() for r in caplog.records]
            assert any(
                f"bad payload on ting/wake/stop/{KEY} ignored" in m and "not JSON" in m for m in logged
            )
            assert any("phrase: required field is missing" in m for m in logged), logged
            assert any("stop phrase model for 'stop' (en) does not match its checksum" in m for m in logged)
            assert any("was trained for 'top'" in m for m in logged), logged
            assert WakeModel.load(stop_path).phrase == "stop" and agent.wake_models.barge_on

            # a restarted server (the broker lost the retained models) hands out the kept ones untrained
            for topic in {*models_seen(probe)}:
                await probe.client.publish_raw(topic, b"", retain=True)
            probe.seen.clear()
            with ting_server(tmp_path / "server", mqtt) as log:
                await until(lambda: f"ting/wake/stop/{KEY}" in models_seen(probe), 120, "the kept stop model")
                again = StopModelAnnouncement.from_payload(
                    next(p for t, p in probe.seen if t == f"ting/wake/stop/{KEY}" and p)
                )
                assert again.checksum == good.checksum
                assert any(t.startswith("ting/wake/model/") for t in models_seen(probe))
                await asyncio.sleep(2.0)
                assert "training one in the background" not in log.read_text("utf-8", "replace")
            assert agent.wake_models.stop_installed == 1  # the same model: nothing to install again
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)


def test_explicit_settings_keep_their_meaning(tmp_path: Path) -> None:
    """``barge_in = false``: no listener, no canceller, status ``off``; ``true`` without a model: the
    listener is on with its spotters and the canceller stays off unless asked (as the docs said before
    ``auto``); ``echo_cancel = true``: always on."""

    def agent(**device: object) -> DeviceAgent:
        settings = Settings(
            mqtt=mqtt_settings_for("mqtt://127.0.0.1:1"),
            device=DeviceSettings(models_dir=tmp_path / "models", **device),  # type: ignore[arg-type]
        )
        nlu = DeviceNlu(settings, build_recognizer(settings)[0])
        return DeviceAgent(settings, build_parts(settings.device, nlu, sink=RecordingSink()), nlu)

    off = agent(barge_in=False)
    assert off.barge_in is None and off.echo is None and off.wake_models.barge_state() == "off"
    assert off.wake_models.stop_states() == {}
    on = agent(barge_in=True)
    assert on.wake_models.barge_on and not on._echo_on() and on.wake_models.barge_state() == "on"
    assert on._echo_settled()  # hits are judged at once: the canceller that is off is not waited for
    assert agent(barge_in=True, echo_cancel=True)._echo_on()
    waiting = agent()
    assert waiting.barge_in is not None and not waiting.wake_models.barge_on and not waiting._echo_on()
    assert waiting.wake_models.barge_state() == "waiting"
    assert [s.trained for s in waiting.wake_models.stop_states()["zh"]] == [False, False, False, False]
    # a model made here (ting wake train --stop) counts as the server's does
    path = stop_model_path(tmp_path / "models", "别说了", "zh")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"a model file")
    trained = agent()
    assert trained.wake_models.barge_on and trained._echo_on()
