"""Dialogue bookkeeping with a fake monotonic clock: no sleeping."""

from __future__ import annotations

from ting.server.dialogue import EARLY_ANSWER_SECONDS, MAX_EARLY_ANSWERS, MAX_EARLY_SESSIONS, Dialogues


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


def test_an_intent_left_to_another_skill_is_unanswered_after_its_wait_unless_answered() -> None:
    clock = FakeMonotonic()
    dialogues = Dialogues(timeout_seconds=30, monotonic=clock)
    waiting = dialogues.open("kitchen", session_id="waiting")
    answered = dialogues.open("den", session_id="answered")
    dialogues.await_answer(waiting, 4)
    dialogues.await_answer(answered, 4)
    clock.now += 3.9
    assert dialogues.unanswered() == []
    Dialogues.answered(answered)
    clock.now += 0.2
    assert [s.session_id for s in dialogues.unanswered()] == ["waiting"]
    assert dialogues.get("waiting") is None and dialogues.get("answered") is answered
    assert dialogues.unanswered() == []


def test_a_say_counts_as_finished_at_its_sayfinished_or_its_deadline() -> None:
    clock = FakeMonotonic()
    dialogues = Dialogues(timeout_seconds=10, monotonic=clock)
    session = dialogues.open("kitchen", session_id="s")
    dialogues.say_started(session, "q1", seconds=20, listen_after=True, hotword_back=False)
    assert session.deadline == clock.now + 30  # the answer is due after the question, not during it
    dialogues.say_started(session, "a1", seconds=5, listen_after=False, hotword_back=True)
    finished = dialogues.say_finished("q1")
    assert finished is not None and (finished.session_id, finished.listen_after) == ("s", True)
    assert dialogues.say_finished("q1") is None and dialogues.say_finished(None) is None
    clock.now += 4
    assert dialogues.overdue_says() == []
    clock.now += 2
    overdue = dialogues.overdue_says()
    assert [(say.say_id, say.site_id, say.hotword_back) for say in overdue] == [("a1", "kitchen", True)]
    assert dialogues.say_finished("a1") is None


def test_the_sessions_of_a_site() -> None:
    dialogues = Dialogues(timeout_seconds=10)
    dialogues.open("kitchen", session_id="a")
    dialogues.open("den", session_id="b")
    dialogues.open("kitchen", session_id="c")
    assert sorted(s.session_id for s in dialogues.on_site("kitchen")) == ["a", "c"]
    assert dialogues.on_site("attic") == []


def test_an_answer_before_its_intent_is_kept_for_it_briefly_and_in_order() -> None:
    clock = FakeMonotonic()
    dialogues = Dialogues(timeout_seconds=30, monotonic=clock)
    assert dialogues.hold_early("s1", "hermes/tts/say", b"1")
    assert dialogues.hold_early("s1", "hermes/dialogueManager/endSession", b"2")
    assert dialogues.hold_early("stale", "hermes/tts/say", b"3")
    clock.now += EARLY_ANSWER_SECONDS / 2
    assert dialogues.hold_early("s2", "hermes/tts/say", b"4")
    clock.now += EARLY_ANSWER_SECONDS / 2 + 0.1
    assert [(a.topic, a.payload) for a in dialogues.take_early("s1")] == []  # too old for its intent now
    assert dialogues.take_early("stale") == []
    assert [a.payload for a in dialogues.take_early("s2")] == [b"4"]
    assert dialogues.take_early("s2") == []  # taken once


def test_answers_for_closed_sessions_or_without_an_id_are_not_kept() -> None:
    dialogues = Dialogues(timeout_seconds=30)
    dialogues.open("kitchen", session_id="done")
    dialogues.close("done")
    assert not dialogues.hold_early("done", "hermes/dialogueManager/endSession", b"{}")
    assert not dialogues.hold_early(None, "hermes/tts/say", b"{}")
    assert not dialogues.hold_early("", "hermes/tts/say", b"{}")
    assert dialogues.take_early("done") == []


def test_early_answers_are_bounded() -> None:
    dialogues = Dialogues(timeout_seconds=30)
    for number in range(MAX_EARLY_SESSIONS + 10):
        dialogues.hold_early(f"s{number}", "hermes/tts/say", b"{}")
    assert dialogues.take_early("s0") == []
    assert len(dialogues.take_early(f"s{MAX_EARLY_SESSIONS + 9}")) == 1


def test_early_answers_for_one_session_are_bounded_keeping_the_latest() -> None:
    dialogues = Dialogues(timeout_seconds=30)
    for number in range(MAX_EARLY_ANSWERS * 100):
        dialogues.hold_early("flood", "hermes/tts/say", str(number).encode())
    kept = [answer.payload for answer in dialogues.take_early("flood")]
    assert kept == [str(n).encode() for n in range(MAX_EARLY_ANSWERS * 99, MAX_EARLY_ANSWERS * 100)]
