"""Speech recognition messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ting.errors import MessageError
from ting.hermes.base import Message, SiteId


@dataclass
class AsrTextCaptured(Message):
    """A transcript of what was said after the wake word."""

    TOPIC = "hermes/asr/textCaptured"

    text: str
    likelihood: float
    """Recognizer confidence, 0..1."""
    seconds: float
    """Length of the captured audio."""
    site_id: SiteId = "default"
    session_id: str | None = None
    wakeword_id: str | None = None
    asr_tokens: list[list[dict[str, Any]]] | None = None
    lang: str | None = None


@dataclass
class AsrStartListening(Message):
    """Listen for a command on ``siteId`` now, without a wake word (the dialogue manager opened a session
    there, or continued one)."""

    TOPIC = "hermes/asr/startListening"

    site_id: SiteId = "default"
    session_id: str | None = None
    lang: str | None = None
    stop_on_silence: bool = True
    send_audio_captured: bool = False
    wakeword_id: str | None = None
    intent_filter: list[str] | None = None
    """Intents the answer may be (a device with its own NLU understands within them)."""


@dataclass
class AsrStopListening(Message):
    """Stop listening on ``siteId``: what was heard so far is the command."""

    TOPIC = "hermes/asr/stopListening"

    site_id: SiteId = "default"
    session_id: str | None = None


@dataclass
class AsrAudioCaptured(Message):
    """The audio of a command as it was recognized, a WAV file as the raw payload (Rhasspy 2.5's
    ``rhasspy/asr/<siteId>/<sessionId>/audioCaptured``). A ting device sends it when
    ``device.send_command_audio`` is on; a Rhasspy satellite when ``startListening`` asked for it."""

    TOPIC = "rhasspy/asr/{site_id}/{session_id}/audioCaptured"

    wav_bytes: bytes = field(metadata={"wire": False})
    site_id: str = field(default="default", metadata={"wire": False})
    session_id: str = field(default="default", metadata={"wire": False})

    def payload(self) -> bytes:
        return self.wav_bytes

    @classmethod
    def from_mqtt(cls, topic: str, payload: bytes | str) -> AsrAudioCaptured:
        parts = cls.topic_parts(topic)
        if parts is None:
            raise MessageError(f"AsrAudioCaptured: not an audioCaptured topic: {topic}")
        if isinstance(payload, str) or payload[:4] != b"RIFF" or payload[8:12] != b"WAVE":
            raise MessageError("AsrAudioCaptured: payload is not a WAV file")
        return cls(wav_bytes=bytes(payload), site_id=parts["site_id"], session_id=parts["session_id"])
