"""Ringing on the device (docs/alarms.md, "Device side"): real mosquitto, the real server in-process,
espeak-ng speech into a RecordingSink, webrtcvad; stop by voice with real PocketSphinx recognition
and no wake word."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from tests.device.agent_rig import Rig, silence, spoken
from tests.device.test_agent import _connected
from tests.server.conftest import Probe
from ting.device.audio_out import decode_wav
from ting.device.ringing import RING_INTENTS, RING_PHRASES, alarm_sound
from ting.device.stt.pocketsphinx import PocketSphinxRecognizer
from ting.nlu import IntentRecognizer
from ting.settings import MqttSettings

MakeRig = Callable[[MqttSettings], Rig]


def ring(site: str, text: str = "It's 7:00 AM", *, max_ring_seconds: float = 60, **extra: Any) -> bytes:
    data = {
        "id": extra.pop("id", uuid.uuid4().hex[:12]),
        "kind": "alarm",
        "label": None,
        "message": None,
        "text": text,
        "lang": "en",
        "late": False,
        "late_seconds": 0.01,
        "due": "2026-11-25T07:00:00+08:00",
        "site_id": site,
        "target_site_id": site,
        "max_ring_seconds": max_ring_seconds,
    }
    data.update(extra)
    return json.dumps(data).encode()


def _peak(samples: np.ndarray) -> int:
    return int(np.abs(samples.astype(np.int32)).max())


def _quick(rig: Rig, listen_seconds: float = 0.5) -> None:
    rig.agent.ringing.listen_seconds = listen_seconds
    rig.agent.ringing.ramp_seconds = 4.0


def test_alarm_sound_rises_and_every_ring_phrase_is_understood(nlu_recognizer: IntentRecognizer) -> None:
    samples = decode_wav(alarm_sound()).samples
    quarters = np.array_split(samples, 4)
    peaks = [_peak(q) for q in quarters]
    assert peaks == sorted(peaks) and peaks[-1] > 2 * peaks[0], peaks
    for lang, phrases in RING_PHRASES.items():
        for phrase in phrases:
            found = nlu_recognizer.recognize(phrase, lang=lang, area=None, intent_filter=list(RING_INTENTS))
            assert found is not None and found.intent_name in RING_INTENTS, (lang, phrase)


async def test_ring_plays_rising_alarm_and_speaks_text_ring_elsewhere_ignored_stop_ends_it(
    make_rig: MakeRig, mqtt_settings: Callable[..., MqttSettings], probe: Probe
) -> None:
    rig = make_rig(mqtt_settings())
    _quick(rig)
    site = rig.agent.site_id
    await _connected(rig)
    await probe.publish(f"ting/alarm/other_{site}/ring", ring(f"other_{site}"))
    await asyncio.sleep(0.5)
    assert not rig.sink.played and not rig.agent.ringing.active

    await probe.publish(f"ting/alarm/{site}/ring", ring(site, id="a1"))
    await rig.wait_event("ring_listening", count=2, timeout_seconds=20)
    alarm = alarm_sound()
    sounds = [p for p in rig.sink.played if p.wav == alarm]
    speech = [p for p in rig.sink.played if p.wav != alarm]
    assert len(sounds) >= 2 and len(speech) >= 1
    assert rig.sink.played[0].wav == alarm and rig.sink.played[1].wav != alarm  # sound, then the text
    assert speech[0].seconds > 0.5  # "It's 7:00 AM" in espeak-ng's voice
    assert sounds[1].volume > sounds[0].volume  # the next cycle is louder
    assert _peak(sounds[1].samples) > _peak(sounds[0].samples)
    assert "ring" in rig.kinds() and rig.agent.ringing.active

    await probe.publish(f"ting/alarm/{site}/stop", json.dumps({"id": "other", "reason": "stopped"}))
    await asyncio.sleep(0.3)
    assert rig.agent.ringing.active  # a stop for another item does not end this one
    await probe.publish(f"ting/alarm/{site}/stop", json.dumps({"id": "a1", "reason": "stopped"}))
    stopped = await rig.wait_event("ring_stopped", timeout_seconds=15)
    assert stopped.detail == "stopped" and not rig.agent.ringing.active
    count = len(rig.sink.played)
    await asyncio.sleep(1.0)
    assert len(rig.sink.played) == count  # quiet afterwards


async def test_max_ring_seconds_ends_ringing(
    make_rig: MakeRig, mqtt_settings: Callable[..., MqttSettings], probe: Probe
) -> None:
    rig = make_rig(mqtt_settings())
    _quick(rig, listen_seconds=0.3)
    site = rig.agent.site_id
    await _connected(rig)
    await probe.publish(f"ting/alarm/{site}/ring", ring(site, max_ring_seconds=3))
    started = (await rig.wait_event("ring", timeout_seconds=15)).monotonic
    stopped = await rig.wait_event("ring_stopped", timeout_seconds=30)
    # not before the limit; the loose upper bound only tells "at the limit" from "much later" (a busy machine)
    assert stopped.detail == "limit" and 2.9 < stopped.monotonic - started < 15
    assert not rig.agent.ringing.active
    count = len(rig.sink.played)
    await asyncio.sleep(1.0)
    assert len(rig.sink.played) == count  # nothing more after the limit


async def test_saying_stop_without_wake_word_stops_a_real_timer_through_the_server(
    make_rig: MakeRig,
    mqtt_settings: Callable[..., MqttSettings],
    server: Any,
    probe: Probe,
    tmp_path: Path,
) -> None:
    rig = make_rig(mqtt_settings())
    _quick(rig, listen_seconds=1.5)
    recognizer = PocketSphinxRecognizer()  # real recognition, with the ringing grammar
    rig.agent._parts.make_recognizer = lambda lang: recognizer
    rig.agent._recognizers.clear()
    site = rig.agent.site_id
    await _connected(rig)
    timer = {
        "input": "set a timer for one second",
        "intent": {"intentName": "timer.set", "confidenceScore": 1.0},
        "slots": [
            {
                "entity": "duration",
                "slotName": "duration",
                "rawValue": "1",
                "value": {"kind": "Custom", "value": 1},
            }
        ],
        "siteId": site,
        "sessionId": uuid.uuid4().hex,
        "lang": "en",
    }
    await probe.publish("hermes/intent/timer.set", json.dumps(timer))
    rang = await probe.wait_for(f"ting/alarm/{site}/ring", timeout_seconds=10)
    await rig.wait_event("ring_listening", timeout_seconds=15)

    rig.source.feed(silence(0.3) + spoken("stop", tmp_path, voice="en-us+f3") + silence(1.0))  # no wake word

    heard = await rig.wait_event("ring_heard", timeout_seconds=15)
    assert heard.detail in ("'stop'", "'stop it'")  # both alarm.stop; PocketSphinx hears "stop it" here
    intent = await probe.wait_for("hermes/intent/alarm.stop", lambda m: m["siteId"] == site, 10)
    assert intent["intent"]["intentName"] == "alarm.stop"
    stop = await probe.wait_for(f"ting/alarm/{site}/stop", timeout_seconds=10)
    assert stop["reason"] == "stopped" and stop["id"] in (None, rang["id"])
    stopped = await rig.wait_event("ring_stopped", timeout_seconds=15)
    assert stopped.detail == "stopped" and not rig.agent.ringing.active
    assert rig.wake.markers_seen == 0 and not probe.on("hermes/hotword/hey_ting/detected")


async def test_snooze_for_ten_minutes_said_while_ringing_is_published_with_its_duration(
    make_rig: MakeRig, mqtt_settings: Callable[..., MqttSettings], probe: Probe, tmp_path: Path
) -> None:
    # The probe plays the server: it answers the snooze intent with the contract's stop message.
    rig = make_rig(mqtt_settings())
    _quick(rig, listen_seconds=1.5)
    recognizer = PocketSphinxRecognizer()
    rig.agent._parts.make_recognizer = lambda lang: recognizer
    rig.agent._recognizers.clear()
    site = rig.agent.site_id
    await _connected(rig)
    await probe.publish(f"ting/alarm/{site}/ring", ring(site, id="s1"))
    await rig.wait_event("ring_listening", timeout_seconds=15)
    rig.source.feed(
        silence(0.3) + spoken("snooze for ten minutes", tmp_path, voice="en-us+f3") + silence(1.0)
    )
    intent = await probe.wait_for("hermes/intent/alarm.snooze", lambda m: m["siteId"] == site, 15)
    assert {s["slotName"]: s["value"]["value"] for s in intent["slots"]} == {"duration": 600}
    assert rig.agent.ringing.active  # until the server says stop
    await probe.publish(f"ting/alarm/{site}/stop", json.dumps({"id": None, "reason": "snoozed"}))
    stopped = await rig.wait_event("ring_stopped", timeout_seconds=15)
    assert stopped.detail == "snoozed"


async def test_a_ring_for_another_site_or_a_bad_one_is_ignored_and_the_next_one_rings(
    make_rig: MakeRig, mqtt_settings: Callable[..., MqttSettings], probe: Probe
) -> None:
    rig = make_rig(mqtt_settings())
    _quick(rig)
    site = rig.agent.site_id
    await _connected(rig)
    await probe.publish(f"ting/alarm/{site}/ring", ring(f"other_{site}"))  # on this topic, for another site
    await probe.publish(f"ting/alarm/{site}/ring", b"\xff not json")
    no_kind = {"id": "x", "text": "no kind", "site_id": site}
    await probe.publish(f"ting/alarm/{site}/ring", json.dumps(no_kind))
    await probe.publish(f"ting/alarm/{site}/stop", json.dumps({"id": None, "reason": "later"}))
    await probe.publish(f"ting/alarm/{site}/ring", ring(site, id="ok"))
    await rig.wait_event("ring", timeout_seconds=15)
    assert rig.agent.bad_payloads == 3  # counted in order, before the good ring
    assert [event.detail for event in rig.events if event.kind == "ring"] == ["It's 7:00 AM (en, alarm)"]
    await probe.publish(f"ting/alarm/{site}/stop", json.dumps({"id": "ok", "reason": "cancelled"}))
    stopped = await rig.wait_event("ring_stopped", timeout_seconds=15)
    assert stopped.detail == "cancelled" and not rig.agent.ringing.active
