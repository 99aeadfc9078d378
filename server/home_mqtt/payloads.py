"""Decoding the JSON payloads of the MQTT backends: bad input is a ``MessageError`` (logged and dropped
by the link), never a crash."""

from __future__ import annotations

import json
from typing import Any

from ting.errors import MessageError


def json_object(payload: bytes) -> dict[str, Any]:
    """A JSON object, or ``MessageError``."""
    try:
        data = json.loads(payload)
    except (ValueError, RecursionError) as error:
        raise MessageError(f"not JSON: {error}") from None
    if not isinstance(data, dict):
        raise MessageError(f"expected a JSON object, not {type(data).__name__}")
    return data
