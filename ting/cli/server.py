"""``ting server``: the skill server (HTTP API + MQTT consumer)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import uvloop

from ting.settings import Settings


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser("server", parents=[common], help="run the skill server (HTTP API + MQTT)")
    parser.add_argument("--host", help="HTTP address to listen on (overrides server.http_host)")
    parser.add_argument("--port", type=int, help="HTTP port (overrides server.http_port)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from dataclasses import replace

    from ting.server.host import serve
    from ting.settings import default_config_file

    server_settings = settings.server
    if args.host:
        server_settings = replace(server_settings, http_host=args.host)
    if args.port:
        server_settings = replace(server_settings, http_port=args.port)
    # uvloop: ~20 % more intents/s than asyncio's default loop (docs/benchmarks.md)
    config_file = Path(args.config) if getattr(args, "config", None) else default_config_file()
    uvloop.run(serve(replace(settings, server=server_settings), config_file))
    return 0
