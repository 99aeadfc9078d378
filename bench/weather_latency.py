"""Weather answers: ``hermes/intent/weather.get`` in -> ``hermes/tts/say`` out, and provider requests.

    .venv/bin/python bench/weather_latency.py [--questions 100] [--delay-ms 100]

Runs ``ting server`` in-process (its embedded broker on a free port, SQLite in a temporary folder) with
the weather skill on the fake Open-Meteo of the tests (tests/weather/fake_openmeteo.py, loopback),
which adds ``--delay-ms`` to every answer (a provider across the internet). Measures:

1. **warm**: the median and p95 from publishing the intent to receiving its ``tts/say``, the
   forecast already in the cache (target: ≤ 20 ms median);
2. **cold**: the same with every question fetching the forecast (``cache_minutes = 0``: forecast and
   air quality are asked at once, so one round trip of ``--delay-ms``; target ≤ 150 ms median);
3. **requests**: provider requests for ``--questions`` questions about 10 places (names, as said),
   with the cache, and for the same questions with no cache (the peer: a skill that asks every time).

Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.weather.fake_openmeteo import PLACES, FakeOpenMeteo, serving
from ting.hermes import NluIntent, TtsSay
from ting.hermes.nlu import Intent, Slot
from ting.mqtt.broker import free_port
from ting.mqtt.client import HermesClient
from ting.server.host import running_server
from ting.settings import MqttSettings, ServerSettings, Settings, SkillsSettings, SkillTable, StoreSettings

TEN_PLACES = (
    "上海",
    "北京",
    "杭州",
    "巴黎",
    "西湖区",
    "Shanghai",
    "Beijing",
    "Hangzhou",
    "Paris",
    "Chaoyang",
)
"""Ten names for seven places of the fake (上海 and Shanghai are one place: one cache entry)."""


@dataclass
class Run:
    latencies_ms: list[float]
    forecast_requests: int
    http_requests: int


def settings_for(url: str, data_dir: Path, **weather: Any) -> Settings:
    table = {
        "latitude": PLACES[0].latitude,
        "longitude": PLACES[0].longitude,
        "open_meteo_forecast_url": f"{url}/v1/forecast",
        "open_meteo_geocoding_url": f"{url}/v1/search",
        "open_meteo_air_quality_url": f"{url}/v1/air-quality",
        **weather,
    }
    return Settings(
        mqtt=MqttSettings(url=f"mqtt://127.0.0.1:{free_port()}", embedded_broker=True, client_id=None),
        server=ServerSettings(http_port=0),
        store=StoreSettings(data_dir=data_dir),
        skills=SkillsSettings(tables={"weather": SkillTable(table, origin="bench")}),
    )


def intent(place: str | None, name: str = "weather.get") -> NluIntent:
    slots = (
        [
            Slot(
                slot_name="location",
                entity="place",
                value={"kind": "Custom", "value": place},
                raw_value=place,
            )
        ]
        if place
        else []
    )
    return NluIntent(
        input="明天天气怎么样" if place is None or place[0] > "~" else "weather tomorrow",
        intent=Intent(intent_name=name, confidence_score=1.0),
        slots=slots,
        site_id="bench",
        session_id=uuid.uuid4().hex,
    )


async def ask_all(
    settings: Settings, places: list[str | None], api: FakeOpenMeteo, name: str = "weather.get"
) -> Run:
    async with running_server(settings), HermesClient(
        settings.mqtt, client_id=f"bench-{uuid.uuid4().hex[:6]}", site_id="bench", role="client",
        subscriptions=(TtsSay.TOPIC,),
    ) as client:  # fmt: skip
        await client.wait_connected(10)
        inbox = client.messages()
        await _one(client, inbox, intent(places[0], name))  # the first answer starts the skill's client
        api.requests.clear()
        latencies = [await _one(client, inbox, intent(place, name)) for place in places]
    return Run(latencies, api.requests["/v1/forecast"], sum(api.requests.values()))


async def _one(client: HermesClient, inbox: Any, message: NluIntent) -> float:
    start = time.perf_counter()
    await client.publish(message)
    async with asyncio.timeout(30):
        async for topic, payload in inbox:
            if topic == TtsSay.TOPIC and TtsSay.from_mqtt(topic, payload).session_id == message.session_id:
                return (time.perf_counter() - start) * 1000
    raise RuntimeError("no answer")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def main(args: argparse.Namespace) -> None:
    api = FakeOpenMeteo(delay_seconds=args.delay_ms / 1000)
    async with serving(api) as url:
        with tempfile.TemporaryDirectory() as scratch:
            base = Path(scratch)
            home: list[str | None] = [None] * args.questions
            baseline = await ask_all(settings_for(url, base / "time"), home, api, "system.time")
            warm = await ask_all(settings_for(url, base / "warm"), home, api)
            cold = await ask_all(settings_for(url, base / "cold", cache_minutes=0), home, api)
            mixed: list[str | None] = [TEN_PLACES[i % len(TEN_PLACES)] for i in range(args.questions)]
            cached = await ask_all(settings_for(url, base / "places"), mixed, api)
            uncached = await ask_all(settings_for(url, base / "nocache", cache_minutes=0), mixed, api)
    load = os.getloadavg()
    loads = " ".join(f"{value:.1f}" for value in load)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, load {loads}")
    print(f"fake Open-Meteo adds {args.delay_ms} ms per request; {args.questions} questions each\n")
    print("| run | median ms | p95 ms | forecast requests | HTTP requests |")
    print("|---|---|---|---|---|")
    for name, run in (
        ("baseline: system.time (no provider)", baseline),
        ("warm cache (home)", warm),
        ("cold: every question fetches (home)", cold),
        ("10 places, cache (ting)", cached),
        ("10 places, no cache (peer: asks every time)", uncached),
    ):
        median, p95 = statistics.median(run.latencies_ms), percentile(run.latencies_ms, 0.95)
        print(f"| {name} | {median:.1f} | {p95:.1f} | {run.forecast_requests} | {run.http_requests} |")
    ratio = uncached.forecast_requests / max(cached.forecast_requests, 1)
    print(f"\nforecast requests, no cache / cache: {ratio:.1f}x")
    warm_ratio = statistics.median(warm.latencies_ms) / statistics.median(baseline.latencies_ms)
    print(f"warm weather answer / system.time answer (median): {warm_ratio:.2f}x")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--questions", type=int, default=100)
    parser.add_argument("--delay-ms", type=float, default=100.0)
    asyncio.run(main(parser.parse_args()))
