"""Agent test parts (fixtures imported by test_agent.py): real broker, server, NLU, TTS
(espeak-ng) and VAD; the wake word and the speech recognizer are small fakes that behave (a marker
chunk wakes; the recognizer returns the line the test says was spoken, once it got the audio, and
records when and on which thread each piece of audio was fed and when it was built)."""

from __future__ import annotations

import asyncio
import subprocess
import threading
import time
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.server.conftest import make_settings, probe  # noqa: F401 (the probe fixture)
from ting.device.agent import AgentEvent, DeviceAgent, DeviceParts
from ting.device.audio_out import RecordingSink
from ting.device.endpoint import VadEndpointer
from ting.device.interfaces import AudioChunk, SpeechStream, Transcript, WakeDetection
from ting.device.nlu import DeviceNlu, build_recognizer
from ting.device.tts import default_synthesizer
from ting.device.wav import read_wav
from ting.nlu import IntentRecognizer
from ting.server.host import running_server
from ting.settings import DeviceSettings, MqttSettings, Settings

CHUNK_BYTES = 960  # 30 ms at 16 kHz
MARKER = np.full(CHUNK_BYTES // 2, 12345, dtype="<i2").tobytes()
"""A chunk the fake wake word detector takes for the wake phrase."""


def spoken(text: str, tmp_path: Path, voice: str = "en-us") -> bytes:
    """``text`` spoken by espeak-ng, as 16 kHz PCM."""
    path = tmp_path / f"{uuid.uuid4().hex}.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-w", str(path), text], check=True)
    return read_wav(path)


def silence(seconds: float) -> bytes:
    return bytes(int(16_000 * seconds) * 2)


class QueueSource:
    """An ``AudioSource`` the test feeds; chunks go out at ``speed`` × real time."""

    def __init__(self, speed: float = 4.0) -> None:
        self._queue: asyncio.Queue[tuple[bytes, float | None] | None] = asyncio.Queue()
        self._speed = speed
        self._position = 0.0

    def feed(self, pcm: bytes, heard_from: float | None = None) -> None:
        """``heard_from``: when the first sample was heard (monotonic; a microphone running behind hands it
        on later), each chunk carrying when its last sample was; None: no capture time (heard as handled)."""
        for offset in range(0, len(pcm), CHUNK_BYTES):
            piece = pcm[offset : offset + CHUNK_BYTES]
            end = (offset + len(piece)) / 32_000
            self._queue.put_nowait((piece, None if heard_from is None else heard_from + end))

    def end(self) -> None:
        self._queue.put_nowait(None)

    async def drained(self, timeout_seconds: float = 30.0) -> None:
        """Until every chunk fed so far has been taken by the agent (all but the last one handled)."""
        async with asyncio.timeout(timeout_seconds):
            while not self._queue.empty():  # noqa: ASYNC110 (emptied by the agent's capture task)
                await asyncio.sleep(0.02)

    async def chunks(self) -> AsyncIterator[AudioChunk]:
        while (item := await self._queue.get()) is not None:
            pcm, captured = item
            chunk = AudioChunk(pcm, self._position, captured)
            self._position += chunk.seconds
            await asyncio.sleep(chunk.seconds / self._speed)
            yield chunk

    async def close(self) -> None:
        pass


class MarkerWake:
    def __init__(self) -> None:
        self.markers_seen = 0

    def process(self, chunk: AudioChunk) -> WakeDetection | None:
        if chunk.pcm == MARKER:
            self.markers_seen += 1
            return WakeDetection("hey_ting", "en", chunk.start_seconds + chunk.seconds)
        return None

    def reset(self) -> None:
        pass


@dataclass
class Feed:
    monotonic: float
    pcm: bytes
    thread: str


@dataclass
class LineStream:
    """Keeps what is fed, with when and where; ``finish`` hands all of it to the recognizer."""

    recognizer: LineRecognizer
    feeds: list[Feed] = field(default_factory=list)
    finished_at: float | None = None
    cancelled_at: float | None = None

    @property
    def pcm(self) -> bytes:
        return b"".join(feed.pcm for feed in self.feeds)

    def feed(self, pcm: bytes) -> None:
        if self.recognizer.failing_feeds > 0:
            self.recognizer.failing_feeds -= 1
            raise RuntimeError("decoder broke")
        self.feeds.append(Feed(time.monotonic(), pcm, threading.current_thread().name))

    def finish(self) -> Transcript:
        self.finished_at = time.monotonic()
        return self.recognizer.transcribe(self.pcm)

    def cancel(self) -> None:
        self.cancelled_at = time.monotonic()


