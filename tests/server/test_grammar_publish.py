"""Recognizer grammars for devices: served over HTTP and retained on ting/nlu/grammar/<lang>."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Callable
from typing import Any

import httpx

from ting.mqtt.client import HermesClient
from ting.settings import MqttSettings


async def test_grammar_endpoint_serves_both_formats(server: Any) -> None:
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}", timeout=30) as http:
        vosk = await http.get("/api/nlu/grammar", params={"lang": "en", "format": "vosk"})
        assert vosk.status_code == 200
        phrases = vosk.json()
        assert phrases[-1] == "[unk]" and any("light" in phrase for phrase in phrases)
        jsgf = await http.get("/api/nlu/grammar", params={"lang": "zh", "format": "jsgf"})
        assert jsgf.status_code == 200 and jsgf.text.startswith("#JSGF V1.0;")
        bad = await http.get("/api/nlu/grammar", params={"lang": "fr"})
        assert bad.status_code == 422


async def test_grammar_is_published_retained(server: Any, mqtt_settings: Callable[..., MqttSettings]) -> None:
    async with HermesClient(
        mqtt_settings(),
        site_id=f"device-{uuid.uuid4().hex[:8]}",
        role="client",
        subscriptions=("ting/nlu/grammar/#",),
    ) as device:
        await asyncio.wait_for(device.wait_connected(10), 15)

        async def first() -> dict[str, Any]:
            async for topic, payload in device.messages():
                if topic == "ting/nlu/grammar/zh":
                    return json.loads(payload)  # type: ignore[no-any-return]
            raise AssertionError("no grammar")

        grammar = await asyncio.wait_for(first(), 30)
    assert (
        grammar["lang"] == "zh" and grammar["vosk"][-1] == "[unk]" and "public <command>" in grammar["jsgf"]
    )
