"""Intent -> ``/set`` / ``cmnd`` latency of the Zigbee2MQTT and Tasmota backends, with the simulated
home (the demo's backend) as the peer, measured in the same run.

    .venv/bin/python bench/home_mqtt.py [--rounds 200]

Starts its own mosquitto on a free port, the test suite's simulated Zigbee2MQTT bridge and Tasmota
device (tests/home_mqtt/sim_*.py: they answer ``/set`` and ``cmnd`` as the firmware documents), and
the ting server in this process (SQLite in a temporary folder, a household file with one simulated
device, the bridge's and the plug's devices from the settings). Then, one request at a time,
publishes ``hermes/intent/home.turn_on`` / ``home.turn_off`` (alternating) for a Zigbee light, a
Tasmota relay and the simulated TV, and times:

- intent -> the command arriving at the simulated bridge / device (``zigbee2mqtt/<name>/set``,
  ``cmnd/<topic>/POWER2``);
- intent -> the answer (``hermes/tts/say``), which for the real backends includes the device's
  confirmation (its new state published back through the broker).

Prints a Markdown table: median and p90 in ms, and each answer's median as a ratio of the simulated
device's.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import platform
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path

import aiomqtt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import Mosquitto, mqtt_settings_for  # noqa: E402
from tests.home_mqtt.conftest import tasmota_settings, z2m_settings  # noqa: E402
from tests.home_mqtt.sim_tasmota import TasmotaPlug  # noqa: E402
from tests.home_mqtt.sim_z2m import Z2mBridge  # noqa: E402
from tests.home_mqtt.test_server_backends import HOUSEHOLD  # noqa: E402
from tests.server.conftest import make_settings  # noqa: E402
from ting.server.host import running_server  # noqa: E402
from ting.settings import HouseholdSettings  # noqa: E402

TARGETS = (("Zigbee2MQTT", "kitchen_light"), ("Tasmota", "fan_plug"), ("simulated", "tv"))


def intent(device_id: str, on: bool, session: str) -> tuple[str, bytes]:
    name = "home.turn_on" if on else "home.turn_off"
    payload = {
        "input": f"turn {'on' if on else 'off'} {device_id}",
        "intent": {"intentName": name, "confidenceScore": 1.0},
        "slots": [{"entity": "device", "slotName": "device", "rawValue": device_id,
                   "value": {"kind": "Custom", "value": device_id}}],
        "siteId": "default", "sessionId": session, "lang": "en",
    }  # fmt: skip
    return f"hermes/intent/{name}", json.dumps(payload).encode()


async def measure(rounds: int, folder: Path) -> dict[str, tuple[list[float], list[float]]]:
    broker = Mosquitto(folder)
    broker.start()
    try:
        mqtt = mqtt_settings_for(broker.address)
        async with (
            Z2mBridge(broker.address, base="z2m-bench").running() as bridge,
            TasmotaPlug(broker.address, topic="plug-bench", mac="A4CF12A1B2C3",
                        discovery_prefix="bench/discovery").running() as plug,
        ):  # fmt: skip
            household = folder / "home.yaml"
            household.write_text(HOUSEHOLD, encoding="utf-8")
            settings = replace(
                make_settings(folder, mqtt, server_id="bench-server"),
                household=HouseholdSettings(registry_file=household),
                zigbee2mqtt=z2m_settings(bridge.base),
                tasmota=tasmota_settings(plug),
            )
            async with running_server(settings) as server:
                await server.state.client.wait_connected(15)
                return await _rounds(broker, bridge, plug, rounds)
    finally:
        broker.stop()


async def _rounds(
    broker: Mosquitto, bridge: Z2mBridge, plug: TasmotaPlug, rounds: int
) -> dict[str, tuple[list[float], list[float]]]:
    results: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name, _ in TARGETS}
    answers: dict[str, asyncio.Future[float]] = {}
    async with aiomqtt.Client(broker.address.host, broker.address.port, identifier="bench-probe") as client:
        await client.subscribe("hermes/#")

        async def listen() -> None:
            async for message in client.messages:
                if os.environ.get("BENCH_DEBUG"):
                    print(message.topic, bytes(message.payload)[:200])  # type: ignore[arg-type]
                if str(message.topic) != "hermes/tts/say":
                    continue
                session = json.loads(bytes(message.payload)).get("sessionId")  # type: ignore[arg-type]
                if session in answers and not answers[session].done():
                    answers[session].set_result(time.perf_counter())

        listener = asyncio.create_task(listen())
        await asyncio.sleep(0.2)
        for index in range(rounds + 10):  # the first 10 warm up
            for name, device_id in TARGETS:
                sim = {"Zigbee2MQTT": bridge, "Tasmota": plug}.get(name)
                seen = len(sim.received_at) if sim else 0
                session = uuid.uuid4().hex
                answer = answers[session] = asyncio.get_running_loop().create_future()
                topic, payload = intent(device_id, index % 2 == 0, session)
                started = time.perf_counter()
                await client.publish(topic, payload, qos=1)
                answered = await asyncio.wait_for(answer, 15)
                del answers[session]
                if index < 10:
                    continue
                if sim is not None:
                    results[name][0].append((sim.received_at[seen] - started) * 1000)
                results[name][1].append((answered - started) * 1000)
        listener.cancel()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO if os.environ.get("BENCH_DEBUG") else logging.WARNING)
    with tempfile.TemporaryDirectory() as folder:
        results = asyncio.run(measure(args.rounds, Path(folder)))
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores; load: {os.getloadavg()};"
        f" rounds: {args.rounds}"
    )
    peer = statistics.median(results["simulated"][1])
    print(
        "| backend | intent → command p50 / p90 (ms) | intent → answer p50 / p90 (ms) | answer vs simulated |"
    )
    print("|---|---|---|---|")
    for name, (commands, answered) in results.items():
        command = f"{_p(commands, 50):.1f} / {_p(commands, 90):.1f}" if commands else "–"
        answer = f"{_p(answered, 50):.1f} / {_p(answered, 90):.1f}"
        print(f"| {name} | {command} | {answer} | {statistics.median(answered) / peer:.2f}× |")


def _p(values: list[float], percent: int) -> float:
    return statistics.quantiles(values, n=100)[percent - 1] if percent != 50 else statistics.median(values)


if __name__ == "__main__":
    main()