@dataclass
class LineRecognizer:
    """Returns the next line the test queued, once it got at least 0.3 s of audio."""

    lang: str = "en"
    lines: list[str] = field(default_factory=list)
    heard_seconds: list[float] = field(default_factory=list)
    streams: list[LineStream] = field(default_factory=list)
    builds: list[tuple[str, str]] = field(default_factory=list)
    """(Language, thread) of each time the agent's factory built this recognizer."""
    failing_feeds: int = 0
    """This many of the next feeds raise (a decoder that broke)."""
    hold: threading.Event | None = None
    """When set: each transcription waits for it (a decoder slow on a busy device), 30 s at most."""

    def built(self, lang: str) -> LineRecognizer:
        self.builds.append((lang, threading.current_thread().name))
        return self

    def stream(self) -> SpeechStream:
        self.streams.append(LineStream(self))
        return self.streams[-1]

    def transcribe(self, pcm: bytes, *, phrases: Sequence[str] | None = None) -> Transcript:
        if self.hold is not None:
            self.hold.wait(30)
        seconds = len(pcm) / 32_000
        self.heard_seconds.append(seconds)
        assert seconds > 0.3, "the recognizer got no command audio"
        return Transcript(self.lines.pop(0), 0.9, seconds, "test-lines")


@dataclass
class Rig:
    agent: DeviceAgent
    source: QueueSource
    sink: RecordingSink
    wake: MarkerWake
    recognizer: LineRecognizer
    events: list[AgentEvent]
    task: asyncio.Task[None]
    nlu: DeviceNlu

    def kinds(self) -> list[str]:
        return [event.kind for event in self.events]

    def say(self, pcm_line: bytes, text: str, *, wake: bool = True) -> None:
        """Feed (marker +) a spoken command followed by enough silence for the endpointer."""
        self.recognizer.lines.append(text)
        self.source.feed((MARKER if wake else b"") + silence(0.2) + pcm_line + silence(1.0))

    async def wait_ready(self, watcher: Any, timeout_seconds: float = 15.0) -> None:
        """Idle after a session, and hearing the wake word again: the dialogue manager's ``toggleOn`` for the
        site (seen by ``watcher``, a probe) can come after the device is idle; audio before it is dropped."""
        await self.agent.wait_idle(timeout_seconds)
        site = self.agent.site_id
        await watcher.wait_for("hermes/hotword/toggleOn", lambda m: m.get("siteId") == site, timeout_seconds)
        async with asyncio.timeout(timeout_seconds):
            while not self.agent.wake.enabled:  # noqa: ASYNC110 (set by the agent's MQTT consumer)
                await asyncio.sleep(0.02)

    async def wait_event(self, kind: str, count: int = 1, timeout_seconds: float = 15.0) -> AgentEvent:
        async with asyncio.timeout(timeout_seconds):
            while self.kinds().count(kind) < count:  # noqa: ASYNC110 (events come from a plain callback)
                await asyncio.sleep(0.02)
        return [e for e in self.events if e.kind == kind][count - 1]


@pytest.fixture(scope="session")
def nlu_recognizer() -> IntentRecognizer:
    return build_recognizer(Settings())[0]


@pytest.fixture(scope="session")
def synthesizer() -> Any:
    return default_synthesizer()


@pytest.fixture
async def server(tmp_path: Path, mqtt_settings: Callable[..., MqttSettings]) -> AsyncIterator[Any]:
    """The real skill server, in this event loop, on the session's mosquitto."""
    async with running_server(make_settings(tmp_path, mqtt_settings())) as running:
        await asyncio.wait_for(running.state.client.wait_connected(10), 15)
        yield running


@pytest.fixture
async def make_rig(nlu_recognizer: IntentRecognizer, synthesizer: Any) -> AsyncIterator[Callable[..., Rig]]:
    rigs: list[Rig] = []

    def make(mqtt: MqttSettings, **device: Any) -> Rig:
        """``device``: more ``DeviceSettings`` fields. The answer timeout is the product's 10 s unless a test
        sets it: a test's server (or probe playing one) must answer within it, on a loaded CI machine too."""
        site = f"test_{uuid.uuid4().hex[:6]}"
        fields = {"heartbeat_seconds": 0.3, "restart_min_seconds": 0.05, "answer_timeout_seconds": 10.0}
        fields |= device
        settings = Settings(mqtt=mqtt, device=DeviceSettings(site_id=site, **fields))
        source, sink, wake, recognizer = QueueSource(), RecordingSink(), MarkerWake(), LineRecognizer()
        events: list[AgentEvent] = []
        parts = DeviceParts(
            open_source=lambda: source,
            make_wake=lambda: wake,
            make_endpointer=lambda: VadEndpointer(silence_seconds=0.5),
            make_recognizer=recognizer.built,
            make_synthesizer=lambda: synthesizer,
            make_sink=lambda: sink,
        )
        nlu = DeviceNlu(settings, nlu_recognizer)
        agent = DeviceAgent(settings, parts, nlu, on_event=events.append)
        rig = Rig(agent, source, sink, wake, recognizer, events, asyncio.create_task(agent.run()), nlu)
        rigs.append(rig)
        return rig

    yield make
    for rig in rigs:
        rig.task.cancel()
    await asyncio.gather(*(rig.task for rig in rigs), return_exceptions=True)
