"""``SpeechTrim``: ``trim_silence`` done while the command arrives, piece by piece."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.device.listening.conftest import silence_pcm
from ting.device.command_audio import SpeechTrim, trim_silence
from ting.device.wav import read_wav


def pushed(trim: SpeechTrim, pcm: bytes, piece_bytes: int) -> list[bytes]:
    return [trim.push(pcm[o : o + piece_bytes]) for o in range(0, len(pcm), piece_bytes)]


@pytest.mark.parametrize("piece_bytes", [960, 700, 2880, 4096])
def test_released_audio_is_what_trim_silence_keeps(spoken: Callable[..., Path], piece_bytes: int) -> None:
    pcm = silence_pcm(0.8) + read_wav(spoken("turn on the kitchen light")) + silence_pcm(0.6)
    trim = SpeechTrim()
    released = b"".join(pushed(trim, pcm, piece_bytes)) + trim.finish()
    assert released == trim_silence(pcm)
    assert len(released) < len(pcm) - 0.9 * 32000  # most of the 1.4 s of silence was never released


def test_a_pause_is_released_only_when_speech_follows(spoken: Callable[..., Path]) -> None:
    word = read_wav(spoken("kitchen", pad_seconds=0.0))
    trim = SpeechTrim()
    first = b"".join(pushed(trim, word, 960))
    held = b"".join(pushed(trim, silence_pcm(0.45), 960))
    second = b"".join(pushed(trim, word, 960))
    assert held == b""  # the pause waits: it may be the end of the command
    assert len(second) >= len(word) - 960 + int(0.45 * 32000) - 960  # the pause, then the word
    tail = b"".join(pushed(trim, silence_pcm(0.6), 960)) + trim.finish()
    assert tail and len(tail) <= int(0.15 * 32000)  # only the margin of the trailing silence
    assert first and trim.started


def test_silence_only_releases_nothing() -> None:
    trim = SpeechTrim()
    assert b"".join(pushed(trim, silence_pcm(2.0), 960)) + trim.finish() == b""
    assert not trim.started


def test_a_pause_tells_what_the_end_would_release(spoken: Callable[..., Path]) -> None:
    # What a recognizer decoding at the first pause is handed: exactly what finish() would add if the command
    # ended there (CommandRecognition's decode at the pause is reused only when the audio is identical).
    word = trim_silence(read_wav(spoken("kitchen", pad_seconds=0.0)), margin_seconds=0.0)  # ends voiced
    trim = SpeechTrim()
    assert not trim.pausing and trim.tail() == b""  # nothing heard yet: no pause, nothing to release
    pushed(trim, silence_pcm(0.3) + word, 960)
    assert trim.started
    frames = 0
    while not trim.pausing and frames < 20:
        frames += 1
        pushed(trim, silence_pcm(0.03), 960)
    # a pause is the margin's 0.15 s of silence (the word's last frame or two may already count as silence)
    assert 1 <= frames <= trim.margin_frames <= 5, frames
    tail = trim.tail()
    assert tail == trim.tail() and len(tail) == trim.margin_frames * 960  # not released by asking
    assert trim.finish() == tail
