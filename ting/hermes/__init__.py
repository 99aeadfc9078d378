"""Typed Hermes messages (Snips / Rhasspy 2.5 wire format), one module per area."""

from ting.hermes.asr import AsrAudioCaptured, AsrStartListening, AsrStopListening, AsrTextCaptured
from ting.hermes.audioserver import AudioPlayBytes, AudioPlayFinished
from ting.hermes.base import MAX_SITE_ID_CHARS, Message, SiteId
from ting.hermes.dialogue import (
    DialogueContinueSession,
    DialogueEndSession,
    DialogueError,
    DialogueIntentNotRecognized,
    DialogueSessionEnded,
    DialogueSessionStarted,
    DialogueStartSession,
    SessionInit,
    SessionInitType,
    SessionTermination,
    SessionTerminationReason,
)
from ting.hermes.feedback import FeedbackSoundToggleOff, FeedbackSoundToggleOn
from ting.hermes.nlu import Intent, NluError, NluIntent, NluIntentNotRecognized, NluQuery, Slot, SlotRange
from ting.hermes.tts import TtsSay, TtsSayFinished
from ting.hermes.wake import HotwordDetected, HotwordToggleOff, HotwordToggleOn, HotwordToggleReason

__all__ = [
    "MAX_SITE_ID_CHARS",
    "AsrAudioCaptured",
    "AsrStartListening",
    "AsrStopListening",
    "AsrTextCaptured",
    "AudioPlayBytes",
    "AudioPlayFinished",
    "DialogueContinueSession",
    "DialogueEndSession",
    "DialogueError",
    "DialogueIntentNotRecognized",
    "DialogueSessionEnded",
    "DialogueSessionStarted",
    "DialogueStartSession",
    "FeedbackSoundToggleOff",
    "FeedbackSoundToggleOn",
    "HotwordDetected",
    "HotwordToggleOff",
    "HotwordToggleOn",
    "HotwordToggleReason",
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
    "SiteId",
    "Slot",
    "SlotRange",
    "TtsSay",
    "TtsSayFinished",
]
