"""The wake word detector on the agent's capture loop: fed in batches off the event loop, paused while
the device speaks, rebuilt with back-off when it fails.

Idle listening is the agent's steady cost. One thread hop per 30 ms chunk (``asyncio.to_thread``)
was a measurable part of it, so chunks are gathered to ``batch_seconds`` (~90 ms) and the detector
works through them on a worker thread in one hop; the wake phrase is heard at most that much later.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence

from ting.device.interfaces import AudioChunk, WakeDetection, WakeWordDetector
from ting.supervise import Backoff

_LOGGER = logging.getLogger(__name__)


class WakeListener:
    def __init__(
        self,
        make: Callable[[], WakeWordDetector],
        backoff: Backoff,
        restarts: dict[str, int],
        *,
        batch_seconds: float = 0.09,
    ) -> None:
        self._make = make
        self._backoff = backoff
        self._restarts = restarts
        self.batch_seconds = batch_seconds
        self._detector: WakeWordDetector | None = None
        self._retry_at = 0.0
        self._paused = False
        self._batch: list[AudioChunk] = []

    def pause(self) -> None:
        """The device speaks or rings: what it hears now is not given to the detector (it starts afresh)."""
        self._paused = True

    async def hear(self, chunk: AudioChunk) -> tuple[WakeDetection, list[AudioChunk]] | None:
        """Idle audio; on a detection, the chunks of the batch that came after the wake phrase."""
        if self._paused:
            self._paused, self._batch = False, []
            if self._detector is not None:
                self._detector.reset()
        self._batch.append(chunk)
        if sum(c.seconds for c in self._batch) < self.batch_seconds - 1e-9:
            return None
        batch, self._batch = self._batch, []
        found = await self._detect(batch)
        if found is None:
            return None
        index, detection = found
        # The audio that follows is the command's: when the detector hears again it has missed all of it,
        # so it starts afresh (a two-stage spotter keeps the phrase's audio after a hit, and an answer
        # played in no time never pauses it).
        self._paused = True
        return detection, batch[index + 1 :]

    async def _detect(self, batch: Sequence[AudioChunk]) -> tuple[int, WakeDetection] | None:
        if self._detector is None:
            if time.monotonic() < self._retry_at:
                return None
            self._detector = self._make()
        try:
            return await asyncio.to_thread(_first_detection, self._detector, batch)
        except Exception as error:
            wait = self._backoff.next_seconds()
            _LOGGER.error("wake word detector failed (%r); restarting it in %.1f s", error, wait)
            self._restarts["wake"] = self._restarts.get("wake", 0) + 1
            self._detector, self._retry_at = None, time.monotonic() + wait
            return None


def _first_detection(wake: WakeWordDetector, batch: Sequence[AudioChunk]) -> tuple[int, WakeDetection] | None:
    """(Index of the chunk the wake phrase ended in, the detection), or None. Runs off the loop."""
    for index, chunk in enumerate(batch):
        detection = wake.process(chunk)
        if detection is not None:
            return index, detection
    return None
