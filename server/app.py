"""The FastAPI app. Its lifespan owns the broker (if embedded), the store and the MQTT client."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager, suppress

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from ting import __version__
from ting.mqtt.broker import start_embedded_broker_if_needed
from ting.mqtt.client import HermesClient
from ting.server.alarms.api import router as alarms_router
from ting.server.alarms.ringing import STATUS_SUBSCRIPTION
from ting.server.alarms.service import open_alarms
from ting.server.api import router
from ting.server.assembly import EventBus, build_runtime
from ting.server.dialogue import Dialogues
from ting.server.grammar import Grammars
from ting.server.hermes_service import HermesService
from ting.server.push.api import router as push_router
from ting.server.push.callbacks import router as chat_router
from ting.server.push.last_answers import LastAnswers
from ting.server.push.layer import PushLayer
from ting.server.state import ServerState
from ting.server.store import open_store
from ting.settings import Settings

_LOGGER = logging.getLogger(__name__)


def create_app(settings: Settings) -> FastAPI:
    """The skill server as an ASGI app; everything starts in its lifespan."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            await stack.enter_async_context(start_embedded_broker_if_needed(settings.mqtt))
            store = await stack.enter_async_context(open_store(settings.store))
            events = EventBus()
            alarms = await stack.enter_async_context(open_alarms(settings, events))
            last_answers = LastAnswers()
            push = PushLayer(settings, store, events.emit, last_answers)
            stack.push_async_callback(push.aclose)
            events.listeners.append(push.on_event)
            runtime = await build_runtime(settings, store, events, alarms=alarms, last_answers=last_answers)
            runtime.notices = alarms.take_notices
            for failure in runtime.skills.failures:
                _LOGGER.warning("skill %s not loaded: %s", failure.name, failure.reason)
            client = await stack.enter_async_context(
                HermesClient(
                    settings.mqtt,
                    client_id=settings.mqtt.client_id or f"ting-{settings.server.server_id}",
                    site_id=settings.server.server_id,
                    role="server",
                    subscriptions=(*HermesService.SUBSCRIPTIONS, STATUS_SUBSCRIPTION),
                )
            )
            await events.attach(client)
            alarms.ringer.publisher = client
            pending = await alarms.start()
            _LOGGER.info("alarms: %d pending", pending)
            service = HermesService(
                runtime, client, Dialogues(timeout_seconds=settings.server.session_timeout_seconds)
            )
            app.state.ting = ServerState(
                settings=settings,
                store=store,
                runtime=runtime,
                service=service,
                client=client,
                alarms=alarms,
                push=push,
            )
            grammars = app.state.grammars = Grammars(runtime)
            messages = alarms.tap(push.tap(client.messages()))
            tasks = [
                asyncio.create_task(service.run(messages), name="hermes-consumer"),
                asyncio.create_task(service.sweep_sessions(), name="session-sweeper"),
                asyncio.create_task(grammars.publish(client), name="grammar-publisher"),
                asyncio.create_task(push.run(), name="push-outbox"),
            ]
            _LOGGER.info(
                "ting server %s up: skills %s", __version__, ", ".join(s.name for s in runtime.skills.skills)
            )
            try:
                yield
            finally:
                for task in tasks:
                    task.cancel()
                for task in tasks:
                    with suppress(asyncio.CancelledError):
                        await task
                await service.drain()

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
