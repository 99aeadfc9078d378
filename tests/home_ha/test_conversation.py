"""Handing sentences no ting skill understands to Home Assistant's conversation agent (``POST
/api/conversation/process`` on the fake Home Assistant): its speech is spoken, its failures get a clear
answer, and it is off unless configured."""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.home_ha.fake_ha import FakeHomeAssistant
from tests.home_ha.test_home_assistant import ha_settings
from tests.server.conftest import Probe, make_settings
from ting.mqtt.broker import free_port
from ting.server.home_ha.conversation import HaConversation, HandOffError, rest_base_url
from ting.server.host import running_server
from ting.settings import HomeAssistantSettings, MqttSettings

WAIT_SECONDS = 45.0
NO_ANSWER_ZH = "抱歉，我没听懂，Home Assistant 也没有回应。"


@pytest.fixture
async def fake() -> AsyncIterator[FakeHomeAssistant]:
    async with FakeHomeAssistant() as running:
        running.sentences = {
            "给花园浇水": ("action_done", "花园开始浇水了"),
            "water the garden": ("action_done", "Started watering the garden"),
        }
        yield running


def server_for(
    tmp_path: Path, mqtt_settings: Callable[..., MqttSettings], fake: FakeHomeAssistant, **ha: Any
) -> Any:
    settings = replace(
        make_settings(tmp_path, mqtt_settings(), server_id=f"conv-{uuid.uuid4().hex[:8]}"),
        home_assistant=ha_settings(fake, rest_url=fake.rest_url, timeout_seconds=15.0, **ha),
    )
    return running_server(settings)


async def ask(probe: Probe, text: str, lang: str, site: str = "default") -> str:
    session = uuid.uuid4().hex
    query = {"input": text, "siteId": site, "sessionId": session, "lang": lang}
    await probe.publish("hermes/nlu/query", json.dumps(query))
    say = await probe.wait_for("hermes/tts/say", lambda data: data.get("sessionId") == session, WAIT_SECONDS)
    return str(say["text"])


async def test_what_no_skill_understands_is_answered_by_home_assistant(
    tmp_path: Path, mqtt_settings: Callable[..., MqttSettings], fake: FakeHomeAssistant, probe: Probe
) -> None:
    async with server_for(tmp_path, mqtt_settings, fake, conversation=True) as server:
        await asyncio.wait_for(server.state.client.wait_connected(30), WAIT_SECONDS)
        assert await ask(probe, "给花园浇水", "zh") == "花园开始浇水了"
        assert fake.conversations[-1] == {"text": "给花园浇水", "language": "zh"}
        assert await ask(probe, "water the garden", "en") == "Started watering the garden"
        assert fake.conversations[-1]["conversation_id"] == "01JCONV"  # the site's conversation goes on
        # Home Assistant did not understand either: its own words.
        assert await ask(probe, "sing me the garden song", "en") == "Sorry, I couldn't understand that"
        # What ting understands stays with ting.
        calls = len(fake.conversations)
        assert (await ask(probe, "打开客厅灯", "zh")).startswith("好的")
        assert len(fake.conversations) == calls
        # The text path (HTTP API, chat) hands over too.
        answer = await server.state.runtime.answer_text("给花园浇水", lang="zh", channel="chat")
        assert (answer.response.text, answer.response.ok) == ("花园开始浇水了", True)
        assert answer.response.data["handed_to"] == "home_assistant"

        # An answer to a question ting asked is not handed over.
        session = uuid.uuid4().hex
        query = {"input": "打开大门", "siteId": "hall", "sessionId": session, "lang": "zh"}
        await probe.publish("hermes/nlu/query", json.dumps(query))
        same = lambda d: d.get("sessionId") == session  # noqa: E731
        question = await probe.wait_for("hermes/tts/say", same, WAIT_SECONDS)
        assert question["text"] == "确定要打开大门吗？"
        calls = len(fake.conversations)
        await probe.publish("hermes/nlu/query", json.dumps({**query, "input": "给花园浇水"}))
        said = await probe.wait_for(
            "hermes/tts/say",
            lambda d: same(d) and d["text"] != question["text"],
            WAIT_SECONDS,
        )
        assert said["text"] == "抱歉，我没听懂。" and len(fake.conversations) == calls

        fake.http_status = 500  # Home Assistant failing
        assert await ask(probe, "给花园浇水", "zh") == NO_ANSWER_ZH


async def test_the_hand_off_is_off_by_default(
    tmp_path: Path, mqtt_settings: Callable[..., MqttSettings], fake: FakeHomeAssistant, probe: Probe
) -> None:
    async with server_for(tmp_path, mqtt_settings, fake) as server:
        await asyncio.wait_for(server.state.client.wait_connected(30), WAIT_SECONDS)
        assert await ask(probe, "给花园浇水", "zh") == "抱歉，我没听懂。"
    assert fake.conversations == []


async def test_errors_are_clear(fake: FakeHomeAssistant, caplog: pytest.LogCaptureFixture) -> None:
    async with httpx.AsyncClient() as http:
        wrong = HomeAssistantSettings(url=fake.url, token="not-the-token", rest_url=fake.rest_url)
        with pytest.raises(HandOffError, match=r"refused the access token \(401\)"):
            await HaConversation(wrong, http).process("给花园浇水", "zh", "kitchen")
        with caplog.at_level(logging.WARNING):
            answer = await HaConversation(wrong, http).answer("给花园浇水", "zh", "kitchen")
        assert (answer.text, answer.ok) == (NO_ANSWER_ZH, False)
        assert "not-the-token" not in caplog.text

        gone = HomeAssistantSettings(
            url=fake.url, token=fake.token, rest_url=f"http://127.0.0.1:{free_port()}"
        )
        with pytest.raises(HandOffError, match="did not answer"):
            await HaConversation(gone, http).process("water the garden", "en", "kitchen")
    assert fake.conversations == []


def test_the_rest_address_follows_the_websocket_url() -> None:
    def base(url: str, rest_url: str | None = None) -> str:
        return rest_base_url(HomeAssistantSettings(url=url, token="t", rest_url=rest_url))

    assert base("ws://homeassistant.local:8123/api/websocket") == "http://homeassistant.local:8123"
    assert base("wss://ha.example.org/api/websocket") == "https://ha.example.org"
    assert base("ws://10.0.0.2:8123/api/websocket", "http://10.0.0.2:8080/") == "http://10.0.0.2:8080"
