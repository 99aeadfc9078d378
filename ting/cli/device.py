"""``ting device``: the device agent, from the microphone or a WAV file streamed in real time."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from ting.errors import ConfigError
from ting.hermes.base import MAX_SITE_ID_CHARS, topic_level_problem
from ting.settings import Settings

_LOGGER = logging.getLogger(__name__)


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "device", parents=[common], help="run the device agent (microphone → answer)"
    )
    parser.add_argument(
        "--wav", type=Path, help="stream this WAV file in real time instead of the microphone"
    )
    parser.add_argument("--site", help="siteId of this device (overrides device.site_id)")
    parser.set_defaults(run=run)


def lean_pinyin() -> None:
    """Keep pypinyin's phrase dictionary out of the device's memory (~45 MB of the agent's ~440 with the
    Mandarin model): the device reads Chinese by single characters' readings (``ting.nlu.phonetic``), which
    that dictionary does not change. Before pypinyin is first imported only; the server keeps it (its
    music search reads whole titles). Nor a second copy of its single-character dictionary (1.3 MB): pypinyin
    copies it in case a custom dictionary is loaded over it, which ting never does."""
    if "pypinyin" not in sys.modules:
        os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
        os.environ.setdefault("PYPINYIN_NO_DICT_COPY", "1")


def run(args: argparse.Namespace, settings: Settings) -> int:
    from ting.device.memory import limit_malloc_arenas

    lean_pinyin()
    limit_malloc_arenas()  # before the agent's threads: each would otherwise keep a heap of its own
    if args.wav is not None:
        from ting.device.wav import read_wav

        if not args.wav.is_file():
            raise ConfigError(f"{args.wav}: no such WAV file")
        read_wav(args.wav)  # AudioError now, with the file named: not a capture restarted forever
    if args.site:
        problem = topic_level_problem(args.site, MAX_SITE_ID_CHARS)
        if problem:
            raise ConfigError(f"--site {args.site!r}: a site id goes into MQTT topics: it {problem}")
        settings = replace(settings, device=replace(settings.device, site_id=args.site))
    asyncio.run(_run(settings, args.wav))
    return 0


async def _run(settings: Settings, wav: Path | None) -> None:
    from ting.device.agent import AgentEvent, DeviceAgent
    from ting.device.nlu import DeviceNlu
    from ting.device.parts import build_parts

    def show(event: AgentEvent) -> None:
        print(f"[{settings.device.site_id}] {event.kind:<14} {event.detail}", file=sys.stdout, flush=True)

    nlu = await asyncio.to_thread(DeviceNlu, settings)
    agent = DeviceAgent(
        settings, build_parts(settings.device, nlu, wav=wav, media=settings.media), nlu, on_event=show
    )
    _LOGGER.info("device %s listening (%s)", settings.device.site_id, wav or "microphone")
    await agent.run()
