"""`ting server` subprocesses: a daily weather briefing configured in ting.toml, in a household zone that
is not the machine's (UTC), is delivered exactly once to WeChat/WeCom (a fake WeCom robot) and spoken
exactly once on its site, although the server is killed with SIGKILL inside the briefing's run and again
after it was sent; a push that fails stays in the outbox, pending with its reason, and goes out once when
the API answers again."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import httpx
import pytest
from fastapi import FastAPI, Request

from tests.fake_http import serving
from tests.push.fakes import FakeTencent
from tests.server.conftest import Probe
from tests.weather.fake_openmeteo import FakeOpenMeteo
from ting.mqtt.broker import free_port
from ting.mqtt.url import BrokerAddress

TING = str(Path(sys.executable).with_name("ting"))
ZONE = "Pacific/Auckland"
"""The household's zone: 11 to 13 hours from the machine's UTC."""
LEAD_SECONDS = 45
"""The briefing is set this far ahead of the server's start (start-up has taken over 30 s under load)."""
T = TypeVar("T")


class GatedOpenMeteo(FakeOpenMeteo):
    """The fake Open-Meteo whose forecast answers wait for ``gate`` (a briefing's run stalls inside)."""

    def __init__(self) -> None:
        super().__init__(today=datetime.now(ZoneInfo(ZONE)).date())
        self.gate = asyncio.Event()
        self.gate.set()
        self.forecasts_asked = 0

    def app(self) -> FastAPI:
        app = super().app()

        @app.middleware("http")
        async def gated(request: Request, call_next: Any) -> Any:
            if request.url.path == "/v1/forecast":
                self.forecasts_asked += 1
                await self.gate.wait()
            return await call_next(request)

        return app


class Server:
    """One `ting server` on a data folder; the briefing's time is chosen when it is first started."""

    def __init__(self, tmp_path: Path, broker: BrokerAddress, weather_url: str, wecom_url: str) -> None:
        self.tmp_path, self.broker = tmp_path, broker
        self.weather_url, self.wecom_url = weather_url, wecom_url
        self.site = f"bedroom-{uuid.uuid4().hex[:6]}"
        self.process: subprocess.Popen[bytes] | None = None
        self.config = tmp_path / "ting.toml"
        self.data = tmp_path / "data"
        self.due = datetime.now(ZoneInfo(ZONE))

    def configure(self) -> None:
        self.due = (datetime.now(ZoneInfo(ZONE)) + timedelta(seconds=LEAD_SECONDS)).replace(microsecond=0)
        port = free_port()
        url = self.weather_url
        self.config.write_text(f"""
[server]
http_port = {port}
server_id = "srv-{port}"
[store]
data_dir = "{self.data}"
[household]
timezone = "{ZONE}"
[mqtt]
client_id = "ting-briefing-{uuid.uuid4().hex[:6]}"
embedded_broker = false
[push.family]
type = "wecom_bot"
key = "family"
api_base_url = "{self.wecom_url}"
[skills.weather]
latitude = 31.22222
longitude = 121.45806
timeout_seconds = 120
open_meteo_forecast_url = "{url}/v1/forecast"
open_meteo_geocoding_url = "{url}/v1/search"
open_meteo_air_quality_url = "{url}/v1/air-quality"
[[skills.weather.briefings]]
time = "{self.due.strftime("%H:%M:%S")}"
push = true
sites = ["{self.site}"]
lang = "zh"
""")
        self.port = port

    async def start(self) -> None:
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
        self.process = subprocess.Popen(  # noqa: ASYNC220 (returns at once; the wait below is async)
            [TING, "server", "--config", str(self.config), "--mqtt", self.broker.url],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
        )  # fmt: skip
        deadline = time.monotonic() + 90  # two busy cores: start-up has taken over 30 s
        async with httpx.AsyncClient(timeout=1) as http:
            while True:
                with contextlib.suppress(httpx.TransportError):
                    if (await http.get(f"http://127.0.0.1:{self.port}/healthz")).status_code == 200:
                        return
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.kill()
                    pytest.fail("ting server did not become healthy")
                await asyncio.sleep(0.1)

    async def start_before_due(self) -> None:
        """Started with the briefing still ahead (a new data folder and time when start-up took too long)."""
        for _ in range(3):
            self.configure()
            await self.start()
            if datetime.now(ZoneInfo(ZONE)) < self.due - timedelta(seconds=3):
                return
            self.kill()
            self.data = self.tmp_path / f"data-{uuid.uuid4().hex[:6]}"
        pytest.fail("the server never started in time for its briefing")

    def kill(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)
            self.process = None

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(15)
            self.process = None

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        with contextlib.closing(sqlite3.connect(self.data / "ting.db", timeout=10)) as db:
            return db.execute(sql).fetchall()

    def outbox(self) -> list[tuple[Any, ...]]:
        return self.rows(
            "SELECT idempotency_key, status, last_error FROM push_outbox "
            "WHERE idempotency_key LIKE '%weather:config:0:%'"
        )

    def job(self) -> dict[str, Any]:
        (value,) = self.rows("SELECT value FROM kv WHERE namespace = 'schedules'")[0]
        return dict(json.loads(value))


