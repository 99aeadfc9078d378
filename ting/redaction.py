"""Secrets never leave: every log record (ting's, httpx's, uvicorn's ...) and the CLI's output are redacted.

Two rules, applied to the formatted message and to the formatted traceback of a record:

- **every secret the settings hold** (WeCom robot keys, corp secrets, tokens, the broker and database
  passwords ...) is replaced wherever it appears, also inside a URL path (ServerChan's
  ``https://sctapi.ftqq.com/<sendkey>.send``);
- **secret-looking parameters** (``key=``, ``corpsecret=``, ``access_token=``, ``secret=``, ``token=``,
  ``sendkey=``, a URL's ``user:password@``) are masked, which covers values no setting knows: the access
  tokens the WeCom and WeChat APIs hand out at run time.

``install(settings)`` wraps the logging record factory once per process (records are redacted when
they are made, so every handler, pytest's included, sees the redacted text); calling it again only
updates the secrets.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Iterable, Mapping
from typing import Any

from ting.settings import Settings, is_secret_key

REDACTED = "***"
_MIN_SECRET_LENGTH = 8
"""Shorter values would mask ordinary words wherever they appear (a ``sort_key = "name"`` in a skill's
table is taken for a secret by its name); short passwords in URLs are still masked by the URL rule."""
_PARAMETER = re.compile(
    r"((?<![\w-])(?:key|corpsecret|secret|access_token|accesstoken|token|sendkey|apptoken|password|passwd)"
    r"[\"']?\s*[=:]\s*[\"']?)[^&\s\"',;}]+",
    re.IGNORECASE,
)
_URL_PASSWORD = re.compile(r"(\b[a-z][a-z0-9+.-]*://[^:/@\s]+:)[^@\s/]+@", re.IGNORECASE)


class Redactor:
    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets: tuple[str, ...] = ()
        self.update(secrets)

    def update(self, secrets: Iterable[str]) -> None:
        found = {secret for secret in secrets if len(secret) >= _MIN_SECRET_LENGTH}
        self._secrets = tuple(sorted(found, key=len, reverse=True))  # longest first: no partial leftovers

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, REDACTED)
        text = _URL_PASSWORD.sub(rf"\1{REDACTED}@", text)
        return _PARAMETER.sub(rf"\1{REDACTED}", text)


def secrets_in(settings: Settings) -> set[str]:
    """Every secret value the settings hold (by the names ``is_secret_key`` knows, and URL passwords)."""
    found: set[str] = set()
    _collect(settings, "", found)
    return found


def _collect(value: Any, name: str, found: set[str]) -> None:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            _collect(getattr(value, field.name), field.name, found)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _collect(item, str(key), found)
    elif isinstance(value, list | tuple):
        for item in value:
            _collect(item, name, found)
    elif isinstance(value, str):
        if is_secret_key(name):
            found.add(value)
        password = re.search(r"://[^:/@\s]+:([^@\s/]+)@", value)
        if password:
            found.add(password.group(1))


_REDACTOR = Redactor()
_installed = False


def redact(text: str) -> str:
    """``text`` as it may be shown: for the CLI's own output."""
    return _REDACTOR.redact(text)


def install(settings: Settings) -> None:
    """Redact every log record of this process from now on (idempotent; updates the secrets)."""
    global _installed
    _REDACTOR.update(secrets_in(settings))
    if _installed:
        return
    _installed = True
    make_record = logging.getLogRecordFactory()

    def redacting_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        _redact_record(record)
        return record

    logging.setLogRecordFactory(redacting_record)


def _redact_record(record: logging.LogRecord) -> None:
    try:
        message = record.getMessage()
    except Exception:  # a bad format string: left to the handler to report, as logging does
        return
    redacted = _REDACTOR.redact(message)
    if redacted != message:
        record.msg, record.args = redacted, None
    if record.exc_info and not record.exc_text:
        record.exc_text = _REDACTOR.redact(logging.Formatter().formatException(record.exc_info))
