"""Speech recognition messages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ting.hermes.base import Message, SiteId


@dataclass
class AsrTextCaptured(Message):
    """A transcript of what was said after the wake word."""

    TOPIC = "hermes/asr/textCaptured"

    text: str
    likelihood: float
    """Recognizer confidence, 0..1."""
    seconds: float
    """Length of the captured audio."""
    site_id: SiteId = "default"
    session_id: str | None = None
    wakeword_id: str | None = None
    asr_tokens: list[list[dict[str, Any]]] | None = None
    lang: str | None = None


@dataclass
class AsrStartListening(Message):
    """Listen for a command on ``siteId`` now, without a wake word (the dialogue manager opened a session
    there, or continued one)."""

    TOPIC = "hermes/asr/startListening"

    site_id: SiteId = "default"
    session_id: str | None = None
    lang: str | None = None
    stop_on_silence: bool = True
    send_audio_captured: bool = False
    wakeword_id: str | None = None
    intent_filter: list[str] | None = None
    """Intents the answer may be (a device with its own NLU understands within them)."""


@dataclass
class AsrStopListening(Message):
    """Stop listening on ``siteId``: what was heard so far is the command."""

    TOPIC = "hermes/asr/stopListening"

    site_id: SiteId = "default"
    session_id: str | None = None
