"""WAV files in any common PCM layout -> 16 kHz mono s16le, with errors that say what is wrong.

Our own RIFF reader rather than :mod:`wave`: it also reads IEEE-float and WAVE_FORMAT_EXTENSIBLE files
(what many recorders write), and it can tell "truncated" from "not a WAV file" in its messages.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from ting.device.interfaces import SAMPLE_RATE_HZ
from ting.errors import AudioError

_PCM = 1
_FLOAT = 3
_EXTENSIBLE = 0xFFFE
_FIR_TAPS = 63


@dataclass(frozen=True)
class WavFormat:
    rate_hz: int
    channels: int
    sample_width_bytes: int
    is_float: bool


def read_wav(path: Path) -> bytes:
    """The file's audio as 16 kHz mono s16le; ``AudioError`` naming the file when it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise AudioError(f"{path}: cannot read WAV file: {error.strerror}") from None
    return decode_wav(data, str(path))


def decode_wav(data: bytes, name: str = "WAV data") -> bytes:
    fmt, payload = parse_wav(data, name)
    if fmt == WavFormat(SAMPLE_RATE_HZ, 1, 2, False):
        return payload
    samples = _to_float(payload, fmt, name)
    return to_pcm16(resample(samples, fmt.rate_hz, SAMPLE_RATE_HZ))


def parse_wav(data: bytes, name: str) -> tuple[WavFormat, bytes]:
    """The format and the raw sample bytes of a RIFF/WAVE file."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise AudioError(f"{name}: not a WAV file (no RIFF/WAVE header)")
    fmt: WavFormat | None = None
    offset = 12
    while offset + 8 <= len(data):
        chunk_id, size = struct.unpack_from("<4sI", data, offset)
        body = data[offset + 8 : offset + 8 + size]
        if chunk_id == b"fmt ":
            fmt = _parse_fmt(body, name)
        elif chunk_id == b"data":
            if fmt is None:
                raise AudioError(f"{name}: broken WAV file: data chunk before the fmt chunk")
            return fmt, _whole_frames(body, size, fmt, name)
        offset += 8 + size + (size & 1)
    if fmt is None:
        raise AudioError(f"{name}: broken WAV file: no fmt chunk")
    raise AudioError(f"{name}: broken WAV file: no data chunk")


def _parse_fmt(body: bytes, name: str) -> WavFormat:
    if len(body) < 16:
        raise AudioError(f"{name}: broken WAV file: fmt chunk is {len(body)} bytes, expected at least 16")
    tag, channels, rate, _, _, bits = struct.unpack_from("<HHIIHH", body)
    if tag == _EXTENSIBLE and len(body) >= 26:
        tag = struct.unpack_from("<H", body, 24)[0]
    if tag not in (_PCM, _FLOAT):
        raise AudioError(f"{name}: unsupported WAV encoding (format tag {tag:#x}); expected PCM or float")
    if channels < 1 or rate < 1000:
        raise AudioError(f"{name}: broken WAV file: {channels} channels at {rate} Hz")
    allowed = (32, 64) if tag == _FLOAT else (8, 16, 24, 32)
    if bits not in allowed:
        kind = "float" if tag == _FLOAT else "PCM"
        raise AudioError(f"{name}: unsupported sample width {bits} bits for {kind} (expected {allowed})")
    return WavFormat(rate, channels, bits // 8, tag == _FLOAT)


def _whole_frames(body: bytes, declared: int, fmt: WavFormat, name: str) -> bytes:
    frame = fmt.channels * fmt.sample_width_bytes
    if len(body) < declared and len(body) < frame:
        raise AudioError(f"{name}: truncated WAV file: data chunk declares {declared} bytes, has {len(body)}")
    return body[: len(body) - len(body) % frame]


def _to_float(payload: bytes, fmt: WavFormat, name: str) -> npt.NDArray[np.float32]:
    """Samples in -1..1, channels averaged."""
    width = fmt.sample_width_bytes
    if fmt.is_float:
        raw = np.frombuffer(payload, dtype="<f4" if width == 4 else "<f8").astype(np.float32)
    elif width == 1:
        raw = (np.frombuffer(payload, dtype=np.uint8).astype(np.float32) - 128.0) / 128.0
    elif width == 3:
        bytes3 = np.frombuffer(payload, dtype=np.uint8).reshape(-1, 3).astype(np.int32)
        ints = bytes3[:, 0] | (bytes3[:, 1] << 8) | (bytes3[:, 2] << 16)
        raw = (np.where(ints >= 1 << 23, ints - (1 << 24), ints) / float(1 << 23)).astype(np.float32)
    else:
        dtype = "<i2" if width == 2 else "<i4"
        raw = (np.frombuffer(payload, dtype=dtype) / float(1 << (8 * width - 1))).astype(np.float32)
    if not np.all(np.isfinite(raw)):
        raise AudioError(f"{name}: broken WAV file: float samples that are not numbers")
    mono: npt.NDArray[np.float32] = raw.reshape(-1, fmt.channels).mean(axis=1, dtype=np.float32)
    return mono


def resample(samples: npt.NDArray[np.float32], from_hz: int, to_hz: int) -> npt.NDArray[np.float32]:
    """Band-limit (windowed sinc) when going down, then interpolate linearly: plenty for speech."""
    if from_hz == to_hz or len(samples) == 0:
        return samples
    if to_hz < from_hz:
        cutoff = 0.45 * to_hz / from_hz
        taps = np.arange(_FIR_TAPS) - (_FIR_TAPS - 1) / 2
        kernel = 2 * cutoff * np.sinc(2 * cutoff * taps) * np.hamming(_FIR_TAPS)
        samples = np.convolve(samples, (kernel / kernel.sum()).astype(np.float32), mode="same")
    count = round(len(samples) * to_hz / from_hz)
    positions = np.arange(count) * (from_hz / to_hz)
    resampled: npt.NDArray[np.float32] = np.interp(positions, np.arange(len(samples)), samples).astype(
        np.float32
    )
    return resampled


def to_pcm16(samples: npt.NDArray[np.float32]) -> bytes:
    return (np.clip(samples, -1.0, 1.0) * 32767.0).astype("<i2").tobytes()


def encode_wav(pcm: bytes, rate_hz: int = SAMPLE_RATE_HZ) -> bytes:
    """A mono s16le WAV file around ``pcm`` (for tests, benchmarks and saved commands)."""
    header = struct.pack(
        "<4sI4s4sIHHIIHH4sI",
        *(b"RIFF", 36 + len(pcm), b"WAVE", b"fmt ", 16, _PCM, 1, rate_hz, rate_hz * 2, 2, 16),
        *(b"data", len(pcm)),
    )
    return header + pcm
