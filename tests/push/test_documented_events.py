"""Events as documented: every event in docs/push.md's table happens on a running server (timer.done was
documented and never emitted)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.fake_http import serving
from tests.push.fakes import FakeTencent
from tests.server.conftest import Probe, make_settings, probe  # noqa: F401 (fixture)
from ting.server.alarms.store import SqliteAlarmStore
from ting.server.host import running_server
from ting.settings import AlarmsSettings, MqttSettings, PushOutboxSettings, WecomBotChannel
from ting.skills.sdk.alarms import Item, ItemKind

DOCS = Path(__file__).resolve().parents[2] / "docs" / "push.md"


def documented_events() -> set[str]:
    text = DOCS.read_text()
    table = text[text.index("## Events") : text.index("## What is pushed")]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([a-z_]+\.[a-z_]+)`", row.split("|")[1])}


@pytest.fixture
async def fake() -> AsyncIterator[str]:
    async with serving(FakeTencent()) as url:
        yield url


async def test_every_documented_event_is_emitted(
    tmp_path: Path,
    mqtt_settings: Callable[..., MqttSettings],
    probe: Probe,  # noqa: F811 (the fixture)
    fake: str,
) -> None:
    documented = documented_events()
    assert {"timer.done", "reminder.due", "alarm.missed", "device.offline", "answer.forwarded"} <= documented
    tag = uuid.uuid4().hex[:6]
    here, gone, other = f"den-{tag}", f"gone-{tag}", f"other-{tag}"
    settings = replace(
        make_settings(tmp_path, mqtt_settings()),
        alarms=AlarmsSettings(grace_seconds=60),
        push={"bot": WecomBotChannel(type="wecom_bot", key="k", api_base_url=fake)},
        push_outbox=PushOutboxSettings(poll_seconds=0.05),
    )
    async with SqliteAlarmStore(tmp_path / "ting.db") as store:  # came due while no server ran
        await store.put(Item(kind=ItemKind.ALARM, site_id=here, due_unix=0.0, id=f"missed-{tag}", lang="en"))
    for site, state in ((gone, "offline"), (other, "online")):
        status = {"siteId": site, "state": state, "role": "device"}
        await probe.client.publish_raw(f"ting/status/{site}", json.dumps(status).encode(), retain=True)
    seen: dict[str, dict[str, Any]] = {}

    def saw(event: str, where: Callable[[dict[str, Any]], bool]) -> Callable[[], Any]:
        async def wait() -> None:
            with contextlib.suppress(TimeoutError):  # the missing ones are named below
                seen[event] = await probe.wait_for(f"ting/event/{event}", where, timeout_seconds=30)

        return wait

    async def until(condition: Callable[[], bool]) -> None:
        for _ in range(300):
            if condition():
                return
            await asyncio.sleep(0.05)
        raise AssertionError("the retained statuses never reached the server")

    try:
        async with (
            running_server(settings) as server,
            httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}", timeout=10) as http,
        ):
            await server.state.client.wait_connected(10)
            await until(lambda: server.state.presence.offline(gone))  # the retained statuses arrived
            await until(lambda: other in server.state.presence.online_devices())
            soon = (server.state.alarms.now() + timedelta(seconds=1)).isoformat()
            await http.post("/api/timers", json={"duration_seconds": 1, "site_id": here, "lang": "en"})
            await http.post(
                "/api/reminders", json={"time": soon, "message": "tea", "site_id": gone, "lang": "en"}
            )
            for state in ("online", "offline", "online"):  # the first status of a site is only remembered
                status = {"siteId": here, "state": state, "role": "device"}
                await probe.publish(f"ting/status/{here}", json.dumps(status))
            await http.post("/api/text", json={"text": "what time is it", "site_id": here, "lang": "en"})
            forwarded = await http.post("/api/text", json={"text": "send that to my wechat", "site_id": here})
            assert forwarded.json()["intent"] == "push.send_last", forwarded.json()
            await asyncio.gather(
                saw("timer.done", lambda d: d["data"]["target_site_id"] == here)(),
                saw("reminder.due", lambda d: d["data"]["message"] == "tea")(),
                saw("alarm.missed", lambda d: d["data"]["id"] == f"missed-{tag}")(),
                saw("alarm.rang_elsewhere", lambda d: d["data"]["target_site_id"] == gone)(),
                saw("device.offline", lambda d: d["data"]["site_id"] == here)(),
                saw("device.online", lambda d: d["data"]["site_id"] == here)(),
                saw("answer.forwarded", lambda d: d["data"]["site_id"] == here)(),
            )
    finally:
        for site in (here, gone, other):
            await probe.client.publish_raw(f"ting/status/{site}", b"", retain=True)
    assert documented <= set(seen), documented - set(seen)
    for event, message in seen.items():
        assert message["event"] == event and message["text"], message
