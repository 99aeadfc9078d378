"""The HTTP API is not open to the world: a token on every private route, the chat callbacks on a
listener of their own, bodies limited while they stream, and /docs without the internet."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.server.conftest import make_settings
from ting.errors import ConfigError
from ting.mqtt.broker import free_port
from ting.server.host import running_server
from ting.settings import ChatSettings, MqttSettings, ServerSettings, Settings

TOKEN = "t0ken-for-the-household-" + "x" * 20


def with_server(settings: Settings, **changes: Any) -> Settings:
    return replace(settings, server=replace(settings.server, **changes))


async def test_private_routes_need_the_token_public_ones_do_not(server_settings: Settings) -> None:
    async with (
        running_server(with_server(server_settings, api_token=TOKEN)) as running,
        httpx.AsyncClient(base_url=f"http://127.0.0.1:{running.port}", timeout=10) as http,
    ):
        for method, path in (("POST", "/api/text"), ("GET", "/api/skills"), ("GET", "/api/alarms"),
                                 ("GET", "/api/push/messages"), ("GET", "/api/home/devices")):  # fmt: skip
            refused = await http.request(method, path, json={"text": "what time is it"})
            assert refused.status_code == 401, path
            assert refused.headers["www-authenticate"] == "Bearer"
            wrong = await http.request(
                method, path, json={"text": "hi"}, headers={"Authorization": "Bearer " + TOKEN[:-1]}
            )
            assert wrong.status_code == 401, path
        allowed = await http.post(
            "/api/text", json={"text": "what time is it"}, headers={"Authorization": f"Bearer {TOKEN}"}
        )
        assert allowed.status_code == 200 and allowed.json()["intent"] == "system.time"
        for path in ("/healthz", "/docs", "/openapi.json"):
            assert (await http.get(path)).status_code == 200, path
        callback = await http.get("/api/wecom/callback", params={"echostr": "x"})
        assert callback.status_code != 401  # checked by its own signature, not the token


async def test_a_reachable_api_without_a_token_refuses_to_start(server_settings: Settings) -> None:
    with pytest.raises(ConfigError, match=r"server.api_token"):
        async with running_server(with_server(server_settings, http_host="0.0.0.0")):
            pass
    config = Path(server_settings.store.data_dir) / "ting.toml"
    config.write_text('[server]\nhttp_host = "0.0.0.0"\n[mqtt]\nembedded_broker = false\n')
    result = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "ting.cli.main", "server", "--config", str(config)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2 and "server.api_token" in result.stderr


async def test_chat_callbacks_have_their_own_listener(server_settings: Settings) -> None:
    settings = replace(server_settings, chat=ChatSettings(http_host="127.0.0.1", http_port=free_port()))
    async with running_server(settings) as running:
        assert running.callback_port is not None
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{running.callback_port}", timeout=10
        ) as http:
            for path in ("/api/text", "/api/skills", "/docs", "/openapi.json", "/healthz"):
                assert (await http.request("POST" if path == "/api/text" else "GET", path)).status_code == 404
            # served here (404 only because no [chat.wecom] is configured: the route answers, not the app)
            answer = await http.get("/api/wecom/callback", params={"echostr": "x"})
            assert answer.status_code == 404 and "chat.wecom is not configured" in answer.text


async def test_docs_load_nothing_from_the_internet(server: Any) -> None:
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}", timeout=10) as http:
        page = await http.get("/docs")
        assert page.status_code == 200 and "SwaggerUIBundle" in page.text
        urls = re.findall(r"""(?:src|href|url)\s*[=:]\s*['"]([^'"]+)['"]""", page.text)
        assert urls and all(url.startswith("/") for url in urls), urls
        assert "http://" not in page.text and "https://" not in page.text
        for url in urls:
            asset = await http.get(url)
            assert asset.status_code == 200 and len(asset.content) > 100, url
        assert (await http.get("/docs/assets/../../../etc/passwd")).status_code == 404
        assert (await http.get("/docs/assets/swagger-editor.js")).status_code == 404


def test_settings_take_the_token_and_the_callback_listener(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, MqttSettings(), api_token=TOKEN)
    assert isinstance(settings.server, ServerSettings) and settings.server.api_token == TOKEN
    assert TOKEN not in repr(settings.server)
