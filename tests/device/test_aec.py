"""The echo canceller (``ting.device.aec``, ``ting.device.echo_stage``) on audio made here: espeak-ng speech
and sox music played into the simulated room's acoustics (a low-passed direct path and a decaying
reverberation, ``room.impulse_response``) behind a delay the canceller is not told, then taken back out;
a command said over it (double talk) must still be heard by the device's own recognizer and stop spotter."""

from __future__ import annotations

import logging
import subprocess
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from ting.device.aec import BLOCK_SAMPLES, EchoCanceller, EchoSettings, erle_db, estimate_delay
from ting.device.audio_out import decode_wav
from ting.device.echo_stage import EchoStage
from ting.device.interfaces import AudioChunk
from ting.device.output_trace import to_16k_mono
from ting.device.room import impulse_response
from ting.device.stt.grammar import phrases_to_jsgf
from ting.device.stt.pocketsphinx import PocketSphinxRecognizer
from ting.device.tts import _fix_stream_header
from ting.device.wake.barge import BargeDetectors, HeardKind
from ting.settings import DeviceSettings

RATE = 16_000
CHUNK = 480
ANSWER = (
    "The weather today will be mostly sunny with a high of twenty six degrees and a low of fourteen. "
    "Tomorrow clouds move in from the west, and by the afternoon there is a good chance of rain."
)
COMMANDS = ["turn on the kitchen light", "turn off the bedroom light", "what time is it", "stop the music"]


def espeak(text: str, voice: str = "en-us", wpm: int = 165) -> npt.NDArray[np.float32]:
    wav = subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(wpm), "--stdout", text], capture_output=True, check=True
    ).stdout
    sound = decode_wav(_fix_stream_header(wav))
    return to_16k_mono(sound.samples, sound.rate_hz)


def at_rms_db(x: npt.NDArray[np.float32], db: float) -> npt.NDArray[np.float32]:
    rms = float(np.sqrt(np.mean(x.astype(np.float64) ** 2)))
    return (x * (10 ** (db / 20) * 32768 / rms)).astype(np.float32)


def room(played: npt.NDArray[np.float32], delay_samples: int, gain: float = 0.6) -> npt.NDArray[np.float32]:
    """What the microphone hears of ``played``: late, low-passed and reverberated."""
    delayed = np.concatenate([np.zeros(delay_samples, np.float32), played])[: len(played)]
    return (np.convolve(delayed, impulse_response(0.12))[: len(played)] * gain).astype(np.float32)


def cancel(
    canceller: EchoCanceller, mic: npt.NDArray[np.float32], played: npt.NDArray[np.float32]
) -> npt.NDArray[np.float32]:
    """In 30 ms chunks, as the microphone gives them."""
    out = [canceller.process(mic[s : s + CHUNK], played[s : s + CHUNK]) for s in range(0, len(mic), CHUNK)]
    return np.concatenate(out)


@pytest.fixture(scope="module")
def answer() -> npt.NDArray[np.float32]:
    return at_rms_db(espeak(ANSWER), -20.0)


@pytest.fixture(scope="module")
def song(tmp_path_factory: pytest.TempPathFactory) -> npt.NDArray[np.float32]:
    """Chords over a bass line with a tremolo, 8 s (sox)."""
    out = Path(tmp_path_factory.mktemp("music")) / "song.wav"
    parts = []
    for index, notes in enumerate(
        [("C4", "E4", "G4", "C3"), ("A3", "C4", "E4", "A2"), ("F3", "A3", "C4", "F2")]
    ):
        part = out.with_name(f"bar{index}.wav")
        synth = [w for k, n in enumerate(notes) for w in (("pluck" if k < 3 else "sine"), n)]
        command = ["sox", "-n", "-r", "16000", "-c", "1", "-b", "16", str(part), "synth", "2.7", *synth]
        subprocess.run([*command, "tremolo", "4", "40"], check=True)
        parts.append(str(part))
    subprocess.run(["sox", *parts, str(out)], check=True)
    return at_rms_db(decode_wav(out.read_bytes()).samples.astype(np.float32), -20.0)


