"""`ting server` subprocesses: a timer survives a kill -9 and rings on time on its site; two servers
sharing one PostgreSQL ring a due alarm exactly once."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.alarms.test_ringing import intent
from tests.server.conftest import Probe
from ting.mqtt.broker import free_port
from ting.mqtt.url import BrokerAddress

TING = str(Path(sys.executable).with_name("ting"))
PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"


class Servers:
    def __init__(self, tmp_path: Path, broker: BrokerAddress) -> None:
        self.tmp_path, self.broker = tmp_path, broker
        self.running: list[subprocess.Popen[bytes]] = []

    def start(self, data: Path, extra: str = "") -> int:
        port = free_port()
        config = self.tmp_path / f"ting-{port}.toml"
        config.write_text(
            f'[server]\nhttp_port = {port}\nserver_id = "srv-{port}"\n[store]\ndata_dir = "{data}"\n{extra}'
            f'[mqtt]\nclient_id = "ting-alarm-{uuid.uuid4().hex[:6]}"\nembedded_broker = false\n'
        )
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
        process = subprocess.Popen(
            [TING, "server", "--config", str(config), "--mqtt", self.broker.url],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
        )  # fmt: skip
        self.running.append(process)
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    return port
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("ting server did not become healthy")
            time.sleep(0.05)

    def kill(self) -> None:
        for process in self.running:
            process.send_signal(signal.SIGKILL)
            process.wait(10)
        self.running.clear()

    def stop(self) -> None:
        for process in self.running:
            process.terminate()
            process.wait(15)
        self.running.clear()


@pytest.fixture
def servers(tmp_path: Path, mosquitto: BrokerAddress) -> Iterator[Servers]:
    handle = Servers(tmp_path, mosquitto)
    yield handle
    handle.stop()


async def test_timer_survives_kill_and_rings_on_time(servers: Servers, tmp_path: Path, probe: Probe) -> None:
    site = f"kitchen-{uuid.uuid4().hex[:6]}"
    data = tmp_path / "data"
    servers.start(data)
    asked = time.time()
    await probe.publish("hermes/intent/timer.set", intent("timer.set", site, duration=6))
    await probe.wait_for("hermes/tts/say", lambda d: d["siteId"] == site)
    due = asked + 6
    servers.kill()  # kill -9: nothing is flushed on the way down
    servers.start(data)
    assert time.time() < due, "the restart took too long for this test"
    ring = await probe.wait_for(f"ting/alarm/{site}/ring", timeout_seconds=15)
    arrived = time.time()
    assert ring["kind"] == "timer" and ring["late"] is False
    assert -0.1 < arrived - due < 1.0, f"rang {arrived - due:.3f} s after its time"


@pytest.fixture
def postgres_dsn() -> Iterator[str]:
    import psycopg

    name = f"ting_test_{uuid.uuid4().hex[:10]}"
    try:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name}")
    except psycopg.OperationalError as error:
        pytest.fail(f"this test needs the PostgreSQL on 127.0.0.1:5432 (trust auth): {error}", pytrace=False)
    yield f"host=127.0.0.1 port=5432 user=postgres dbname={name}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


async def test_two_servers_on_one_postgres_ring_once(
    servers: Servers, tmp_path: Path, probe: Probe, postgres_dsn: str
) -> None:
    site = f"hall-{uuid.uuid4().hex[:6]}"
    extra = f'backend = "postgres"\npostgres_dsn = "{postgres_dsn}"\n'
    first = servers.start(tmp_path / "a", extra)
    async with httpx.AsyncClient(timeout=5) as http:
        for n in range(20):  # twenty alarms due together: each must ring once, not twice
            body = {"duration_seconds": 4, "site_id": f"{site}-{n}", "lang": "en"}
            assert (await http.post(f"http://127.0.0.1:{first}/api/timers", json=body)).status_code == 201
    servers.start(tmp_path / "b", extra)  # loads the same pending items from PostgreSQL
    for n in range(20):
        await probe.wait_for(f"ting/alarm/{site}-{n}/ring", timeout_seconds=10)
    await asyncio.sleep(1.0)
    rings = [
        json.loads(p)["id"]
        for t, p in probe.seen
        if t.startswith(f"ting/alarm/{site}-") and t.endswith("/ring")
    ]
    assert len(rings) == 20 and len(set(rings)) == 20
