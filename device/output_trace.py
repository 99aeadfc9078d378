"""What the device has just played, kept as 16 kHz mono with when it played: the reference a barge-in hit is
checked against, so that the device's own voice (or a song's lyrics) never counts as the user's.

The speaker and the music player each keep one (``played`` for every sound or block as it starts, ``cut``
when a sound is stopped early); ``window`` gives the last seconds of it, silence where nothing played.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ting.device.interfaces import SAMPLE_RATE_HZ


@dataclass
class Piece:
    started: float
    samples: npt.NDArray[np.float32]
    """16 kHz mono, as played (volume applied)."""
    ended: float

    def __post_init__(self) -> None:
        self.ended = min(self.ended, self.started + len(self.samples) / SAMPLE_RATE_HZ)


def to_16k_mono(samples: npt.NDArray[np.int16], rate_hz: int, channels: int = 1) -> npt.NDArray[np.float32]:
    """Linear resampling: enough for a detector's second look, cheap enough for every block."""
    mono = samples.astype(np.float32)
    if channels > 1:
        mono = mono[: len(mono) - len(mono) % channels].reshape(-1, channels).mean(axis=1)
    if rate_hz == SAMPLE_RATE_HZ or not len(mono):
        return mono
    count = int(len(mono) * SAMPLE_RATE_HZ / rate_hz)
    positions = np.arange(count, dtype=np.float64) * (rate_hz / SAMPLE_RATE_HZ)
    return np.interp(positions, np.arange(len(mono)), mono).astype(np.float32)


class OutputTrace:
    def __init__(self, keep_seconds: float = 30.0, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.keep_seconds = keep_seconds
        self._monotonic = monotonic
        self._pieces: deque[Piece] = deque()

    def played(
        self,
        samples: npt.NDArray[np.int16],
        rate_hz: int,
        channels: int = 1,
        *,
        volume: float = 1.0,
        started: float | None = None,
    ) -> Piece:
        """``samples`` start playing at ``started`` (monotonic; default now)."""
        return self.add(to_16k_mono(samples, rate_hz, channels) * np.float32(volume), started)

    def add(self, audio: npt.NDArray[np.float32], started: float | None = None) -> Piece:
        """16 kHz mono ``audio`` (made ahead: resampling takes a few ms) starts playing at ``started``.

        ``started`` is best the output's own clock, from the sink (``AudioSink.play(started=...)``): a stamp
        taken before the sink starts is early by however long the sink took, which differs per piece, and an
        echo canceller relearns at every piece whose echo seems to have moved."""
        now = self._monotonic()
        piece = Piece(now if started is None else started, audio, float("inf"))
        self._pieces.append(piece)
        while self._pieces and self._pieces[0].ended < now - self.keep_seconds:
            self._pieces.popleft()
        return piece

    def cut(self, piece: Piece) -> None:
        """``piece`` stopped now (before its end)."""
        piece.ended = min(piece.ended, self._monotonic())

    def window(self, seconds: float, end: float | None = None) -> npt.NDArray[np.float32]:
        """The ``seconds`` of output up to ``end`` (monotonic; default now)."""
        now = self._monotonic() if end is None else end
        start = now - seconds
        out = np.zeros(int(seconds * SAMPLE_RATE_HZ), np.float32)
        for piece in list(self._pieces):
            begin, end = max(piece.started, start), min(piece.ended, now)
            if end <= begin:
                continue
            source = int((begin - piece.started) * SAMPLE_RATE_HZ)
            target = int((begin - start) * SAMPLE_RATE_HZ)
            count = min(int((end - begin) * SAMPLE_RATE_HZ), len(out) - target, len(piece.samples) - source)
            if count > 0:
                out[target : target + count] += piece.samples[source : source + count]
        return out


def mixed(*traces: OutputTrace | None) -> Callable[[float, float], npt.NDArray[np.float32]]:
    """(Seconds, until when: monotonic) -> what all of ``traces`` played then, summed (the answer and the
    music: the echo canceller's and barge-in's reference). None stands for an output played elsewhere (MPD),
    whose sound is not known here."""
    known = [trace for trace in traces if trace is not None]

    def window(seconds: float, end: float) -> npt.NDArray[np.float32]:
        out = np.zeros(int(seconds * SAMPLE_RATE_HZ), np.float32)
        for trace in known:
            out += trace.window(seconds, end)
        return out

    return window
