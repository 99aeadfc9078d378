"""One embedding stream for every trained classifier hearing the same microphone.

Each trained model (a wake word, every stop and pause phrase) looks at the same speech embeddings
(``embedding.py``); computing them once per chunk instead of once per model is most of their cost (the
classifiers themselves take ~0.1 ms a step). ``SharedEmbeddings`` hands each model a ``EmbeddingTap``:

* the first tap fed a new chunk feeds the hub, which computes every branch once; the others read the result;
* a tap that restarts (its model fired, or was reset) must forget the audio, as a detector with a stream of
  its own does: it moves to a fresh branch, started at the same place with silence before it, and on the
  same 80 ms grid; taps restarting at the same place share that branch;
* once a fresh branch's state (the samples not yet stepped, the last 68 mel frames) equals an older
  branch's, everything it will give is the same (a step's mel depends on its own samples only): the two
  merge, and the hub is back to one stream.

So each model sees exactly the embeddings a stream of its own would give it (tested on real audio), and a
stream of its own is just a hub with one tap.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from ting.device.wake.classifier import WINDOW_EMBEDDINGS
from ting.device.wake.embedding import (
    EMBEDDING_SIZE,
    MEL_STEP_FRAMES,
    MEL_WINDOW_FRAMES,
    STEP_SAMPLES,
    Embeddings,
    EmbeddingStream,
    SpeechEmbedder,
)

_LOGGER = logging.getLogger(__name__)

LOOKBACK_SAMPLES = (WINDOW_EMBEDDINGS + -(-MEL_WINDOW_FRAMES // MEL_STEP_FRAMES)) * STEP_SAMPLES
"""Silence fed at every (re)start: enough for a whole window of embeddings (~2 s)."""
_NONE = np.zeros((0, EMBEDDING_SIZE), dtype=np.float32)


class EmbeddingSource(Protocol):
    """Where a trained detector gets its embeddings."""

    def feed(self, pcm: bytes) -> Embeddings:
        """The embeddings that this chunk (16 kHz s16le) completes."""
        ...

    def restart(self) -> Embeddings:
        """Forget the audio heard: the embeddings of the silence it starts again from."""
        ...


@dataclass(eq=False)
class _Branch:
    stream: EmbeddingStream
    started_at: int
    """The hub's position (samples) when it (re)started."""
    lookback: Embeddings
    taps: list[EmbeddingTap] = field(default_factory=list)
    last: Embeddings = field(default_factory=lambda: _NONE)
    """What the hub's last chunk gave."""
    fresh: bool = True
    """Nothing fed since it started."""

    def same_state(self, other: _Branch) -> bool:
        (pending, mel), (their_pending, their_mel) = self.stream.state(), other.stream.state()
        return np.array_equal(pending, their_pending) and np.array_equal(mel, their_mel)


class SharedEmbeddings:
    """The hub: taps of one hub must all be fed the same chunks (one microphone), each chunk once, or
    skip chunks only while they do not listen (a paused detector: it restarts before it listens again)."""

    def __init__(self, embedder: SpeechEmbedder) -> None:
        self._embedder = embedder
        self._branches: list[_Branch] = []
        self.position = 0
        """Samples fed."""
        self.chunks = 0
        self.stream_feeds = 0
        """Chunks fed to a stream, all branches together: ``chunks`` when all taps share one stream."""

    def tap(self) -> EmbeddingTap:
        return EmbeddingTap(self)

    @property
    def streams(self) -> int:
        return len(self._branches)

    def _feed(self, pcm: bytes) -> None:
        self._merge()
        for branch in self._branches:
            branch.last, branch.fresh = branch.stream.feed(pcm), False
        self.stream_feeds += len(self._branches)
        self.position += len(pcm) // 2
        self.chunks += 1

    def _start(self, tap: EmbeddingTap) -> _Branch:
        """A branch that started here, new or shared with the taps that restarted at the same place."""
        self._leave(tap)
        for branch in self._branches:
            if branch.started_at == self.position and branch.fresh:
                break
        else:
            stream = self._embedder.stream()
            # silence up to here, on the hub's 80 ms grid: a fresh branch's steps end where the others' do
            silence = LOOKBACK_SAMPLES + self.position % STEP_SAMPLES
            branch = _Branch(stream, self.position, stream.feed(bytes(silence * 2)))
            self._branches.append(branch)
        branch.taps.append(tap)
        return branch

    def _leave(self, tap: EmbeddingTap) -> None:
        branch = tap.branch
        if branch is None:
            return
        branch.taps.remove(tap)
        if not branch.taps:
            self._branches.remove(branch)

    def _merge(self) -> None:
        """A branch whose state equals an older one's gives the same from now on: one stream for both."""
        kept: list[_Branch] = []
        for branch in self._branches:
            twin = next((older for older in kept if older.same_state(branch)), None)
            if twin is None:
                kept.append(branch)
                continue
            for tap in branch.taps:
                tap.branch = twin
            twin.taps.extend(branch.taps)
        self._branches = kept


class EmbeddingTap:
    """One model's view of the hub (``EmbeddingSource``)."""

    def __init__(self, hub: SharedEmbeddings) -> None:
        self._hub = hub
        self.branch: _Branch | None = None
        self._chunks = hub.chunks
        """The hub's chunks when this tap last read: fewer than the hub's, the hub has a chunk it has not."""

    def feed(self, pcm: bytes) -> Embeddings:
        if self.branch is None:
            self.restart()
        if self._chunks == self._hub.chunks:  # nobody fed this chunk yet: the first of the round feeds it
            self._hub._feed(pcm)
        self._chunks = self._hub.chunks
        assert self.branch is not None
        return self.branch.last.copy()

    def restart(self) -> Embeddings:
        self.branch = self._hub._start(self)
        self._chunks = self._hub.chunks
        return self.branch.lookback.copy()


class FrontEnd:
    """The embedding models (two ONNX sessions, ~5 MB), loaded once, by the first trained detector built,
    for every detector the device builds after it (the barge-in detector is built again for each answer)."""

    def __init__(self) -> None:
        self._embedder: SpeechEmbedder | None = None
        self._lock = threading.Lock()  # detectors are built off the event loop, possibly two at once

    def embedder(self) -> SpeechEmbedder:
        with self._lock:
            if self._embedder is None:
                self._embedder = SpeechEmbedder()
            return self._embedder

    def shared(self) -> SharedEmbeddings:
        """A hub for one detector's models (taps of one hub must hear the same audio)."""
        return SharedEmbeddings(self.embedder())
