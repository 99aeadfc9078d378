"""In-process server + real mosquitto: ring on the site, stop and snooze by intent (no wake word:
the device publishes the intent as usual), missed vs late after downtime, ringing elsewhere."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx

from tests.server.conftest import Probe, make_settings
from ting.server.alarms.store import SqliteAlarmStore
from ting.server.host import running_server
from ting.settings import AlarmsSettings, MqttSettings, Settings
from ting.skills.sdk.alarms import Item, ItemKind


def alarm_settings(tmp_path: Path, mqtt: MqttSettings, **alarms: Any) -> Settings:
    base = make_settings(tmp_path, mqtt)
    return replace(base, alarms=AlarmsSettings(**alarms))


def intent(name: str, site: str, lang: str = "en", **slots: Any) -> bytes:
    return json.dumps(
        {
            "input": name,
            "intent": {"intentName": name, "confidenceScore": 1.0},
            "slots": [
                {"entity": k, "slotName": k, "rawValue": str(v), "value": {"kind": "Custom", "value": v}}
                for k, v in slots.items()
            ],
            "siteId": site,
            "sessionId": uuid.uuid4().hex,
            "lang": lang,
        }
    ).encode()


async def test_timer_rings_on_its_site_then_stop_and_snooze_by_intent(
    tmp_path: Path, mqtt_settings: Callable[..., MqttSettings], probe: Probe
) -> None:
    site = f"kitchen-{uuid.uuid4().hex[:6]}"
    settings = alarm_settings(tmp_path, mqtt_settings(), snooze_seconds=1)
    async with running_server(settings) as server:
        await server.state.client.wait_connected(10)
        await probe.publish("hermes/intent/timer.set", intent("timer.set", site, duration=1, label="pasta"))
        say = await probe.wait_for("hermes/tts/say", lambda d: d["siteId"] == site)
        assert "pasta timer set for 1 second" in say["text"]
        ring = await probe.wait_for(f"ting/alarm/{site}/ring", timeout_seconds=15)
        assert (
            ring["kind"] == "timer" and ring["text"] == "Your pasta timer is done" and ring["late"] is False
        )
        assert ring["late_seconds"] < 3.0  # by the server's clock: not at a later wake of its (5 s) sleeper
        # "snooze" while ringing: stop now, ring again after the snooze length (1 s here).
        await probe.publish("hermes/intent/alarm.snooze", intent("alarm.snooze", site))
        await probe.wait_for(f"ting/alarm/{site}/stop", lambda d: d["reason"] == "snoozed")
        started = time.monotonic()
        await probe.wait_for(
            f"ting/alarm/{site}/ring",
            lambda d: d is not ring and len(probe.on(f"ting/alarm/{site}/ring")) == 2,
        )
        # 1 s snooze: not at once; the loose upper bound only tells it from a snooze of minutes
        assert 0.5 < time.monotonic() - started < 20
        await probe.publish("hermes/intent/alarm.stop", intent("alarm.stop", site, lang="zh"))
        await probe.wait_for(f"ting/alarm/{site}/stop", lambda d: d["reason"] == "stopped")
        # the sound stops first (the stop is published), then the timer is removed: poll for the removal
        deadline = time.monotonic() + 5.0
        while await server.state.alarms.items(ItemKind.TIMER) and time.monotonic() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.05)
        assert await server.state.alarms.items(ItemKind.TIMER) == []


async def test_downtime_late_within_grace_missed_past_it(
    tmp_path: Path, mqtt_settings: Callable[..., MqttSettings], probe: Probe
) -> None:
    site = f"bedroom-{uuid.uuid4().hex[:6]}"
    settings = alarm_settings(tmp_path, mqtt_settings(), grace_seconds=60, late_after_seconds=5)
    now = time.time()
    async with SqliteAlarmStore(tmp_path / "ting.db") as store:  # written "before the server went down"
        await store.put(Item(kind=ItemKind.ALARM, site_id=site, due_unix=now - 20, id="late1", lang="en"))
        await store.put(Item(kind=ItemKind.REMINDER, site_id=site, due_unix=now - 3600, id="gone1",
                             lang="zh", message="给妈妈打电话"))  # fmt: skip
    async with running_server(settings) as server:
        await server.state.client.wait_connected(10)
        ring = await probe.wait_for(f"ting/alarm/{site}/ring", timeout_seconds=15)
        assert ring["id"] == "late1" and ring["late"] is True and ring["text"].startswith("Sorry, this is")
        missed = await probe.wait_for("ting/event/alarm.missed", lambda d: d["data"]["id"] == "gone1")
        assert "给妈妈打电话" in missed["text"]
        assert [r["id"] for r in probe.on(f"ting/alarm/{site}/ring")] == ["late1"]
        # Said at the next interaction on that site.
        async with httpx.AsyncClient(timeout=5) as http:
            answer = await http.post(
                f"http://127.0.0.1:{server.port}/api/timers", json={"duration_seconds": 600, "site_id": site}
            )
            assert answer.status_code == 201
        await probe.publish("hermes/intent/timer.status", intent("timer.status", site, lang="zh"))
        say = await probe.wait_for("hermes/tts/say", lambda d: d["siteId"] == site)
        assert say["text"].startswith("错过了") and "计时器还剩" in say["text"]


async def test_offline_device_rings_elsewhere(
    tmp_path: Path, mqtt_settings: Callable[..., MqttSettings], probe: Probe
) -> None:
    gone, other = f"gone-{uuid.uuid4().hex[:6]}", f"other-{uuid.uuid4().hex[:6]}"
    for site, state in ((gone, "offline"), (other, "online")):
        status = {"siteId": site, "state": state, "role": "device"}
        await probe.client.publish_raw(f"ting/status/{site}", json.dumps(status).encode(), retain=True)
    settings = alarm_settings(tmp_path, mqtt_settings())
    try:
        async with running_server(settings) as server:
            await server.state.client.wait_connected(10)
            await asyncio.sleep(0.2)
            async with httpx.AsyncClient(timeout=5) as http:
                when = server.state.alarms.now().replace(tzinfo=None, microsecond=0).isoformat()
                created = await http.post(
                    f"http://127.0.0.1:{server.port}/api/reminders",
                    json={"time": when, "message": "call mom", "site_id": gone, "lang": "en"},
                )
                assert created.status_code == 201, created.text
            ring = await probe.wait_for(f"ting/alarm/{other}/ring")
            assert ring["target_site_id"] == gone and ring["text"] == "Reminder: call mom"
            await probe.wait_for("ting/event/alarm.rang_elsewhere", lambda d: d["data"]["site_id"] == other)
            await probe.wait_for("ting/event/reminder.due", lambda d: d["data"]["message"] == "call mom")
    finally:
        for site in (gone, other):
            await probe.client.publish_raw(f"ting/status/{site}", b"", retain=True)
