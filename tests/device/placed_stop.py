"""A stop engine for barge-in tests: one hit placed at a chunk, behind the real ``SpottingDetector``."""

from __future__ import annotations

from ting.device.wake.base import SpottingDetector


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
