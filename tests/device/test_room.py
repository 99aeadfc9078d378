"""``SimulatedRoom`` with a reader behind real time: what is said at a moment is heard at that moment's place
in the microphone's stream, late, not where the reader happens to be (tests/device/test_barge_in.py says
"stop" at a set point of the answer's echo however loaded the machine is)."""

from __future__ import annotations

import asyncio
import math

import numpy as np

from ting.device.audio_out import RecordingSink
from ting.device.room import CHUNK_SAMPLES, SimulatedRoom

RATE = 16_000


async def test_said_at_a_moment_is_at_its_place_in_a_late_readers_stream() -> None:
    room = SimulatedRoom(RecordingSink(), max_behind_seconds=None)
    assert math.isinf(room.behind_seconds)  # not reading yet
    chunks = room.chunks()
    first = await anext(chunks)
    assert first.captured_monotonic is not None
    began = first.captured_monotonic - CHUNK_SAMPLES / RATE
    await asyncio.sleep(0.4)  # the reader stalls (a loaded machine); the room's time line goes on
    assert room.behind_seconds > 0.3
    at = began + 0.2007  # behind the wall clock, ahead of the reader, inside a chunk
    said = room.say(np.full(800, 1000, "<i2").tobytes(), at_monotonic=at)
    heard = [np.frombuffer(first.pcm, "<i2")]
    while said.end_monotonic is None:
        heard.append(np.frombuffer((await anext(chunks)).pcm, "<i2"))
    stream = np.concatenate(heard)
    start = round(0.2007 * RATE)
    assert np.flatnonzero(stream)[0] == start and np.all(stream[start : start + 800] == 1000)
    assert said.start_monotonic is not None and abs(said.start_monotonic - at) < 1 / RATE
    assert said.start_seconds is not None and abs(said.start_seconds - start / RATE) < 1e-9
    await room.close()
