"""Acoustic echo cancellation: what the device played, taken back out of what its microphone hears.

The device keeps what it plays (``OutputTrace``: answers and music, 16 kHz mono, with when it played). The
microphone hears that again, late (output buffers, the air) and changed (the speaker, the room's
reverberation). ``EchoCanceller`` learns that change and subtracts its estimate:

* **Bulk delay**: the reference is lined up with the microphone by GCC-PHAT cross-correlation over the last
  second (re-estimated every ``ESTIMATE_EVERY_SECONDS`` while something plays), so the adaptive filter's
  taps are spent on the room, not on the delay. A new delay must be found twice in a row before it is used;
  the filter's taps are shifted with it, so a changed delay does not throw away what was learnt.
* **The room**: a partitioned-block frequency-domain adaptive filter (MDF / PBFDAF, overlap-save, 10 ms
  blocks, ``filter_ms`` of taps, NLMS step normalized per frequency bin by the reference's power).
* **Double talk** (someone speaking over the echo, whose words must not be learnt as echo and cancelled):
  two filters. The learning one adapts on every block; the one whose estimate is taken out takes its taps
  only when it has left clearly less (``switch_db``) over the last ~50 ms. Talk throws the learning filter
  off and never lets it win, so the filter in use keeps cancelling the echo and leaves the talk alone; a
  learning filter thrown far off starts again from the one in use. No threshold on the talk's loudness:
  music moving to notes not learnt yet (which a residual-level detector takes for talk) is learnt at once.

Pure numpy (no package to compile on a Pi); one instance per microphone, called from one thread at a time.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ting.device.interfaces import SAMPLE_RATE_HZ

_LOGGER = logging.getLogger(__name__)

BLOCK_SAMPLES = 160
"""10 ms: the microphone's 30 ms chunks are three blocks (no added latency)."""
ESTIMATE_EVERY_SECONDS = 0.5
ESTIMATE_WINDOW_SECONDS = 1.0
MIN_PEAK_RATIO = 6.0
"""A cross-correlation peak this many times the correlation's RMS is a delay; lower is noise."""
CORRELATION_MEMORY = 0.6
"""Weight of the earlier estimates' correlation (per ``ESTIMATE_EVERY_SECONDS``)."""
MARGIN_SAMPLES = 48
"""The direct path sits this far into the filter (3 ms): a delay a little shorter is still covered."""
SETTLE_SECONDS = 1.0
"""A new canceller's output falls steeply in its first ~0.3 s of playback (spotters fire on the change)."""
ACTIVE_RMS = 30.0
"""Reference RMS (of 32,768) under which nothing is playing (~-60 dBFS): no adaptation, no estimate."""
FLOOR_POWER = 100.0
"""-50 dBFS (squared, of 32,768): residuals under this are all the same silence."""
COMPARE_SMOOTHING = 0.8
"""Per block: the two filters are compared over ~50 ms."""
MIN_TAKEN_OUT = 2.0
"""The learning filter must take at least 3 dB out to be used: less is chance (a microphone that hears no
echo, or speech that happens to correlate with the reference for a moment)."""
DIVERGED_RATIO = 8.0
"""A learning filter leaving 9 dB more than the one in use was thrown off (by talk): it restarts from it."""
SMOOTHING = 0.9
"""Per block, for the reference's power per bin (the NLMS normalization)."""
ONSET_SHARE = 0.1
"""The NLMS normalization never drops under this share of the block's own power (an onset after a quiet
stretch would get a huge step)."""


@dataclass(frozen=True)
class EchoSettings:
    filter_ms: float = 128.0
    """How long an echo (the room's reverberation after the direct path) is cancelled."""
    max_delay_ms: float = 400.0
    """The longest delay searched between the reference and its echo at the microphone."""
    step_size: float = 0.5
    """NLMS step, 0..1: larger learns faster and is noisier."""
    switch_db: float = 1.0
    """The learning filter replaces the one in use when it leaves this much less (talk never lets it)."""


@dataclass
class EchoStats:
    blocks: int = 0
    playing_blocks: int = 0
    """Blocks heard while something played: how long it has had to learn."""
    double_talk_blocks: int = 0
    """Blocks where the learning filter did worse than the one in use (talk, or a changed room)."""
    delay_samples: int | None = None
    erle_db: float = 0.0
    """Return loss enhancement over the last ~50 ms: mic power over residual power (talk lowers it)."""


