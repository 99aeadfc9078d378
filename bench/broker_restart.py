"""Broker restart benchmark: Hermes queries at a steady rate while mosquitto is restarted mid-run.

    .venv/bin/python bench/broker_restart.py [--rate 20] [--seconds 30] [--down 3] [--baseline 8a04617]

For each restart (SIGTERM; SIGKILL; SIGKILL with ``autosave_interval 1``) and each server (the
code before the reconnect work, ``--baseline``, checked out into a temporary git worktree, and
this working tree), one run: a fresh mosquitto with ``persistence true`` in a temporary folder,
``ting server`` as a subprocess (SQLite store, the demo household), and a device: a
``HermesClient`` (this tree's, for both servers) that sends ``hermes/nlu/query`` with an id and a
session id at ``--rate`` per second for ``--seconds``. Half-way, the broker is stopped with the
signal and started again ``--down`` seconds later on the same port and folder. The device
reconnects within 0.1–0.5 s, the server with its default back-off, so the device's queries wait
in the server's session meanwhile (the backlog the server gets right behind its CONNACK).

Counted per query: "accepted" (the broker's PUBACK reached the device), "not sent" (the broker
was down: the device knew at once), "unconfirmed" (the connection dropped before the PUBACK: it
may or may not have reached the broker); "answered" when its ``hermes/tts/say`` (by session id)
reached the device, "duplicated" when more than one did, or more than one NLU answer (intent or
intentNotRecognized, by id). Redeliveries of the same message to the device are not duplicates
(the device drops them, as every ting client does). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import platform
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from ting.errors import NotConnectedError, UnconfirmedPublishError
from ting.hermes import NluIntentNotRecognized, NluQuery, TtsSay
from ting.mqtt.broker import free_port, port_in_use
from ting.mqtt.client import HermesClient
from ting.settings import MqttSettings

ROOT = Path(__file__).resolve().parent.parent
SENTENCES = (
    ("turn on the kitchen light", "en"),
    ("把客厅的灯打开", "zh"),
    ("what time is it", "en"),
    ("I like turtles", "en"),
)
SERVER_LOG_COUNTS = {
    "redeliveries dropped": "dropped a redelivery",
    "answers sent again": "sending it again after the reconnect",
    "answers dropped": "answer on ",
}


@dataclass
class Restart:
    name: str
    signal: signal.Signals
    autosave_seconds: int | None = None


RESTARTS = {
    "sigterm": Restart("SIGTERM", signal.SIGTERM),
    "sigkill": Restart("SIGKILL", signal.SIGKILL),
    "sigkill-autosave": Restart("SIGKILL, autosave 1 s", signal.SIGKILL, autosave_seconds=1),
}


@dataclass
class Tally:
    accepted: list[str] = field(default_factory=list)
    unconfirmed: list[str] = field(default_factory=list)
    not_sent: int = 0
    spoken: Counter[str] = field(default_factory=Counter)
    """tts/say per session id."""
    understood: Counter[str] = field(default_factory=Counter)
    """NLU answers (intent or not recognized) per query id."""
    server_log: dict[str, int] = field(default_factory=dict)

    def answered(self, queries: list[str]) -> int:
        return sum(1 for session in queries if self.spoken[session])

    def duplicated(self) -> int:
        sessions = self.accepted + self.unconfirmed
        return sum(1 for s in sessions if self.spoken[s] > 1 or self.understood[s] > 1)


class Broker:
    """mosquitto on a port and folder that survive its restarts."""

    def __init__(self, directory: Path, restart: Restart) -> None:
        self.port = free_port()
        self._binary = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
        self._config = directory / "mosquitto.conf"
        autosave = f"autosave_interval {restart.autosave_seconds}\n" if restart.autosave_seconds else ""
        user = pwd.getpwuid(os.geteuid()).pw_name  # as root, mosquitto would switch to "mosquitto"
        self._config.write_text(
            f"listener {self.port} 127.0.0.1\nallow_anonymous true\nuser {user}\n"
            f"persistence true\npersistence_location {directory}/\n{autosave}"
            f"log_dest file {directory / 'mosquitto.log'}\nset_tcp_nodelay true\n"
            "max_inflight_messages 0\nmax_queued_messages 100000\n"
        )
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self._process = subprocess.Popen(
            [self._binary, "-c", str(self._config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        while not port_in_use("127.0.0.1", self.port):
            time.sleep(0.01)
        time.sleep(0.1)
        if self._process.poll() is not None:  # the port was taken meanwhile: another broker answers there
            raise RuntimeError(f"mosquitto could not listen on {self.port} again; see its log")

    def stop(self, how: signal.Signals) -> None:
        if self._process is not None:
            self._process.send_signal(how)
            self._process.wait(timeout=10)
            self._process = None


@contextmanager
def ting_server(code: Path, broker_port: int, directory: Path, log: Path) -> Iterator[None]:
    """``ting server`` from ``code`` (a checkout: its ``ting`` package comes first on the path)."""
    http_port = free_port()
    config = directory / "ting.toml"
    config.write_text(
        f'[server]\nhttp_port = {http_port}\n[store]\ndata_dir = "{directory / "data"}"\n'
        '[mqtt]\nembedded_broker = false\nclient_id = "ting-bench-server"\n'
    )
    ting = str(Path(sys.executable).with_name("ting"))
    command = [ting, "server", "--config", str(config), "--mqtt", f"mqtt://127.0.0.1:{broker_port}"]
    env = {**os.environ, "PYTHONPATH": str(code)}
    with log.open("w") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=env)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(f"http://127.0.0.1:{http_port}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"ting server did not become healthy: see {log}")
            yield
        finally:
            process.terminate()
            process.wait(timeout=15)


async def run_device(broker: Broker, restart: Restart, args: argparse.Namespace) -> Tally:
    tally = Tally()
    settings = MqttSettings(
        url=f"mqtt://127.0.0.1:{broker.port}",
        embedded_broker=False,
        reconnect_min_seconds=0.1,
        reconnect_max_seconds=0.5,
    )
    site = f"bench-{uuid.uuid4().hex[:6]}"
    device = HermesClient(
        settings,
        site_id=site,
        role="device",
        subscriptions=["hermes/intent/#", NluIntentNotRecognized.TOPIC, TtsSay.TOPIC],
    )

    spoken = asyncio.Event()

    async def collect() -> None:
        async for topic, payload in device.messages():
            message = json.loads(payload)
            if topic == TtsSay.TOPIC and message.get("siteId") == site:
                tally.spoken[message.get("sessionId")] += 1
                spoken.set()
            elif topic != TtsSay.TOPIC and message.get("siteId") == site:
                tally.understood[message.get("id")] += 1

    async def send(number: int) -> None:
        text, lang = SENTENCES[number % len(SENTENCES)]
        query_id = f"{number}-{uuid.uuid4().hex[:8]}"  # the id is also the session id
        query = NluQuery(input=text, site_id=site, id=query_id, session_id=query_id, lang=lang)
        try:
            await device.publish(query)
            tally.accepted.append(query_id)
        except NotConnectedError:
            tally.not_sent += 1
        except UnconfirmedPublishError:
            tally.unconfirmed.append(query_id)

    async with device:
        await device.wait_connected(10)
        collector = asyncio.create_task(collect())
        total = int(args.rate * args.seconds)
        stop_at, start_at = total // 2, total // 2 + int(args.down * args.rate)
        sending: list[asyncio.Task[None]] = []
        started = time.perf_counter()
        for number in range(total):
            if number == stop_at:
                await asyncio.to_thread(broker.stop, restart.signal)
            if number == start_at:
                await asyncio.to_thread(broker.start)
            delay = started + number / args.rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            sending.append(asyncio.create_task(send(number)))
        await asyncio.gather(*sending)
        with contextlib.suppress(TimeoutError):  # the unanswered are counted
            async with asyncio.timeout(args.drain):
                while tally.answered(tally.accepted) < len(tally.accepted):
                    spoken.clear()
                    await spoken.wait()
        await asyncio.sleep(1.0)  # duplicates come right behind
        collector.cancel()
    return tally


def one_run(code: Path, restart: Restart, args: argparse.Namespace, directory: Path, name: str) -> Tally:
    broker = Broker(directory, restart)
    broker.start()
    log = directory / "server.log"
    try:
        with ting_server(code, broker.port, directory, log):
            tally = asyncio.run(run_device(broker, restart, args))
    finally:
        broker.stop(signal.SIGTERM)
    text = log.read_text()
    if args.logs is not None:  # the server's and the broker's logs of each run, to look into
        args.logs.mkdir(parents=True, exist_ok=True)
        shutil.copy(log, args.logs / f"{name}-server.log")
        shutil.copy(directory / "mosquitto.log", args.logs / f"{name}-mosquitto.log")
    tally.server_log = {name: text.count(needle) for name, needle in SERVER_LOG_COUNTS.items()}
    return tally


@contextmanager
def checkout(ref: str) -> Iterator[Path]:
    """``ref`` in a temporary git worktree (removed afterwards)."""
    directory = Path(tempfile.mkdtemp(prefix="ting-baseline-"))
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(directory), ref], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        yield directory
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(directory)], check=False)


def row(restart: Restart, server: str, tally: Tally) -> str:
    accepted = len(tally.accepted)
    answered = tally.answered(tally.accepted)
    logs = ", ".join(f"{name} {count}" for name, count in tally.server_log.items())
    return (
        f"| {restart.name} | {server} | {accepted} | {answered} | **{accepted - answered}** | "
        f"**{tally.duplicated()}** | {tally.answered(tally.unconfirmed)}/{len(tally.unconfirmed)} | "
        f"{tally.not_sent} | {logs} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rate", type=float, default=20.0, help="queries per second")
    parser.add_argument("--seconds", type=float, default=30.0, help="how long queries are sent")
    parser.add_argument("--down", type=float, default=3.0, help="seconds the broker is down")
    parser.add_argument("--drain", type=float, default=20.0, help="seconds to wait for answers at the end")
    parser.add_argument(
        "--baseline", default="8a04617", help="git ref of the server to compare with (before this work)"
    )
    parser.add_argument("--restarts", default=",".join(RESTARTS), help=f"of {', '.join(RESTARTS)}")
    parser.add_argument("--logs", type=Path, help="keep each run's server and broker log in this folder")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)  # the device's reconnect warnings are expected here
    rows = []
    with checkout(args.baseline) as baseline:
        for key in args.restarts.split(","):
            restart = RESTARTS[key]
            for server, code in ((f"before ({args.baseline})", baseline), ("ting (this tree)", ROOT)):
                with tempfile.TemporaryDirectory(prefix="ting-bench-") as scratch:
                    name = f"{key}-{'ting' if code == ROOT else 'before'}"
                    tally = one_run(code, restart, args, Path(scratch), name)
                rows.append(row(restart, server, tally))
                print(rows[-1], file=sys.stderr)
    load = os.getloadavg()
    print(
        f"\nmachine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, Python "
        f"{platform.python_version()}; load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at the end; "
        f"{args.rate:g} queries/s for {args.seconds:g} s, broker down {args.down:g} s half-way\n"
    )
    print(
        "| restart | server | accepted | answered | unanswered | duplicated | unconfirmed answered "
        "| not sent (broker down) | server log |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
