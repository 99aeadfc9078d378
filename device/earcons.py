"""Short earcons generated with numpy (no binary assets): listening, done, error.

Each is a few sine notes with a raised-cosine envelope (no clicks), as a 16 kHz WAV file.
"""

from __future__ import annotations

import enum
from functools import cache

import numpy as np

from ting.device.audio_out import encode_wav

RATE_HZ = 16_000
_AMPLITUDE = 0.3
_FADE_SECONDS = 0.01


class Earcon(enum.StrEnum):
    LISTENING = "listening"
    """Rising two notes: the wake word was heard, speak now."""
    DONE = "done"
    """One soft note: the command was understood and sent."""
    ERROR = "error"
    """Falling low notes: something went wrong (no broker, nothing understood)."""


_NOTES: dict[Earcon, tuple[tuple[float, float], ...]] = {
    Earcon.LISTENING: ((660.0, 0.08), (880.0, 0.12)),
    Earcon.DONE: ((880.0, 0.1),),
    Earcon.ERROR: ((440.0, 0.15), (294.0, 0.25)),
}
"""(frequency Hz, length seconds) per note."""


def _note(frequency_hz: float, seconds: float) -> np.ndarray:
    t = np.arange(int(RATE_HZ * seconds)) / RATE_HZ
    tone = np.sin(2 * np.pi * frequency_hz * t)
    fade = min(int(RATE_HZ * _FADE_SECONDS), len(t) // 2)
    envelope = np.ones(len(t))
    ramp = 0.5 - 0.5 * np.cos(np.linspace(0, np.pi, fade))
    envelope[:fade], envelope[len(t) - fade :] = ramp, ramp[::-1]
    return tone * envelope


@cache
def earcon_wav(earcon: Earcon) -> bytes:
    """The earcon as a WAV file (computed once)."""
    signal = np.concatenate([_note(f, s) for f, s in _NOTES[earcon]])
    return encode_wav((signal * _AMPLITUDE * 32767).astype(np.int16), RATE_HZ)
