"""Running the app under uvicorn: as the ``ting server`` process or inside another program."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import uvicorn
from fastapi import FastAPI

from server.app import create_app
from server.state import ServerState
from ting.errors import TingError
from ting.settings import Settings

_LOGGER = logging.getLogger(__name__)


def _config(app: FastAPI, settings: Settings) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        host=settings.server.http_host,
        port=settings.server.http_port,
        log_config=None,
        lifespan="on",
        access_log=False,
    )


async def serve(settings: Settings) -> None:
    """Serve until interrupted (``ting server``)."""
    server = uvicorn.Server(_config(create_app(settings), settings))
    await server.serve()
    if not server.started:
        raise TingError("the server did not start (see the log lines above)")


@dataclass(frozen=True)
class RunningServer:
    state: ServerState
    """What the app's lifespan built (store, runtime, MQTT client ...)."""
    port: int
    """HTTP port."""


@asynccontextmanager
async def running_server(
    settings: Settings, *, start_timeout_seconds: float = 30.0
) -> AsyncIterator[RunningServer]:
    """Run the server in this event loop while the block runs (the demo, in-process tests)."""
    app = create_app(settings)
    server = uvicorn.Server(_config(app, settings))
    task = asyncio.create_task(server.serve(), name="ting-server")
    try:
        async with asyncio.timeout(start_timeout_seconds):
            while not server.started:
                if task.done():
                    task.result()  # re-raises a crash
                    raise TingError("the server did not start (see the log lines above)")
                await asyncio.sleep(0.02)
        yield RunningServer(state=app.state.ting, port=settings.server.http_port)
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, timeout=start_timeout_seconds)
