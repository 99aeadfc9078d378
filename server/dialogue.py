"""Dialogue sessions: which site is in a conversation, in which language, expecting what.

Pure bookkeeping with an injected monotonic clock, so it is tested without sleeping.
The Hermes service turns its decisions into MQTT messages.
"""

from __future__ import annotations

import time
import uuid
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


class Dialogues:
    """Open sessions by id, with timeouts."""

    def __init__(self, *, timeout_seconds: float, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._timeout_seconds = timeout_seconds
        self._monotonic = monotonic
        self._sessions: dict[str, Session] = {}

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

    def expect(self, session: Session, intents: tuple[str, ...]) -> None:
        session.expect = intents
        session.deadline = self._monotonic() + self._timeout_seconds

    def close(self, session_id: str) -> Session | None:
        return self._sessions.pop(session_id, None)

    def expired(self) -> list[Session]:
        """Remove and return every session past its deadline."""
        now = self._monotonic()
        gone = [s for s in self._sessions.values() if s.deadline <= now]
        for session in gone:
            del self._sessions[session.session_id]
        return gone

    @staticmethod
    def accepts(session: Session | None, intent_name: str) -> bool:
        """Whether an intent may be handled in this session (its intent filter)."""
        return session is None or not session.expect or intent_name in session.expect
