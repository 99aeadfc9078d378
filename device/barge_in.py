"""Barge-in: while the device speaks or plays music, the wake word and the stop/pause phrases stay heard.

One listener for both cases. Its detector (``ting.device.wake.barge``: the wake phrases and
``device.stop_phrases`` / ``pause_phrases``) gets the microphone on a worker thread as the idle wake word
does (``ting.device.wake_listener``), but chunk by chunk (``BATCH_SECONDS``), not in 90 ms batches. What the
agent does with a hit is its own (``DeviceAgent._barged``): a stop ends the answer and its session, a pause
or stop over music pauses or stops it, the wake word ends the answer and starts a new session.

**Not waking on its own voice.** Without echo cancellation (``device.echo_cancel``, ``ting.device.aec``) the
microphone hears the answer or the song as loudly as it plays; with it, what the canceller leaves. While a
new canceller learns (``settled``), its output falls steeply and the spotters fire on that: hits are ignored.
Before this, the wake word detector was simply not fed while the device spoke. Now
every hit is checked against what the device itself played (``OutputTrace``: the answer and the music, as
sent to the speaker): the echo's delay and level are estimated from the last ``window_seconds`` (energy
envelopes lined up), and a hit whose phrase adds less than ``EXCESS_RATIO`` of energy to what the echo
explains is the device's own voice (or the song's words), counted in ``own_voice`` and dropped; with
nothing played, a hit needs a sound at all. Only hits are checked, so idle cost does not change. (Running
the detector over the reference too, to find hits the output makes by itself, was tried: the permissive
spotters fire on clean speech so often that it dropped the user's "stop" as well.)
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from ting.device.interfaces import AudioChunk, WakeDetection, WakeWordDetector
from ting.device.wake.barge import Heard, HeardKind, surer
from ting.device.wake_listener import WakeListener
from ting.supervise import Backoff

_LOGGER = logging.getLogger(__name__)


Reference = Callable[[float, float], npt.NDArray[np.float32]]
"""(Seconds, until when: monotonic) -> what the device played then, 16 kHz mono."""


class BargeIn:
    def __init__(
        self,
        make_detector: Callable[[], WakeWordDetector],
        reference: Reference,
        backoff: Backoff,
        restarts: dict[str, int],
        *,
        window_seconds: float = 2.5,
        settled: Callable[[], bool] | None = None,
    ) -> None:
        self._make = make_detector
        self._built: list[WakeWordDetector] = []
        """Detectors built ahead (``prepare``), so the first use does not hold up the microphone."""
        self._mic = WakeListener(
            self._detector, backoff, restarts, batch_seconds=BATCH_SECONDS, fresh_after_hit=False
        )
        self._reference = reference
        self._settled = settled
        """With an echo canceller before it: whether it has learnt enough for its output to be judged."""
        self.window_seconds = window_seconds
        self.own_voice = 0
        """Hits dropped because the device's own output made them."""
        self._last_chunk_monotonic = 0.0
        self._heard: list[bytes] = []
        """The microphone's last ``window_seconds``."""
        self._held: tuple[Heard, float] | None = None
        """A wake hit waiting ``STOP_WINS_SECONDS`` (of audio) for a stop or pause hit on the same words."""
        self._stopped_at = -float("inf")
        """When (audio seconds) the last stop or pause hit ended: a wake hit on the same words is dropped."""

    async def prepare(self) -> None:
        """Build the detector off the loop, now (not on the first chunk it hears)."""
        self._built = await asyncio.to_thread(lambda: [self._make()])

    def _detector(self) -> WakeWordDetector:
        return self._built.pop() if self._built else self._make()

    @property
    def detector(self) -> WakeWordDetector | None:
        """The one listening (None before the first audio)."""
        return self._mic.detector

    async def replace(self) -> None:
        """A new wake model arrived (``WakeModels``): listen with a detector built with it from now on."""
        detector = await asyncio.to_thread(self._make)
        self._built = []
        self._mic.replace(detector)

    def pause(self) -> None:
        """Not speaking or playing any more: the next time starts from a clean detector."""
        self._mic.pause()
        self._held = None

    async def hear(self, chunk: AudioChunk) -> Heard | None:
        """A stop or pause at once; the wake word ``STOP_WINS_SECONDS`` later, unless a stop or pause hit
        ends on the same words meanwhile (the wake spotter can take "stop" for the wake word: a stop must
        then end the session, not start a new one) and is not less sure of them than a trained wake model
        (``surer``: "hey ting" is not 停)."""
        # the reference is taken up to when the microphone heard the last chunk, not to when it came here
        self._last_chunk_monotonic = chunk.captured_monotonic or time.monotonic()
        self._heard.append(chunk.pcm)
        if len(self._heard) > self.window_seconds / max(chunk.seconds, 0.01):
            del self._heard[0]
        found = await self._mic.hear(chunk)
        heard = await self._accepted(found[0]) if found is not None else None
        now = chunk.start_seconds + chunk.seconds
        if heard is not None and heard.kind is not HeardKind.WAKE:
            waiting, self._held = self._held, None
            self._mic.pause()  # one hit per phrase: the other spotters' hits on it are not new ones
            if waiting is not None and surer(waiting[0].detection, heard.detection) is waiting[0].detection:
                return waiting[0]  # a trained wake word surer of these words than the stop model
            self._stopped_at = heard.detection.end_seconds
            return heard
        if heard is not None and self._held is None:
            if heard.detection.end_seconds - self._stopped_at < STOP_WINS_SECONDS:
                _LOGGER.info("%s on the words of a stop: ignored", heard.phrase)
                return None
            self._held = (heard, now + STOP_WINS_SECONDS)
        if self._held is not None and now >= self._held[1]:
            held, self._held = self._held[0], None
            self._mic.pause()
            return held
        return None

    async def _accepted(self, detection: WakeDetection) -> Heard | None:
        """The hit, unless the device's own output (or a canceller still learning) made it."""
        if self._settled is not None and not self._settled():
            self.own_voice += 1
            _LOGGER.info(
                "%s heard while the echo canceller is still learning: ignored", detection.wakeword_id
            )
            return None
        reference = self._reference(self.window_seconds, self._last_chunk_monotonic)
        mic = np.frombuffer(b"".join(self._heard), dtype="<i2").astype(np.float32)
        if await asyncio.to_thread(self._own_voice, detection, mic, reference):
            self.own_voice += 1
            _LOGGER.info("%s heard in the device's own output: ignored", detection.wakeword_id)
            return None
        return Heard.parse(detection)

    def _own_voice(
        self, detection: WakeDetection, mic: npt.NDArray[np.float32], reference: npt.NDArray[np.float32]
    ) -> bool:
        """The hit is the device's own output: it adds no sound of its own to the echo. Runs off the loop."""
        if not np.any(reference):  # nothing played (between two sentences): a hit needs a sound to be on
            _LOGGER.debug("%s with nothing played: sound %s", detection.wakeword_id, has_sound(mic))
            return not has_sound(mic)
        return not louder_than_echo(mic, reference)


