"""Secrets are never shown: which setting names hold secrets, and how values and URLs are masked."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

SECRET_KEYS = frozenset(
    {"secret", "token", "encoding_aes_key", "key", "sendkey", "app_token", "password", "postgres_dsn"}
)
"""Setting names whose values are secrets (and any name ending in ``_secret``, ``_token``, ``_password``,
``_dsn`` or ``_key``)."""
_REDACTED = "***"
_URL_PASSWORD = re.compile(r"(://[^:/@\s]*:)[^@\s]*@")
_INLINE_SECRET = re.compile(
    r"(\b(?:password|passwd|pwd|secret|corpsecret|access_token|token|key|sendkey|appToken)\s*[=:]\s*)"
    r"[^&\s\"',;]+",
    re.IGNORECASE,
)


def redact_url(url: str) -> str:
    """``scheme://user:***@host...`` for ``scheme://user:password@host...``: the password hidden, whatever
    characters it holds (the user information ends at the last ``@``); other URLs are returned as they are."""
    scheme, separator, rest = url.partition("://")
    userinfo, at, host = rest.rpartition("@")
    if not separator or not at or ":" not in userinfo:
        return url
    return f"{scheme}://{userinfo.partition(':')[0]}:{_REDACTED}@{host}"


def is_secret_key(name: object) -> bool:
    text = str(name).lower()
    # "_key": a skill's ``api_key`` in its [skills.<name>] table is as secret as a channel's key.
    return text in SECRET_KEYS or text.endswith(("_secret", "_token", "_password", "_dsn", "_key"))


def redact_value(name: object, value: Any) -> Any:
    """``value`` (an input shown in an error) with secrets replaced by ``***``: whole values of
    secret keys, recursively in tables and lists, and passwords inside URLs and DSNs anywhere."""
    if isinstance(value, Mapping):
        return {k: redact_value(k, v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(redact_value(name, item) for item in value)
    if is_secret_key(name) and value is not None:
        return _REDACTED
    if isinstance(value, str):
        return _INLINE_SECRET.sub(rf"\1{_REDACTED}", _URL_PASSWORD.sub(rf"\1{_REDACTED}@", value))
    return value
