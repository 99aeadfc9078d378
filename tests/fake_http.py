"""Running a fake outside service (anything with ``app()`` returning an ASGI app) on a free loopback port."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any, Protocol

import uvicorn

from ting.mqtt.broker import free_port


class HasApp(Protocol):
    def app(self) -> Any: ...


@contextlib.asynccontextmanager
async def serving(fake: HasApp, port: int | None = None) -> AsyncIterator[str]:
    """Run ``fake`` on ``port`` (a free one by default) in this event loop; yields its base URL."""
    port = port or free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            fake.app(), host="127.0.0.1", port=port, log_config=None, access_log=False, lifespan="off"
        )
    )
    task = asyncio.create_task(server.serve())
    try:
        async with asyncio.timeout(10):
            while not server.started:  # noqa: ASYNC110 (uvicorn offers no event)
                await asyncio.sleep(0.01)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 10)
