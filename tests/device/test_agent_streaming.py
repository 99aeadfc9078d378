"""The command is recognized while it is spoken: fed to the recognizer's stream during speech, on the
recognition worker, without the leading silence or the endpointer's silence window; cancelled when
nothing was said; recognizers built ahead of time. Real mosquitto, server, VAD and TTS."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import webrtcvad

from tests.device.agent_rig import MARKER, Rig, silence, spoken
from tests.device.test_agent import _connected
from tests.server.conftest import Probe
from ting.device.earcons import Earcon, earcon_wav
from ting.settings import MqttSettings

MakeRig = Callable[[MqttSettings], Rig]
BYTES_PER_SECOND = 32_000
FRAME = 960  # 30 ms
MARGIN = int(0.15 * BYTES_PER_SECOND)
"""The pre-roll / trailing margin kept around the voiced audio (as ``trim_silence``)."""


def voiced_span(pcm: bytes) -> tuple[int, int]:
    """Byte offsets of the first voiced 30 ms frame and of the end of the last one (webrtcvad, mode 2)."""
    vad = webrtcvad.Vad(2)
    voiced = [o for o in range(0, len(pcm) - FRAME + 1, FRAME) if vad.is_speech(pcm[o : o + FRAME], 16_000)]
    return voiced[0], voiced[-1] + FRAME


async def test_command_is_fed_while_spoken_without_leading_or_trailing_silence(
    make_rig: MakeRig, mqtt_settings: Callable[..., MqttSettings], server: Any, probe: Probe, tmp_path: Path
) -> None:
    rig = make_rig(mqtt_settings())
    site = rig.agent.site_id
    await _connected(rig)
    command = silence(0.6) + spoken("turn on the kitchen light", tmp_path) + silence(1.0)
    rig.recognizer.lines.append("turn on the kitchen light")
    rig.source.feed(MARKER + command)

    intent = await probe.wait_for("hermes/intent/home.turn_on", lambda m: m["siteId"] == site, 15)
    end_of_speech = await rig.wait_event("end_of_speech")
    assert intent["input"] == "turn on the kitchen light"
    [stream] = rig.recognizer.streams
    fed = stream.pcm
    start = command.find(fed)
    assert start >= 0, "the audio fed is not the command's audio, in order and whole"
    first_voiced, last_voiced_end = voiced_span(command)
    # leading silence: only the pre-roll; trailing: the margin, not the 0.5 s silence window
    assert first_voiced - MARGIN - FRAME <= start <= first_voiced
    assert last_voiced_end - FRAME <= start + len(fed) <= last_voiced_end + MARGIN + FRAME
    before = sum(len(f.pcm) for f in stream.feeds if f.monotonic < end_of_speech.monotonic)
    assert before > len(fed) / 2, f"only {before} of {len(fed)} bytes were decoded during speech"
    assert stream.finished_at is not None and stream.finished_at >= end_of_speech.monotonic
    assert {f.thread.split("_")[0] for f in stream.feeds} == {"stt"}  # the recognition worker


async def test_nothing_said_cancels_the_stream(
    make_rig: MakeRig, mqtt_settings: Callable[..., MqttSettings], probe: Probe
) -> None:
    rig = make_rig(mqtt_settings())
    site = rig.agent.site_id
    await _connected(rig)
    rig.source.feed(MARKER + silence(5.0))  # the wake word, then the no-speech timeout (4 s)
    idle = await rig.wait_event("idle")
    assert idle.detail == "nothing said"
    async with asyncio.timeout(15):
        while not rig.recognizer.streams or rig.recognizer.streams[0].cancelled_at is None:  # noqa: ASYNC110
            await asyncio.sleep(0.02)
    [stream] = rig.recognizer.streams
    assert stream.feeds == [] and stream.finished_at is None
    assert not [m for m in probe.on("hermes/asr/textCaptured") if m["siteId"] == site]


async def test_recognizers_are_built_before_the_first_command_and_again_for_a_new_grammar(
    make_rig: MakeRig, mqtt_settings: Callable[..., MqttSettings], probe: Probe, tmp_path: Path
) -> None:
    rig = make_rig(mqtt_settings())
    await _connected(rig)
    async with asyncio.timeout(30):
        while not any(lang == "en" for lang, _ in rig.recognizer.builds):  # noqa: ASYNC110
            await asyncio.sleep(0.02)
    # retained grammar messages of earlier tests may rebuild once more: once a bad payload sent now is
    # counted, the agent's one consumer has taken them all, and their rebuild is under way or done
    # (a fixed 0.3 s was too short on a loaded machine)
    bad = rig.agent.bad_payloads
    await probe.publish("ting/nlu/grammar/en", b"[1, 2]")
    async with asyncio.timeout(30):
        while rig.agent.bad_payloads == bad or rig.agent.recognizers.building("en"):  # noqa: ASYNC110
            await asyncio.sleep(0.02)
    builds = len(rig.recognizer.builds)
    assert all(thread.startswith("stt") for _, thread in rig.recognizer.builds)

    rig.say(spoken("what time is it", tmp_path), "what time is it")
    await rig.wait_event("transcript")
    assert len(rig.recognizer.builds) == builds  # the command did not wait for a build

    grammar = {"lang": "en", "version": f"test-{rig.agent.site_id}", "vosk": ["what time is it"]}
    await probe.publish("ting/nlu/grammar/en", json.dumps(grammar))
    async with asyncio.timeout(10):
        while len(rig.recognizer.builds) == builds:  # noqa: ASYNC110
            await asyncio.sleep(0.02)
    assert rig.recognizer.builds[-1][1].startswith("stt")


async def test_a_recognizer_that_fails_mid_command_is_rebuilt(
    make_rig: MakeRig, mqtt_settings: Callable[..., MqttSettings], server: Any, probe: Probe, tmp_path: Path
) -> None:
    rig = make_rig(mqtt_settings())
    site = rig.agent.site_id
    await _connected(rig)
    await asyncio.sleep(0.3)
    builds = len(rig.recognizer.builds)
    rig.recognizer.failing_feeds = 1
    rig.source.feed(MARKER + silence(0.2) + spoken("turn on the kitchen light", tmp_path) + silence(1.0))
    error = await rig.wait_event("error")
    assert error.detail == "speech recognizer: decoder broke"
    assert rig.agent.restarts["recognizer"] == 1
    assert earcon_wav(Earcon.ERROR) in [p.wav for p in await rig.sink.wait_played(2)]
    await rig.wait_ready(probe)

    rig.say(spoken("turn on the kitchen light", tmp_path), "turn on the kitchen light")
    await probe.wait_for("hermes/intent/home.turn_on", lambda m: m["siteId"] == site, 15)
    assert len(rig.recognizer.builds) > builds  # a new recognizer for the next command


async def test_a_ring_ends_the_command_being_listened_to_and_frees_its_recognizer(
    make_rig: MakeRig, mqtt_settings: Callable[..., MqttSettings], probe: Probe
) -> None:
    rig = make_rig(mqtt_settings())
    site = rig.agent.site_id
    await _connected(rig)
    rig.source.feed(MARKER + silence(0.6))
    await rig.wait_event("listening")
    ring = {"id": "r1", "kind": "timer", "text": "", "lang": "en", "site_id": site}  # id, kind: as documented
    await probe.publish(f"ting/alarm/{site}/ring", json.dumps(ring))
    await rig.wait_event("ring")
    rig.source.feed(silence(0.6))
    idle = await rig.wait_event("idle")
    assert idle.detail == "ringing"
    async with asyncio.timeout(15):
        while rig.recognizer.streams[0].cancelled_at is None:  # noqa: ASYNC110 (set on the worker)
            await asyncio.sleep(0.02)
    assert rig.recognizer.streams[0].finished_at is None
    await probe.publish(f"ting/alarm/{site}/stop", json.dumps({"id": None, "reason": "stopped"}))
    await rig.wait_event("ring_stopped")
