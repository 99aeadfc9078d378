"""Dialogue sessions: which site is in a conversation, in which language, expecting what.

Pure bookkeeping with an injected monotonic clock, so it is tested without sleeping.
The dialogue manager (``ting.server.dialogue_manager``) turns its decisions into MQTT messages.

Besides the sessions it keeps the ``tts/say`` messages still being spoken whose end matters: after a
question the site listens once the question was said (``sayFinished``), and a satellite's wake word,
switched off while it speaks, is switched on again. A say whose ``sayFinished`` never comes (a site
without a TTS, a lost message) counts as finished at its deadline.
"""

from __future__ import annotations

import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Session:
    session_id: str
    site_id: str
    lang: str | None = None
    expect: tuple[str, ...] = ()
    """Intents accepted next (empty: any)."""
    custom_data: str | None = None
    deadline: float = 0.0
    """Monotonic time after which the session times out."""
    echoes: set[str] = field(default_factory=set)
    """Topics we published for this session whose copies the broker will send back to us."""
    send_intent_not_recognized: bool = False
    """What is said next and not understood goes to the session's skill
    (``hermes/dialogueManager/intentNotRecognized``) instead of ending the session."""
    answer_due: float | None = None
    """Set while an intent no ting skill handles waits for another Hermes skill to answer: when it
    passes unanswered, ting apologizes and ends the session."""
    listening: bool = False
    """``hermes/asr/startListening`` went out for this session and no ``stopListening`` yet."""
    hotword_off: bool = False
    """The site's wake word was switched off (reason ``dialogueSession``) for this session."""
    wakeword_id: str | None = None
    voice: bool = False
    """The site listens in this session (woken, or asked to listen): a satellite's wake word is kept off
    while it speaks."""


EARLY_ANSWER_SECONDS = 10.0
"""How long an answer for a session not open yet is kept for its intent: the broker may hand a quick
Hermes skill's answer to the server before the intent the skill answers (they come from two clients)."""
MAX_EARLY_SESSIONS = 64
MAX_EARLY_ANSWERS = 8
"""Answers kept a session (the latest): a flood for one session id must not grow memory."""
MAX_CLOSED_SESSIONS = 256
"""Closed sessions remembered, so our own messages coming back after a close are not held as early answers."""


@dataclass(frozen=True)
class EarlyAnswer:
    """A ``tts/say``, ``continueSession`` or ``endSession`` that came before its session's intent."""

    topic: str
    payload: bytes
    received: float


@dataclass(frozen=True)
class PendingSay:
    """A ``tts/say`` whose end the dialogue manager acts on."""

    say_id: str
    session_id: str
    site_id: str
    deadline: float
    """Monotonic time by which it counts as finished, ``sayFinished`` or not."""
    listen_after: bool
    """Start listening in the session once it was said (a question)."""
    hotword_back: bool
    """Switch the site's wake word on again (reason ``ttsSay``) once it was said."""


