"""A simulated room: an ``AudioSource`` for machines without a microphone, where what the device plays comes
back into its "microphone", mixed with what a person says.

What the device played is read from its recording outputs (``RecordingSink`` for answers, the music's
``RecordingOutput``), by the time each sound really played and stopped, so an answer cut short stops echoing
when it was cut. The echo reaches the microphone ``delay_seconds`` late, at ``echo_gain``, through a
low-pass and a short decaying reverberation (a fixed random impulse response): not a copy of the
reference the device keeps of its own output. Chunks come out in real time (30 ms each).

Speech said into the room (``say``) starts with the next chunk, or (``at_monotonic``) where that moment is
in the microphone's stream: a reader behind real time hears it there, late, as a sound card's buffer would
hand it on, not at the point the reader has reached (where the echo under it would be another part of the
answer, or none). ``Said.end_monotonic`` is when its last sample reached the microphone, from which barge-in
latency is measured (bench/barge_in.py).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ting.device.audio_out import RecordingSink
from ting.device.interfaces import SAMPLE_RATE_HZ, AudioChunk
from ting.device.music.output import RecordingOutput
from ting.device.output_trace import to_16k_mono

CHUNK_SAMPLES = 480
MAX_BEHIND_SECONDS = 0.5
"""A reader further behind than this loses the audio in between (the room stays in real time)."""
LOOK_BACK_SECONDS = 5.0
"""Sounds that ended this long before the chunk (and all before them) are not looked at."""


@dataclass
class Said:
    samples: int
    at_monotonic: float | None = None
    """Where it starts in the microphone's time line (None: with the next chunk)."""
    start_monotonic: float | None = None
    end_monotonic: float | None = None
    start_seconds: float | None = None
    end_seconds: float | None = None
    """Where its first and last samples are in the microphone's stream (``AudioChunk.start_seconds``)."""


def impulse_response(reverb_seconds: float, seed: int = 7) -> npt.NDArray[np.float32]:
    """A low-passed direct path (a small speaker and the room take the highs off) and a decaying diffuse
    tail (-30 dB by ``reverb_seconds``)."""
    count = max(4, int(reverb_seconds * SAMPLE_RATE_HZ))
    rng = np.random.default_rng(seed)
    decay = np.exp(-np.arange(count) / count * 3.45)
    response = (rng.standard_normal(count) * decay * 0.08).astype(np.float32)
    response[:3] += np.array([0.25, 0.5, 0.25], np.float32)
    return response


