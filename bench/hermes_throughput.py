"""Hermes end-to-end benchmark: intents in (``hermes/intent/*``) -> answers out (``hermes/tts/say``).

    .venv/bin/python bench/hermes_throughput.py [--intents 5000] [--rate 200] [--seconds 10]
                                                [--broker-nodelay on|off|both]

Starts its own mosquitto on a free port (``set_tcp_nodelay true`` unless ``--broker-nodelay off``;
``both`` runs everything twice, once through a broker with it and once through one without, in
that order), then measures, in the same run and through the same broker:
  1. the ceiling: a bare paho echo client (bench/echo_client.py) answering every intent;
  2. ``ting server`` (a subprocess, SQLite store in a temporary folder, the demo household).
For each: the saturated rate (intents/s, 100 simulated sites, a window of outstanding
intents) and the latency p50/p99 at a fixed offered rate. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import paho.mqtt.client as mqtt

from ting.mqtt.broker import free_port, port_in_use

SITES = 100
DEVICES = (
    "living_room_light",
    "kitchen_light",
    "bedroom_light",
    "desk_lamp",
    "tv",
    "range_hood",
    "water_heater",
)
ROOT = Path(__file__).resolve().parent.parent


def no_delay(client: mqtt.Client) -> None:
    """Send small packets at once (paho leaves Nagle's algorithm on)."""
    sock = client.socket()
    if isinstance(sock, socket.socket):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class LoadGenerator:
    """Publishes intents from many sites and times each until its ``tts/say`` arrives."""

    def __init__(self, port: int) -> None:
        self.client = mqtt.Client(
            mqtt.CallbackAPIVersion.VERSION2, client_id=f"bench-load-{uuid.uuid4().hex[:6]}"
        )
        self.client.max_inflight_messages_set(1000)
        self.client.max_queued_messages_set(0)
        self.sent: dict[str, float] = {}
        self.latencies: list[float] = []
        self.done = threading.Condition()
        self.client.on_message = self._on_message
        self.client.on_connect = lambda client, *_: no_delay(client)
        self.client.connect("127.0.0.1", port)
        self.client.subscribe("hermes/tts/say", qos=1)
        self.client.loop_start()
        time.sleep(0.3)
        self.counter = 0

    def _on_message(self, _client: mqtt.Client, _userdata: object, message: mqtt.MQTTMessage) -> None:
        now = time.perf_counter()
        session = json.loads(message.payload).get("sessionId")
        with self.done:
            started = self.sent.pop(session, None)
            if started is not None:
                self.latencies.append(now - started)
                self.done.notify_all()

    def send(self) -> None:
        self.counter += 1
        number = self.counter
        session = uuid.uuid4().hex
        action = "turn_on" if number % 2 else "turn_off"
        device = DEVICES[number % len(DEVICES)]
        intent = {
            "input": f"{action.replace('_', ' ')} the {device.replace('_', ' ')}",
            "intent": {"intentName": f"home.{action}", "confidenceScore": 1.0},
            "siteId": f"site-{number % SITES}",
            "sessionId": session,
            "lang": "en",
            "slots": [
                {"slotName": "device", "rawValue": device, "value": {"kind": "Custom", "value": device}}
            ],
        }
        payload = json.dumps(intent)
        with self.done:
            self.sent[session] = time.perf_counter()
        self.client.publish(f"hermes/intent/home.{action}", payload, qos=1)

    def outstanding(self) -> int:
        with self.done:
            return len(self.sent)

    def saturate(self, total: int, window: int) -> float:
        """Intents answered per second with up to ``window`` outstanding."""
        self.latencies.clear()
        started = time.perf_counter()
        for _ in range(total):
            with self.done:
                while len(self.sent) >= window:
                    if not self.done.wait(timeout=10):
                        raise RuntimeError("no answers for 10 s")
            self.send()
        self._wait_all()
        return total / (time.perf_counter() - started)

    def fixed_rate(self, rate: float, seconds: float) -> list[float]:
        self.latencies.clear()
        interval = 1.0 / rate
        started = time.perf_counter()
        for number in range(int(rate * seconds)):
            delay = started + number * interval - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            self.send()
        self._wait_all()
        return list(self.latencies)

    def _wait_all(self) -> None:
        with self.done:
            deadline = time.monotonic() + 30
            while self.sent and time.monotonic() < deadline:
                self.done.wait(timeout=1)
            if self.sent:
                raise RuntimeError(f"{len(self.sent)} intents never answered")

    def close(self) -> None:
        self.client.loop_stop()
        self.client.disconnect()


@contextmanager
def process(args: list[str], ready: str | None = None, **kwargs: object) -> Iterator[subprocess.Popen[str]]:
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kwargs)  # type: ignore[call-overload]
    try:
        if ready is not None and proc.stdout is not None:
            for line in proc.stdout:
                if ready in line:
                    break
        yield proc
    finally:
        proc.terminate()
        proc.wait(timeout=15)


