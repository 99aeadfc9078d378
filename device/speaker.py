"""The speaker part of the agent: synthesize (off the event loop), then play on the sink, one at a time.

While an answer or a ``playBytes`` sound plays, ``busy`` is true: the agent does not feed the wake
word detector then, so the device never wakes itself. Earcons do not pause listening (the
command follows the "listening" earcon at once). A failing synthesizer or sink is rebuilt
with back-off and the sound tried once more; then the failure is logged and the sound dropped.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from ting.device.earcons import Earcon, earcon_wav
from ting.device.interfaces import AudioSink, Synthesizer
from ting.supervise import Backoff

_LOGGER = logging.getLogger(__name__)


class Speaker:
    def __init__(
        self,
        make_synthesizer: Callable[[], Synthesizer],
        make_sink: Callable[[], AudioSink],
        *,
        volume: float,
        earcons: bool,
        backoff: Backoff,
        restarts: dict[str, int],
    ) -> None:
        self._make_synthesizer, self._make_sink = make_synthesizer, make_sink
        self._synthesizer: Synthesizer | None = None
        self._sink: AudioSink | None = None
        self.volume = volume
        self.earcons = earcons
        """Play the earcons (``device.earcons``; ``hermes/feedback/sound/toggleOn|Off`` switch it)."""
        self._backoff = backoff
        self._restarts = restarts
        self._lock = asyncio.Lock()
        self._busy = 0
        self.last_audio_monotonic = 0.0
        """When the last answer or sound started playing (for latency figures)."""

    @property
    def busy(self) -> bool:
        """Speaking an answer or playing a sound (the wake word is paused)."""
        return self._busy > 0

    @property
    def sink(self) -> AudioSink:
        if self._sink is None:
            self._sink = self._make_sink()
        return self._sink

    async def say(self, text: str, lang: str, *, volume: float | None = None) -> None:
        self._busy += 1
        try:
            wav = await self._retry("synthesizer", lambda: self._synthesize(text, lang))
            if wav is not None:
                await self._play(wav, volume)
        finally:
            self._busy -= 1

    async def play(self, wav: bytes, *, volume: float | None = None) -> None:
        self._busy += 1
        try:
            await self._play(wav, volume)
        finally:
            self._busy -= 1

    async def earcon(self, earcon: Earcon) -> None:
        if self.earcons:
            await self._play(earcon_wav(earcon), None)

    async def stop(self) -> None:
        if self._sink is not None:
            await self._sink.stop()

    async def _synthesize(self, text: str, lang: str) -> bytes:
        if self._synthesizer is None:
            self._synthesizer = await asyncio.to_thread(self._make_synthesizer)
        return await asyncio.to_thread(self._synthesizer.synthesize, text, lang)

    async def _play(self, wav: bytes, volume: float | None) -> None:
        async def play() -> None:
            async with self._lock:
                self.last_audio_monotonic = time.monotonic()
                await self.sink.play(wav, volume=self.volume if volume is None else volume)

        await self._retry("speaker", play)

    async def _retry(self, part: str, attempt: Callable[[], Awaitable[Any]]) -> Any:
        for tries in (1, 2):
            try:
                return await attempt()
            except asyncio.CancelledError:
                raise
            except Exception as error:
                self._restarts[part] = self._restarts.get(part, 0) + 1
                if part == "speaker":
                    self._sink = None
                else:
                    self._synthesizer = None
                if tries == 2:
                    _LOGGER.error("%s failed again (%r); sound dropped", part, error)
                    return None
                wait = self._backoff.next_seconds()
                _LOGGER.error("%s failed (%r); restarting it in %.1f s", part, error, wait)
                await asyncio.sleep(wait)
        return None
