"""Barge-in's parts on audio made here: the own-voice check (``louder_than_echo``, ``has_sound``), what the
device keeps of its output (``OutputTrace``), how a detection is read (``Heard``), and a stop winning over a
wake hit on the same words (``BargeIn``, with a detector whose hits are given)."""

from __future__ import annotations

import numpy as np
import pytest

from ting.device.barge_in import STOP_WINS_SECONDS, BargeIn, has_sound, louder_than_echo
from ting.device.interfaces import AudioChunk, WakeDetection
from ting.device.output_trace import OutputTrace, to_16k_mono
from ting.device.room import impulse_response
from ting.device.wake.barge import Heard, HeardKind
from ting.supervise import Backoff

RATE = 16_000


def speechlike(seconds: float, seed: int) -> np.ndarray:
    """Noise bursts with pauses: an envelope that rises and falls as speech does."""
    rng = np.random.default_rng(seed)
    samples = rng.standard_normal(int(seconds * RATE)).astype(np.float32) * 3000
    envelope = (np.sin(np.arange(len(samples)) / RATE * 2 * np.pi * 2.5) > -0.2).astype(np.float32)
    return samples * envelope


def echo_of(played: np.ndarray, gain: float) -> np.ndarray:
    delayed = np.concatenate([np.zeros(320, np.float32), played])
    return (np.convolve(delayed, impulse_response(0.12))[: len(played)] * gain).astype(np.float32)


def test_the_devices_own_output_adds_nothing_to_its_echo() -> None:
    played = speechlike(2.5, seed=1)
    assert not louder_than_echo(echo_of(played, 0.4), played)


def test_someone_speaking_over_the_echo_is_louder_than_it() -> None:
    played = speechlike(2.5, seed=1)
    mic = echo_of(played, 0.4)
    voice = speechlike(0.6, seed=2) * 2
    mic[-len(voice) - 1600 : -1600] += voice  # "stop", ending 0.1 s before the hit
    assert louder_than_echo(mic, played)


@pytest.mark.parametrize("tail_rms, expected", [(0.0, False), (20.0, False), (2000.0, True)])
def test_has_sound(tail_rms: float, expected: bool) -> None:
    mic = np.zeros(2 * RATE, np.float32)
    mic[-RATE // 2 :] = tail_rms * np.sqrt(2) * np.sin(np.arange(RATE // 2) / 5)
    assert has_sound(mic) is expected


def test_trace_keeps_what_played_until_it_was_cut() -> None:
    clock = [100.0]
    trace = OutputTrace(monotonic=lambda: clock[0])
    piece = trace.played(np.full(RATE * 2, 1000, np.int16), RATE, volume=0.5)  # 2 s at half volume
    clock[0] = 101.0
    trace.cut(piece)  # stopped after 1 s
    clock[0] = 102.0
    window = trace.window(2.0)
    assert window[: RATE // 2].max() == pytest.approx(500.0)  # 100.0 .. 101.0 played
    assert window[RATE + 10 :].max() == 0.0  # nothing after the cut
    assert trace.window(1.0, end=100.5)[-10:].max() == pytest.approx(500.0)


def test_resampling_to_16k_mono() -> None:
    stereo = np.tile(np.array([1000, 3000], np.int16), 22_050)  # 1 s at 22,050 Hz, two channels
    mono = to_16k_mono(stereo, 22_050, channels=2)
    assert len(mono) == RATE and np.allclose(mono, 2000.0)


@pytest.mark.parametrize(
    "wakeword_id, kind, phrase",
    [
        ("hey_ting", HeardKind.WAKE, "hey_ting"),
        ("stop:别说了", HeardKind.STOP, "别说了"),
        ("pause:暂停", HeardKind.PAUSE, "暂停"),
        ("other:thing", HeardKind.WAKE, "other:thing"),
    ],
)
def test_heard_reads_the_detection(wakeword_id: str, kind: HeardKind, phrase: str) -> None:
    heard = Heard.parse(WakeDetection(wakeword_id, "zh", 1.0))
    assert (heard.kind, heard.phrase) == (kind, phrase)


class Scripted:
    """A barge-in detector whose hits are given: chunk index -> what it hears (a ``WakeWordDetector``)."""

    def __init__(self, hits: dict[int, str]) -> None:
        self.hits = hits
        self.index = -1

    def process(self, chunk: AudioChunk) -> WakeDetection | None:
        self.index += 1
        said = self.hits.get(self.index)
        return WakeDetection(said, "en", chunk.start_seconds + chunk.seconds) if said else None

    def reset(self) -> None:
        pass


async def heard_over(hits: dict[int, str], chunks: int = 60) -> list[tuple[int, Heard]]:
    """What ``BargeIn`` returns, and at which chunk, over 30 ms chunks of sound with nothing played."""
    barge = BargeIn(
        lambda: Scripted(hits), lambda s, _e: np.zeros(int(s * RATE), np.float32), Backoff(0.1, 1), {}
    )
    barge._mic.batch_seconds = 0.0  # every chunk checked as it comes: the chunk index is the hit's
    rng = np.random.default_rng(3)
    found = []
    for index in range(chunks):
        pcm = (rng.standard_normal(480) * 2000).astype("<i2").tobytes()
        heard = await barge.hear(AudioChunk(pcm, index * 0.03))
        if heard is not None:
            found.append((index, heard))
    return found


async def test_a_stop_on_the_words_of_a_wake_hit_wins_and_no_session_starts() -> None:
    found = await heard_over({10: "hey_ting", 13: "stop:stop"})
    assert [(index, heard.kind) for index, heard in found] == [(13, HeardKind.STOP)]
    found = await heard_over({10: "stop:stop", 13: "hey_ting"})  # the wake spotter a little later
    assert [(index, heard.kind) for index, heard in found] == [(10, HeardKind.STOP)]


async def test_the_wake_word_alone_is_heard_after_the_hold() -> None:
    found = await heard_over({10: "hey_ting"})
    hold_chunks = round(STOP_WINS_SECONDS / 0.03)
    assert [(index, heard.kind) for index, heard in found] == [(10 + hold_chunks, HeardKind.WAKE)]
    assert found[0][1].detection.end_seconds == pytest.approx(11 * 0.03)