class EchoCanceller:
    def __init__(self, settings: EchoSettings | None = None) -> None:
        settings = settings or EchoSettings()
        if not 0.0 < settings.step_size <= 1.0:
            raise ValueError(f"echo step_size must be in (0, 1], not {settings.step_size}")
        if settings.filter_ms <= 0 or settings.max_delay_ms < 0:
            raise ValueError("echo filter_ms must be > 0 and max_delay_ms >= 0")
        self.settings = settings
        self.partitions = max(1, round(settings.filter_ms * SAMPLE_RATE_HZ / 1000 / BLOCK_SAMPLES))
        self.max_delay = int(settings.max_delay_ms * SAMPLE_RATE_HZ / 1000)
        self.stats = EchoStats()
        self._bins = BLOCK_SAMPLES + 1
        self._fade = np.linspace(0.0, 1.0, BLOCK_SAMPLES)
        self._history = self.max_delay + MARGIN_SAMPLES + 2 * BLOCK_SAMPLES
        self._switch = 10 ** (settings.switch_db / 10)
        self._mic_in = np.zeros(0, np.float32)
        self._ref_in = np.zeros(0, np.float32)
        self._estimate_mic = np.zeros(0, np.float32)
        self._estimate_ref = np.zeros(0, np.float32)
        self._since_estimate = 0
        self._candidate: int | None = None
        self._refs = np.zeros(self._history, np.float32)
        """The reference's recent past: the filter's input is this, ``delay`` late."""
        self._correlation: npt.NDArray[np.float64] | None = None
        self.reset()

    def reset(self) -> None:
        """Forget the room (not the delay): both filters start from nothing."""
        self._weights = np.zeros((self.partitions, self._bins), np.complex128)
        """The learning (background) filter."""
        self._used = np.zeros_like(self._weights)
        """The filter whose estimate is taken out (foreground): the learning one's, when it did better."""
        self._spectra = np.zeros((self.partitions, self._bins), np.complex128)
        self._power = np.full(self._bins, 1.0)
        self._mic_power = self._used_power = self._learning_power = FLOOR_POWER
        self.stats.erle_db = 0.0

    def gap(self) -> None:
        """Nothing was heard or played for a while: the recent past is silence (the room is kept)."""
        self._refs[:] = 0.0
        self._spectra[:] = 0.0
        self._estimate_mic = np.zeros(0, np.float32)
        self._estimate_ref = np.zeros(0, np.float32)

    @property
    def settled(self) -> bool:
        """It has heard ``SETTLE_SECONDS`` of playback: what it leaves no longer falls as it learns."""
        return self.stats.playing_blocks * BLOCK_SAMPLES >= SETTLE_SECONDS * SAMPLE_RATE_HZ

    @property
    def delay(self) -> int:
        return 0 if self.stats.delay_samples is None else self.stats.delay_samples

    # -- the stream ---------------------------------------------------------------------

    def process(
        self, mic: npt.NDArray[np.float32], reference: npt.NDArray[np.float32]
    ) -> npt.NDArray[np.float32]:
        """The microphone with the echo of ``reference`` (what played over the same span) taken out.

        Both at 16 kHz, the same length; samples of a block not yet complete come back with the next call."""
        if len(mic) != len(reference):
            raise ValueError(f"mic and reference differ in length: {len(mic)} vs {len(reference)}")
        self._mic_in = np.concatenate([self._mic_in, mic.astype(np.float32)])
        self._ref_in = np.concatenate([self._ref_in, reference.astype(np.float32)])
        self._keep_for_estimate(mic, reference)
        out = []
        while len(self._mic_in) >= BLOCK_SAMPLES:
            near, far = self._mic_in[:BLOCK_SAMPLES], self._ref_in[:BLOCK_SAMPLES]
            self._mic_in, self._ref_in = self._mic_in[BLOCK_SAMPLES:], self._ref_in[BLOCK_SAMPLES:]
            out.append(self._block(near, far))
        return np.concatenate(out) if out else np.zeros(0, np.float32)

    def _block(self, near: npt.NDArray[np.float32], far: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        self._refs = np.concatenate([self._refs[BLOCK_SAMPLES:], far])
        end = len(self._refs) - max(0, self.delay - MARGIN_SAMPLES)
        frame = self._refs[end - 2 * BLOCK_SAMPLES : end].astype(np.float64)
        self._spectra = np.roll(self._spectra, 1, axis=0)
        self._spectra[0] = np.fft.rfft(frame)
        latest = np.abs(self._spectra[0]) ** 2
        self._power = np.maximum(SMOOTHING * self._power + (1 - SMOOTHING) * latest, ONSET_SHARE * latest)
        residual = near - self._estimate(self._used)
        self.stats.blocks += 1
        if float(np.sqrt(np.mean(frame**2))) > ACTIVE_RMS:
            self.stats.playing_blocks += 1
            learning = near - self._estimate(self._weights)
            self._adapt(learning)
            if self._compare(near, residual, learning):  # switched: fade over the block, a jump would click
                residual = residual * self._fade[::-1] + learning * self._fade
        return residual.astype(np.float32)

    def _estimate(self, weights: npt.NDArray[np.complex128]) -> npt.NDArray[np.float64]:
        echo: npt.NDArray[np.float64] = np.fft.irfft((weights * self._spectra).sum(axis=0))[BLOCK_SAMPLES:]
        return echo

    def _compare(
        self, near: npt.NDArray[np.float32], used: npt.NDArray[np.float64], learning: npt.NDArray[np.float64]
    ) -> bool:
        """Double talk: the learning filter always learns, and someone talking over the echo throws it off;
        the filter in use takes its taps only when it has done clearly better (``switch_db``) over the last
        ~50 ms, which talk never lets it do. A learning filter thrown far off starts again from the one in
        use."""
        a = COMPARE_SMOOTHING
        self._used_power = a * self._used_power + (1 - a) * float(np.mean(used**2))
        self._learning_power = a * self._learning_power + (1 - a) * float(np.mean(learning**2))
        self._mic_power = a * self._mic_power + (1 - a) * float(np.mean(near.astype(np.float64) ** 2))
        learnt = self._learning_power * MIN_TAKEN_OUT < self._mic_power  # it cancels, not chance correlation
        if learnt and self._learning_power * self._switch < self._used_power:
            self._used = self._weights.copy()
            self._used_power = self._learning_power
            self._update_erle()
            return True
        if self._learning_power > DIVERGED_RATIO * self._used_power + FLOOR_POWER:
            self.stats.double_talk_blocks += 1
            self._weights = self._used.copy()
            self._learning_power = self._used_power
        elif self._learning_power > self._used_power:
            self.stats.double_talk_blocks += 1
        self._update_erle()
        return False

    def _update_erle(self) -> None:
        self.stats.erle_db = float(10 * np.log10(self._mic_power / max(self._used_power, 1e-9)))

    def _adapt(self, residual: npt.NDArray[np.float64]) -> None:
        error = np.fft.rfft(np.concatenate([np.zeros(BLOCK_SAMPLES), residual]))
        step = self.settings.step_size / (self.partitions * self._power + 1e3)
        self._weights += step * np.conj(self._spectra) * error
        # gradient constraint: each partition's taps stay a block long (linear, not circular, convolution)
        taps = np.fft.irfft(self._weights, axis=1)
        taps[:, BLOCK_SAMPLES:] = 0.0
        self._weights = np.fft.rfft(taps, axis=1)

    # -- the delay ----------------------------------------------------------------------

    def _keep_for_estimate(self, mic: npt.NDArray[np.float32], reference: npt.NDArray[np.float32]) -> None:
        keep = int(ESTIMATE_WINDOW_SECONDS * SAMPLE_RATE_HZ) + self.max_delay
        self._estimate_mic = np.concatenate([self._estimate_mic, mic])[-keep:]
        self._estimate_ref = np.concatenate([self._estimate_ref, reference])[-keep:]
        self._since_estimate += len(mic)
        if self._since_estimate < ESTIMATE_EVERY_SECONDS * SAMPLE_RATE_HZ or len(self._estimate_mic) < keep:
            return
        self._since_estimate = 0
        correlation = gcc_phat(self._estimate_mic, self._estimate_ref, self.max_delay)
        if correlation is None:
            return
        # averaged over the last estimates: music repeats itself, and one window's peak can be a repeat
        self._correlation = (
            correlation if self._correlation is None else CORRELATION_MEMORY * self._correlation + correlation
        )
        found = clear_peak(self._correlation)
        if found is not None:
            self._delay_found(found, self._correlation)

    def _delay_found(self, found: int, correlation: npt.NDArray[np.float64]) -> None:
        current = self.stats.delay_samples
        if current is None:
            self._shift(found)
            return
        if abs(found - current) <= BLOCK_SAMPLES // 4 or correlation[current] > 0.5 * correlation[found]:
            self._candidate = None  # the same, or the one in use still lines up about as well: leave it be
            return
        if self._candidate is not None and abs(found - self._candidate) <= BLOCK_SAMPLES // 4:
            self._shift(found)
            self._candidate = None
        else:
            self._candidate = found

    def _shift(self, delay: int) -> None:
        """Use ``delay``, moving the learnt taps with it (the echo path itself did not change)."""
        old = max(0, self.delay - MARGIN_SAMPLES)
        new = max(0, delay - MARGIN_SAMPLES)
        _LOGGER.debug("echo delay %s -> %d samples", self.stats.delay_samples, delay)
        self.stats.delay_samples = delay
        moved = old - new  # the reference now reaches the filter `moved` samples later
        if moved == 0:
            return
        if abs(moved) >= self.partitions * BLOCK_SAMPLES:  # nothing learnt is still in range
            self.reset()
            return
        self._weights = self._shifted(self._weights, moved)
        self._used = self._shifted(self._used, moved)
        self._spectra[:] = 0.0  # the frames behind were cut at the old delay

    def _shifted(self, weights: npt.NDArray[np.complex128], moved: int) -> npt.NDArray[np.complex128]:
        taps = np.fft.irfft(weights, axis=1)[:, :BLOCK_SAMPLES].reshape(-1)
        shifted = np.zeros_like(taps)
        if moved > 0:
            shifted[moved:] = taps[: len(taps) - moved]
        else:
            shifted[: len(taps) + moved] = taps[-moved:]
        padded = np.zeros((self.partitions, 2 * BLOCK_SAMPLES))
        padded[:, :BLOCK_SAMPLES] = shifted.reshape(self.partitions, BLOCK_SAMPLES)
        result: npt.NDArray[np.complex128] = np.fft.rfft(padded, axis=1)
        return result


def gcc_phat(
    mic: npt.NDArray[np.float32], reference: npt.NDArray[np.float32], max_delay: int
) -> npt.NDArray[np.float64] | None:
    """The phase-transform-weighted cross-correlation of ``mic`` with ``reference`` at lags 0..``max_delay``
    (None while nothing plays). Bins far below the average carry no echo: a small floor keeps their noise
    from being weighted up as much as the bins that do."""
    if float(np.sqrt(np.mean(reference.astype(np.float64) ** 2))) < ACTIVE_RMS:
        return None
    size = 1 << int(np.ceil(np.log2(len(mic) + len(reference))))
    cross = np.fft.rfft(mic, size) * np.conj(np.fft.rfft(reference, size))
    magnitude = np.abs(cross)
    weighted: npt.NDArray[np.float64] = np.fft.irfft(
        cross / (magnitude + 0.01 * magnitude.mean() + 1e-9), size
    )
    return weighted[: max_delay + 1]


def clear_peak(correlation: npt.NDArray[np.float64]) -> int | None:
    peak = int(np.argmax(correlation))
    spread = float(np.sqrt(np.mean(correlation**2))) + 1e-12
    return peak if correlation[peak] / spread > MIN_PEAK_RATIO else None


def estimate_delay(
    mic: npt.NDArray[np.float32], reference: npt.NDArray[np.float32], max_delay: int
) -> int | None:
    """How many samples later ``reference`` shows up in ``mic``, or None if it does not clearly."""
    correlation = gcc_phat(mic, reference, max_delay)
    return None if correlation is None else clear_peak(correlation)


def erle_db(mic: npt.NDArray[np.float32], residual: npt.NDArray[np.float32]) -> float:
    """Echo return loss enhancement: how much quieter the residual is than the microphone."""
    heard = float(np.mean(mic.astype(np.float64) ** 2))
    left = float(np.mean(residual.astype(np.float64) ** 2))
    return float(10 * np.log10(heard / max(left, 1e-12)))