BATCH_SECONDS = 0.03
"""The detector hears every 30 ms chunk as it comes, not ``WakeListener``'s 90 ms batches: a stop heard in a
batch's first chunk was given two chunks (60 ms) later (the idle wake word keeps its batches; this listener
runs only while the device speaks or plays, one thread hop per chunk)."""
FRAME_SAMPLES = 320
"""20 ms energy frames."""
PHRASE_SECONDS = 0.8
"""The end of the window in which the phrase was said."""
MAX_LAG_SECONDS = 0.6
"""How much later than it was played the echo may reach the microphone (buffers, the room)."""
EXCESS_RATIO = 2.5
"""The phrase must carry at least this much more energy (4 dB) than the echo explains."""
STOP_WINS_SECONDS = 0.45
"""How long a wake hit waits for a stop or pause hit on the same words (the spotters' hits on one word end
up to ~0.3 s apart); the wake word is that much later, the command after it is not lost (an earcon
plays first)."""


SOUND_FLOOR = 100.0
"""RMS (of 32,768) under which the end of the window is taken for silence (~-50 dBFS)."""


def has_sound(mic: npt.NDArray[np.float32]) -> bool:
    """Something loud enough to be speech in the last ``PHRASE_SECONDS`` (a spotter can fire on silence)."""
    tail = mic[-int(PHRASE_SECONDS * 16_000) :]
    return bool(len(tail)) and float(np.sqrt(np.mean(tail.astype(np.float64) ** 2))) > SOUND_FLOOR


def frame_energy(samples: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
    count = len(samples) // FRAME_SAMPLES
    frames = samples[: count * FRAME_SAMPLES].astype(np.float64).reshape(count, FRAME_SAMPLES)
    energy: npt.NDArray[np.float64] = (frames**2).mean(axis=1)
    return energy


def louder_than_echo(mic: npt.NDArray[np.float32], reference: npt.NDArray[np.float32]) -> bool:
    """Whether the microphone's last ``PHRASE_SECONDS`` hold more than the echo of what was played.

    The echo's level at the microphone (the room's gain) and its delay are estimated from the whole window:
    the lag that best lines the energy envelopes up, then the median ratio of mic to reference energy where
    the reference is loud. Someone speaking over the answer adds energy the reference does not explain."""
    heard, played = frame_energy(mic), frame_energy(reference)
    count = min(len(heard), len(played))
    if count < 10:
        return True
    heard, played = heard[-count:], played[-count:]
    lag = _best_lag(heard, played, int(MAX_LAG_SECONDS * 16_000 / FRAME_SAMPLES))
    echo = np.concatenate([np.zeros(lag), played[: count - lag]])
    loud = echo > 0.1 * echo.max() if echo.max() > 0 else np.zeros(count, bool)
    if loud.sum() < 5:
        return True
    gain = float(np.median(heard[loud] / echo[loud]))
    tail = int(PHRASE_SECONDS * 16_000 / FRAME_SAMPLES)
    explained = gain * echo[-tail:].sum() + 1e-3
    ratio = heard[-tail:].sum() / explained
    _LOGGER.debug("lag %d frames, echo gain %.3g, phrase %.2f x echo", lag, gain, ratio)
    return bool(heard[-tail:].sum() > EXCESS_RATIO * explained)


def _best_lag(heard: npt.NDArray[np.float64], played: npt.NDArray[np.float64], max_lag: int) -> int:
    envelope_heard, envelope_played = np.log1p(heard), np.log1p(played)
    best, best_score = 0, -np.inf
    for lag in range(0, min(max_lag, len(heard) - 5) + 1):
        a, b = envelope_heard[lag:], envelope_played[: len(envelope_played) - lag]
        score = float(np.corrcoef(a, b)[0, 1]) if a.std() > 0 and b.std() > 0 else -np.inf
        if score > best_score:
            best, best_score = lag, score
    return best
