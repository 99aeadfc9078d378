"""Running the app under uvicorn: as the ``ting server`` process or inside another program."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

import uvicorn
from fastapi import FastAPI

from ting.errors import TingError
from ting.server.app import create_app, create_callback_app
from ting.server.assembly import assemble
from ting.server.state import ServerState
from ting.settings import Settings

_LOGGER = logging.getLogger(__name__)


def _config(app: FastAPI, settings: Settings, *, lifespan: Literal["on", "off"] = "on") -> uvicorn.Config:
    return uvicorn.Config(
        app,
        host=settings.server.http_host,
        port=settings.server.http_port,
        log_config=None,
        lifespan=lifespan,
        access_log=False,
    )


async def serve(settings: Settings, config_file: Path | None = None) -> None:
    """Serve until interrupted (``ting server``); ``config_file``: where ``settings`` came from."""
    async with running_server(settings, config_file=config_file) as running:
        _LOGGER.info("serving HTTP on %s:%d", settings.server.http_host, running.port)
        await running.stopped.wait()


@dataclass(frozen=True)
class RunningServer:
    state: ServerState
    """What the app's lifespan built (store, runtime, MQTT client ...)."""
    port: int
    """HTTP port."""
    callback_port: int | None
    """The public chat-callback listener's port (``chat.http_host``), if there is one."""
    stopped: asyncio.Event
    """Set when uvicorn stops by itself (a signal)."""


@asynccontextmanager
async def running_server(
    settings: Settings, *, start_timeout_seconds: float = 30.0, config_file: Path | None = None
) -> AsyncIterator[RunningServer]:
    """Run the server in this event loop while the block runs (the demo, in-process tests).

    The listening socket is bound here, before uvicorn starts: ``server.http_port = 0`` takes a
    free port with no window for another process to take it first, and ``RunningServer.port``
    says which. uvicorn's ``SystemExit`` on a failed start becomes a ``TingError``: it must not
    end the caller's event loop.
    """
    async with AsyncExitStack() as parts:
        listener = _listen(settings.server.http_host, settings.server.http_port)
        parts.callback(listener.close)
        public = None
        if settings.chat.http_host is not None:
            public = _listen(settings.chat.http_host, settings.chat.http_port)
            parts.callback(public.close)
        # Built here, before uvicorn: a damaged store or a bad setting is one clear error, not a traceback.
        # The port really bound (``http_port = 0`` took a free one): the media file URLs name it.
        bound = replace(settings.server, http_port=listener.getsockname()[1])
        state = await assemble(replace(settings, server=bound), parts)
        serving = _serving(settings, state, listener, public, start_timeout_seconds, config_file)
        async with serving as running:
            yield running


@asynccontextmanager
async def _serving(
    settings: Settings,
    state: ServerState,
    listener: socket.socket,
    public: socket.socket | None,
    start_timeout_seconds: float,
    config_file: Path | None,
) -> AsyncIterator[RunningServer]:
    app = create_app(settings, assembled=state, config_file=config_file)
    servers = [(uvicorn.Server(_config(app, settings)), listener)]
    if public is not None:
        callbacks = create_callback_app(app, settings)
        servers.append((uvicorn.Server(_config(callbacks, settings, lifespan="off")), public))
    stopped = asyncio.Event()
    tasks = [
        asyncio.create_task(_serve_on(server, sock, stopped), name="ting-http") for server, sock in servers
    ]
    try:
        async with asyncio.timeout(start_timeout_seconds):
            while not all(server.started for server, _ in servers):
                for task in tasks:
                    if task.done():
                        task.result()  # re-raises a crash
                        raise TingError("the server did not start (see the log lines above)")
                await asyncio.sleep(0.02)
        callback_port = servers[1][1].getsockname()[1] if len(servers) > 1 else None
        yield RunningServer(app.state.ting, listener.getsockname()[1], callback_port, stopped)
    finally:
        for server, _ in reversed(servers):
            server.should_exit = True
        await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), timeout=start_timeout_seconds)


def _listen(host: str, port: int) -> socket.socket:
    try:
        listener = socket.create_server((host, port), reuse_port=False)
    except OSError as error:
        raise TingError(f"cannot listen on {host}:{port} for HTTP: {error.strerror}") from None
    listener.set_inheritable(True)
    return listener


async def _serve_on(server: uvicorn.Server, listener: socket.socket, stopped: asyncio.Event) -> None:
    try:
        await server.serve(sockets=[listener])
    except SystemExit as exit_:
        raise TingError(f"the server did not start (uvicorn exit status {exit_.code})") from None
    finally:
        stopped.set()
