"""One WebSocket connection to Home Assistant: authentication, commands by id, events, reconnection.

Home Assistant's protocol: the server says ``auth_required``; the client answers ``{"type": "auth",
"access_token": ...}``; the server says ``auth_ok`` or ``auth_invalid``. Then every command carries an
``id`` and is answered by ``{"id", "type": "result", "success", "result" | "error": {"code", "message"}}``;
subscriptions deliver ``{"id", "type": "event", "event": ...}``.

``HaConnection`` keeps one connection up: after a drop (Home Assistant restarting) it reconnects with
a growing pause and calls ``on_connected`` again, which subscribes anew and reloads the states. A
rejected token is logged as such (the token is never shown) and retried at the longest pause: the
server keeps running. Commands while disconnected fail at once with ``HomeError``.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import websockets
from websockets.asyncio.client import ClientConnection

from ting.errors import HomeError
from ting.settings import HomeAssistantSettings

_LOGGER = logging.getLogger(__name__)

EventHandler = Callable[[dict[str, Any]], None]
ConnectedHandler = Callable[["HaConnection"], Awaitable[None]]


class AuthError(HomeError):
    """Home Assistant refused the access token (``auth_invalid``)."""


class HaConnection:
    def __init__(
        self, settings: HomeAssistantSettings, *, on_event: EventHandler, on_connected: ConnectedHandler
    ) -> None:
        self._settings = settings
        self._on_event = on_event
        self._on_connected = on_connected
        self._socket: ClientConnection | None = None
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[Any]] = {}
        self._ready = asyncio.Event()
        self._supervisor: asyncio.Task[None] | None = None
        self.connects = 0
        """How many times a connection was made (tests: a restart was survived)."""

    async def start(self, first_connect_seconds: float | None = None) -> None:
        """Start connecting; wait (up to ``first_connect_seconds``) for the first connection and its
        ``on_connected``. ``HomeError`` when it did not come in time (connecting goes on)."""
        self._supervisor = asyncio.create_task(self._supervise(), name="home-assistant")
        try:
            async with asyncio.timeout(first_connect_seconds or self._settings.timeout_seconds):
                await self._ready.wait()
        except TimeoutError:
            raise HomeError(f"Home Assistant at {self._settings.url} did not answer in time") from None

    async def close(self) -> None:
        if self._supervisor is not None:
            self._supervisor.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._supervisor
        if self._socket is not None:
            await self._socket.close()

    @property
    def connected(self) -> bool:
        return self._ready.is_set()

    async def command(self, message: dict[str, Any]) -> Any:
        """Send ``message`` with a fresh id; its ``result``, or ``HomeError`` naming HA's error code."""
        socket = self._socket
        if socket is None or (not self._ready.is_set() and message.get("type") not in _SETUP_COMMANDS):
            raise HomeError("not connected to Home Assistant")
        message_id = next(self._ids)
        answer: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._waiting[message_id] = answer
        try:
            await socket.send(json.dumps({**message, "id": message_id}))
            async with asyncio.timeout(self._settings.timeout_seconds):
                return await answer
        except TimeoutError:
            raise HomeError(f"Home Assistant did not answer {message.get('type')} in time") from None
        except websockets.ConnectionClosed:
            raise HomeError("the connection to Home Assistant closed") from None
        finally:
            self._waiting.pop(message_id, None)

    async def _supervise(self) -> None:
        pause = self._settings.reconnect_min_seconds
        while True:
            try:
                await self._run_once()
                pause = self._settings.reconnect_min_seconds  # it was up: come back quickly
            except AuthError as error:
                _LOGGER.error(
                    "Home Assistant refused the access token (%s): check home_assistant.token", error
                )
                pause = self._settings.reconnect_max_seconds
            except (OSError, websockets.WebSocketException, HomeError, ValueError) as error:
                _LOGGER.warning(
                    "Home Assistant at %s: %s; retrying in %.0f s", self._settings.url, error, pause
                )
            finally:
                self._drop()
            await asyncio.sleep(pause)
            pause = min(pause * 2, self._settings.reconnect_max_seconds)

    async def _run_once(self) -> None:
        assert self._settings.url is not None
        async with websockets.connect(
            self._settings.url, open_timeout=self._settings.timeout_seconds
        ) as socket:
            await self._authenticate(socket)
            self._socket = socket
            reader = asyncio.create_task(self._read(socket))
            try:
                await self._on_connected(self)
                self.connects += 1
                self._ready.set()
                _LOGGER.info("connected to Home Assistant at %s", self._settings.url)
                await reader
            finally:
                reader.cancel()
                with contextlib.suppress(asyncio.CancelledError, websockets.ConnectionClosed):
                    await reader

    async def _authenticate(self, socket: ClientConnection) -> None:
        first = _parse(await socket.recv())
        if first.get("type") != "auth_required":
            raise HomeError(f"expected auth_required, got {first.get('type')!r}")
        await socket.send(json.dumps({"type": "auth", "access_token": self._settings.token}))
        answer = _parse(await socket.recv())
        if answer.get("type") == "auth_invalid":
            raise AuthError(str(answer.get("message", "auth_invalid")))
        if answer.get("type") != "auth_ok":
            raise HomeError(f"expected auth_ok, got {answer.get('type')!r}")

    async def _read(self, socket: ClientConnection) -> None:
        async for raw in socket:
            try:
                message = _parse(raw)
            except ValueError as error:
                _LOGGER.warning("Home Assistant sent something that is not JSON: %s", error)
                continue
            kind = message.get("type")
            if kind == "result":
                self._answer(message)
            elif kind == "event" and isinstance(message.get("event"), dict):
                try:
                    self._on_event(message["event"])
                except Exception:  # a bad event must not end the connection
                    _LOGGER.exception("Home Assistant event not handled: %.200s", raw)

    def _answer(self, message: dict[str, Any]) -> None:
        waiting = self._waiting.get(message.get("id", -1))
        if waiting is None or waiting.done():
            return
        if message.get("success"):
            waiting.set_result(message.get("result"))
        else:
            error = message.get("error")
            error = error if isinstance(error, dict) else {}
            waiting.set_exception(HomeError(f"{error.get('code', 'error')}: {error.get('message', '')}"))

    def _drop(self) -> None:
        self._ready.clear()
        self._socket = None
        for waiting in self._waiting.values():
            if not waiting.done():
                waiting.set_exception(HomeError("the connection to Home Assistant was lost"))


_SETUP_COMMANDS = frozenset(
    {
        "subscribe_events",
        "get_states",
        "config/area_registry/list",
        "config/floor_registry/list",
        "config/device_registry/list",
        "config/entity_registry/list",
        "homeassistant/expose_entity/list",
    }
)
"""Commands ``on_connected`` sends before the connection counts as ready."""


def _parse(raw: str | bytes) -> dict[str, Any]:
    data = json.loads(raw)
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    return data
