"""``WakeListener``: the wake word detector fed in batches off the event loop, reset whenever the audio it
hears is not continuous (after a detection, after a pause), rebuilt after a failure."""

from __future__ import annotations

import threading

from ting.device.interfaces import AudioChunk, WakeDetection
from ting.device.wake_listener import WakeListener
from ting.supervise import Backoff

CHUNK = 960


class CountingWake:
    """Fires on a chunk of 0x7f bytes; records what it was given, on which thread, and its resets."""

    def __init__(self, *, fail: bool = False) -> None:
        self.fed: list[tuple[float, str]] = []
        self.resets = 0
        self.fail = fail

    def process(self, chunk: AudioChunk) -> WakeDetection | None:
        if self.fail:
            raise RuntimeError("engine broke")
        self.fed.append((chunk.start_seconds, threading.current_thread().name))
        return WakeDetection("hey_ting", "en", chunk.start_seconds) if chunk.pcm[0] == 0x7F else None

    def reset(self) -> None:
        self.resets += 1


def chunks(pattern: str, start_seconds: float = 0.0) -> list[AudioChunk]:
    """``.`` a quiet chunk, ``W`` the wake phrase's last chunk."""
    return [
        AudioChunk((b"\x7f" if c == "W" else b"\0") * CHUNK, start_seconds + 0.03 * i)
        for i, c in enumerate(pattern)
    ]


async def test_batches_reach_the_detector_off_the_loop_and_the_rest_of_a_batch_is_the_command() -> None:
    wake = CountingWake()
    listener = WakeListener(lambda: wake, Backoff(0.05, 1), {})
    before, phrase_end, after = chunks(".W.")
    assert await listener.hear(before) is None and await listener.hear(phrase_end) is None
    assert wake.fed == []  # until 90 ms are there: one thread hop per batch
    heard = await listener.hear(after)
    assert heard is not None
    detection, rest = heard
    assert detection.end_seconds == 0.03 and rest == [after]  # after the phrase: the command's start
    assert [start for start, _ in wake.fed] == [0.0, 0.03]  # not fed beyond the phrase
    assert all(thread != threading.main_thread().name for _, thread in wake.fed)
    for chunk in chunks("...", 1.0):
        assert await listener.hear(chunk) is None
    assert len(wake.fed) == 5


async def test_the_detector_starts_afresh_after_a_detection_and_after_a_pause() -> None:
    wake = CountingWake()
    listener = WakeListener(lambda: wake, Backoff(0.05, 1), {})
    for chunk in chunks("..W"):
        await listener.hear(chunk)
    assert wake.resets == 0
    for chunk in chunks("...", 5.0):  # the session is over: idle audio again
        await listener.hear(chunk)
    assert wake.resets == 1
    for chunk in chunks("..."):
        await listener.hear(chunk)
    assert wake.resets == 1  # continuous audio: no reset
    listener.pause()
    for chunk in chunks("..."):
        await listener.hear(chunk)
    assert wake.resets == 2


async def test_a_failing_detector_is_counted_and_rebuilt() -> None:
    built = [CountingWake(fail=True), CountingWake()]
    restarts: dict[str, int] = {}
    listener = WakeListener(lambda: built.pop(0), Backoff(0.0, 0.0), restarts)
    assert [await listener.hear(chunk) for chunk in chunks("...")] == [None, None, None]
    assert restarts == {"wake": 1}
    hits = [await listener.hear(chunk) for chunk in chunks("..W")]
    assert hits[-1] is not None and not built  # the second detector was built and heard the phrase


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def _heard(listener: WakeListener, start_seconds: float) -> bool:
    """Whether a wake phrase in the next batch is heard."""
    results = [await listener.hear(chunk) for chunk in chunks("W..", start_seconds)]
    return any(result is not None for result in results)


async def test_toggled_off_it_hears_nothing_until_every_reason_is_toggled_on() -> None:
    """hermes/hotword/toggleOff|On as Rhasspy's wake word services take them: one reason each; "" on clears
    them all."""
    wake = CountingWake()
    listener = WakeListener(lambda: wake, Backoff(0.05, 1), {})
    assert await _heard(listener, 0.0)
    listener.toggle_off("dialogueSession")
    listener.toggle_off("privacy")
    fed = len(wake.fed)
    assert not await _heard(listener, 1.0) and len(wake.fed) == fed  # the detector is not even fed
    listener.toggle_on("dialogueSession")
    assert not listener.enabled and not await _heard(listener, 2.0)
    listener.toggle_on("")
    assert listener.enabled and await _heard(listener, 3.0)
    listener.toggle_off("")
    assert not await _heard(listener, 4.0)
    listener.toggle_on("ttsSay")  # not the reason it is off for
    assert not await _heard(listener, 5.0)
    listener.toggle_on("")
    assert await _heard(listener, 6.0)


async def test_a_dialogue_managers_toggle_off_lapses_a_users_does_not() -> None:
    """A server that died between toggleOff and toggleOn must not leave the device deaf for good."""
    clock = FakeMonotonic()
    wake = CountingWake()
    listener = WakeListener(lambda: wake, Backoff(0.05, 1), {}, monotonic=clock)
    listener.toggle_off("dialogueSession")
    clock.now += 59
    assert not listener.enabled
    clock.now += 2
    assert listener.enabled and await _heard(listener, 0.0)
    listener.toggle_off("")
    clock.now += 3600
    assert not listener.enabled and not await _heard(listener, 1.0)
