"""Broker addresses: ``mqtt://[user:pass@]host:port`` and ``mqtts://`` (TLS)."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from ting.errors import ConfigError
from ting.settings import redact_url

DEFAULT_PORTS = {"mqtt": 1883, "mqtts": 8883}


@dataclass(frozen=True)
class BrokerAddress:
    """Where the broker is and how to log in; parsed once from a URL."""

    host: str
    port: int
    tls: bool = False
    username: str | None = None
    password: str | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        """The URL without credentials (safe to log)."""
        scheme = "mqtts" if self.tls else "mqtt"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{scheme}://{host}:{self.port}"

    def __str__(self) -> str:
        return self.url


def parse_broker_url(url: str) -> BrokerAddress:
    """Parse ``mqtt://[user:pass@]host[:port]``; anything else is a ``ConfigError`` (password hidden)."""
    shown = redact_url(url.strip())
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise ConfigError(f"MQTT URL {shown!r}: {error} (expected mqtt://[user:pass@]host:port)") from None
    if parts.scheme not in DEFAULT_PORTS:
        raise ConfigError(
            f"MQTT URL {shown!r}: scheme must be mqtt:// or mqtts://, got {parts.scheme or 'none'!r}"
        )
    if not parts.hostname:
        raise ConfigError(f"MQTT URL {shown!r}: no host (expected mqtt://[user:pass@]host:port)")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ConfigError(f"MQTT URL {shown!r}: unexpected path or query after host:port")
    if port == 0:
        raise ConfigError(f"MQTT URL {shown!r}: port must be 1-65535")
    return BrokerAddress(
        host=parts.hostname,
        port=port or DEFAULT_PORTS[parts.scheme],
        tls=parts.scheme == "mqtts",
        username=unquote(parts.username) if parts.username is not None else None,
        password=unquote(parts.password) if parts.password is not None else None,
    )
