"""The alone check (``ting.device.wake.alone_check``): trained at test time with the product's training
code (its plan: espeak-ng 停, "hey ting" and 小听小听, over the device's own Piper answer and generated
music through its echo canceller), then heard over the device's own playback made at test time (another
Piper answer, through a room and the canceller, chunk by chunk into the real embedding stream): after a 停
hit while the wake model is within reach, 停 said alone is given well before the 0.53 s wait ends; "hey
ting" and 小听小听 over the same playback are not taken for 停 said alone (the hit waits the whole wait for
the wake model, as without a check); and the check's scores stay ``MARGIN_LOGITS`` from its threshold both
ways. The device's voice is repeatable here as in training (Piper without its sampling noise: a check
trained on a new draw each run passed here and failed in a clean clone), so the check is the same each run.

The stop hit is placed where a trained 停 model fires (right after 停's last sound; on "hey ting" and
小听小听, in or right after the last syllable) by an engine whose hits are given; the wake model is a
trained-model detector whose classifier scores every window 5 logits under its threshold (within reach);
the embeddings and the check are real (the trained stop models are measured in bench/barge_in.py).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from tests.device.barge_rig import PlacedStop, said_over
from ting.device.audio_out import decode_wav
from ting.device.interfaces import AudioChunk
from ting.device.output_trace import to_16k_mono
from ting.device.synthesis import build_synthesizer
from ting.device.wake.alone_check import ALONE_LOGIT, AlonePlan, train_alone_check
from ting.device.wake.barge import CONTEST_SECONDS, AloneCheck, BargeDetector, HeardKind, PhraseSpotter
from ting.device.wake.classifier import WINDOW_EMBEDDINGS, WakeModel
from ting.device.wake.embedding import EMBEDDING_SIZE, SpeechEmbedder
from ting.device.wake.shared_stream import SharedEmbeddings
from ting.device.wake.stop_training import device_answers, generated_music
from ting.device.wake.synthetic import Samples, Voice, espeak
from ting.device.wake.trained import WAKE_DEFAULT_LOGIT, TrainedWakeDetector, min_logit
from ting.settings import DeviceSettings

PLAYING = (
    "Here is the long forecast. Tomorrow clouds move in from the west, and by the afternoon there is a good "
    "chance of rain, so take an umbrella."
)
SAID_AT_SECONDS = 3.0
WAIT_CHUNKS = round(CONTEST_SECONDS / 0.03)
MARGIN_LOGITS = 2.0
"""How far from its threshold the check's scores stay (both ways): a check that passes only just would fail
on another machine's rounding or a small change to its training. The check trained here is the same every
run (repeatable audio, seeded draws); measured in docs/benchmarks.md ("the alone check trained the same
every run")."""
Scores = npt.NDArray[np.float64]


def device_voice(text: str, lang: str = "en") -> Samples:
    """The device's voice as training hears it: repeatable (Piper without its sampling noise), so the
    check trained here is the same every run."""
    sound = decode_wav(build_synthesizer(DeviceSettings(), repeatable=True).synthesize(text, lang))
    return to_16k_mono(sound.samples, sound.rate_hz).astype(np.float64)


def train_check() -> WakeModel:
    """Trained as ``ting wake train --stop`` trains it: the product's plan, over the device's own answers
    (its voices) and generated music."""
    plan = AlonePlan("停", "zh", (("hey ting", "en"), ("小听小听", "zh")))
    played = [*device_answers(device_voice), generated_music(30)]
    return train_alone_check(plan, played)


@pytest.fixture(scope="module")
def check() -> WakeModel:
    return train_check()


def steady_wake(embeddings: SharedEmbeddings) -> TrainedWakeDetector:
    """ "hey ting"'s trained-model detector, 5 logits under its threshold on every window: within reach."""
    size = WINDOW_EMBEDDINGS * EMBEDDING_SIZE
    logit = min_logit(0.5, WAKE_DEFAULT_LOGIT) - 5
    model = WakeModel(
        "hey ting", "en", np.zeros(size), np.ones(size), [(np.zeros((size, 1)), np.array([logit]))]
    )
    return TrainedWakeDetector(model, embeddings=embeddings.tap())


def over_playback(text: str, voice: Voice) -> tuple[list[bytes], int]:
    """``text`` said by ``voice`` ``SAID_AT_SECONDS`` into the device's answer, through a room and the
    canceller: the 30 ms chunks the detectors hear, and the chunk a stop model fires in (its last syllable's
    end)."""
    played = device_voice(PLAYING) * 0.8
    words = espeak(text, voice)
    return said_over(played, words, SAID_AT_SECONDS)


def heard(
    chunks: list[bytes], hit_chunk: int, check: WakeModel | None
) -> tuple[list[tuple[int, str]], Scores]:
    """What the barge-in detector gives (chunk, id), and the check's score after each chunk (it scores the
    newest window; the detector asks it only at the hit and along the wait)."""
    hub = SharedEmbeddings(SpeechEmbedder())
    alone = AloneCheck(check, hub.tap()) if check is not None else None
    detector = BargeDetector(
        [steady_wake(hub)], [PhraseSpotter(PlacedStop(hit_chunk), HeardKind.STOP, "停", alone)]
    )
    found = []
    scores = []
    for index, pcm in enumerate(chunks):
        hit = detector.process(AudioChunk(pcm, index * 0.03))
        if hit is not None:
            found.append((index, hit.wakeword_id))
        scores.append(alone.logit() if alone is not None else float("nan"))
    return found, np.array(scores)


@pytest.mark.parametrize("voice", [Voice("cmn-latn-pinyin", "f3", 150), Voice("cmn-latn-pinyin", "m3", 175)])
def test_ting_said_alone_over_the_devices_answer_stops_it_before_the_wait_ends(
    check: WakeModel, voice: Voice
) -> None:
    chunks, hit = over_playback("停", voice)
    [(given, what)], scores = heard(chunks, hit, check)
    assert what == "stop:停"
    assert hit <= given < hit + WAIT_CHUNKS // 2  # within 0.27 s of the hit, not after the 0.53 s wait
    best = float(scores[hit : hit + WAIT_CHUNKS // 2].max())
    assert best >= ALONE_LOGIT + MARGIN_LOGITS, f"the check's best score {best:+.2f}: too near its threshold"
    assert heard(chunks, hit, None)[0] == [
        (hit + WAIT_CHUNKS, "stop:停")
    ]  # without the check: the whole wait


@pytest.mark.parametrize(
    ("text", "voice"),
    [
        ("hey ting", Voice("en-us", "f3", 140)),
        ("hey ting", Voice("en-gb", "m3", 175)),
        ("小听小听", Voice("cmn-latn-pinyin", "f2", 160)),
    ],
)
def test_a_wake_phrase_over_the_devices_answer_is_not_taken_for_ting_said_alone(
    check: WakeModel, text: str, voice: Voice
) -> None:
    chunks, hit = over_playback(text, voice)
    for placed in (hit - 6, hit - 3, hit):  # where a 停 model fires on the last "ting"
        found, scores = heard(chunks, placed, check)
        assert found == [(placed + WAIT_CHUNKS, "stop:停")], placed
        worst = float(scores[placed : placed + WAIT_CHUNKS].max())
        assert worst <= ALONE_LOGIT - MARGIN_LOGITS, f"at {placed}: the check's highest score {worst:+.2f}"
