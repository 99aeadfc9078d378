"""`ting server` as a real subprocess: configured by a TOML file and --mqtt, serving Hermes and HTTP."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rhasspyhermes.intent import Intent, Slot
from rhasspyhermes.nlu import NluIntent

from tests.server.conftest import Probe
from ting.mqtt.broker import free_port
from ting.mqtt.url import BrokerAddress

TING = str(Path(sys.executable).with_name("ting"))


@pytest.fixture
def server_process(ting_server: tuple[int, subprocess.Popen[bytes]]) -> int:
    return ting_server[0]


@pytest.fixture
def ting_server(tmp_path: Path, mosquitto: BrokerAddress) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    """`ting server` as a subprocess, healthy: (HTTP port, process)."""
    port = free_port()
    config = tmp_path / "ting.toml"
    config.write_text(
        f'[server]\nhttp_port = {port}\n[store]\ndata_dir = "{tmp_path / "data"}"\n'
        f'[mqtt]\nclient_id = "ting-proc-{uuid.uuid4().hex[:6]}"\nembedded_broker = false\n'
    )
    process = subprocess.Popen(
        [TING, "server", "--config", str(config), "--mqtt", mosquitto.url],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ},
    )
    try:
        # generous: the full suite runs on two busy cores, where start-up has taken more than 30 s
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()  # reading a live process's stdout to its end would wait for ever
                output = process.stdout.read().decode() if process.stdout else ""
                pytest.fail(f"ting server did not become healthy:\n{output}")
            time.sleep(0.1)
        yield port, process
    finally:
        process.terminate()
        process.wait(timeout=15)
        if process.stdout:
            process.stdout.close()


async def test_server_subprocess_answers_a_device_intent(server_process: int, probe: Probe) -> None:
    session = uuid.uuid4().hex
    intent = NluIntent(
        input="turn on the tv",
        intent=Intent(intent_name="home.turn_on", confidence_score=1.0),
        slots=[
            Slot(entity="device", slot_name="device", value={"kind": "Custom", "value": "tv"}, raw_value="tv")
        ],
        site_id="living_room",
        session_id=session,
        lang="en",
    )
    await probe.publish("hermes/intent/home.turn_on", intent.payload())
    say = await probe.wait_for("hermes/tts/say", lambda d: d.get("sessionId") == session, timeout_seconds=10)
    assert say["siteId"] == "living_room" and "TV" in say["text"]
    async with httpx.AsyncClient(timeout=5) as http:
        state = await http.post(
            f"http://127.0.0.1:{server_process}/api/text", json={"text": "is the tv on", "lang": "en"}
        )
    assert state.json()["data"]["devices"]["tv"]["on"] is True
    status = await probe.wait_for("ting/status/server", lambda d: d["state"] == "online")
    assert status["role"] == "server"


def test_bad_config_file_names_file_key_and_expectation(tmp_path: Path) -> None:
    config = tmp_path / "ting.toml"
    config.write_text('[server]\nhttp_port = "eighty"\n')
    result = subprocess.run(
        [TING, "server", "--config", str(config)], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 2
    assert str(config) in result.stderr and "server.http_port" in result.stderr and "integer" in result.stderr


def test_config_file_that_is_not_toml(tmp_path: Path) -> None:
    config = tmp_path / "ting.toml"
    config.write_text("[server\nport=1")
    result = subprocess.run(
        [TING, "server", "--config", str(config)], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 2 and "not valid TOML" in result.stderr


def test_environment_override_is_validated_too(tmp_path: Path) -> None:
    env = {**os.environ, "TING_STORE__BACKEND": "oracle"}
    result = subprocess.run(
        [TING, "server"], capture_output=True, text=True, timeout=30, env=env, cwd=tmp_path
    )
    assert (
        result.returncode == 2 and "TING_STORE__BACKEND" in result.stderr and "store.backend" in result.stderr
    )


def peak_rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))) / 1024


def test_a_body_without_length_is_refused_while_it_streams(
    ting_server: tuple[int, subprocess.Popen[bytes]],
) -> None:
    """A chunked upload with no Content-Length was read whole before 413 (256 MiB -> 660 MB RSS)."""
    port, process = ting_server
    before = peak_rss_mb(process.pid)

    def body() -> Iterator[bytes]:
        piece = b" " * 65536
        for _ in range(256 * 16):  # 256 MiB
            yield piece

    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as http:
        try:
            refused = http.post("/api/text", content=body(), headers={"content-type": "application/json"})
            assert refused.status_code == 413 and "larger than" in refused.text
        except (httpx.WriteError, httpx.RemoteProtocolError, httpx.ReadError):
            pass  # the server answered and closed while the client was still sending: refused all the same
        assert http.post("/api/text", json={"text": "what time is it"}).status_code == 200
    assert peak_rss_mb(process.pid) - before < 50
