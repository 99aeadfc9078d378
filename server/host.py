"""Running the app under uvicorn: as the ``ting server`` process or inside another program."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import uvicorn

from server.app import create_app
from ting.errors import TingError
from ting.settings import Settings

_LOGGER = logging.getLogger(__name__)


def _uvicorn(settings: Settings) -> uvicorn.Server:
    config = uvicorn.Config(create_app(settings), host=settings.server.http_host, port=settings.server.http_port,
                            log_config=None, lifespan="on", access_log=False)
    return uvicorn.Server(config)


async def serve(settings: Settings) -> None:
    """Serve until interrupted (``ting server``)."""
    server = _uvicorn(settings)
    await server.serve()
    if not server.started:
        raise TingError("the server did not start (see the log lines above)")


@asynccontextmanager
async def running_server(settings: Settings, *, start_timeout_seconds: float = 30.0) -> AsyncIterator[uvicorn.Server]:
    """Run the server in this event loop while the block runs (the demo, in-process tests)."""
    server = _uvicorn(settings)
    task = asyncio.create_task(server.serve(), name="ting-server")
    try:
        async with asyncio.timeout(start_timeout_seconds):
            while not server.started:
                if task.done():
                    task.result()  # re-raises a crash
                    raise TingError("the server did not start (see the log lines above)")
                await asyncio.sleep(0.02)
        yield server
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, timeout=start_timeout_seconds)
