"""Dialogue manager messages: sessions that span several turns."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from ting.hermes.base import Message, SiteId


class SessionInitType(enum.StrEnum):
    ACTION = "action"
    """Listen for a command after speaking ``text``."""
    NOTIFICATION = "notification"
    """Only speak ``text``."""


@dataclass
class SessionInit:
    type: SessionInitType = SessionInitType.ACTION
    text: str | None = None
    intent_filter: list[str] | None = None
    can_be_enqueued: bool = True
    send_intent_not_recognized: bool = False


class SessionTerminationReason(enum.StrEnum):
    NOMINAL = "nominal"
    ABORTED_BY_USER = "abortedByUser"
    INTENT_NOT_RECOGNIZED = "intentNotRecognized"
    TIMEOUT = "timeout"
    ERROR = "error"


@dataclass
class SessionTermination:
    reason: SessionTerminationReason
    error: str | None = None


@dataclass
class DialogueStartSession(Message):
    """Ask the dialogue manager to open a session (or just speak a notification)."""

    TOPIC = "hermes/dialogueManager/startSession"

    init: SessionInit = field(default_factory=SessionInit)
    site_id: SiteId = "default"
    custom_data: str | None = None
    lang: str | None = None


@dataclass
class DialogueSessionStarted(Message):
    TOPIC = "hermes/dialogueManager/sessionStarted"

    session_id: str
    site_id: SiteId = "default"
    custom_data: str | None = None
    lang: str | None = None


@dataclass
class DialogueContinueSession(Message):
    """Speak ``text`` and keep the session open for one of ``intentFilter``."""

    TOPIC = "hermes/dialogueManager/continueSession"

    session_id: str
    text: str | None = None
    intent_filter: list[str] | None = None
    custom_data: str | None = None
    send_intent_not_recognized: bool = False
    slot: str | None = None
    lang: str | None = None


@dataclass
class DialogueEndSession(Message):
    """Speak ``text`` (if any) and close the session."""

    TOPIC = "hermes/dialogueManager/endSession"

    session_id: str
    text: str | None = None
    custom_data: str | None = None


@dataclass
class DialogueSessionEnded(Message):
    TOPIC = "hermes/dialogueManager/sessionEnded"

    termination: SessionTermination
    session_id: str
    site_id: SiteId = "default"
    custom_data: str | None = None


@dataclass
class DialogueError(Message):
    """A dialogue-level failure (bad payload, skill crashed)."""

    TOPIC = "hermes/error/dialogueManager"

    error: str
    site_id: SiteId = "default"
    context: str | None = None
    session_id: str | None = None


@dataclass
class DialogueIntentNotRecognized(Message):
    """What was said in a session matched no intent; sent (instead of ending the session) when the session's
    ``startSession``/``continueSession`` asked for it with ``sendIntentNotRecognized``."""

    TOPIC = "hermes/dialogueManager/intentNotRecognized"

    session_id: str
    site_id: SiteId = "default"
    input: str | None = None
    custom_data: str | None = None
