"""How long one ``hermes/nlu/query`` holds the server's event loop (issue 12: a 250 KB query held it 1.5 s).

    .venv/bin/python bench/hermes_query_stall.py        # --repeat 5

Starts its own mosquitto on a free port and the real server in this process (the demo household), with a
ticker task on the server's loop that wakes every millisecond and records how late it woke. Then, for each
kind of query, it publishes it from a second client, waits for the server's answer (the intent,
``intentNotRecognized`` or ``hermes/error/nlu``) and reports the longest stall of the loop while the query was
handled, and the answer's topic. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import sys
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hermes_throughput import mosquitto

from ting.mqtt.broker import free_port
from ting.mqtt.client import HermesClient
from ting.server.host import running_server
from ting.settings import MqttSettings, ServerSettings, Settings, StoreSettings

QUERIES = {
    "short command (25 chars)": "turn on the kitchen light",
    "1,000 characters, English": ("turn on the tv " * 70)[:1000],
    "1,000 characters, Chinese": ("把客厅的灯打开" * 150)[:1000],
    "1,001 characters": ("turn on the tv " * 70)[:1001],
    "250 KB": "turn on the tv " * 17_000,
}
ANSWERS = ("hermes/intent/", "hermes/nlu/intentNotRecognized", "hermes/error/nlu")
"""Before issue 12 an error report did not name the session: a query counts as answered by the first
``hermes/error/nlu`` that follows it too."""


class Ticker:
    """Wakes every millisecond and keeps the worst lateness since the last ``reset()``."""

    def __init__(self) -> None:
        self.worst_seconds = 0.0

    def reset(self) -> None:
        self.worst_seconds = 0.0

    async def run(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(0.001)
            self.worst_seconds = max(self.worst_seconds, time.perf_counter() - before - 0.001)


async def measure(port: int, repeat: int) -> list[tuple[str, float, str]]:
    mqtt = MqttSettings(url=f"mqtt://127.0.0.1:{port}", embedded_broker=False, client_id="ting-bench-stall")
    with tempfile.TemporaryDirectory(prefix="ting-bench-") as data:
        settings = Settings(
            mqtt=mqtt, server=ServerSettings(http_port=0), store=StoreSettings(data_dir=Path(data))
        )
        async with (
            running_server(settings) as server,
            HermesClient(
                replace(mqtt, client_id=None), site_id="bench", role="client", subscriptions=("hermes/#",)
            ) as client,
        ):
            await server.state.client.wait_connected(10)
            await client.wait_connected(10)
            await asyncio.sleep(3)  # the server's start-up work (the grammar published) is not a query's
            ticker = Ticker()
            tick = asyncio.create_task(ticker.run())
            answers = client.messages()
            rows = []
            for name, text in QUERIES.items():
                worst, topic = 0.0, ""
                for _ in range(repeat):
                    session = uuid.uuid4().hex
                    payload = json.dumps({"input": text, "sessionId": session, "lang": "en"}).encode()
                    await asyncio.sleep(0.05)
                    ticker.reset()
                    await client.publish_raw("hermes/nlu/query", payload)
                    async with asyncio.timeout(30):
                        async for seen, body in answers:
                            ours = session.encode() in body[:200] + body[-300:]
                            if seen.startswith(ANSWERS) and (ours or seen == "hermes/error/nlu"):
                                topic = seen
                                break
                    await asyncio.sleep(0.05)
                    worst = max(worst, ticker.worst_seconds)
                rows.append((name, worst, topic))
            tick.cancel()
            return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="queries of each kind (the worst stall counts)")
    args = parser.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="ting-bench-") as scratch, mosquitto(port, Path(scratch)):
        rows = asyncio.run(measure(port, args.repeat))
    print(f"Python {platform.python_version()}, {platform.machine()}, {args.repeat} queries of each kind\n")
    print("| query | longest loop stall | answer |")
    print("|---|---|---|")
    for name, worst, topic in rows:
        print(f"| {name} | {worst * 1000:.1f} ms | `{topic}` |")


if __name__ == "__main__":
    main()
