"""Secrets never leave: with every secret the settings know configured, nothing of them (nor the access
tokens the APIs hand out at run time) appears in any log line, at DEBUG, or in the CLI's output."""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from tests.fake_http import serving
from tests.push.fakes import FakeTencent
from tests.server.conftest import make_settings
from ting import redaction
from ting.server.host import running_server
from ting.settings import (
    ChatCallback,
    ChatSettings,
    MqttSettings,
    PushOutboxSettings,
    PushPlusChannel,
    PushRule,
    ServerChanChannel,
    Settings,
    StoreSettings,
    WechatMpChannel,
    WecomAppChannel,
    WecomBotChannel,
    WxPusherChannel,
)

SECRETS = {
    "bot": "bot-key-5ecret",
    "app": "app-5ecret-value",
    "mp": "mp-5ecret-value",
    "sendkey": "SCT5ecretsendkey",
    "pushplus": "pp-5ecret-token",
    "wxpusher": "AT_5ecretapptoken",
    "callback": "cb-5ecret-token",
    "aes": "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
    "dsn": "dbpa55word",
    "mqtt": "mqttpa55",
}
CHANNELS = ("bot", "app", "mp", "serverchan", "pushplus", "wxpusher")


def all_secrets_settings(tmp_path: Path, mqtt: MqttSettings, url: str) -> Settings:
    broker = mqtt.url.replace("mqtt://", f"mqtt://ting:{SECRETS['mqtt']}@")
    base = make_settings(tmp_path, replace(mqtt, url=broker))
    return replace(
        base,
        store=StoreSettings(
            data_dir=tmp_path, postgres_dsn=f"postgresql://ting:{SECRETS['dsn']}@127.0.0.1:5432/ting"
        ),
        push={
            "bot": WecomBotChannel(type="wecom_bot", key=SECRETS["bot"], api_base_url=url),
            "app": WecomAppChannel(
                type="wecom_app",
                corpid="wx1",
                secret=SECRETS["app"],
                agentid=1,
                touser=("zhangsan",),
                api_base_url=url,
            ),
            "mp": WechatMpChannel(
                type="wechat_mp",
                appid="wx2",
                secret=SECRETS["mp"],
                template_id="t1",
                touser=("o1",),
                api_base_url=url,
            ),
            "serverchan": ServerChanChannel(type="serverchan", sendkey=SECRETS["sendkey"], api_base_url=url),
            "pushplus": PushPlusChannel(type="pushplus", token=SECRETS["pushplus"], api_base_url=url),
            "wxpusher": WxPusherChannel(
                type="wxpusher", app_token=SECRETS["wxpusher"], uids=("UID_1",), api_base_url=url
            ),
        },
        push_rules=(PushRule(events=("*",), channels=CHANNELS),),
        push_outbox=PushOutboxSettings(poll_seconds=0.05, backoff_min_seconds=0.05, backoff_max_seconds=0.2),
        chat=ChatSettings(
            wecom=ChatCallback(channel="app", token=SECRETS["callback"], encoding_aes_key=SECRETS["aes"])
        ),
    )


def leaks(text: str) -> list[str]:
    found = [name for name, secret in SECRETS.items() if secret in text]
    if "token-" in text.replace(f"={redaction.REDACTED}", ""):  # the fake API's run-time access tokens
        found += [line for line in text.splitlines() if "token-" in line]
    return found


@pytest.fixture
async def fake() -> AsyncIterator[tuple[FakeTencent, str]]:
    api = FakeTencent(app_secret=SECRETS["app"], mp_secret=SECRETS["mp"], pushplus_token=SECRETS["pushplus"])
    async with serving(api) as url:
        yield api, url


async def test_server_logs_at_debug_hold_no_secret(
    tmp_path: Path,
    mqtt_settings: Callable[..., MqttSettings],
    fake: tuple[FakeTencent, str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    api, url = fake
    settings = all_secrets_settings(tmp_path, mqtt_settings(), url)
    with caplog.at_level(logging.DEBUG):
        async with running_server(settings) as server:
            await asyncio.wait_for(server.state.client.wait_connected(10), 15)
            services = next(iter(server.state.runtime._services.values()))
            await services.push.notify("timer.done", "泡面的计时器到了", {"id": "t-1"})
            await sent(server, 6)
            api.expire_tokens()  # the next sends get 42001/40001, fetch a new token, and log all of it
            await services.push.notify("timer.done", "又到了", {"id": "t-2"})
            await sent(server, 12)
            assert api.token_requests >= 4
    logged = "\n".join(f"{record.getMessage()}\n{record.exc_text or ''}" for record in caplog.records)
    assert "HTTP Request" in logged  # httpx did log every request, with its URL
    assert leaks(logged) == []


async def sent(server: Any, count: int, timeout_seconds: float = 20.0) -> None:
    async with asyncio.timeout(timeout_seconds):
        while True:
            records = await server.state.store.outbox_list(status=None, channel=None, limit=100)
            if len(records) == count and all(r.status == "sent" for r in records):
                return
            await asyncio.sleep(0.05)


async def test_push_test_cli_prints_and_logs_no_secret(
    tmp_path: Path, mqtt_settings: Callable[..., MqttSettings], fake: tuple[FakeTencent, str]
) -> None:
    api, url = fake
    settings = all_secrets_settings(tmp_path, mqtt_settings(), url)
    config = tmp_path / "ting.toml"
    config.write_text(_toml(settings))
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for channel in CHANNELS:
        result = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "ting.cli.main", "--config", str(config), "--log-level", "DEBUG",
             "push", "test", channel, "--text", "hello"],
            capture_output=True, text=True, env=env, timeout=60,
        )  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr
        assert "HTTP Request" in result.stderr
        assert leaks(result.stdout + result.stderr) == [], (channel, result.stdout, result.stderr)
    api.expire_tokens()
    api.removed_keys.add(SECRETS["bot"])  # a failure: the answer and the error are printed
    failed = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "ting.cli.main", "--config", str(config), "push", "test", "bot",
         "--text", "x"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert failed.returncode == 1 and "FAILED" in failed.stdout
    assert leaks(failed.stdout + failed.stderr) == []


def _toml(settings: Settings) -> str:
    lines = [f'[mqtt]\nurl = "{settings.mqtt.url}"\nembedded_broker = false\n']
    lines.append(
        f'[store]\ndata_dir = "{settings.store.data_dir}"\npostgres_dsn = "{settings.store.postgres_dsn}"\n'
    )
    for name, channel in settings.push.items():
        lines.append(f"[push.{name}]")
        for key, value in vars(channel).items():
            if isinstance(value, tuple):
                lines.append(f"{key} = [{', '.join(repr(v) for v in value)}]".replace("'", '"'))
            elif isinstance(value, bool):
                lines.append(f"{key} = {str(value).lower()}")
            elif isinstance(value, int | float):
                lines.append(f"{key} = {value}")
            elif isinstance(value, str):
                lines.append(f'{key} = "{value}"')
        lines.append("")
    return "\n".join(lines)
