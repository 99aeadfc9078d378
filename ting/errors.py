"""One exception hierarchy for the whole project.

Errors from libraries (paho, sqlite3, pydantic, yaml ...) are translated into these
at module boundaries, so callers only ever catch ``TingError`` subclasses.
"""

from __future__ import annotations


class TingError(Exception):
    """Base class of every error ting raises on purpose."""


class ConfigError(TingError):
    """A settings file, environment variable or flag is wrong.

    The message names the source (file or variable), the key and what was expected.
    """


class MessageError(TingError):
    """A wire payload (MQTT or HTTP) could not be decoded into a message."""


class MqttError(TingError):
    """The MQTT connection failed or an operation on it did not complete."""


class StoreError(TingError):
    """The state store failed (connection, schema migration, query)."""


class SkillError(TingError):
    """A skill could not be loaded, or its handler failed."""


class NluError(TingError):
    """Sentence templates or slot lists are malformed."""


class HomeError(TingError):
    """A smart-home backend refused or failed a command (unknown device, unsupported capability)."""
