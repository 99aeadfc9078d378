"""Hotword (wake word) messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ting.hermes.base import Message


@dataclass
class HotwordDetected(Message):
    """The wake word was heard; published on ``hermes/hotword/<wakewordId>/detected``."""

    TOPIC = "hermes/hotword/{wakeword_id}/detected"

    model_id: str
    """Id of the wake word model that fired."""
    model_version: str = ""
    model_type: str = "personal"
    current_sensitivity: float = 1.0
    site_id: str = "default"
    session_id: str | None = None
    send_audio_captured: bool | None = None
    lang: str | None = None
    custom_entities: dict[str, Any] | None = None
    wakeword_id: str = field(default="default", metadata={"wire": False})
    """Taken from (and put into) the topic, not the payload."""
