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
    """A wire payload (MQTT or HTTP) could not be decoded into a message, or is refused (too long)."""

    def __init__(self, message: str, *, site_id: str | None = None, session_id: str | None = None) -> None:
        super().__init__(message)
        self.site_id = site_id
        """The refused message's site and session, when it decoded that far (for the error report)."""
        self.session_id = session_id


class MqttError(TingError):
    """The MQTT connection failed or an operation on it did not complete."""


class NotConnectedError(MqttError):
    """Not connected to the broker (after any wait the caller allowed): nothing was sent."""


class UnconfirmedPublishError(MqttError):
    """The connection dropped before the broker confirmed a QoS 1 publish: it may or may not have arrived."""


class StoreError(TingError):
    """The state store failed (connection, schema migration, query)."""


class SkillError(TingError):
    """A skill could not be loaded, or its handler failed."""


class NluError(TingError):
    """Sentence templates or slot lists are malformed."""


class LimitError(TingError):
    """A value outside what ting accepts (a timer of a million hours, an alarm in 1970). The message says
    the limit; ``limit`` names it for whoever words the answer (``timer_too_long``, ``time_passed`` ...)."""

    def __init__(self, message: str, *, limit: str) -> None:
        super().__init__(message)
        self.limit = limit


class HomeError(TingError):
    """A smart-home backend refused or failed a command (unknown device, unsupported capability)."""


class DeviceUnavailableError(HomeError):
    """The device is known but cannot be reached now (offline, its bridge or broker down): nothing sent."""


class PushError(TingError):
    """A notification channel (WeCom, WeChat, relays) failed to deliver.

    Messages never contain secrets: keys and tokens are redacted before the error is raised.
    """

    def __init__(self, message: str, *, code: int | None = None, answer: object = None) -> None:
        super().__init__(message)
        self.code = code
        """The API's ``errcode``/``code`` when it answered, else None."""
        self.answer = answer
        """The API's decoded answer, when there was one."""


class TransientPushError(PushError):
    """Worth retrying later: network errors, HTTP 5xx, rate limits (45009, 45033 ...)."""

    def __init__(
        self,
        message: str,
        *,
        code: int | None = None,
        answer: object = None,
        retry_after_seconds: float | None = None,
    ) -> None:
        super().__init__(message, code=code, answer=answer)
        self.retry_after_seconds = retry_after_seconds
        """At least this long before the next attempt on this channel (rate limits)."""


class PermanentPushError(PushError):
    """Retrying will not help (robot removed, invalid user, untrusted IP ...); the reason says what to fix."""


class AudioError(TingError):
    """Audio input failed: no microphone or PortAudio, or an unreadable WAV file (named in the message)."""


class SpeechModelError(TingError):
    """A speech model is missing, broken, or could not be downloaded (the message names the path or URL)."""


class WeatherError(TingError):
    """A weather provider could not give a forecast. The message names the provider and what it said;
    it is for the log, never read aloud."""


class WeatherUnavailableError(WeatherError):
    """Worth trying again later: no connection, a timeout, HTTP 5xx, an answer not in the documented form."""


class WeatherRateLimitError(WeatherUnavailableError):
    """The provider said too many requests (HTTP 429, QWeather code "429"): wait before the next one."""

    def __init__(self, message: str, *, retry_after_seconds: float | None = None) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class WeatherRequestError(WeatherError):
    """The provider refused the request as made (HTTP 400, a bad key, no such place): retrying the same
    request will not help; the message says what to fix."""
