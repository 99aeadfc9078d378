"""The echo canceller in the capture path: every microphone chunk passes here before the wake word, the
barge-in listener and the command recognizer hear it.

While nothing has played for a while (``IDLE_AFTER_SECONDS``) a chunk goes through untouched, on the loop
(the reference is silence: there is nothing to cancel, and idle listening costs what it did). Otherwise the
chunk (a whole number of the canceller's 10 ms blocks, as the microphone's 30 ms chunks are: no sample is
held back) and what the device played over the same span (``Reference``: the answer and the music, lined up
by when the microphone captured the chunk) go to ``EchoCanceller`` on a worker thread of its own (one, so
chunks stay in order and the filter is never used by two threads).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import numpy.typing as npt

from ting.device.aec import BLOCK_SAMPLES, EchoCanceller, EchoSettings
from ting.device.interfaces import SAMPLE_RATE_HZ, AudioChunk

_LOGGER = logging.getLogger(__name__)

Reference = Callable[[float, float], npt.NDArray[np.float32]]
"""(Seconds, until when: monotonic) -> what the device played then, 16 kHz mono."""

IDLE_AFTER_SECONDS = 3.0
"""Nothing played for this long (longer than any echo delay and tail): chunks pass untouched."""


class EchoStage:
    def __init__(self, reference: Reference, settings: EchoSettings | None = None) -> None:
        self._reference = reference
        self.canceller = EchoCanceller(settings or EchoSettings())
        self._worker = ThreadPoolExecutor(1, thread_name_prefix="aec")
        self._last_played = -float("inf")

    async def clean(self, chunk: AudioChunk) -> AudioChunk:
        captured = chunk.captured_monotonic or time.monotonic()
        samples = len(chunk.pcm) // 2
        played = self._reference(samples / SAMPLE_RATE_HZ, captured)[:samples]
        if len(played) < samples:
            played = np.concatenate([np.zeros(samples - len(played), np.float32), played])
        if np.any(played):
            if captured - self._last_played > IDLE_AFTER_SECONDS:
                self.canceller.gap()  # what it heard before the pause is not the past of what plays now
            self._last_played = captured
        elif captured - self._last_played > IDLE_AFTER_SECONDS:
            return chunk
        if samples % BLOCK_SAMPLES:  # a file's last piece: the canceller works in whole blocks, never late
            return chunk
        mic = np.frombuffer(chunk.pcm, dtype="<i2").astype(np.float32)
        loop = asyncio.get_running_loop()
        out = await loop.run_in_executor(self._worker, self.canceller.process, mic, played)
        pcm = np.clip(np.round(out), -32768, 32767).astype("<i2").tobytes()
        return AudioChunk(pcm, chunk.start_seconds, chunk.captured_monotonic)

    def settled(self) -> bool:
        return self.canceller.settled

    def close(self) -> None:
        self._worker.shutdown(wait=False, cancel_futures=True)
