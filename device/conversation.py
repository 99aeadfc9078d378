"""The agent's vocabulary: its states, the factories for its parts, the events it reports,
and the conversation (session) it is in."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from ting.device.interfaces import (
    AudioSink,
    AudioSource,
    SpeechEndpointer,
    SpeechRecognizer,
    Synthesizer,
    WakeWordDetector,
)


class State(enum.StrEnum):
    IDLE = "idle"
    LISTENING = "listening"
    RECOGNIZING = "recognizing"
    UNDERSTANDING = "understanding"
    WAITING = "waiting"
    """The intent is out; waiting for the answer."""
    SPEAKING = "speaking"


@dataclass
class DeviceParts:
    """Factories for the hardware and engines (called again when a part is restarted)."""

    open_source: Callable[[], AudioSource]
    make_wake: Callable[[], WakeWordDetector]
    make_endpointer: Callable[[], SpeechEndpointer]
    make_recognizer: Callable[[str], SpeechRecognizer]
    """Per language (``en`` / ``zh``)."""
    make_synthesizer: Callable[[], Synthesizer]
    make_sink: Callable[[], AudioSink]


@dataclass(frozen=True)
class AgentEvent:
    """A step of the pipeline, for the demo's printout and latency figures."""

    kind: str
    """wake, listening, end_of_speech, transcript, intent, not_recognized, say, said, play, error, idle."""
    detail: str
    monotonic: float
    session_id: str | None = None


@dataclass
class Session:
    session_id: str
    lang: str
    wakeword_id: str
    intent_filter: list[str] | None = None
    reopen: bool = False
    ended: bool = False
    say_expected: bool = False
    says_pending: int = 0
    deadline: float = float("inf")
