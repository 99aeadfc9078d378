"""The embedded MQTT broker (amqtt), for ``ting demo`` and machines without mosquitto.

Anonymous, plain TCP, no ``$SYS`` topics, quiet logs. For a household with several
devices a real broker (mosquitto) is the better choice; this one exists so that a new
machine needs nothing else installed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self

from amqtt.broker import Broker
from amqtt.plugins.base import BaseAuthPlugin
from amqtt.session import Session

from ting.errors import MqttError
from ting.mqtt.url import parse_broker_url
from ting.settings import MqttSettings

_LOGGER = logging.getLogger(__name__)

_LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "0.0.0.0", "::1", "::"})
_SESSION_EXPIRY_SECONDS = 24 * 3600
"""Persistent sessions of clients gone this long are forgotten (amqtt keeps them forever by default)."""


class OpenAuthPlugin(BaseAuthPlugin):  # type: ignore[misc]  # amqtt is untyped for mypy
    """Let every client in, like mosquitto's ``allow_anonymous true``.

    Why not amqtt's own ``AnonymousAuthPlugin``: it marks sessions ``is_anonymous``, and
    amqtt 0.12 then drops their persistent sessions on disconnect and does not queue QoS 1
    messages for them while they are offline (see ``Broker._broadcast_loop``). ting's
    clients rely on persistent sessions, so this plugin accepts without that mark.
    """

    @dataclass
    class Config:
        """No options; declaring it tells amqtt not to look for a deprecated ``auth`` section."""

    async def authenticate(self, *, session: Session) -> bool:
        return True


def quiet_amqtt_logs() -> None:
    """amqtt logs every connection and packet at INFO; keep only its warnings."""
    for name in ("amqtt", "transitions"):
        logging.getLogger(name).setLevel(logging.WARNING)


def port_in_use(host: str, port: int) -> bool:
    """True when something accepts TCP connections on ``host:port``."""
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now (the OS may hand it out again later)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


class EmbeddedBroker:
    """``async with EmbeddedBroker("127.0.0.1", 0) as broker: ... broker.port``.

    Port 0 lets the OS pick a free port; ``port`` then holds the real one.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 1883) -> None:
        self.host = host
        self.port = port
        self._broker: Broker | None = None

    @property
    def url(self) -> str:
        return f"mqtt://{self.host}:{self.port}"

    async def __aenter__(self) -> Self:
        quiet_amqtt_logs()
        broker = Broker(self._config(), loop=asyncio.get_running_loop())
        try:
            await broker.start()
        except Exception as error:  # amqtt wraps OSError (port taken) in BrokerError, sometimes not
            where = f"{self.host}:{self.port}"
            raise MqttError(f"cannot start the embedded MQTT broker on {where}: {error}") from None
        self._broker = broker
        self.port = self._bound_port(broker)
        _LOGGER.info("embedded MQTT broker listening on %s", self.url)
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        broker, self._broker = self._broker, None
        if broker is not None:
            try:
                await broker.shutdown()
            except Exception:  # shutting down must not mask the caller's own exception
                _LOGGER.exception("embedded MQTT broker did not shut down cleanly")

    def _config(self) -> dict[str, Any]:
        return {
            "listeners": {"default": {"type": "tcp", "bind": f"{self.host}:{self.port}"}},
            "session_expiry_interval": _SESSION_EXPIRY_SECONDS,
            # Only open auth: leaving out BrokerSysPlugin means no $SYS topics, and
            # leaving out the Event/Packet logger plugins keeps the logs quiet.
            "plugins": {f"{__name__}.{OpenAuthPlugin.__name__}": {}},
        }

    def _bound_port(self, broker: Broker) -> int:
        if self.port:
            return self.port
        # amqtt has no public accessor for the listening socket; with port 0 we need it.
        server = broker._servers["default"].instance
        port: int = server.sockets[0].getsockname()[1]
        return port


@contextlib.asynccontextmanager
async def start_embedded_broker_if_needed(settings: MqttSettings) -> AsyncIterator[EmbeddedBroker | None]:
    """Run an embedded broker at the settings' URL when allowed and nothing listens there yet.

    Only for plain ``mqtt://`` URLs on this machine; otherwise (or when a broker already
    answers) yields None and the client connects to whatever is there.
    """
    address = parse_broker_url(settings.url)
    if not settings.embedded_broker or address.tls or address.host not in _LOCAL_HOSTS:
        yield None
        return
    if await asyncio.to_thread(port_in_use, address.host, address.port):
        _LOGGER.info("using the MQTT broker already listening on %s", address)
        yield None
        return
    async with EmbeddedBroker(address.host, address.port) as broker:
        yield broker
