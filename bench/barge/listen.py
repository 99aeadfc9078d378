"""The device's barge-in listener over the benchmark's audio: offline (as fast as it runs) or in real time
behind the device's speaker and a simulated room."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import numpy as np

from barge.audio import Audio
from ting.device.aec import EchoCanceller
from ting.device.audio_out import RecordingSink
from ting.device.barge_in import BargeIn
from ting.device.echo_stage import EchoStage
from ting.device.interfaces import AudioChunk
from ting.device.room import CHUNK_SAMPLES, SimulatedRoom
from ting.device.speaker import Speaker
from ting.device.synthesis import build_synthesizer
from ting.device.wake.barge import BargeDetectors, Heard, HeardKind
from ting.settings import DeviceSettings
from ting.supervise import Backoff


@dataclass
class Way:
    """One configuration measured: the canceller before the listener or not, and its detectors."""

    name: str
    aec: bool
    settings: DeviceSettings
    detectors: BargeDetectors = field(init=False)
    own_voice: int = 0
    """Hits the own-voice check dropped, all runs so far."""

    def __post_init__(self) -> None:
        self.detectors = BargeDetectors(self.settings)


async def offline(
    mic: Audio, reference: Audio | None, way: Way, returned: list[float] | None = None
) -> list[Heard]:
    """Every accepted hit over ``mic`` (the reference, time-aligned, is what the device played); with
    ``way.aec`` the microphone goes through the echo canceller first, as in the device's capture path
    (when the device played something). ``returned`` gets, hit by hit, the stream time the listener gave
    it (the end of the chunk: later than the hit's own end when it waited for the wake model)."""
    position = [0]

    def played(seconds: float, _end: float) -> Audio:
        if reference is None:
            return np.zeros(int(seconds * 16_000), np.float32)
        end = position[0]
        start = max(0, end - int(seconds * 16_000))
        window = reference[start:end]
        return np.concatenate([np.zeros(int(seconds * 16_000) - len(window), np.float32), window])

    # nothing played, nothing to cancel (and a canceller that never heard anything has not settled)
    canceller = EchoCanceller() if way.aec and reference is not None else None
    barge = BargeIn(
        way.detectors,
        played,
        Backoff(0.1, 1.0),
        {},
        settled=(lambda: canceller.settled) if canceller is not None else None,
    )
    barge._mic.batch_seconds = 0.0
    heard: list[Heard] = []
    played_all = np.zeros(len(mic), np.float32) if reference is None else reference[: len(mic)]
    for start in range(0, len(mic), CHUNK_SAMPLES):
        position[0] = start + CHUNK_SAMPLES
        piece = mic[start : start + CHUNK_SAMPLES]
        if canceller is not None:  # chunk by chunk, as the device does: the listener hears it as it learns
            piece = canceller.process(piece, played_all[start : start + CHUNK_SAMPLES])
        pcm = np.clip(piece, -32768, 32767).astype("<i2").tobytes()
        hit = await barge.hear(AudioChunk(pcm, start / 16_000))
        if hit is not None:
            heard.append(hit)
            if returned is not None:
                returned.append((start + CHUNK_SAMPLES) / 16_000)
    way.own_voice += barge.own_voice
    return heard


async def latency_run(
    text: str, stop_at: float, echo_gain: float, stop: Audio, way: Way
) -> dict[str, object]:
    """``text`` spoken in real time; ``stop`` said into the room ``stop_at`` s in: what was heard, when."""
    sink = RecordingSink()
    voices = build_synthesizer(way.settings)
    speaker = Speaker(
        lambda: voices,
        lambda: sink,
        volume=0.8,
        earcons=False,
        backoff=Backoff(0.1, 1),
        restarts={},
        streaming=True,
    )
    # every chunk handed on, late if the loop is behind: the load delays what is heard, it does not cut
    # pieces out of the phrase and the echo (a real device's sound card buffers far more than a loaded
    # machine's stalls); how far behind it was is in each run's figures
    room = SimulatedRoom(sink, echo_gain=echo_gain, max_behind_seconds=None)
    echo = EchoStage(speaker.trace.window) if way.aec else None
    barge = BargeIn(
        way.detectors,
        speaker.trace.window,
        Backoff(0.1, 1.0),
        {},
        settled=echo.settled if echo is not None else None,
    )
    await barge.prepare()
    saying = asyncio.create_task(speaker.say(text, "en"))
    clip_seconds = len(stop) / 16_000
    said = None
    heard: Heard | None = None
    heard_at = given_seconds = 0.0
    async for heard_chunk in room.chunks():
        chunk = await echo.clean(heard_chunk) if echo is not None else heard_chunk
        if saying.done():
            if said is None or said.end_monotonic is not None:
                break  # (the stop may be heard before it was all said: its end is still wanted)
            continue
        if not speaker.busy or not sink.played:
            continue
        # said ``stop_at`` into the answer in the microphone's time line (the loop may be behind real time)
        captured = heard_chunk.captured_monotonic or time.monotonic()
        if said is None and captured - sink.played[0].started_monotonic > stop_at:
            said = room.say(np.clip(stop, -32768, 32767).astype("<i2").tobytes())
        found = await barge.hear(chunk)
        if found is not None and heard is None:
            heard, heard_at = found, time.monotonic()
            given_seconds = chunk.start_seconds + chunk.seconds  # later than its hit when it waited
            await speaker.stop()
    await saying
    early = heard is not None and (
        said is None or said.start_seconds is None or heard.detection.end_seconds < said.start_seconds
    )
    result: dict[str, object] = {
        "heard": f"{heard.kind}:{heard.phrase}" if heard else None,
        "before_said": early,
        "own_voice_dropped": barge.own_voice,
        "room_most_behind_ms": round(room.most_behind_seconds * 1000),
    }
    # the right hit: a stop (a pause ends an answer too) ending, in the microphone's stream, while "stop"
    # is said or within 1 s after it (stream time: a loop behind real time hears it late, not elsewhere)
    said_end = said.end_seconds if said is not None else None
    result["right"] = bool(
        heard is not None
        and heard.kind is not HeardKind.WAKE
        and not early
        and said_end is not None
        and said_end - clip_seconds <= heard.detection.end_seconds <= said_end + 1.0
    )
    if heard is not None and said_end is not None and result["right"]:
        ended = sink.played[-1].ended_monotonic or 0.0
        # the listener's own delay (stream time, from the end of the clip, the phrase's last sound; up
        # to the chunk it gave the hit in, so a stop hit's wait for the wake model counts) plus the
        # agent's, from the hit to the sink's silence (wall time): a device that keeps up
        result["heard_ms"] = round((given_seconds - said_end) * 1000)
        # the stop model's own delay from the end of the clip (its window and hop); the rest of ``heard_ms``
        # is ``waited_ms``: the wake model's contest and the listener's batch
        result["hit_ms"] = round((heard.detection.end_seconds - said_end) * 1000)
        result["waited_ms"] = round((given_seconds - heard.detection.end_seconds) * 1000)
        result["hit_to_silent_ms"] = round((ended - heard_at) * 1000)
        result["silent_ms"] = result["heard_ms"] + result["hit_to_silent_ms"]
    return result
