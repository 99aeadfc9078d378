"""Hotword (wake word) messages."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from ting.hermes.base import Message, SiteId


@dataclass
class HotwordDetected(Message):
    """The wake word was heard; published on ``hermes/hotword/<wakewordId>/detected``."""

    TOPIC = "hermes/hotword/{wakeword_id}/detected"

    model_id: str
    """Id of the wake word model that fired."""
    model_version: str = ""
    model_type: str = "personal"
    current_sensitivity: float = 1.0
    site_id: SiteId = "default"
    session_id: str | None = None
    send_audio_captured: bool | None = None
    lang: str | None = None
    custom_entities: dict[str, Any] | None = None
    wakeword_id: str = field(default="default", metadata={"wire": False})
    """Taken from (and put into) the topic, not the payload."""


class HotwordToggleReason(enum.StrEnum):
    """Why the wake word is switched off or on (Rhasspy's reasons; other tools may send their own)."""

    UNKNOWN = ""
    """Off: until a toggleOn; on: whatever the reasons for off were (a user's mute, a tool's toggle)."""
    DIALOGUE_SESSION = "dialogueSession"
    """A dialogue session runs on the site."""
    PLAY_AUDIO = "playAudio"
    TTS_SAY = "ttsSay"


@dataclass
class HotwordToggleOff(Message):
    """Stop listening for the wake word on ``siteId`` until a ``toggleOn`` with the same reason."""

    TOPIC = "hermes/hotword/toggleOff"

    site_id: SiteId = "default"
    reason: str = HotwordToggleReason.UNKNOWN
    """A ``HotwordToggleReason`` value, or any other string (kept as it is)."""


@dataclass
class HotwordToggleOn(Message):
    """Listen for the wake word on ``siteId`` again as far as ``reason`` goes (``""``: every reason)."""

    TOPIC = "hermes/hotword/toggleOn"

    site_id: SiteId = "default"
    reason: str = HotwordToggleReason.UNKNOWN