@pytest.mark.parametrize("delay_ms", [20, 150])
def test_speech_echo_is_cancelled_after_the_delay_is_found(
    answer: npt.NDArray[np.float32], delay_ms: int
) -> None:
    delay = delay_ms * RATE // 1000
    mic = room(answer, delay)
    canceller = EchoCanceller()
    out = cancel(canceller, mic, answer)
    assert canceller.stats.delay_samples is not None
    assert abs(canceller.stats.delay_samples - delay) <= 3  # the direct path's peak (a 3-tap low-pass)
    settled = slice(3 * RATE, len(out))
    learnt = erle_db(mic[settled], out[settled])
    assert learnt >= 20.0  # measured ~35 dB in this linear room
    assert erle_db(mic[: RATE // 2], out[: RATE // 2]) < learnt - 10.0  # it learnt: not a fixed attenuation


def test_settled_after_a_second_of_playback(answer: npt.NDArray[np.float32]) -> None:
    """Barge-in ignores hits until then: a new canceller's output falls steeply as it learns."""
    canceller = EchoCanceller()
    cancel(canceller, np.zeros(2 * RATE, np.float32), np.zeros(2 * RATE, np.float32))
    assert not canceller.settled  # nothing played: nothing learnt
    mic = room(answer, 320)
    cancel(canceller, mic[: RATE // 2], answer[: RATE // 2])
    assert not canceller.settled
    cancel(canceller, mic[RATE // 2 : 2 * RATE], answer[RATE // 2 : 2 * RATE])
    assert canceller.settled


def test_music_echo_is_cancelled(song: npt.NDArray[np.float32]) -> None:
    mic = room(song, 600)
    out = cancel(EchoCanceller(), mic, song)
    settled = slice(3 * RATE, len(out))
    # ~14 dB measured: each chord change (every 2.7 s) brings notes not learnt yet, for ~1 s
    assert erle_db(mic[settled], out[settled]) >= 10.0
    assert erle_db(mic[-RATE:], out[-RATE:]) >= 20.0  # the last chord, learnt


def test_a_changed_delay_is_followed(answer: npt.NDArray[np.float32]) -> None:
    """The output's latency changes (another buffer size): the canceller finds the new delay and cancels."""
    half = len(answer) // 2
    mic = np.concatenate([room(answer[:half], 320), room(answer[half:], 1600)])
    canceller = EchoCanceller()
    out = cancel(canceller, mic, answer)
    assert canceller.stats.delay_samples is not None and abs(canceller.stats.delay_samples - 1600) <= 3
    late = slice(half + 3 * RATE, len(out))
    assert erle_db(mic[late], out[late]) >= 15.0


def test_a_command_said_over_the_answer_survives_and_is_recognized(answer: npt.NDArray[np.float32]) -> None:
    """Double talk: the user's command, as loud as the echo, is not learnt as echo (and cancelled)."""
    recognizer = PocketSphinxRecognizer(jsgf=phrases_to_jsgf(COMMANDS))
    echo = room(answer, 320)
    command = espeak("turn on the kitchen light", "en-us+f3", 150)
    command = command * np.float32(np.sqrt(np.mean(echo**2)) / np.sqrt(np.mean(command**2)))  # 0 dB
    at = 4 * RATE
    near = np.zeros_like(echo)
    near[at : at + len(command)] = command
    canceller = EchoCanceller()
    out = cancel(canceller, echo + near, answer)
    said = slice(at, at + len(command))
    kept = erle_db(near[said], out[said] - near[said])  # the command over what is left of the echo
    assert kept >= 15.0, f"command only {kept:.1f} dB over the residual"
    assert canceller.stats.double_talk_blocks > 0  # it stopped learning while the user spoke
    pcm = np.clip(out[at - RATE // 2 : at + len(command) + RATE // 2], -32768, 32767).astype("<i2").tobytes()
    assert recognizer.transcribe(pcm).text == "turn on the kitchen light"


def test_stop_said_over_music_is_spotted_after_cancelling(song: npt.NDArray[np.float32]) -> None:
    detector = BargeDetectors(
        # barge_in on: the spotters are heard without a trained model ("auto" waits for one)
        DeviceSettings(wake_phrases={"en": "hey ting"}, stop_phrases={"en": ["stop"]}, barge_in=True)
    )()
    echo = room(song, 480, gain=1.0)
    stop = espeak("stop", "en-us+f3", 150)
    stop = stop * np.float32(np.sqrt(np.mean(echo**2)) / np.sqrt(np.mean(stop**2)))  # as loud as the music
    at = 6 * RATE  # the third chord, 0.6 s in
    mic = echo.copy()
    mic[at : at + len(stop)] += stop
    out = np.clip(cancel(EchoCanceller(), mic, song), -32768, 32767).astype("<i2")
    hits = []
    for start in range(at - RATE, len(out), CHUNK):  # from 1 s before: what the cancelling left of the stop
        found = detector.process(AudioChunk(out[start : start + CHUNK].tobytes(), start / RATE))
        if found is not None:
            hits.append(found)
    # heard while it was said (what else the permissive spotters fire on is for the own-voice check after
    # them, ``BargeIn``; bench/barge_in.py counts what gets through both)
    said = (at / RATE, (at + len(stop)) / RATE + 0.5)
    stops = [
        h for h in hits if h.wakeword_id == f"{HeardKind.STOP}:stop" and said[0] < h.end_seconds < said[1]
    ]
    assert stops, hits


def test_no_delay_is_claimed_without_an_echo(answer: npt.NDArray[np.float32]) -> None:
    rng = np.random.default_rng(3)
    unrelated = (rng.standard_normal(2 * RATE) * 300).astype(np.float32)
    assert estimate_delay(unrelated, answer[: 2 * RATE], 6400) is None
    assert estimate_delay(unrelated, np.zeros(2 * RATE, np.float32), 6400) is None


def test_bad_input_is_refused_clearly() -> None:
    canceller = EchoCanceller()
    with pytest.raises(ValueError, match="differ in length"):
        canceller.process(np.zeros(480, np.float32), np.zeros(320, np.float32))
    with pytest.raises(ValueError, match="step_size"):
        EchoCanceller(EchoSettings(step_size=0.0))
    assert (
        len(canceller.process(np.zeros(100, np.float32), np.zeros(100, np.float32))) == 0
    )  # held: < a block
    assert len(canceller.process(np.zeros(380, np.float32), np.zeros(380, np.float32))) == 3 * BLOCK_SAMPLES


async def test_stage_passes_chunks_through_untouched_when_nothing_played(
    answer: npt.NDArray[np.float32],
) -> None:
    playing = [False]

    def played(seconds: float, _end: float) -> npt.NDArray[np.float32]:
        return np.full(int(seconds * RATE), 1000.0 if playing[0] else 0.0, np.float32)

    stage = EchoStage(played)
    try:
        chunk = AudioChunk(np.full(CHUNK, 1000, "<i2").tobytes(), 0.0, 10.0)
        assert await stage.clean(chunk) is chunk  # idle: not even copied
        playing[0] = True
        cleaned = await stage.clean(AudioChunk(chunk.pcm, 0.03, 10.03))
        assert cleaned is not chunk and len(cleaned.pcm) == len(chunk.pcm)
        assert stage.canceller.stats.blocks == 3
        last = AudioChunk(chunk.pcm[:200], 0.06, 10.04)  # a file's last piece, not whole blocks
        assert await stage.clean(last) is last  # passed on as it is, not held back
        assert stage.canceller.stats.blocks == 3
    finally:
        stage.close()


def test_a_missing_stop_phrase_model_is_logged_once_per_device(caplog: pytest.LogCaptureFixture) -> None:
    settings = DeviceSettings(
        wake_phrases={"en": "hey ting"},
        stop_phrases={"en": ["stop"], "zh": ["别说了"]},
        models_dir=Path("/none"),
        barge_in=True,
    )
    detectors = BargeDetectors(settings)
    with caplog.at_level(logging.WARNING, logger="ting.device.wake.barge"):
        for _ in range(3):  # a detector is built for every answer
            detector = detectors()
            assert [p.phrase for p in detector.phrases] == ["stop", "pause"]
    lines = [r for r in caplog.records if "别说了" in r.getMessage() and "not heard" in r.getMessage()]
    assert len(lines) == 1
    with caplog.at_level(logging.WARNING, logger="ting.device.wake.barge"):
        BargeDetectors(settings)()  # another device: its own log line
    lines = [r for r in caplog.records if "别说了" in r.getMessage() and "not heard" in r.getMessage()]
    assert len(lines) == 2
