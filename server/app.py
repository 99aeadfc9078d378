"""The FastAPI app. Its lifespan owns the broker (if embedded), the store and the MQTT client."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager, suppress

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from ting import __version__, redaction
from ting.server.alarms.api import router as alarms_router
from ting.server.api import router
from ting.server.assembly import assemble
from ting.server.push.api import router as push_router
from ting.server.push.callbacks import router as chat_router
from ting.settings import Settings

_LOGGER = logging.getLogger(__name__)


def create_app(settings: Settings) -> FastAPI:
    """The skill server as an ASGI app; everything starts in its lifespan."""
    redaction.install(settings)  # also when the app runs inside another program (the demo, tests)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            state = await assemble(settings, stack)
            app.state.ting = state
            pending = await state.alarms.start()
            _LOGGER.info("alarms: %d pending", pending)
            tasks = [
                asyncio.create_task(state.router.run(state.client.messages()), name="mqtt-consumer"),
                asyncio.create_task(state.service.sweep_sessions(), name="session-sweeper"),
                asyncio.create_task(state.grammars.publish(state.client), name="grammar-publisher"),
                asyncio.create_task(state.push.run(), name="push-outbox"),
            ]
            skills = ", ".join(skill.name for skill in state.runtime.skills.skills)
            _LOGGER.info("ting server %s up: skills %s", __version__, skills)
            try:
                yield
            finally:
                for task in tasks:
                    task.cancel()
                for task in tasks:
                    with suppress(asyncio.CancelledError):
                        await task
                await state.router.drain()

    app = FastAPI(
        title="ting skill server",
        version=__version__,
        lifespan=lifespan,
        description="Skills, state and the text path of the ting voice assistant.",
    )
    app.add_middleware(BodyLimit, max_bytes=settings.server.max_request_bytes)
    app.include_router(router)
    app.include_router(push_router)
    app.include_router(chat_router)
    app.include_router(alarms_router)
    return app


class BodyLimit(BaseHTTPMiddleware):
    """Reject request bodies over ``max_bytes`` with 413 before anything reads them."""

    def __init__(self, app: object, *, max_bytes: int) -> None:
        super().__init__(app)  # type: ignore[arg-type]
        self._max_bytes = max_bytes

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self._max_bytes):
            return JSONResponse(
                {"detail": f"request body larger than {self._max_bytes} bytes"}, status_code=413
            )
        if length is None and request.method in ("POST", "PUT", "PATCH"):
            body = await request.body()
            if len(body) > self._max_bytes:
                return JSONResponse(
                    {"detail": f"request body larger than {self._max_bytes} bytes"}, status_code=413
                )
        return await call_next(request)
