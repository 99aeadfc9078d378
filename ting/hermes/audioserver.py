"""Audio output messages. ``playBytes`` carries a WAV file as the raw payload."""

from __future__ import annotations

from dataclasses import dataclass, field

from ting.errors import MessageError
from ting.hermes.base import Message


@dataclass
class AudioPlayBytes(Message):
    """Play WAV audio on a site: ``hermes/audioServer/<siteId>/playBytes/<requestId>``."""

    TOPIC = "hermes/audioServer/{site_id}/playBytes/{request_id}"

    wav_bytes: bytes = field(metadata={"wire": False})
    site_id: str = field(default="default", metadata={"wire": False})
    request_id: str = field(default="default", metadata={"wire": False})

    def payload(self) -> bytes:
        return self.wav_bytes

    @classmethod
    def from_mqtt(cls, topic: str, payload: bytes | str) -> AudioPlayBytes:
        parts = cls.topic_parts(topic)
        if parts is None:
            raise MessageError(f"AudioPlayBytes: not a playBytes topic: {topic}")
        if isinstance(payload, str) or payload[:4] != b"RIFF" or payload[8:12] != b"WAVE":
            raise MessageError("AudioPlayBytes: payload is not a WAV file")
        return cls(wav_bytes=bytes(payload), site_id=parts["site_id"], request_id=parts["request_id"])


@dataclass
class AudioPlayFinished(Message):
    """Playback of request ``id`` finished on ``siteId`` (``hermes/audioServer/<siteId>/playFinished``)."""

    TOPIC = "hermes/audioServer/{site_id}/playFinished"

    id: str | None = None
    session_id: str | None = None
    site_id: str = field(default="default", metadata={"wire": False})
    """Carried in the topic only."""
