"""The recognizer pool's two kinds of grammar update: a later one keeps the old recognizer in use while the
new one is built; the server's first one does not (the recognizer before it has no grammar), so a command
waits for it. Real threads; builds are held at a gate the test opens, so the order is forced, not timed."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from tests.device.agent_rig import LineRecognizer
from ting.device.interfaces import SpeechRecognizer
from ting.device.recognizer_pool import RecognizerPool

WAIT_SECONDS = 60.0


class GatedFactory:
    """Builds a new ``LineRecognizer`` per call; while ``hold`` is set, a build waits at ``gate``."""

    def __init__(self) -> None:
        self.built: list[SpeechRecognizer] = []
        self.hold = False
        self.held = threading.Event()
        self.gate = threading.Event()

    def __call__(self, lang: str) -> SpeechRecognizer:
        if self.hold:
            self.held.set()
            assert self.gate.wait(WAIT_SECONDS), "the test never opened the gate"
        recognizer = LineRecognizer(lang=lang)
        self.built.append(recognizer)
        return recognizer


def _pool() -> tuple[RecognizerPool, GatedFactory, SpeechRecognizer]:
    factory = GatedFactory()
    pool = RecognizerPool(factory, builder=ThreadPoolExecutor(1))
    pool.prepare(["en"])
    before = pool.current("en")
    assert before is not None
    factory.hold = True
    return pool, factory, before


def test_a_later_grammar_keeps_the_old_recognizer_in_use_while_the_new_one_is_built() -> None:
    pool, factory, before = _pool()
    pool.rebuild("en")
    assert factory.held.wait(WAIT_SECONDS)
    assert pool.get("en") is before and pool.building("en")  # at once: no wait for the build
    factory.gate.set()
    while pool.building("en"):
        time.sleep(0.01)
    assert pool.get("en") is factory.built[-1] is not before


def test_the_first_grammar_from_the_server_is_waited_for() -> None:
    pool, factory, before = _pool()
    pool.rebuild("en", first=True)
    assert factory.held.wait(WAIT_SECONDS)
    assert pool.current("en") is None and pool.building("en")
    with ThreadPoolExecutor(1) as asker:
        asked = asker.submit(pool.get, "en")  # a command's recognizer, asked for while the build is held
        assert not asked.done()
        factory.gate.set()
        got = asked.result(WAIT_SECONDS)
    assert got is factory.built[-1] is not before
    assert pool.current("en") is got


def test_newer_is_the_recognizer_of_a_later_grammar_waited_for_while_it_is_built() -> None:
    pool, factory, before = _pool()
    assert pool.newer("en", before, WAIT_SECONDS) is None  # no grammar since: nothing newer
    pool.rebuild("en")
    assert factory.held.wait(WAIT_SECONDS)
    assert pool.newer("en", before, 0.05) is None  # the build held past the wait: the old one stands
    with ThreadPoolExecutor(1) as asker:
        asked = asker.submit(pool.newer, "en", before, WAIT_SECONDS)
        assert not asked.done()
        factory.gate.set()
        got = asked.result(WAIT_SECONDS)
    assert got is factory.built[-1] is not before
    assert pool.newer("en", before, WAIT_SECONDS) is got  # built since
    assert pool.newer("en", got, WAIT_SECONDS) is None
