"""End of speech: the silence window after speech, the no-speech timeout, the maximum length."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from tests.device.listening.conftest import silence_pcm
from ting.device.endpoint import VadEndpointer
from ting.device.interfaces import AudioChunk
from ting.device.wav import read_wav


def _feed(endpointer: VadEndpointer, pcm: bytes, chunk_bytes: int = 960) -> float | None:
    """Seconds into ``pcm`` at which the endpointer said 'ended', or None."""
    for offset in range(0, len(pcm), chunk_bytes):
        chunk = AudioChunk(pcm[offset : offset + chunk_bytes], offset / 32000)
        if endpointer.process(chunk):
            return (offset + len(chunk.pcm)) / 32000
    return None


def test_ends_one_silence_window_after_the_speech(spoken: Callable[..., Path]) -> None:
    command = read_wav(spoken("turn on the kitchen light", pad_seconds=0.3, tail_seconds=0.0))
    endpointer = VadEndpointer(silence_seconds=0.6)
    ended = _feed(endpointer, command + silence_pcm(2.0))
    assert endpointer.heard_speech
    assert ended is not None
    loud = np.flatnonzero(np.abs(np.frombuffer(command, dtype="<i2")) > 300)
    assert ended - loud[-1] / 16000 == pytest.approx(0.6, abs=0.12)


def test_silence_times_out_with_nothing_heard() -> None:
    endpointer = VadEndpointer(no_speech_timeout_seconds=1.5)
    assert _feed(endpointer, silence_pcm(5.0)) == pytest.approx(1.5, abs=0.04)
    assert not endpointer.heard_speech


def test_a_long_command_is_cut_at_the_maximum(spoken: Callable[..., Path]) -> None:
    text = "please turn on every light in the kitchen and the bedroom and the living room and the hall"
    endpointer = VadEndpointer(max_command_seconds=2.0)
    assert _feed(endpointer, read_wav(spoken(text, wpm=120))) == pytest.approx(2.0, abs=0.04)


def test_reset_listens_again(spoken: Callable[..., Path]) -> None:
    endpointer = VadEndpointer(no_speech_timeout_seconds=0.3)
    assert _feed(endpointer, silence_pcm(1.0)) is not None
    endpointer.reset()
    endpointer.no_speech_timeout_seconds = 4.0
    assert not endpointer.heard_speech
    assert _feed(endpointer, read_wav(spoken("what time is it", noise=True)) + silence_pcm(1.0)) is not None
    assert endpointer.heard_speech
