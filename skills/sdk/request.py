"""The request a handler receives."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class IntentRequest:
    intent: str
    """Intent name, e.g. ``home.turn_on``."""
    slots: dict[str, Any]
    """Slot name -> normalized value."""
    raw_slots: dict[str, str] = field(default_factory=dict)
    """Slot name -> the words as heard."""
    text: str = ""
    """What was said or typed."""
    lang: str = "zh"
    """``zh`` or ``en``: answer in this language."""
    site_id: str = "default"
    area: str | None = None
    """Area id of the site the request came from (the device's room), if known."""
    session_id: str | None = None
    custom_data: str | None = None
    channel: str = "voice"
    """How the request came: ``voice`` (a device or satellite), ``chat`` (WeCom / Official Account) or
    ``http`` (``POST /api/text``). Skills may refuse risky commands from some channels (the home skill's
    locks and garage doors from chat)."""
    who: str | None = None
    """Who asked, when known (the chat member); logged with every device command."""
