"""Parts of the barge-in tests: a phrase said over the device's playback as the detectors hear it, and a stop
engine with one hit placed at a chunk (behind the real ``SpottingDetector``)."""

from __future__ import annotations

import numpy as np

from ting.device.aec import EchoCanceller
from ting.device.room import CHUNK_SAMPLES, impulse_response
from ting.device.wake.base import SpottingDetector
from ting.device.wake.synthetic import Samples, speech_bounds


def said_over(played: Samples, words: Samples, at_seconds: float) -> tuple[list[bytes], int]:
    """``words`` said ``at_seconds`` into ``played`` (the device's own output), through a room and the echo
    canceller: the 30 ms chunks the detectors hear, and the chunk the words' last sound ends in."""
    first, last = speech_bounds(words)
    at = int(at_seconds * 16_000)
    echo = np.convolve(np.concatenate([np.zeros(320), played]), impulse_response(0.12))[: len(played)] * 0.5
    mic = echo.copy()
    mic[at : at + last - first] += words[first:last] * 0.9
    canceller = EchoCanceller()
    chunks = []
    for start in range(0, len(mic) - CHUNK_SAMPLES, CHUNK_SAMPLES):
        piece = canceller.process(
            mic[start : start + CHUNK_SAMPLES].astype(np.float32),
            played[start : start + CHUNK_SAMPLES].astype(np.float32),
        )
        chunks.append(np.clip(piece, -32768, 32767).astype("<i2").tobytes())
    return chunks, (at + last - first) // CHUNK_SAMPLES + 1


class PlacedStop(SpottingDetector):
    """A stop engine whose one hit (margin 0.7) is placed at ``hit_chunk``."""

    def __init__(self, hit_chunk: int) -> None:
        super().__init__("停", "zh", cooldown_seconds=2.0)
        self.hit_chunk = hit_chunk
        self.chunk = -1

    def _spot(self, pcm: bytes) -> bool:
        self.chunk += 1
        return self.chunk == self.hit_chunk

    def _margin(self) -> float:
        return 0.7

    def _restart(self) -> None:
        pass