@contextmanager
def mosquitto(port: int, directory: Path, nodelay: bool) -> Iterator[None]:
    binary = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    config = directory / "mosquitto.conf"
    config.write_text(
        f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n"
        f"max_inflight_messages 0\nmax_queued_messages 100000\nset_tcp_nodelay {str(nodelay).lower()}\n"
    )
    with process([binary, "-c", str(config)]):
        while not port_in_use("127.0.0.1", port):
            time.sleep(0.02)
        yield


@contextmanager
def ting_server(broker_port: int, directory: Path) -> Iterator[None]:
    http_port = free_port()
    config = directory / "ting.toml"
    config.write_text(
        f'[server]\nhttp_port = {http_port}\n[store]\ndata_dir = "{directory / "data"}"\n'
        '[mqtt]\nembedded_broker = false\nclient_id = "ting-bench-server"\n'
        '[logging]\nlevel = "WARNING"\n'
    )
    ting = str(Path(sys.executable).with_name("ting"))
    with process([ting, "server", "--config", str(config), "--mqtt", f"mqtt://127.0.0.1:{broker_port}"]):
        deadline = time.monotonic() + 120  # a loaded 2-core machine took more than 30 s
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{http_port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise RuntimeError("ting server did not become healthy")
        yield


def measure(name: str, port: int, args: argparse.Namespace) -> dict[str, float]:
    load = LoadGenerator(port)
    try:
        load.saturate(min(500, args.intents), args.window)  # warm-up
        rate = load.saturate(args.intents, args.window)
        latencies = sorted(load.fixed_rate(args.rate, args.seconds))
    finally:
        load.close()
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000
    print(
        f"{name}: {rate:.0f} intents/s; at {args.rate:.0f}/s p50 {p50:.2f} ms, p99 {p99:.2f} ms",
        file=sys.stderr,
    )
    return {"rate": rate, "p50_ms": p50, "p99_ms": p99}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--intents", type=int, default=5000, help="intents for the saturated run")
    parser.add_argument("--window", type=int, default=200, help="outstanding intents in the saturated run")
    parser.add_argument(
        "--rate", type=float, default=200.0, help="offered rate for the latency run (intents/s)"
    )
    parser.add_argument("--seconds", type=float, default=10.0, help="length of the latency run")
    parser.add_argument(
        "--broker-nodelay",
        choices=("on", "off", "both"),
        default="on",
        help="mosquitto's set_tcp_nodelay (both: one broker with, then one without)",
    )
    args = parser.parse_args()
    modes = {"on": [True], "off": [False], "both": [True, False]}[args.broker_nodelay]
    results = []
    for nodelay in modes:
        port = free_port()
        with (
            tempfile.TemporaryDirectory(prefix="ting-bench-") as scratch,
            mosquitto(port, Path(scratch), nodelay),
        ):
            with process(
                [sys.executable, str(ROOT / "bench" / "echo_client.py"), "127.0.0.1", str(port)],
                ready="ready",
            ):
                echo = measure(f"paho echo, nodelay {nodelay}", port, args)
            with ting_server(port, Path(scratch)):
                ting = measure(f"ting server, nodelay {nodelay}", port, args)
        results.append((nodelay, echo, ting))
    cpu = platform.processor() or platform.machine()
    load = os.getloadavg()
    print(
        f"\nmachine: {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}; "
        f"{SITES} sites, {args.intents} intents, window {args.window}; load at the end "
        f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}\n"
    )
    rate = f"{args.rate:.0f}/s"
    print(f"| broker set_tcp_nodelay | | intents/s (saturated) | p50 at {rate} | p99 at {rate} |")
    print("|---|---|---|---|---|")
    for nodelay, echo, ting in results:
        flag = "true" if nodelay else "false"
        for name, result in (("paho echo (ceiling)", echo), ("ting server", ting)):
            figures = f"{result['rate']:.0f} | {result['p50_ms']:.2f} ms | {result['p99_ms']:.2f} ms"
            print(f"| {flag} | {name} | {figures} |")
        print(f"| {flag} | ratio ting / echo | {ting['rate'] / echo['rate']:.2f} | | |")


if __name__ == "__main__":
    main()
