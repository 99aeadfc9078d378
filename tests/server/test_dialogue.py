"""Dialogue bookkeeping with a fake monotonic clock: no sleeping."""

from __future__ import annotations

from ting.server.dialogue import Dialogues


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_open_creates_then_renews_a_session() -> None:
    clock = FakeMonotonic()
    dialogues = Dialogues(timeout_seconds=30, monotonic=clock)
    first = dialogues.open("kitchen", session_id="s1", lang="en")
    clock.now += 20
    again = dialogues.open("kitchen", session_id="s1")
    assert again is first
    assert again.deadline == clock.now + 30
    assert len(dialogues) == 1


def test_open_without_id_makes_a_unique_one() -> None:
    dialogues = Dialogues(timeout_seconds=30)
    a, b = dialogues.open("a"), dialogues.open("b")
    assert a.session_id != b.session_id and len(dialogues) == 2


def test_sessions_expire_after_the_timeout_only() -> None:
    clock = FakeMonotonic()
    dialogues = Dialogues(timeout_seconds=10, monotonic=clock)
    dialogues.open("kitchen", session_id="old")
    clock.now += 5
    dialogues.open("bedroom", session_id="new")
    clock.now += 6
    assert [s.session_id for s in dialogues.expired()] == ["old"]
    assert dialogues.get("old") is None and dialogues.get("new") is not None
    clock.now += 10
    assert [s.session_id for s in dialogues.expired()] == ["new"]


def test_intent_filter_of_a_continued_session() -> None:
    dialogues = Dialogues(timeout_seconds=10)
    session = dialogues.open("kitchen", session_id="s")
    assert Dialogues.accepts(session, "home.turn_on")
    dialogues.expect(session, ("alarm.set",))
    assert Dialogues.accepts(session, "alarm.set")
    assert not Dialogues.accepts(session, "home.turn_on")
    assert Dialogues.accepts(None, "anything")


def test_close_removes_and_returns_the_session() -> None:
    dialogues = Dialogues(timeout_seconds=10)
    dialogues.open("kitchen", session_id="s")
    closed = dialogues.close("s")
    assert closed is not None and closed.site_id == "kitchen"
    assert dialogues.close("s") is None