@pytest.fixture
async def parts(
    tmp_path: Path, mosquitto: BrokerAddress
) -> AsyncIterator[tuple[Server, GatedOpenMeteo, FakeTencent]]:
    weather, wecom = GatedOpenMeteo(), FakeTencent()
    async with serving(weather) as weather_url, serving(wecom) as wecom_url:
        server = Server(tmp_path, mosquitto, weather_url, wecom_url)
        try:
            yield server, weather, wecom
        finally:
            weather.gate.set()
            server.stop()


async def until(check: Callable[[], T | None], timeout_seconds: float, what: str) -> T:
    """Poll ``check`` (another process's SQLite file, a fake's records: nothing to wait on) until truthy."""
    try:
        async with asyncio.timeout(timeout_seconds):
            while not (found := check()):  # noqa: ASYNC110
                await asyncio.sleep(0.1)
    except TimeoutError:
        pytest.fail(f"no {what} within {timeout_seconds:.0f} s")
    return found


def _said(probe: Probe, site: str) -> list[dict[str, Any]]:
    said = [json.loads(payload) for topic, payload in probe.seen if topic == "hermes/tts/say"]
    return [say for say in said if say["siteId"] == site]


async def test_briefing_once_per_day_and_target_across_kills(
    parts: tuple[Server, GatedOpenMeteo, FakeTencent], probe: Probe
) -> None:
    server, weather, wecom = parts
    weather.gate.clear()  # the run will stall inside, waiting for the forecast
    await server.start_before_due()
    wait = (server.due - datetime.now(ZoneInfo(ZONE))).total_seconds() + 60
    await until(lambda: weather.forecasts_asked >= 1, wait, "the briefing's forecast request")
    assert server.job()["running_due_unix"] == server.due.timestamp()  # claimed, not finished
    server.kill()  # kill -9 inside the run: nothing was sent yet
    assert wecom.bot_messages.get("family", []) == [] and _said(probe, server.site) == []
    weather.gate.set()
    await server.start()
    await until(lambda: wecom.bot_messages.get("family"), 90, "the briefing on WeCom")
    await until(lambda: _said(probe, server.site), 30, "the briefing spoken")
    await until(lambda: server.job()["running_due_unix"] is None, 30, "the run confirmed")
    await until(lambda: [row for row in server.outbox() if row[1] == "sent"], 30, "the outbox row sent")
    server.kill()  # and again after it was sent
    await server.start()
    await asyncio.sleep(3)  # what a third run would send (none should) has had time to reach the fakes
    (message,) = wecom.bot_messages["family"]
    text = message["text"]["content"]
    assert "今天天气：" in text and "空气质量优，指数四十二" in text
    (spoken,) = _said(probe, server.site)
    assert spoken["text"].startswith("今天天气：") and spoken["lang"] == "zh"
    day = server.due.date().isoformat()
    assert server.outbox() == [(f"answer.forwarded:weather:config:0:{day}:push", "sent", None)]
    next_due = datetime.fromtimestamp(server.job()["next_due_unix"], ZoneInfo(ZONE))
    assert next_due == server.due + timedelta(days=1)


async def test_a_failing_push_stays_pending_with_its_reason(
    parts: tuple[Server, GatedOpenMeteo, FakeTencent], probe: Probe
) -> None:
    server, _, wecom = parts
    wecom.down = True  # 503: an outage
    await server.start_before_due()
    wait = (server.due - datetime.now(ZoneInfo(ZONE))).total_seconds() + 60
    row = await until(lambda: [r for r in server.outbox() if r[2]], wait, "a failed attempt recorded")
    ((_, status, reason),) = row
    assert status == "pending" and "503" in reason
    wecom.down = False
    await until(lambda: wecom.bot_messages.get("family"), 120, "the briefing once the API answers")
    await until(lambda: [r for r in server.outbox() if r[1] == "sent"], 30, "the outbox row sent")
    assert len(wecom.bot_messages["family"]) == 1 and len(server.outbox()) == 1
