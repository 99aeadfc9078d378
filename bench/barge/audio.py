"""The benchmark's sounds: the device's Piper answers, the user's phrases (espeak-ng), generated music, and
what the room does to them. None of it is what the stop models were trained on (``stop_training``)."""

from __future__ import annotations

import hashlib
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import numpy.typing as npt

from ting.device.audio_out import decode_wav
from ting.device.output_trace import to_16k_mono
from ting.device.room import impulse_response
from ting.device.synthesis import build_synthesizer
from ting.settings import DeviceSettings

ANSWERS = [
    "The weather today in Beijing will be mostly sunny with a high of twenty six degrees and a low of "
    "fourteen. Tomorrow clouds move in from the west, and by the afternoon there is a good chance of rain, "
    "so take an umbrella. On Saturday it clears up again, perfect for a walk in the park.",
    "Your next alarm is set for seven thirty tomorrow morning, and the kitchen timer has four minutes left. "
    "The living room lights are on, the front door is locked, and the heating is set to twenty one degrees. "
    "You have two reminders today: call the plumber at ten, and pick up the kids at four.",
    "Here is a recipe for tomato and egg stir fry. Beat four eggs with a pinch of salt. Cut three tomatoes "
    "into wedges. Scramble the eggs in hot oil until just set, then take them out. Fry the tomatoes until "
    "soft, add a spoon of sugar, return the eggs, stir for a minute, and serve over rice.",
    "Stopping by the station on the way home is quicker than the highway at this hour. Traffic on the ring "
    "road is heavy, about twenty five minutes to the city centre, and the subway runs every four minutes. "
    "Don't stop at the bakery, it closes early on Sundays.",
]
ENGLISH_VOICES = ["en-us", "en-us+f3", "en-gb", "en-us+m3", "en-gb+f2", "en-us+m7", "en-029", "en-gb-x-rp"]
MANDARIN_VOICES = ["cmn-latn-pinyin+f3", "cmn-latn-pinyin+m3", "cmn-latn-pinyin+f2", "cmn-latn-pinyin+m7"]
"""espeak-ng's only Mandarin voice (the one the models were trained on, with every variant at random
speeds and pitches: here at the benchmark's own speeds and the default pitch)."""
CACHE = Path(tempfile.gettempdir()) / "ting-bench-barge"
SETTINGS = DeviceSettings(wake_phrases={"en": "hey ting"}, barge_in=True)
"""``barge_in`` on: a phrase without a trained model keeps its spotter (the peer measured beside the models;
the default ``auto`` would leave it unheard)."""
Audio = npt.NDArray[np.float32]


def voices_for(phrase: str) -> list[str]:
    return ENGLISH_VOICES if phrase.isascii() else MANDARIN_VOICES


def espeak(text: str, voice: str = "en-us+f3", wpm: int = 160) -> Audio:
    wav = subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(wpm), "--stdout", text], capture_output=True, check=True
    ).stdout
    sound = decode_wav(_fix(wav))
    return to_16k_mono(sound.samples, sound.rate_hz)


def speech_only(clip: Audio, frame: int = 160, below_peak_db: float = 40.0) -> Audio:
    """``clip`` without its trailing silence (espeak-ng ends a phrase with ~0.35 s of it): the end of what is
    said is where a latency from "the phrase said" starts. Frames of 10 ms quieter than ``below_peak_db``
    under the loudest frame count as silence."""
    frames = len(clip) // frame
    if frames == 0:
        return clip
    rms = np.sqrt(np.mean(clip[: frames * frame].reshape(frames, frame).astype(np.float64) ** 2, axis=1))
    loud = np.flatnonzero(rms > rms.max() * 10 ** (-below_peak_db / 20))
    return clip[: (int(loud[-1]) + 1) * frame]


def _fix(wav: bytes) -> bytes:
    from ting.device.tts import _fix_stream_header

    return _fix_stream_header(wav)


def piper(text: str) -> Audio:
    """The answer in the device's English voice (cached across runs: synthesis is the slow part here)."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / (hashlib.sha1(text.encode()).hexdigest()[:16] + ".npy")
    if path.exists():
        return np.asarray(np.load(path), np.float32)
    sound = decode_wav(build_synthesizer(SETTINGS).synthesize(text, "en"))
    audio = to_16k_mono(sound.samples, sound.rate_hz)
    np.save(path, audio)
    return audio


BENCH_CHORDS = (
    ("C4", "E4", "G4", "C3"),
    ("A3", "C4", "E4", "A2"),
    ("F3", "A3", "C4", "F2"),
    ("G3", "B3", "D4", "G2"),
)
"""The bench's own music; a dev set plays other chords (``bench/barge_contest_dev.py``)."""


def music(
    seconds: float, chords: tuple[tuple[str, ...], ...] = BENCH_CHORDS, tremolo: tuple[int, int] = (4, 40)
) -> Audio:
    """Generated music: plucked chords over a sine bass with a tremolo (sox), 2 s a chord, 16 kHz mono."""
    key = hashlib.sha1(repr((chords, tremolo)).encode()).hexdigest()[:10]
    variant = "" if (chords, tremolo) == (BENCH_CHORDS, (4, 40)) else f"-{key}"
    out = CACHE / f"music-{seconds:.0f}{variant}.wav"
    if not out.exists():
        CACHE.mkdir(exist_ok=True)
        parts = []
        for index in range(int(seconds / 2)):
            notes = chords[index % len(chords)]
            part = CACHE / f"bar{index % len(chords)}{variant}.wav"
            synth = [f"pluck {n}" if k < 3 else f"sine {n}" for k, n in enumerate(notes)]
            args = [word for spec in synth for word in spec.split()]
            command = ["sox", "-n", "-r", "16000", "-c", "1", "-b", "16", str(part), "synth", "2", *args]
            beat = ["tremolo", str(tremolo[0]), str(tremolo[1]), "fade", "0.01", "2", "0.05"]
            subprocess.run([*command, *beat], check=True)
            parts.append(str(part))
        subprocess.run(["sox", *parts, str(out)], check=True)
    sound = decode_wav(out.read_bytes())
    return sound.samples.astype(np.float32)


def room_echo(dry: Audio, gain: float) -> Audio:
    """Offline, what ``SimulatedRoom`` does to the device's output (delay, reverberation, low-pass)."""
    delayed = np.concatenate([np.zeros(320, np.float32), dry])
    return np.convolve(delayed, impulse_response(0.12))[: len(dry) + 320] * np.float32(gain)


def rms_db(x: Audio) -> float:
    return float(20 * np.log10(np.sqrt(np.mean(x.astype(np.float64) ** 2)) + 1e-9))


def at_db(clip: Audio, bed: Audio, db: float) -> Audio:
    """``clip`` scaled to ``db`` over ``bed``'s RMS."""
    return clip * np.float32(10 ** ((rms_db(bed) + db - rms_db(clip)) / 20))
