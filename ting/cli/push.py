"""``ting push status`` (the outbox, per message) and ``ting push test CHANNEL`` (send now, print
the API's exact answer)."""

from __future__ import annotations

import argparse
import asyncio
import json
from datetime import datetime
from typing import Any

import httpx

from ting.clock import zone_named
from ting.errors import ConfigError, PushError
from ting.redaction import redact
from ting.settings import Settings


def add_parser(commands: Any, common: argparse.ArgumentParser | None = None) -> None:
    parents = [common] if common is not None else []
    push = commands.add_parser("push", parents=parents, help="WeChat / WeCom notifications")
    actions = push.add_subparsers(dest="push_command", required=True, metavar="ACTION")
    status = actions.add_parser("status", parents=parents, help="messages in the outbox and their status")
    status.add_argument("--status", choices=["pending", "sending", "sent", "failed"])
    status.add_argument("--channel")
    status.add_argument("--limit", type=int, default=50)
    status.add_argument("--json", action="store_true", help="print the server's JSON")
    status.set_defaults(run=run_status)
    test = actions.add_parser("test", parents=parents, help="send a test message and print the API's answer")
    test.add_argument("channel", help="name of a [push.<name>] table")
    test.add_argument("--text", default="ting 推送测试 / push test")
    test.set_defaults(run=run_test)


def run_test(args: argparse.Namespace, settings: Settings) -> int:
    if args.channel not in settings.push:
        raise ConfigError(
            f"no [push.{args.channel}] (configured: {', '.join(sorted(settings.push)) or 'none'})"
        )
    return asyncio.run(_test(args.channel, args.text, settings))


async def _test(name: str, text: str, settings: Settings) -> int:
    from ting.server.push.base import Notification
    from ting.server.push.channels import build_channel, http_client

    async with http_client() as http:
        channel = build_channel(name, settings.push[name], http)
        try:
            delivery = await channel.send(Notification(text=text, title="ting", event="test"))
        except PushError as error:
            _show(f"FAILED: {error}")
            if error.answer is not None:
                _show(json.dumps(error.answer, ensure_ascii=False, indent=2))
            return 1
    for answer in delivery.answers:
        _show(json.dumps(answer, ensure_ascii=False, indent=2))
    for warning in delivery.warnings:
        _show(f"warning: {warning}")
    return 0


def _show(text: str) -> None:
    print(redact(text))


def run_status(args: argparse.Namespace, settings: Settings) -> int:
    host = "127.0.0.1" if settings.server.http_host in ("0.0.0.0", "::") else settings.server.http_host
    params: dict[str, Any] = {"limit": args.limit}
    params.update({k: v for k, v in (("status", args.status), ("channel", args.channel)) if v})
    url = f"http://{host}:{settings.server.http_port}/api/push/messages"
    try:
        token = settings.server.api_token
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = httpx.get(url, params=params, headers=headers, timeout=10.0, trust_env=False)
        response.raise_for_status()
    except httpx.HTTPError as error:
        print(f"ting: cannot read {url}: {error} (is `ting server` running?)")
        return 1
    messages = response.json()
    if args.json:
        print(json.dumps(messages, ensure_ascii=False, indent=2))
        return 0
    zone = zone_named(settings.household.timezone)  # household time, as every time ting shows
    for m in messages:
        created = datetime.fromtimestamp(m["created_at_unix"], zone).strftime("%m-%d %H:%M:%S")
        line = f"{created}  {m['channel']:<12} {m['status']:<8} tries={m['attempts']:<3} {m['event']:<16} "
        print(line + m["text"][:40].replace("\n", " "))
        if m["last_error"]:
            print(f"{'':>16}  last error: {m['last_error']}")
    if not messages:
        print("the outbox is empty")
    return 0
