"""Text-to-speech messages."""

from __future__ import annotations

from dataclasses import dataclass

from ting.hermes.base import Message, SiteId


@dataclass
class TtsSay(Message):
    """Speak ``text`` on ``siteId``."""

    TOPIC = "hermes/tts/say"

    text: str
    site_id: SiteId = "default"
    lang: str | None = None
    id: str | None = None
    session_id: str | None = None
    volume: float | None = None
    """0..1, None for the device's current volume."""


@dataclass
class TtsSayFinished(Message):
    """The device finished speaking the ``say`` with this ``id``."""

    TOPIC = "hermes/tts/sayFinished"

    site_id: SiteId = "default"
    id: str | None = None
    session_id: str | None = None