class Dialogues:
    """Open sessions by id, with timeouts; says being spoken by id."""

    def __init__(self, *, timeout_seconds: float, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._timeout_seconds = timeout_seconds
        self._monotonic = monotonic
        self._sessions: dict[str, Session] = {}
        self._says: dict[str, PendingSay] = {}
        self._early: OrderedDict[str, list[EarlyAnswer]] = OrderedDict()
        self._closed: OrderedDict[str, None] = OrderedDict()

    def __len__(self) -> int:
        return len(self._sessions)

    def get(self, session_id: str | None) -> Session | None:
        return self._sessions.get(session_id) if session_id else None

    def open(
        self,
        site_id: str,
        *,
        session_id: str | None = None,
        lang: str | None = None,
        custom_data: str | None = None,
    ) -> Session:
        """The session ``session_id`` (created if new), its deadline renewed."""
        session = self._sessions.get(session_id) if session_id else None
        if session is None:
            session = Session(
                session_id=session_id or uuid.uuid4().hex, site_id=site_id, lang=lang, custom_data=custom_data
            )
            self._sessions[session.session_id] = session
        session.deadline = self._monotonic() + self._timeout_seconds
        return session

    def on_site(self, site_id: str) -> list[Session]:
        """The open sessions of a site."""
        return [session for session in self._sessions.values() if session.site_id == site_id]

    def expect(self, session: Session, intents: tuple[str, ...]) -> None:
        session.expect = intents
        session.deadline = self._monotonic() + self._timeout_seconds

    def close(self, session_id: str) -> Session | None:
        session = self._sessions.pop(session_id, None)
        if session is not None:
            self._remember_closed(session_id)
        return session

    def _remember_closed(self, session_id: str) -> None:
        self._closed[session_id] = None
        self._closed.move_to_end(session_id)
        while len(self._closed) > MAX_CLOSED_SESSIONS:
            self._closed.popitem(last=False)

    def expired(self) -> list[Session]:
        """Remove and return every session past its deadline."""
        now = self._monotonic()
        gone = [s for s in self._sessions.values() if s.deadline <= now]
        for session in gone:
            self.close(session.session_id)
        return gone

    # -- an intent waiting for another Hermes skill ---------------------------------------------

    def await_answer(self, session: Session, seconds: float) -> None:
        """``session``'s intent is left to another Hermes skill, which has ``seconds`` to answer."""
        session.answer_due = self._monotonic() + seconds

    @staticmethod
    def answered(session: Session) -> None:
        session.answer_due = None

    def unanswered(self) -> list[Session]:
        """Remove and return every session whose intent nobody answered in time."""
        now = self._monotonic()
        gone = [s for s in self._sessions.values() if s.answer_due is not None and s.answer_due <= now]
        for session in gone:
            self.close(session.session_id)
        return gone

    def hold_early(self, session_id: str | None, topic: str, payload: bytes) -> bool:
        """Keep an answer for ``session_id``, not open here, until its intent comes (``take_early``).
        Returns whether it was kept: not for a session open here before and closed (our own message back)."""
        if not session_id or session_id in self._closed:
            return False
        held = self._early.setdefault(session_id, [])
        held.append(EarlyAnswer(topic, payload, self._monotonic()))
        del held[:-MAX_EARLY_ANSWERS]
        self._early.move_to_end(session_id)
        while len(self._early) > MAX_EARLY_SESSIONS:
            self._early.popitem(last=False)
        return True

    def take_early(self, session_id: str) -> list[EarlyAnswer]:
        """The answers that came for ``session_id`` before its intent, in order (recent ones only)."""
        since = self._monotonic() - EARLY_ANSWER_SECONDS
        return [answer for answer in self._early.pop(session_id, []) if answer.received >= since]

    # -- says being spoken ------------------------------------------------------------------------

    def say_started(
        self, session: Session, say_id: str, *, seconds: float, listen_after: bool, hotword_back: bool
    ) -> None:
        """A say went out in ``session``; it counts as finished after ``seconds`` at the latest."""
        self._says[say_id] = PendingSay(
            say_id,
            session.session_id,
            session.site_id,
            self._monotonic() + seconds,
            listen_after,
            hotword_back,
        )
        if listen_after:  # the answer is due once the question was said, not before
            session.deadline = max(session.deadline, self._monotonic() + seconds + self._timeout_seconds)

    def say_finished(self, say_id: str | None) -> PendingSay | None:
        return self._says.pop(say_id, None) if say_id else None

    def overdue_says(self) -> list[PendingSay]:
        """Remove and return the says past their deadline (no ``sayFinished`` came)."""
        now = self._monotonic()
        gone = [say for say in self._says.values() if say.deadline <= now]
        for say in gone:
            del self._says[say.say_id]
        return gone

    @staticmethod
    def accepts(session: Session | None, intent_name: str) -> bool:
        """Whether an intent may be handled in this session (its intent filter)."""
        return session is None or not session.expect or intent_name in session.expect
