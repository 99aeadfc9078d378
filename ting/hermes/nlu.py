"""Natural-language understanding messages: query in, intent (or not recognized) out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ting.hermes.base import Message, SiteId


@dataclass
class Intent:
    intent_name: str
    confidence_score: float


@dataclass
class SlotRange:
    start: int
    end: int
    raw_start: int | None = None
    raw_end: int | None = None


@dataclass
class Slot:
    """A filled slot. ``value`` is ``{"kind": ..., "value": <normalized>}``."""

    slot_name: str
    value: dict[str, Any]
    raw_value: str
    entity: str = ""
    confidence: float = 1.0
    range: SlotRange | None = None


@dataclass
class NluQuery(Message):
    """Text to understand (typed, or transcribed by a device)."""

    TOPIC = "hermes/nlu/query"

    input: str
    site_id: SiteId = "default"
    id: str | None = None
    intent_filter: list[str] | None = None
    session_id: str | None = None
    wakeword_id: str | None = None
    lang: str | None = None
    custom_data: str | None = None
    asr_confidence: float | None = None
    custom_entities: dict[str, Any] | None = None


@dataclass
class NluIntent(Message):
    """A recognized intent, published on ``hermes/intent/<intentName>``."""

    TOPIC = "hermes/intent/{intent_name}"

    input: str
    intent: Intent
    site_id: SiteId = "default"
    id: str | None = None
    slots: list[Slot] = field(default_factory=list)
    session_id: str | None = None
    custom_data: str | None = None
    asr_tokens: list[list[dict[str, Any]]] | None = None
    asr_confidence: float | None = None
    raw_input: str | None = None
    wakeword_id: str | None = None
    lang: str | None = None
    alternatives: list[Intent] | None = None
    """Other intents the input could mean, with their confidence (Rhasspy 2.5's field): ting reports the
    next best intent when its confidence is close to the chosen one's."""

    @classmethod
    def subscription(cls, **parts: str) -> str:
        """Every intent (``hermes/intent/#``), or those of ``intent_name``."""
        return super().subscription(**parts) if parts else "hermes/intent/#"

    def message_topic(self) -> str:
        return self.topic(intent_name=self.intent.intent_name)

    def slot_values(self) -> dict[str, Any]:
        """Slot name -> normalized value (the first one when a slot repeats)."""
        values: dict[str, Any] = {}
        for slot in self.slots:
            values.setdefault(slot.slot_name, slot.value.get("value"))
        return values


@dataclass
class NluIntentNotRecognized(Message):
    """The input matched no intent (or not confidently enough)."""

    TOPIC = "hermes/nlu/intentNotRecognized"

    input: str
    site_id: SiteId = "default"
    id: str | None = None
    custom_data: str | None = None
    session_id: str | None = None


@dataclass
class NluError(Message):
    """A query could not be processed (bad payload, internal failure)."""

    TOPIC = "hermes/error/nlu"

    error: str
    site_id: SiteId = "default"
    context: str | None = None
    session_id: str | None = None
