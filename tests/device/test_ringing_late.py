"""Ringing with a microphone running behind (docs/voices.md, "Barge-in"; docs/alarms.md): chunks carry
when they were heard, and that, not when they are handled, decides whether they answer a ring. Real
mosquitto, espeak-ng "stop" made here, webrtcvad, real PocketSphinx with the ringing grammar; a probe plays
the server."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

from tests.device.agent_rig import Rig, silence, spoken
from tests.device.test_agent import _connected
from tests.device.test_ringing import ring
from tests.server.conftest import Probe
from ting.device.ringing import alarm_sound
from ting.device.stt.pocketsphinx import PocketSphinxRecognizer
from ting.settings import MqttSettings

MakeRig = Callable[[MqttSettings], Rig]


def _ringing_rig(make_rig: MakeRig, mqtt_settings: Callable[..., MqttSettings], listen_seconds: float) -> Rig:
    rig = make_rig(mqtt_settings())
    rig.agent.ringing.listen_seconds = listen_seconds
    rig.agent.ringing.ramp_seconds = 4.0
    recognizer = PocketSphinxRecognizer()  # real recognition, with the ringing grammar
    rig.agent._parts.make_recognizer = lambda lang: recognizer
    rig.agent._recognizers.clear()
    return rig


def _stop(tmp_path: Path) -> bytes:
    """ "stop" and the silence after it that ends it for the endpointer (about 1.3 s)."""
    return silence(0.2) + spoken("stop", tmp_path, voice="en-us+f3") + silence(0.7)


def _seconds(pcm: bytes) -> float:
    return len(pcm) / 32_000


def _stops(probe: Probe, site: str) -> list[object]:
    return [m for m in probe.on("hermes/intent/alarm.stop") if m["siteId"] == site]


async def test_stop_said_in_a_gap_and_handled_after_the_ring_was_replaced_is_published(
    make_rig: MakeRig, mqtt_settings: Callable[..., MqttSettings], probe: Probe, tmp_path: Path
) -> None:
    """ "stop" said in the first ring's listening gap reaches the device only once another ring has replaced
    it and plays its beeps (when the device's own sound is playing, which it would otherwise drop): it is
    heard as said in the first ring's gap and published."""
    rig = _ringing_rig(make_rig, mqtt_settings, listen_seconds=3.0)
    site = rig.agent.site_id
    stop = _stop(tmp_path)
    await _connected(rig)
    await probe.publish(f"ting/alarm/{site}/ring", ring(site, "", id="first"))
    gap = (await rig.wait_event("ring_listening", timeout_seconds=20)).monotonic
    await asyncio.sleep(_seconds(stop) + 0.3)  # the user says it now; the microphone hands nothing on yet
    await probe.publish(f"ting/alarm/{site}/ring", ring(site, "", id="second"))
    replaced = await rig.wait_event("ring_stopped", timeout_seconds=15)
    assert replaced.detail == "replaced" and replaced.monotonic > gap + _seconds(stop) + 0.05
    await rig.sink.wait_played(2, timeout_seconds=15)  # the second ring's beeps play

    rig.source.feed(stop, heard_from=gap + 0.05)  # handed on now, heard in the first ring's gap

    heard = await rig.wait_event("ring_heard", timeout_seconds=20)
    assert heard.detail in ("'stop'", "'stop it'")  # both alarm.stop; PocketSphinx hears "stop it" here
    intent = await probe.wait_for("hermes/intent/alarm.stop", lambda m: m["siteId"] == site, 10)
    assert intent["intent"]["intentName"] == "alarm.stop"
    assert heard.monotonic > replaced.monotonic  # handled after the ring it answers had ended
    assert rig.wake.markers_seen == 0 and not probe.on("hermes/hotword/hey_ting/detected")


async def test_stop_said_in_a_gap_and_handled_after_the_ring_hit_its_limit_is_published(
    make_rig: MakeRig, mqtt_settings: Callable[..., MqttSettings], probe: Probe, tmp_path: Path
) -> None:
    """The ring ends at its own limit (the server never heard a stop) before the microphone hands on the
    "stop" said in its gap: it is still published, for the server to close what it rang."""
    rig = _ringing_rig(make_rig, mqtt_settings, listen_seconds=3.0)
    site = rig.agent.site_id
    stop = _stop(tmp_path)
    await _connected(rig)
    await probe.publish(f"ting/alarm/{site}/ring", ring(site, "", max_ring_seconds=4.5))
    rang = (await rig.wait_event("ring", timeout_seconds=15)).monotonic
    gap = (await rig.wait_event("ring_listening", timeout_seconds=20)).monotonic
    stopped = await rig.wait_event("ring_stopped", timeout_seconds=30)
    assert stopped.detail == "limit" and not rig.agent.ringing.active
    assert gap + _seconds(stop) + 0.05 < stopped.monotonic, (gap - rang, stopped.monotonic - rang)

    rig.source.feed(stop, heard_from=gap + 0.05)

    heard = await rig.wait_event("ring_heard", timeout_seconds=20)
    assert heard.detail in ("'stop'", "'stop it'")
    await probe.wait_for("hermes/intent/alarm.stop", lambda m: m["siteId"] == site, 10)
    # heard after the ring: the wake word detector, paused for it, was not fed the ring's audio
    assert rig.wake.markers_seen == 0 and rig.agent.conversation.session is None


async def test_stop_heard_before_the_ring_or_over_its_beeps_is_no_answer_to_it(
    make_rig: MakeRig, mqtt_settings: Callable[..., MqttSettings], probe: Probe, tmp_path: Path
) -> None:
    """Handed on in the listening gap, a "stop" heard before the ring began and one heard over its own
    beeps are not taken for an answer (on time, the first went to the wake word detector and the second was
    dropped); a "stop" heard in the gap is."""
    rig = _ringing_rig(make_rig, mqtt_settings, listen_seconds=8.0)
    site = rig.agent.site_id
    stop = _stop(tmp_path)
    await _connected(rig)
    before = time.monotonic()
    await asyncio.sleep(_seconds(stop) + 0.2)
    await probe.publish(f"ting/alarm/{site}/ring", ring(site, "", id="r"))
    await rig.wait_event("ring_listening", timeout_seconds=20)
    beeps = rig.sink.played[0]
    assert beeps.wav == alarm_sound() and beeps.ended_monotonic is not None
    word = spoken("stop", tmp_path, voice="en-us+f3")
    assert beeps.ended_monotonic - beeps.started_monotonic > _seconds(word) + 0.2

    rig.source.feed(stop, heard_from=before)  # before the ring began
    rig.source.feed(word, heard_from=beeps.started_monotonic + 0.1)  # over the beeps
    await rig.source.drained()
    await asyncio.sleep(3.0)  # what a stop heard takes to be recognized and published (see below)
    assert "ring_heard" not in rig.kinds() and not _stops(probe, site)

    rig.source.feed(stop)  # heard now, in the gap
    heard = await rig.wait_event("ring_heard", timeout_seconds=20)
    assert heard.detail in ("'stop'", "'stop it'")
    await probe.wait_for("hermes/intent/alarm.stop", lambda m: m["siteId"] == site, 10)
    await asyncio.sleep(1.0)
    # the earlier two were handed on first: taken for answers, they would have been heard before this one
    assert rig.kinds().count("ring_heard") == 1 and len(_stops(probe, site)) == 1
    assert rig.agent.ringing.active  # until the server says stop
