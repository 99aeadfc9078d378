"""Typed Hermes messages (Snips / Rhasspy 2.5 wire format), one module per area."""

from ting.hermes.asr import AsrTextCaptured
from ting.hermes.audioserver import AudioPlayBytes, AudioPlayFinished
from ting.hermes.base import Message
from ting.hermes.dialogue import (
    DialogueContinueSession,
    DialogueEndSession,
    DialogueError,
    DialogueSessionEnded,
    DialogueSessionStarted,
    DialogueStartSession,
    SessionInit,
    SessionInitType,
    SessionTermination,
    SessionTerminationReason,
)
from ting.hermes.nlu import Intent, NluError, NluIntent, NluIntentNotRecognized, NluQuery, Slot, SlotRange
from ting.hermes.tts import TtsSay, TtsSayFinished
from ting.hermes.wake import HotwordDetected

__all__ = [
    "AsrTextCaptured",
    "AudioPlayBytes",
    "AudioPlayFinished",
    "DialogueContinueSession",
    "DialogueEndSession",
    "DialogueError",
    "DialogueSessionEnded",
    "DialogueSessionStarted",
    "DialogueStartSession",
    "HotwordDetected",
    "Intent",
    "Message",
    "NluError",
    "NluIntent",
    "NluIntentNotRecognized",
    "NluQuery",
    "SessionInit",
    "SessionInitType",
    "SessionTermination",
    "SessionTerminationReason",
    "Slot",
    "SlotRange",
    "TtsSay",
    "TtsSayFinished",
]
