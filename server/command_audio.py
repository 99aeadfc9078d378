"""The commands' audio the devices sent (``rhasspy/asr/<siteId>/<sessionId>/audioCaptured``), kept for the
dashboard's Live page to play back.

Only the newest ``kept`` clips are held, in memory (a restart forgets them: what was said in the room is
not written to disk). Each is a WAV file that Python's ``wave`` reads as PCM; anything else is refused
with a log line (the router's: ``MessageError``). A payload over ``mqtt.max_payload_bytes`` never gets
here: the MQTT client drops it, with its own log line.
"""

from __future__ import annotations

import io
import uuid
import wave
from collections import OrderedDict
from dataclasses import dataclass

from ting.errors import MessageError
from ting.hermes import AsrAudioCaptured

MAX_CLIP_SECONDS = 120.0
"""Longer than any command: a header claiming more is refused."""


@dataclass(frozen=True)
class Clip:
    id: str
    """Random (the page's URL names it; not guessable from the session)."""
    site_id: str
    session_id: str
    wav: bytes
    seconds: float


def wav_seconds(data: bytes) -> float:
    """The length of a PCM WAV file; ``MessageError`` saying what is wrong with anything else."""
    try:
        with wave.open(io.BytesIO(data)) as reader:
            rate, frames = reader.getframerate(), reader.getnframes()
            width, channels = reader.getsampwidth(), reader.getnchannels()
    except (wave.Error, EOFError, ValueError) as error:
        raise MessageError(f"captured audio is not a PCM WAV file: {error}") from None
    if not 8000 <= rate <= 48000 or channels not in (1, 2) or width not in (1, 2, 3, 4):
        raise MessageError(f"captured audio: unexpected format ({rate} Hz, {channels} ch, {width * 8} bit)")
    seconds: float = frames / rate
    if frames == 0 or seconds > MAX_CLIP_SECONDS:
        raise MessageError(f"captured audio: {seconds:.1f} s is not a command's length")
    return seconds


class CommandAudio:
    def __init__(self, kept: int) -> None:
        self.kept = kept
        self._clips: OrderedDict[str, Clip] = OrderedDict()

    def add(self, message: AsrAudioCaptured) -> Clip | None:
        """Keep the message's audio (None when nothing is kept); ``MessageError`` for a bad file."""
        seconds = wav_seconds(message.wav_bytes)
        if self.kept == 0:
            return None
        clip = Clip(uuid.uuid4().hex, message.site_id, message.session_id, message.wav_bytes, seconds)
        self._clips[clip.id] = clip
        while len(self._clips) > self.kept:
            self._clips.popitem(last=False)
        return clip

    def get(self, clip_id: str) -> Clip | None:
        return self._clips.get(clip_id)

    def __len__(self) -> int:
        return len(self._clips)
