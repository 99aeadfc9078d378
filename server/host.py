"""Running the app under uvicorn: as the ``ting server`` process or inside another program."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import uvicorn
from fastapi import FastAPI

from ting.errors import TingError
from ting.server.app import create_app
from ting.server.state import ServerState
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
    """Run the server in this event loop while the block runs (the demo, in-process tests).

    The listening socket is bound here, before uvicorn starts: ``server.http_port = 0`` takes a
    free port with no window for another process to take it first, and ``RunningServer.port``
    says which. uvicorn's ``SystemExit`` on a failed start becomes a ``TingError``: it must not
    end the caller's event loop.
    """
    listener = _listen(settings.server.http_host, settings.server.http_port)
    app = create_app(settings)
    server = uvicorn.Server(_config(app, settings))
    task = asyncio.create_task(_serve_on(server, listener), name="ting-server")
    try:
        async with asyncio.timeout(start_timeout_seconds):
            while not server.started:
                if task.done():
                    task.result()  # re-raises a crash
                    raise TingError("the server did not start (see the log lines above)")
                await asyncio.sleep(0.02)
        yield RunningServer(state=app.state.ting, port=listener.getsockname()[1])
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, timeout=start_timeout_seconds)
        listener.close()


def _listen(host: str, port: int) -> socket.socket:
    try:
        listener = socket.create_server((host, port), reuse_port=False)
    except OSError as error:
        raise TingError(f"cannot listen on {host}:{port} for HTTP: {error.strerror}") from None
    listener.set_inheritable(True)
    return listener


async def _serve_on(server: uvicorn.Server, listener: socket.socket) -> None:
    try:
        await server.serve(sockets=[listener])
    except SystemExit as exit_:
        raise TingError(f"the server did not start (uvicorn exit status {exit_.code})") from None
