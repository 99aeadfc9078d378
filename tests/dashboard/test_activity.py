"""The Live page's turns and the Rooms page's "last seen / doing", from Hermes payloads as they arrive."""

from __future__ import annotations

import json
import re
from pathlib import Path

from ting.server.activity import TURN_OPEN_SECONDS, Activity
from ting.server.dashboard.i18n import TEXTS
from ting.server.router import topic_matches


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


async def deliver(activity: Activity, topic: str, data: dict[str, object]) -> None:
    handled = False
    for route in activity.routes():
        if topic_matches(route.topic_filter, topic):
            await route.handler(topic, json.dumps(data).encode())
            handled = True
    assert handled, topic


async def test_a_spoken_command_is_one_turn_with_the_latency_of_each_step() -> None:
    clock = Clock()
    activity = Activity(clock)
    with activity.listening() as updates:
        await deliver(
            activity, "hermes/hotword/ting/detected", {"modelId": "ting", "siteId": "den", "sessionId": "s1"}
        )
        clock.now += 1.5
        heard = {"text": "开灯", "likelihood": 1, "seconds": 1, "siteId": "den", "sessionId": "s1"}
        await deliver(activity, "hermes/asr/textCaptured", heard)
        clock.now += 0.05
        await deliver(activity, "hermes/intent/home.turn_on", {
            "input": "开灯", "intent": {"intentName": "home.turn_on", "confidenceScore": 0.9},
            "siteId": "den", "sessionId": "s1",
            "slots": [{"slotName": "device", "rawValue": "灯", "value": {"value": "light"}}],
        })  # fmt: skip
        assert activity.sites()["den"].doing == "understanding"
        clock.now += 0.2
        await deliver(activity, "hermes/tts/say", {"text": "好的", "siteId": "den", "sessionId": "s1"})
        assert updates.qsize() == 4
    (turn,) = activity.turns()
    assert [s.kind for s in turn.steps] == ["wake", "transcript", "intent", "answer"]
    assert [s.latency_ms for s in turn.steps] == [None, 1500, 50, 200]
    assert turn.steps[2].detail == {"intent": "home.turn_on", "confidence": 0.9, "slots": {"device": "light"}}
    assert activity.sites()["den"].doing == "speaking"
    assert (
        activity.sites()["den"].last_seen_unix == 1_000.0 + 1.55
    )  # the say is the server's, not a sign of life


async def test_sites_do_not_mix_and_a_late_step_starts_a_new_turn() -> None:
    clock = Clock()
    activity = Activity(clock)
    await deliver(activity, "hermes/hotword/ting/detected", {"modelId": "ting", "siteId": "a"})
    await deliver(activity, "hermes/hotword/ting/detected", {"modelId": "ting", "siteId": "b"})
    await deliver(activity, "hermes/nlu/intentNotRecognized", {"input": "嗯", "siteId": "a"})
    assert [t.site_id for t in activity.turns()] == ["b", "a"]
    assert [s.kind for s in activity.turns("a")[0].steps] == ["wake", "not_recognized"]
    clock.now += TURN_OPEN_SECONDS + 1
    await deliver(
        activity, "hermes/asr/textCaptured", {"text": "x", "likelihood": 1, "seconds": 1, "siteId": "b"}
    )
    assert [len(t.steps) for t in activity.turns("b")] == [1, 1]


async def test_a_typed_query_is_the_transcript_and_a_satellites_query_adds_nothing() -> None:
    activity = Activity(Clock())
    await deliver(activity, "hermes/nlu/query", {"input": "打开电视", "siteId": "den", "sessionId": "t"})
    assert [(s.kind, s.text) for s in activity.turns()[0].steps] == [("transcript", "打开电视")]
    await deliver(
        activity, "hermes/hotword/ting/detected", {"modelId": "ting", "siteId": "sat", "sessionId": "u"}
    )
    heard = {"text": "开灯", "likelihood": 1, "seconds": 1, "siteId": "sat", "sessionId": "u"}
    await deliver(activity, "hermes/asr/textCaptured", heard)
    await deliver(activity, "hermes/nlu/query", {"input": "开灯", "siteId": "sat", "sessionId": "u"})
    assert [s.kind for s in activity.turns("sat")[0].steps] == ["wake", "transcript"]


async def test_heartbeats_and_rings_say_what_a_site_is_doing() -> None:
    activity = Activity(Clock())
    await deliver(
        activity, "ting/device/den/heartbeat", {"siteId": "den", "state": "idle", "uptimeSeconds": 3}
    )
    assert activity.sites()["den"].doing == "idle"
    await deliver(
        activity, "ting/alarm/den/ring", {"id": "a1", "kind": "alarm", "text": "起床", "site_id": "den"}
    )
    assert activity.sites()["den"].doing == "ringing"
    await deliver(activity, "ting/alarm/den/stop", {"id": "a1", "reason": "stopped"})
    assert activity.sites()["den"].doing == "idle"


async def test_a_stalled_listener_loses_old_updates_and_never_blocks() -> None:
    activity = Activity(Clock())
    with activity.listening() as updates:
        for number in range(150):
            await deliver(activity, "hermes/tts/say", {"text": f"say {number}", "siteId": "den"})
        assert updates.qsize() == updates.maxsize
        assert updates.get_nowait().steps[0].text == f"say {150 - updates.maxsize}"


def test_every_word_the_templates_use_is_in_both_languages() -> None:
    folder = Path(__file__).resolve().parents[2] / "server" / "dashboard" / "templates"
    used = set()
    for template in folder.glob("*.html"):
        used |= set(re.findall(r"""\bt\('([a-z_]+)'\)""", template.read_text()))
    assert len(used) > 40
    assert used - set(TEXTS) == set()
    assert all(zh and en and zh != en for zh, en in TEXTS.values() if zh not in ("", "—"))
