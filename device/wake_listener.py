"""The wake word detector on the agent's capture loop: fed in batches off the event loop, paused while
the device speaks, rebuilt with back-off when it fails.

Idle listening is the agent's steady cost. One thread hop per 30 ms chunk (``asyncio.to_thread``)
was a measurable part of it, so chunks are gathered to ``batch_seconds`` (~90 ms) and the detector
works through them on a worker thread in one hop; the wake phrase is heard at most that much later.

``hermes/hotword/toggleOff`` switches it off for a reason, ``toggleOn`` with that reason on again (with
reason ``""``: whatever the reasons), as Rhasspy's wake word services do: while any reason holds, nothing
is heard. A dialogue manager's own reasons lapse after ``DIALOGUE_REASONS_MAX_SECONDS``.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence

from ting.device.interfaces import AudioChunk, WakeDetection, WakeWordDetector
from ting.hermes import HotwordToggleReason
from ting.supervise import Backoff

_LOGGER = logging.getLogger(__name__)

DIALOGUE_REASONS = frozenset(
    {HotwordToggleReason.DIALOGUE_SESSION, HotwordToggleReason.TTS_SAY, HotwordToggleReason.PLAY_AUDIO}
)
DIALOGUE_REASONS_MAX_SECONDS = 60.0
"""A dialogue manager switches the wake word off for a session or a say and on again after it: if it dies in
between, its ``toggleOn`` never comes, and the device must not stay deaf for good. (Sessions renew nothing
here: while the device is in a session it does not listen for the wake word anyway.) Other reasons (a
user's mute, ``""``) last until their ``toggleOn``."""


class WakeListener:
    def __init__(
        self,
        make: Callable[[], WakeWordDetector],
        backoff: Backoff,
        restarts: dict[str, int],
        *,
        batch_seconds: float = 0.09,
        monotonic: Callable[[], float] = time.monotonic,
        fresh_after_hit: bool = True,
    ) -> None:
        self._make = make
        self._fresh_after_hit = fresh_after_hit
        """False: the detector keeps hearing the stream after a hit (barge-in: a stop phrase may end in the
        next batch, over the words a wake hit was on)."""
        self._backoff = backoff
        self._restarts = restarts
        self.batch_seconds = batch_seconds
        self._monotonic = monotonic
        self._detector: WakeWordDetector | None = None
        self._retry_at = 0.0
        self._paused = False
        self._batch: list[AudioChunk] = []
        self._off: dict[str, float] = {}
        """Reason the wake word is switched off -> monotonic time it was."""

    @property
    def detector(self) -> WakeWordDetector | None:
        """The one listening (None before the first audio, or while it is being restarted)."""
        return self._detector

    def replace(self, detector: WakeWordDetector) -> None:
        """Listen with ``detector`` from the next batch on (a new wake model arrived; built off the loop).
        A batch being checked by the old one finishes with it."""
        self._detector = detector

    def pause(self) -> None:
        """The device speaks or rings: what it hears now is not given to the detector (it starts afresh)."""
        self._paused = True

    def toggle_off(self, reason: str) -> None:
        self._off[reason] = self._monotonic()
        _LOGGER.info("wake word off (%s)", reason or "until toggled on")

    def toggle_on(self, reason: str) -> None:
        if reason == HotwordToggleReason.UNKNOWN:
            self._off.clear()
        else:
            self._off.pop(reason, None)
        if not self._off:
            _LOGGER.info("wake word on")

    @property
    def enabled(self) -> bool:
        """No reason to be off holds (a dialogue manager's lapse after a while)."""
        now = self._monotonic()
        for reason, since in list(self._off.items()):
            if reason in DIALOGUE_REASONS and now - since > DIALOGUE_REASONS_MAX_SECONDS:
                _LOGGER.warning(
                    "wake word off (%s) for %.0f s without a toggleOn: on again", reason, now - since
                )
                del self._off[reason]
        return not self._off

    async def hear(self, chunk: AudioChunk) -> tuple[WakeDetection, list[AudioChunk]] | None:
        """Idle audio; on a detection, the chunks of the batch that came after the wake phrase."""
        if self._off and not self.enabled:
            self._paused = True  # it starts afresh when switched on again
            return None
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
        self._paused = self._fresh_after_hit
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
