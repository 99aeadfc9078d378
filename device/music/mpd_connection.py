"""One connection to an MPD server (python-mpd2's asyncio client), made again whenever it was lost.

MPD closes its clients when it restarts (or after its ``connection_timeout``); a command then finds the
connection gone. ``run`` connects again and retries the command once, so the first command after a restart
works; only when MPD cannot be reached (or does not answer within ``timeout_seconds``) does it fail, with
``MpdUnreachable``. MPD's own refusals (``ACK`` lines: a missing file, nothing to seek in) are
``MpdCommandError``. Both are ``MpdError``, a ``TingError``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TypeVar

import mpd
from mpd.asyncio import MPDClient

from ting.errors import TingError
from ting.settings import MpdSettings

_LOGGER = logging.getLogger(__name__)

T = TypeVar("T")

_LOST = (mpd.ConnectionError, mpd.ProtocolError, OSError, TimeoutError)
"""What a dead or hung connection raises (python-mpd2's ConnectionError is not an OSError)."""


class MpdError(TingError):
    """MPD did not do what it was asked."""


class MpdUnreachable(MpdError):
    """No MPD at the configured address (not running, restarting, or not answering)."""


class MpdCommandError(MpdError):
    """MPD refused a command (its ``ACK``: no such file, not playing, no mixer ...)."""


class MpdConnection:
    def __init__(self, settings: MpdSettings) -> None:
        self._settings = settings
        self._client: MPDClient | None = None
        self._lock = asyncio.Lock()
        self.connections = 0
        """How many times a connection was made (a reconnect after MPD restarted counts)."""

    @property
    def where(self) -> str:
        host = self._settings.host
        return host if host.startswith(("/", "@")) else f"{host}:{self._settings.port}"

    @property
    def connected(self) -> bool:
        return self._client is not None and bool(self._client.connected)

    async def client(self) -> MPDClient:
        """The open connection, or a new one."""
        async with self._lock:
            if self._client is not None and self._client.connected:
                return self._client
            client = MPDClient()
            try:
                async with asyncio.timeout(self._settings.timeout_seconds):
                    await client.connect(self._settings.host, self._settings.port)
                    if self._settings.password:
                        await client.password(self._settings.password)
            except mpd.CommandError as error:  # a wrong password
                _disconnect(client)
                raise MpdUnreachable(f"MPD at {self.where} refused the connection: {error}") from None
            except _LOST as error:
                _disconnect(client)
                reason = str(error) or type(error).__name__
                raise MpdUnreachable(f"MPD at {self.where} is unreachable: {reason}") from None
            self._client = client
            self.connections += 1
            _LOGGER.info("connected to MPD at %s (MPD %s)", self.where, client.mpd_version)
            return client

    async def run(self, command: Callable[[MPDClient], Awaitable[T]]) -> T:
        """``command`` on the connection; on a lost connection once more on a new one."""
        for attempt in (1, 2):
            client = await self.client()
            try:
                async with asyncio.timeout(self._settings.timeout_seconds):
                    return await command(client)
            except mpd.CommandError as error:
                raise MpdCommandError(f"MPD: {error}") from None
            except _LOST as error:
                self.drop(client)
                if attempt == 2:
                    reason = str(error) or type(error).__name__
                    raise MpdUnreachable(f"MPD at {self.where} stopped answering: {reason}") from None
                _LOGGER.info("MPD connection lost (%s); connecting again", error or type(error).__name__)
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises

    async def changes(self, subsystems: tuple[str, ...]) -> AsyncIterator[list[str]]:
        """MPD's ``idle`` events on the current connection, until that connection is lost."""
        client = await self.client()
        try:
            async for changed in client.idle(list(subsystems)):
                yield list(changed)
        except _LOST as error:
            _LOGGER.info("MPD connection lost: %s", error or type(error).__name__)
            self.drop(client)

    def drop(self, client: MPDClient | None = None) -> None:
        """Forget the connection (``client``: only if it is still the current one)."""
        if client is None or client is self._client:
            current, self._client = self._client, None
            if current is not None:
                _disconnect(current)

    def close(self) -> None:
        self.drop()


def _disconnect(client: MPDClient) -> None:
    # disconnecting a client whose connection already failed raises inside python-mpd2; nothing is lost
    with contextlib.suppress(Exception):
        client.disconnect()
