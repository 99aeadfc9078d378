"""How soon a stop heard over the device's own answer is given (docs/benchmarks.md, "Barge-in: where
停's latency over speech goes"): the alone check's threshold, chosen on the dev clips, gives 停 at its hit
where the check scores +4.5 (over a dev answer, 停 said alone scored +4.51 at its hit and waited for the
wake model under the old +5.0), while +2.0 (above every "hey ting" on the dev clips: +1.92 at most) still
waits the whole wait; and the barge-in listener hears every 30 ms chunk as it comes, so a stop is given in
the chunk its hit is in, not at the end of a 90 ms batch.

Heard as on the device: 停 said by espeak-ng over the device's own Piper answer (made now, repeatable),
through a room and the echo canceller, chunk by chunk into the real embedding stream (which decides when
each window is there to be scored) and the real listener. The stop engine's hit is placed at 停's end and
the wake model's and the check's scores are given (as in test_barge_contest.py; a trained check's scores
are measured in test_alone_check.py and bench/barge_dev.py), so what is tested is when the stop is given.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.device.barge_rig import PlacedStop, said_over
from ting.device.audio_out import decode_wav
from ting.device.barge_in import BargeIn
from ting.device.interfaces import AudioChunk
from ting.device.output_trace import to_16k_mono
from ting.device.synthesis import build_synthesizer
from ting.device.wake.barge import CONTEST_SECONDS, AloneCheck, BargeDetector, HeardKind, PhraseSpotter
from ting.device.wake.classifier import WINDOW_EMBEDDINGS, WakeModel
from ting.device.wake.embedding import EMBEDDING_SIZE, SpeechEmbedder
from ting.device.wake.shared_stream import SharedEmbeddings
from ting.device.wake.synthetic import Voice, espeak, speech_bounds
from ting.device.wake.trained import WAKE_DEFAULT_LOGIT, TrainedWakeDetector, min_logit
from ting.settings import DeviceSettings
from ting.supervise import Backoff

WAIT_CHUNKS = round(CONTEST_SECONDS / 0.03)
SAID_AT_SECONDS = 2.5
WITHIN_REACH = min_logit(0.5, WAKE_DEFAULT_LOGIT) - 5
OUT_OF_REACH = min_logit(0.5, WAKE_DEFAULT_LOGIT) - 30


def steady(phrase: str, lang: str, logit: float) -> WakeModel:
    """A classifier that scores every window ``logit``."""
    size = WINDOW_EMBEDDINGS * EMBEDDING_SIZE
    layer = (np.zeros((size, 1)), np.array([logit]))
    return WakeModel(phrase, lang, np.zeros(size), np.ones(size), [layer])


@pytest.fixture(scope="module")
def ting_over_answer() -> tuple[list[bytes], int]:
    """停 said ``SAID_AT_SECONDS`` into the device's answer, through a room and the canceller: the 30 ms
    chunks the detectors hear, and the chunk 停's last sound ends in."""
    text = (
        "The weather tomorrow is cloudy with some rain in the afternoon. On Sunday the sun comes back and it "
        "gets warmer, up to twenty degrees."
    )
    sound = decode_wav(build_synthesizer(DeviceSettings(), repeatable=True).synthesize(text, "en"))
    played = to_16k_mono(sound.samples, sound.rate_hz).astype(np.float64) * 0.8
    words = espeak("停", Voice("cmn-latn-pinyin", "f3", 150))
    first, last = speech_bounds(words)
    assert int(SAID_AT_SECONDS * 16_000) + last - first + 16_000 < len(played), "long enough to say 停 over"
    return said_over(played, words, SAID_AT_SECONDS)


def detector(hit: int, wake_logit: float, check_logit: float | None) -> BargeDetector:
    """The barge-in detector: the wake model scoring ``wake_logit``, 停's hit at chunk ``hit``, its check
    scoring ``check_logit`` on every window (None: no check)."""
    hub = SharedEmbeddings(SpeechEmbedder())
    wake = TrainedWakeDetector(steady("hey ting", "en", wake_logit), embeddings=hub.tap())
    alone = AloneCheck(steady("停", "zh", check_logit), hub.tap()) if check_logit is not None else None
    return BargeDetector([wake], [PhraseSpotter(PlacedStop(hit), HeardKind.STOP, "停", alone)])


def given_at(chunks: list[bytes], barge: BargeDetector) -> list[tuple[int, str]]:
    found = []
    for index, pcm in enumerate(chunks):
        given = barge.process(AudioChunk(pcm, index * 0.03))
        if given is not None:
            found.append((index, given.wakeword_id))
    return found


def test_a_check_as_sure_as_ting_over_a_dev_answer_gives_the_stop_at_its_hit(
    ting_over_answer: tuple[list[bytes], int],
) -> None:
    chunks, hit = ting_over_answer
    assert given_at(chunks, detector(hit, WITHIN_REACH, 4.5)) == [(hit, "stop:停")]
    # as sure as the check ever was of a "hey ting" on the dev clips: the whole wait for the wake model
    assert given_at(chunks, detector(hit, WITHIN_REACH, 2.0)) == [(hit + WAIT_CHUNKS, "stop:停")]


async def test_the_listener_gives_a_stop_in_the_chunk_of_its_hit(
    ting_over_answer: tuple[list[bytes], int],
) -> None:
    chunks, hit = ting_over_answer
    for placed in (hit, hit + 1, hit + 2):  # the first, second and third chunk of a 90 ms batch
        listener = BargeIn(
            lambda at=placed: detector(at, OUT_OF_REACH, None),  # type: ignore[misc]
            lambda s, _e: np.zeros(int(s * 16_000), np.float32),
            Backoff(0.1, 1),
            {},
        )
        given = []
        for index, pcm in enumerate(chunks):
            heard = await listener.hear(AudioChunk(pcm, index * 0.03))
            if heard is not None:
                given.append((index, heard.kind, heard.phrase))
        assert given == [(placed, HeardKind.STOP, "停")], placed
