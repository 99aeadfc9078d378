"""Skill events (a reminder due, an alarm missed, a device offline ...) for the push layer and anyone else."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from ting.hermes.base import Message


@dataclass
class SkillEvent(Message):
    """Published on ``ting/event/<event>`` (QoS 1); the push layer's rules route it to WeChat/WeCom."""

    TOPIC = "ting/event/{event}"
    WIRE_KEYS: ClassVar[Literal["camel", "snake"]] = "snake"

    event: str
    """Dotted name: ``reminder.due``, ``alarm.missed``, ``device.offline`` (the list is in docs/push.md)."""
    text: str = ""
    """What a person is told, in the household's or the asker's language."""
    data: dict[str, Any] = field(default_factory=dict)
    """Details (the ring message, a site id ...): ``id`` / ``idempotency_key`` make a push happen once."""
