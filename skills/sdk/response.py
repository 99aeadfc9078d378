"""What a handler returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Response:
    text: str
    """What to say, in the request's language."""
    data: dict[str, Any] = field(default_factory=dict)
    """Structured result for HTTP/chat clients (device states, times ...)."""
    expect: tuple[str, ...] = ()
    """Non-empty: keep the session open and expect one of these intents next (continueSession)."""
    ok: bool = True
    """False when the request could not be carried out (the text says why)."""

    @property
    def continues_session(self) -> bool:
        return bool(self.expect)