class SimulatedRoom:
    def __init__(
        self,
        sink: RecordingSink,
        music: RecordingOutput | None = None,
        *,
        echo_gain: float = 0.5,
        music_gain: float | None = None,
        delay_seconds: float = 0.02,
        reverb_seconds: float = 0.12,
        max_behind_seconds: float | None = MAX_BEHIND_SECONDS,
    ) -> None:
        self._sink, self._music = sink, music
        self.echo_gain = echo_gain
        self.music_gain = echo_gain if music_gain is None else music_gain
        self.delay_seconds = delay_seconds
        self._response = impulse_response(reverb_seconds)
        self._tail = np.zeros(len(self._response) - 1, np.float32)
        self._speech: list[tuple[Said, npt.NDArray[np.float32]]] = []
        self._closed = False
        self.max_behind_seconds = max_behind_seconds
        """None: a reader behind gets every chunk, late (tests: what is said is never lost to the load)."""
        self.lost_seconds = 0.0
        """Audio skipped: the reader fell more than ``MAX_BEHIND_SECONDS`` behind (a loaded machine)."""
        self.most_behind_seconds = 0.0
        """How far behind real time the reader was at worst (what a loaded machine adds to every latency)."""
        self._next_begin: float | None = None
        """When the next chunk began (monotonic), once the reader started."""
        self._resampled: dict[int, npt.NDArray[np.float32]] = {}
        """id of a sink record -> its audio at 16 kHz (records live as long as the sink)."""

    def say(self, pcm: bytes, at_monotonic: float | None = None) -> Said:
        """16 kHz mono speech, said from the next chunk on (after what is already being said), or from
        ``at_monotonic`` on in the microphone's time line (the next chunk if the reader is past it)."""
        samples = np.frombuffer(pcm, dtype="<i2").astype(np.float32)
        said = Said(len(samples), at_monotonic)
        self._speech.append((said, samples))
        return said

    @property
    def behind_seconds(self) -> float:
        """How far behind real time the reader is now (infinite before it started reading)."""
        if self._next_begin is None:
            return float("inf")
        return max(0.0, time.monotonic() - self._next_begin)

    async def chunks(self) -> AsyncIterator[AudioChunk]:
        started = time.monotonic()
        index = 0
        while not self._closed:
            behind = time.monotonic() - (started + index * CHUNK_SAMPLES / SAMPLE_RATE_HZ)
            self.most_behind_seconds = max(self.most_behind_seconds, behind)
            if self.max_behind_seconds is not None and behind > self.max_behind_seconds:
                # a stalled reader: that audio is lost, as a sound card drops it
                skipped = int(behind * SAMPLE_RATE_HZ / CHUNK_SAMPLES)
                index += skipped
                self.lost_seconds += skipped * CHUNK_SAMPLES / SAMPLE_RATE_HZ
            begin = self._next_begin = started + index * CHUNK_SAMPLES / SAMPLE_RATE_HZ
            end = begin + CHUNK_SAMPLES / SAMPLE_RATE_HZ
            await asyncio.sleep(max(0.0, end - time.monotonic()))
            mic = self._echo(begin) + self._speak(begin, index * CHUNK_SAMPLES / SAMPLE_RATE_HZ)
            pcm = np.clip(mic, -32768, 32767).astype("<i2").tobytes()
            yield AudioChunk(pcm, index * CHUNK_SAMPLES / SAMPLE_RATE_HZ, end)
            index += 1
            self._next_begin = started + index * CHUNK_SAMPLES / SAMPLE_RATE_HZ

    async def close(self) -> None:
        self._closed = True

    def _speak(self, begin: float, begin_seconds: float) -> npt.NDArray[np.float32]:
        out = np.zeros(CHUNK_SAMPLES, np.float32)
        filled = 0
        while self._speech and filled < CHUNK_SAMPLES:
            said, samples = self._speech[0]
            if said.start_monotonic is None and said.at_monotonic is not None:
                # not before its moment: silence up to it in this chunk (all of it when it comes later)
                wait = round((said.at_monotonic - begin) * SAMPLE_RATE_HZ)
                if wait >= CHUNK_SAMPLES:
                    break
                filled = max(filled, wait)
            if said.start_monotonic is None:
                said.start_monotonic = begin + filled / SAMPLE_RATE_HZ
                said.start_seconds = begin_seconds + filled / SAMPLE_RATE_HZ
            take = min(CHUNK_SAMPLES - filled, len(samples))
            out[filled : filled + take] = samples[:take]
            filled += take
            self._speech[0] = (said, samples[take:])
            if take == len(samples):
                said.end_monotonic = begin + filled / SAMPLE_RATE_HZ
                said.end_seconds = begin_seconds + filled / SAMPLE_RATE_HZ
                self._speech.pop(0)
        return out

    def _echo(self, begin: float) -> npt.NDArray[np.float32]:
        at = begin - self.delay_seconds
        dry = self._played(at) * self.echo_gain + self._music_played(at) * self.music_gain
        wet = np.convolve(dry, self._response)
        wet[: len(self._tail)] += self._tail
        self._tail = wet[CHUNK_SAMPLES:].copy()
        return wet[:CHUNK_SAMPLES]

    def _played(self, at: float) -> npt.NDArray[np.float32]:
        out = np.zeros(CHUNK_SAMPLES, np.float32)
        until = at + CHUNK_SAMPLES / SAMPLE_RATE_HZ
        for record in reversed(self._sink.played):  # the latest first: a reader behind looks further back
            stop = record.ended_monotonic or (record.started_monotonic + record.seconds)
            if stop < at - LOOK_BACK_SECONDS:
                break
            if stop <= at or record.started_monotonic >= until:
                continue
            audio = self._resampled.get(id(record))
            if audio is None:
                rate = round(len(record.samples) / record.seconds) if record.seconds else SAMPLE_RATE_HZ
                audio = self._resampled[id(record)] = to_16k_mono(record.samples, rate)
            self._add(out, audio, record.started_monotonic, min(stop, until), at)
        return out

    def _music_played(self, at: float) -> npt.NDArray[np.float32]:
        out = np.zeros(CHUNK_SAMPLES, np.float32)
        if self._music is None:
            return out
        until = at + CHUNK_SAMPLES / SAMPLE_RATE_HZ
        output = self._music
        for block in reversed(output.written):
            seconds = len(block.pcm) / (2 * output.channels * output.rate_hz)
            if block.monotonic + seconds < at - LOOK_BACK_SECONDS:
                break
            if block.monotonic + seconds <= at or block.monotonic >= until:
                continue
            audio = to_16k_mono(block.samples(), output.rate_hz, output.channels)
            stop = block.monotonic + len(audio) / SAMPLE_RATE_HZ
            self._add(out, audio, block.monotonic, stop, at)
        return out

    @staticmethod
    def _add(
        out: npt.NDArray[np.float32], audio: npt.NDArray[np.float32], started: float, stop: float, at: float
    ) -> None:
        begin = max(started, at)
        source = int((begin - started) * SAMPLE_RATE_HZ)
        target = int((begin - at) * SAMPLE_RATE_HZ)
        count = min(int((stop - begin) * SAMPLE_RATE_HZ), CHUNK_SAMPLES - target, len(audio) - source)
        if count > 0:
            out[target : target + count] += audio[source : source + count]
