"""Push outbox benchmark against the local fake WeCom/relay API (tests/push/fakes.py).

    .venv/bin/python bench/push_outbox.py [--count 1000] [--outage-seconds 600] [--skip-rate]

1. Sustained deliveries per second per channel, our rate limits off.
2. Adherence to 20 messages/minute on a robot (25 queued; observed for 61 s).
3. An outage of the fake (HTTP 503) while ``--count`` notifications are queued, then the time to
   drain them once it is back, with default back-off settings; lost and duplicated counted, and
   the calls the API received (and failed) while down.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import platform
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.push.fakes import FakeTencent, serving
from ting.server.push.base import Notification
from ting.server.push.channels import build_channels, http_client
from ting.server.push.outbox import Outbox
from ting.server.store.sqlite import SqliteStore
from ting.settings import (
    PushChannelSettings,
    PushOutboxSettings,
    PushPlusChannel,
    WecomAppChannel,
    WecomBotChannel,
)


def sent_texts(api: FakeTencent) -> list[str]:
    bot = [m["text"]["content"] for msgs in api.bot_messages.values() for m in msgs]
    app = [m["text"]["content"] for m in api.app_messages]
    return bot + app + [body["content"] for _, body in api.relay_messages]


@contextlib.asynccontextmanager
async def outbox_for(channel: PushChannelSettings, settings: PushOutboxSettings):  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory() as directory:
        async with SqliteStore(Path(directory) / "bench.db") as store, http_client() as http:
            outbox = Outbox(store, build_channels({"c": channel}, http), settings)
            task = asyncio.create_task(outbox.run())
            try:
                yield outbox
            finally:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task


async def wait_for_count(api: FakeTencent, count: int, limit_seconds: float) -> None:
    async with asyncio.timeout(limit_seconds):
        while len(sent_texts(api)) < count:  # noqa: ASYNC110
            await asyncio.sleep(0.01)


async def throughput(url: str, count: int) -> None:
    channels: dict[str, PushChannelSettings] = {
        "wecom_bot": WecomBotChannel(type="wecom_bot", key="k", api_base_url=url, rate_per_minute=0),
        "wecom_app": WecomAppChannel(
            type="wecom_app",
            corpid="c",
            secret="app-secret",
            agentid=1,
            touser=("zhangsan",),
            api_base_url=url,
        ),
        "pushplus": PushPlusChannel(type="pushplus", token="pp-token", api_base_url=url),
    }
    for name, channel in channels.items():
        api = FakeTencent()
        async with serving(api) as fake_url:
            channel = type(channel)(**{**channel.__dict__, "api_base_url": fake_url})  # type: ignore[arg-type]
            async with outbox_for(channel, PushOutboxSettings()) as outbox:
                start = time.perf_counter()
                for n in range(count):
                    await outbox.enqueue("c", Notification(text=f"m{n}"), f"e:{n}")
                await wait_for_count(api, count, 300)
                seconds = time.perf_counter() - start
        print(
            f"throughput {name}: {count} delivered in {seconds:.2f} s = {count / seconds:.0f}/s "
            "(enqueue included)"
        )


async def rate(url: str, api: FakeTencent) -> None:
    api.bot_messages.clear()
    channel = WecomBotChannel(type="wecom_bot", key="rate", api_base_url=url)  # 20/min default
    times: list[float] = []
    async with outbox_for(channel, PushOutboxSettings()) as outbox:
        start = time.perf_counter()
        for n in range(25):
            await outbox.enqueue("c", Notification(text=f"r{n}"), f"r:{n}")
        seen = 0
        while time.perf_counter() - start < 61.5:
            now = len(api.bot_messages.get("rate", []))
            times.extend([time.perf_counter() - start] * (now - seen))
            seen = now
            await asyncio.sleep(0.05)
    in_first_minute = sum(1 for t in times if t < 60.0)
    print(
        f"rate 20/min: {in_first_minute} sent in the first 60 s, the 21st at {times[20]:.1f} s, "
        f"{len(times)} of 25 after 61.5 s; 45009 answers from the fake: 0 expected"
    )


async def outage(url: str, api: FakeTencent, count: int, outage_seconds: float) -> None:
    api.bot_messages.clear()
    api.down = True
    channel = WecomBotChannel(type="wecom_bot", key="outage", api_base_url=url, rate_per_minute=0)
    async with outbox_for(channel, PushOutboxSettings()) as outbox:
        for n in range(count):
            await outbox.enqueue("c", Notification(text=f"o{n}"), f"o:{n}")
        await asyncio.sleep(outage_seconds)
        api.down = False
        back = time.perf_counter()
        await wait_for_count(api, count, 3600)
        drained = time.perf_counter() - back
        await asyncio.sleep(1.0)
        retries = outbox.stats["c"].retried
        failed_calls = api.requests_while_down
    counts = Counter(sent_texts(api))
    lost = count - len(counts)
    duplicated = sum(n - 1 for n in counts.values())
    print(
        f"outage {outage_seconds:.0f} s with {count} queued: drained {drained:.1f} s "
        "after the API came back; "
        f"lost {lost}, duplicated {duplicated}; failed API calls during the outage {failed_calls} "
        f"(transient failures retried {retries})"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--outage-seconds", type=float, default=600.0)
    parser.add_argument("--skip-rate", action="store_true")
    args = parser.parse_args()
    print(f"machine: {platform.machine()} {platform.processor() or ''} python {platform.python_version()}")
    api = FakeTencent()
    async with serving(api) as url:
        await throughput(url, args.count)
        if not args.skip_rate:
            await rate(url, api)
        await outage(url, api, args.count, args.outage_seconds)


if __name__ == "__main__":
    asyncio.run(main())
