"""WAV input: any rate, width and channel count becomes 16 kHz mono s16le; broken files say what is wrong."""

from __future__ import annotations

import struct
import subprocess
from pathlib import Path

import numpy as np
import pytest

from ting.device.wav import decode_wav, encode_wav, read_wav
from ting.errors import AudioError


def _sox_tone(path: Path, *options: str, seconds: float = 1.0, hz: int = 440) -> Path:
    subprocess.run(["sox", "-n", *options, str(path), "synth", str(seconds), "sine", str(hz)], check=True)
    return path


def _peak_hz(pcm: bytes) -> float:
    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    spectrum = np.abs(np.fft.rfft(samples))
    return float(np.argmax(spectrum) * 16000 / len(samples))


def test_44k_stereo_is_resampled_to_16k_mono(tmp_path: Path) -> None:
    path = _sox_tone(tmp_path / "tone.wav", "-r", "44100", "-c", "2", "-b", "16", seconds=2.0)
    pcm = read_wav(path)
    assert len(pcm) == 2 * 32000
    assert abs(_peak_hz(pcm) - 440) < 2
    assert np.abs(np.frombuffer(pcm, dtype="<i2")).max() > 10000


@pytest.mark.parametrize(
    "options",
    [
        ("-r", "8000", "-c", "1", "-b", "8", "-e", "unsigned-integer"),
        ("-r", "22050", "-c", "1", "-b", "24"),
        ("-r", "48000", "-c", "2", "-b", "32"),
        ("-r", "16000", "-c", "1", "-b", "32", "-e", "floating-point"),
    ],
    ids=["8bit-8k", "24bit-22k", "32bit-48k-stereo", "float32"],
)
def test_other_sample_widths_are_converted(tmp_path: Path, options: tuple[str, ...]) -> None:
    pcm = read_wav(_sox_tone(tmp_path / "tone.wav", *options))
    assert len(pcm) == 32000
    assert abs(_peak_hz(pcm) - 440) < 3


def test_16k_mono_passes_through_unchanged() -> None:
    pcm = (np.sin(np.arange(1600) / 5) * 1000).astype("<i2").tobytes()
    assert decode_wav(encode_wav(pcm)) == pcm


def _wav_header(bits: int, tag: int = 1) -> bytes:
    return struct.pack("<4sI4s4sIHHIIHH", b"RIFF", 100, b"WAVE", b"fmt ", 16, tag, 1, 16000, 32000, 2, bits)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not a WAV file"),
        (b"ID3\x03 mp3 data" * 10, "not a WAV file"),
        (b"RIFF\x04\x00\x00\x00WAVE", "no fmt chunk"),
        (_wav_header(16), "no data chunk"),
        (_wav_header(12) + b"data\x04\x00\x00\x00\x00\x00\x00\x00", "unsupported sample width 12 bits"),
        (_wav_header(16, tag=0x55) + b"data\x04\x00\x00\x00\x00\x00\x00\x00", "unsupported WAV encoding"),
        (_wav_header(16) + b"data\x00\x10\x00\x00\x01", "truncated"),
    ],
    ids=["empty", "mp3", "no-fmt", "no-data", "12-bit", "mp3-in-wav", "truncated"],
)
def test_broken_files_name_the_file_and_the_problem(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "broken.wav"
    path.write_bytes(data)
    with pytest.raises(AudioError, match=message) as caught:
        read_wav(path)
    assert str(path) in str(caught.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(AudioError, match=r"nothere\.wav: cannot read"):
        read_wav(tmp_path / "nothere.wav")
