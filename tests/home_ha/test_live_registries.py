"""Home Assistant's registries changing while ting runs: the real server (in this process, on the session's
mosquitto) with the fake Home Assistant, which edits its registries and fires the documented
``*_registry_updated`` events; the new names are understood by voice (Hermes queries) and in the
grammars announced to the devices, without a restart."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from tests.home_ha.fake_ha import FakeHomeAssistant, wait_until
from tests.home_ha.test_home_assistant import ha_settings
from tests.server.conftest import Probe, make_settings
from ting.nlu import load_household
from ting.nlu.registry import Household
from ting.server.home_ha import open_home_assistant
from ting.server.host import running_server
from ting.settings import MqttSettings

WAIT_SECONDS = 45.0


@pytest.fixture
async def fake() -> AsyncIterator[FakeHomeAssistant]:
    async with FakeHomeAssistant() as running:
        yield running


@pytest.fixture
async def server(
    tmp_path: Path, mqtt_settings: Callable[..., MqttSettings], fake: FakeHomeAssistant
) -> AsyncIterator[Any]:
    settings = replace(
        make_settings(tmp_path, mqtt_settings(), server_id=f"live-{uuid.uuid4().hex[:8]}"),
        home_assistant=ha_settings(fake, registry_settle_seconds=0.2, timeout_seconds=15.0),
    )
    async with running_server(settings) as running:
        await asyncio.wait_for(running.state.client.wait_connected(30), WAIT_SECONDS)
        yield running


async def ask(probe: Probe, text: str, lang: str) -> str:
    session = uuid.uuid4().hex
    query = {"input": text, "siteId": "default", "sessionId": session, "lang": lang}
    await probe.publish("hermes/nlu/query", json.dumps(query))
    say = await probe.wait_for("hermes/tts/say", lambda data: data.get("sessionId") == session, WAIT_SECONDS)
    return str(say["text"])


def entity(fake: FakeHomeAssistant, entity_id: str) -> dict[str, Any]:
    return next(e for e in fake.registries["config/entity_registry/list"] if e["entity_id"] == entity_id)


def called(fake: FakeHomeAssistant, service: str, entity_id: str) -> bool:
    return any(
        f"{call['domain']}.{call['service']}" == service and call["target"] == {"entity_id": entity_id}
        for call in fake.calls
    )


async def test_renamed_and_newly_exposed_entities_are_understood_at_once(
    server: Any, probe: Probe, fake: FakeHomeAssistant
) -> None:
    reload = server.state.household_reload
    assert "switch.secret_plug" not in server.state.runtime.household.devices
    assert not (await ask(probe, "打开秘密插座", "zh")).startswith("好的")

    # Exposed to Assist in Home Assistant, with a Chinese alias: one entity registry update.
    fake.exposed["switch.secret_plug"]["conversation"] = True
    entity(fake, "switch.secret_plug")["aliases"] = ["秘密插座"]
    await fake.fire(
        "entity_registry_updated",
        {"action": "update", "entity_id": "switch.secret_plug", "changes": {"options": {}, "aliases": []}},
    )
    await wait_until(lambda: reload.applied >= 1, WAIT_SECONDS)
    await ask(probe, "打开秘密插座", "zh")
    assert called(fake, "switch.turn_on", "switch.secret_plug"), fake.calls

    # The devices' recognizers get the name: the Vosk phrase list has it (characters apart, as Vosk's
    # Chinese models spell words).
    def has_name(data: dict[str, Any]) -> bool:
        return "秘 密 插 座" in json.dumps(data, ensure_ascii=False)

    grammar = await probe.wait_for("ting/nlu/grammar/zh", has_name, WAIT_SECONDS)
    assert grammar["lang"] == "zh"

    # Renamed in English.
    entity(fake, "light.kitchen")["name"] = "pantry light"
    await fake.fire("entity_registry_updated", {"action": "update", "entity_id": "light.kitchen",
                                                "changes": {"name": None}})  # fmt: skip
    await wait_until(lambda: reload.applied >= 2, WAIT_SECONDS)
    await ask(probe, "turn off the pantry light", "en")
    assert called(fake, "light.turn_off", "light.kitchen"), fake.calls


async def test_area_and_floor_changes_reach_the_household(
    server: Any, probe: Probe, fake: FakeHomeAssistant
) -> None:
    reload = server.state.household_reload
    areas = fake.registries["config/area_registry/list"]
    next(area for area in areas if area["area_id"] == "kitchen")["aliases"] = ["厨房", "灶间"]
    await fake.fire("area_registry_updated", {"action": "update", "area_id": "kitchen"})
    await wait_until(lambda: reload.applied >= 1, WAIT_SECONDS)
    await ask(probe, "关掉灶间的灯", "zh")
    assert called(fake, "light.turn_off", "light.kitchen"), fake.calls

    floors = fake.registries["config/floor_registry/list"]
    next(floor for floor in floors if floor["floor_id"] == "first")["aliases"] = ["upstairs", "阁楼"]
    await fake.fire("floor_registry_updated", {"action": "update", "floor_id": "first"})
    await wait_until(lambda: reload.applied >= 2, WAIT_SECONDS)
    assert server.state.runtime.household.floor("first").names["zh"] == ("二楼", "阁楼")


async def test_a_burst_of_changes_is_read_once_and_nothing_new_rebuilds_nothing() -> None:
    taken: list[Household] = []

    async def take(household: Household) -> None:
        taken.append(household)

    async with FakeHomeAssistant() as fake, AsyncExitStack() as stack:
        settings = ha_settings(fake, registry_settle_seconds=1.0)
        household, home = await open_home_assistant(settings, load_household(None), stack, take)

        def reads() -> int:
            return fake.asked.get("config/entity_registry/list", 0)

        before = reads()
        entity(fake, "light.kitchen")["aliases"] = ["厨房灯", "灶台灯"]
        for _ in range(5):  # one rename in the UI fires several events
            await fake.fire("entity_registry_updated", {"action": "update", "entity_id": "light.kitchen"})
        await wait_until(lambda: len(taken) == 1, WAIT_SECONDS)
        assert taken[0].devices["light.kitchen"].names["zh"] == ("厨房灯", "灶台灯")
        assert home.household is taken[0]  # the backend's own lookups follow
        assert before < reads() < before + 5  # coalesced (a stalled machine may split the burst in two)

        before = reads()
        await fake.fire("device_registry_updated", {"action": "update", "device_id": "dev_fan"})
        await wait_until(lambda: reads() > before, WAIT_SECONDS)
        await asyncio.sleep(0.5)  # the read is done; a listener call would follow at once
        assert len(taken) == 1  # read again, nothing changed: nothing rebuilt

        connection = home.connection
        assert connection is not None
        entity(fake, "light.kitchen")["aliases"] = ["厨房灯", "后厨灯"]  # changed while ting was away
        await fake.restart()
        await wait_until(lambda: len(taken) == 2, WAIT_SECONDS)
        assert taken[1].devices["light.kitchen"].names["zh"] == ("厨房灯", "后厨灯")
        assert household.devices["light.kitchen"].names["zh"] == ("厨房灯",)  # the first one untouched


async def test_without_a_listener_no_registry_events_are_subscribed() -> None:
    async with FakeHomeAssistant() as fake, AsyncExitStack() as stack:
        await open_home_assistant(ha_settings(fake), load_household(None), stack)
        assert fake.subscribed() == ["state_changed"]
