"""The FastAPI apps: the server (its lifespan builds and runs everything) and, when configured, the
public chat-callback listener beside it."""

from __future__ import annotations

import asyncio
import ipaddress
import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager, suppress
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from ting import __version__, redaction
from ting.errors import ConfigError
from ting.server.alarms.api import router as alarms_router
from ting.server.api import router
from ting.server.assembly import assemble
from ting.server.dashboard import dashboard_router
from ting.server.docs_ui import docs_router
from ting.server.http_guard import HttpGuard
from ting.server.media.files import router as media_files_router
from ting.server.push.api import router as push_router
from ting.server.push.callbacks import router as chat_router
from ting.server.state import ServerState
from ting.server.weather_api import router as weather_router
from ting.settings import Settings
from ting.supervise import Backoff, supervise

_LOGGER = logging.getLogger(__name__)


def create_app(
    settings: Settings, *, assembled: ServerState | None = None, config_file: Path | None = None
) -> FastAPI:
    """The skill server as an ASGI app; its lifespan starts the work. ``assembled``: parts built (and
    closed) by the caller (``host.running_server``, so a start-up problem is reported before uvicorn
    runs); None: the lifespan assembles them itself. ``config_file``: the TOML file the settings came
    from, which the dashboard's Settings page edits (None: that page is read-only)."""
    redaction.install(settings)  # also when the app runs inside another program (the demo, tests)
    check_exposure(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            state = assembled or await assemble(settings, stack)
            app.state.ting = state
            pending = await state.alarms.start()
            _LOGGER.info("alarms: %d pending", pending)
            _LOGGER.info("daily jobs: %d", await state.schedules.start())
            tasks = [
                asyncio.create_task(
                    supervise(
                        "mqtt-consumer", lambda: state.router.run(state.client.messages()), Backoff(0.2, 5.0)
                    ),
                    name="mqtt-consumer",
                ),
                asyncio.create_task(state.service.sweep_sessions(), name="session-sweeper"),
                asyncio.create_task(state.push.run(), name="push-outbox"),
                asyncio.create_task(state.media.run_scans(), name="library-scans"),
                asyncio.create_task(state.household_reload.run(), name="household-reload"),
                asyncio.create_task(state.wake_models.run(state.client), name="wake-training"),
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

    title = "ting skill server"
    app = FastAPI(
        title=title,
        version=__version__,
        lifespan=lifespan,
        description="Skills, state and the text path of the ting voice assistant.",
        docs_url=None,
        redoc_url=None,
    )
    app.add_middleware(
        HttpGuard,
        max_request_bytes=settings.server.max_request_bytes,
        api_token=settings.server.api_token,
    )
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.include_router(docs_router(title))
    app.include_router(router)
    app.include_router(push_router)
    app.include_router(chat_router)
    app.include_router(alarms_router)
    app.include_router(media_files_router)
    app.include_router(dashboard_router(settings, config_file))
    app.include_router(weather_router)
    return app


def create_callback_app(main: FastAPI, settings: Settings) -> FastAPI:
    """Only the chat callbacks, for the public listener (``chat.http_host``): the rest of the API stays
    on the private one. It serves the state the main app's lifespan built."""
    app = FastAPI(title="ting chat callbacks", docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(HttpGuard, max_request_bytes=settings.server.max_request_bytes, api_token=None)
    app.state.main = main
    app.include_router(chat_router)
    return app


async def _invalid_request(request: Request, error: Exception) -> JSONResponse:
    """422 naming what is wrong, without echoing the input: it may be what cannot be encoded (a lone
    surrogate made the default error page itself fail with 500), and it may be large."""
    assert isinstance(error, RequestValidationError)
    problems = [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in error.errors()]
    return JSONResponse({"detail": problems}, status_code=422)


def check_exposure(settings: Settings) -> None:
    """The private API may listen beyond this machine only behind a token."""
    host = settings.server.http_host
    if not _loopback(host) and not settings.server.api_token:
        raise ConfigError(
            f"server.http_host is {host!r}, which other machines can reach, and server.api_token is not set: "
            "set server.api_token (a long random string; clients send 'Authorization: Bearer <token>'), or "
            'keep http_host = "127.0.0.1" and put the chat callbacks on their own listener (chat.http_host)'
        )


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"
