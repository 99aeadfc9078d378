"""The device's seams: every piece of hardware or engine sits behind one of these small interfaces,
so the agent runs in CI from WAV files with no microphone or speaker.

Audio everywhere is 16 kHz, mono, signed 16-bit little-endian PCM unless a type says otherwise.
Engines are synchronous and CPU-bound; the agent calls them off the event loop
(``asyncio.to_thread`` or a dedicated thread), never from a coroutine directly.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

SAMPLE_RATE_HZ = 16_000
SAMPLE_WIDTH_BYTES = 2
CHANNELS = 1


@dataclass(frozen=True, slots=True)
class AudioChunk:
    pcm: bytes
    """16 kHz mono s16le samples."""
    start_seconds: float
    """Position of the first sample since the source started."""
    captured_monotonic: float | None = None
    """When the last sample was captured (``time.monotonic``), where the source knows it: barge-in lines what
    the microphone heard up with what the device played then."""

    @property
    def seconds(self) -> float:
        return len(self.pcm) / (SAMPLE_RATE_HZ * SAMPLE_WIDTH_BYTES)


class AudioSource(Protocol):
    """A microphone or a WAV file. ``chunks()`` ends when the source is exhausted or closed."""

    def chunks(self) -> AsyncIterator[AudioChunk]: ...

    async def close(self) -> None: ...


@dataclass(frozen=True)
class WakeDetection:
    wakeword_id: str
    """e.g. ``hey_ting`` / ``xiaoting``."""
    lang: str
    """The language of the phrase heard (``en`` / ``zh``): the command is expected in it."""
    end_seconds: float
    """Where in the stream the phrase ended."""
    margin: float | None = None
    """How sure the engine was: a trained model's logit over its threshold at the hit (log-odds, comparable
    between trained models); None for an engine without such a score (PocketSphinx, Vosk)."""


class WakeWordDetector(Protocol):
    def process(self, chunk: AudioChunk) -> WakeDetection | None:
        """Feed audio; returns a detection when the wake phrase ended in or before this chunk."""

    def reset(self) -> None:
        """Forget buffered audio (after a detection, or when the device starts/stops speaking)."""


class SpeechEndpointer(Protocol):
    """Voice activity: decides when a command has ended."""

    def process(self, chunk: AudioChunk) -> bool:
        """Feed audio after the wake word; True once speech ended (silence window, max length or timeout)."""

    @property
    def heard_speech(self) -> bool:
        """False when the command timed out with nothing said."""

    def reset(self) -> None: ...


@dataclass(frozen=True)
class Transcript:
    text: str
    confidence: float
    """0..1."""
    seconds: float
    """Length of the audio."""
    engine: str
    """``vosk`` / ``pocketsphinx``."""
    alternatives: tuple[str, ...] = field(default=(), compare=False)
    """Whisper's n best as cleaned (the English hybrid weighs the grammar's phrase against them by sound);
    empty for the other engines."""
    alternative_confidences: tuple[float, ...] = field(default=(), compare=False)
    """Whisper's confidence in each of ``alternatives`` (exp of its mean token log probability, lowered by
    the chance it was no speech), in their order; empty for the other engines."""


TranscriptJudge = Callable[[Transcript], float]
"""A transcript -> the NLU's confidence in it (0.0: not understood), its text weighed with the recognizer's
``confidence`` in it (``ting.device.transcript_judge``): picks among Whisper's n best, decides the hybrid."""


class SpeechStream(Protocol):
    """One command being recognized while it is spoken. Blocking: call off the event loop, all calls
    from one thread at a time, in order. Decoding as the audio arrives leaves only the final search
    for after the end of speech."""

    def feed(self, pcm: bytes) -> None:
        """The next piece of the command's audio."""

    def finish(self) -> Transcript:
        """The command ended: the transcript of everything fed."""

    def cancel(self) -> None:
        """Abandon the command (nothing was said, the session ended)."""


class SpeechRecognizer(Protocol):
    """Offline speech to text for one language. Blocking: call off the event loop."""

    lang: str

    def transcribe(self, pcm: bytes, *, phrases: Sequence[str] | None = None) -> Transcript:
        """Recognize a whole command; ``phrases`` constrain it (grammar mode) where the engine can."""

    def stream(self) -> SpeechStream:
        """Start recognizing a command with the default grammar; one stream at a time per recognizer."""


class Synthesizer(Protocol):
    """Text to speech. Blocking: call off the event loop."""

    def synthesize(self, text: str, lang: str) -> bytes:
        """A complete WAV file (any rate) speaking ``text`` in ``lang``."""


class AudioSink(Protocol):
    """A speaker, or a recorder of what would have been played (tests, no sound card)."""

    async def play(
        self, wav: bytes, *, volume: float = 1.0, started: Callable[[float], object] | None = None
    ) -> None:
        """Play a WAV file to the end, unless ``stop()`` interrupts it; ``started`` is called with the
        monotonic time its first sample leaves the speaker (on the output's clock: the echo reference)."""

    async def stop(self) -> None: ...
