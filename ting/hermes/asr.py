"""Speech recognition messages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ting.hermes.base import Message


@dataclass
class AsrTextCaptured(Message):
    """A transcript of what was said after the wake word."""

    TOPIC = "hermes/asr/textCaptured"

    text: str
    likelihood: float
    """Recognizer confidence, 0..1."""
    seconds: float
    """Length of the captured audio."""
    site_id: str = "default"
    session_id: str | None = None
    wakeword_id: str | None = None
    asr_tokens: list[list[dict[str, Any]]] | None = None
    lang: str | None = None
