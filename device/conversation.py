"""The conversation the device is in: its state, its session, and every move between them.

::

    IDLE --wake word--> LISTENING --end of speech--> RECOGNIZING --> UNDERSTANDING
      ^                     ^                                            | intent published
      |                     +------ continueSession (after speaking) ---+--> WAITING --tts/say--> SPEAKING
      +------------------------- sessionEnded / endSession / answer timeout -----------------------+

One ``Conversation`` is shared by the two sides that move it: the capture side (``ting.device.agent``:
wake word, end of speech, the command published) and the server's messages (``ting.device.answers``:
answers spoken, sessions continued or ended). Each gets it by constructor; neither keeps a copy of its state.
"""

from __future__ import annotations

import enum
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from ting.device.capture import CommandCapture
from ting.device.earcons import Earcon
from ting.device.interfaces import WakeDetection
from ting.device.speaker import Speaker
from ting.device.supervise import TaskSet
from ting.hermes import DialogueContinueSession

_LOGGER = logging.getLogger(__name__)


class State(enum.StrEnum):
    IDLE = "idle"
    LISTENING = "listening"
    RECOGNIZING = "recognizing"
    UNDERSTANDING = "understanding"
    WAITING = "waiting"
    """The intent is out; waiting for the answer."""
    SPEAKING = "speaking"


@dataclass(frozen=True)
class AgentEvent:
    """A step of the pipeline, for the demo's printout and latency figures."""

    kind: str
    """wake, listening, end_of_speech, transcript, intent, not_recognized, say, said, play, error, idle;
    while ringing: ring, ring_listening, ring_heard, ring_intent, ring_stopped."""
    detail: str
    monotonic: float
    session_id: str | None = None


@dataclass
class Session:
    session_id: str
    lang: str
    wakeword_id: str
    intent_filter: list[str] | None = None
    reopen: bool = False
    """The server continued the session: listen again (without the wake word) once the answer is spoken."""
    ended: bool = False
    say_expected: bool = False
    """The session ended with text of its own: its ``tts/say`` is still to come."""
    says_pending: int = 0
    deadline: float = float("inf")
    """Monotonic time by which an answer must have come (set when the intent is published)."""


class Conversation:
    def __init__(
        self,
        *,
        command: CommandCapture,
        speaker: Speaker,
        tasks: TaskSet,
        answer_timeout_seconds: float,
        on_event: Callable[[AgentEvent], None] | None = None,
    ) -> None:
        self._command = command
        self._speaker = speaker
        self._tasks = tasks
        self._answer_timeout_seconds = answer_timeout_seconds
        self._on_event = on_event
        self._state = State.IDLE
        self._session: Session | None = None
        self.listening_since = 0.0
        """When the device last started listening to a command (monotonic): whether it listened already when
        a chunk the microphone hands on late was heard (``ting.device.microphone_router``)."""

    @property
    def state(self) -> State:
        return self._state

    @property
    def session(self) -> Session | None:
        return self._session

    def current(self, session_id: str | None) -> Session | None:
        """The session, if ``session_id`` is the one the device is in (messages name other sites' too)."""
        session = self._session
        return session if session is not None and session.session_id == session_id else None

    def emit(self, kind: str, detail: str = "", session: Session | None = None) -> None:
        if self._on_event is not None:
            session_id = session.session_id if session else None
            self._on_event(AgentEvent(kind, detail, time.monotonic(), session_id))

    def _move(self, state: State) -> None:
        if state is not self._state:
            _LOGGER.debug("%s → %s", self._state, state)
            self._state = state

    # -- the capture side ----------------------------------------------------------------------

    def wake(self, detection: WakeDetection) -> Session:
        """The wake word was heard: a new session (listening follows once the broker is known to be up)."""
        session = Session(uuid.uuid4().hex, detection.lang, detection.wakeword_id)
        self._session = session
        self.emit("wake", f"{detection.wakeword_id} ({detection.lang})", session)
        return session

    def listen_on_request(
        self, session_id: str, lang: str, *, wakeword_id: str, intent_filter: list[str] | None
    ) -> Session | None:
        """The dialogue manager asks the site to listen (``hermes/asr/startListening``, e.g. for a skill's
        question): when idle, a session of that id listens without the wake word. None: busy with another."""
        if self._state is not State.IDLE:
            return None
        session = Session(session_id, lang, wakeword_id, intent_filter=intent_filter)
        self._session = session
        self.open_listening(session)
        return session

    def open_listening(self, session: Session, *, after_wake: bool = False) -> None:
        self._command.open(session.lang, after_wake=after_wake)
        self.listening_since = time.monotonic()
        self._move(State.LISTENING)
        self.emit("listening", session.lang, session)
        self._tasks.spawn(self._speaker.earcon(Earcon.LISTENING))

    # A session's own steps move the state only while it is the device's session: the server may end it
    # while its command is still being recognized (its session timeout, on a busy device), and a late step
    # must neither leave the device stuck out of IDLE (deaf to the wake word, the music ducked for good)
    # nor move a newer session's state.

    def recognizing(self, session: Session) -> None:
        if self._session is session:
            self._move(State.RECOGNIZING)

    def understanding(self, session: Session) -> None:
        if self._session is session:
            self._move(State.UNDERSTANDING)

    def speaking(self, session: Session) -> None:
        if self._session is session:
            self._move(State.SPEAKING)

    def intent_published(self, session: Session) -> None:
        """The command is out: its answer is due within ``answer_timeout_seconds``."""
        session.deadline = time.monotonic() + self._answer_timeout_seconds
        if self._session is session and self._state is State.UNDERSTANDING:
            self._move(State.WAITING)

    def ring_takes_the_microphone(self) -> Session | None:
        """A ring started while a command was being listened to: that command is dropped (its session,
        returned, ends without an intent)."""
        session = self._session
        if self._state is State.LISTENING and session is not None:
            self.emit("idle", "ringing", session)
            self.finish(session)  # (and the recognizer: its stream is cancelled)
            return session
        return None

    def finish(self, session: Session) -> None:
        """Back to IDLE, if ``session`` is still the one the device is in."""
        if self._session is session:
            self._command.cancel()
            self._session = None
            self._move(State.IDLE)

    def end_unanswered(self) -> None:
        """Called by the watchdog: ends a conversation whose answer never came (a server down, a skill
        that hangs)."""
        session = self._session
        if session and self._state is State.WAITING and time.monotonic() > session.deadline:
            _LOGGER.warning("no answer for session %s; listening for the wake word again", session.session_id)
            self.emit("error", "no answer from the server", session)
            self.finish(session)

    # -- the server's side ---------------------------------------------------------------------

    def continued(self, message: DialogueContinueSession) -> None:
        session = self.current(message.session_id)
        if session is None:
            return
        session.intent_filter = message.intent_filter or None
        session.lang = message.lang or session.lang
        session.reopen = True
        if not message.text:
            self._after_answer(session)

    def ended(self, session_id: str, *, say_coming: bool) -> None:
        session = self.current(session_id)
        if session is None:
            return
        session.ended = True
        session.say_expected = session.say_expected or say_coming
        self._after_answer(session)

    def say_started(self, session: Session) -> None:
        session.says_pending += 1
        session.say_expected = False
        self._move(State.SPEAKING)

    def say_done(self, session: Session) -> None:
        session.says_pending -= 1
        self._after_answer(session)

    def _after_answer(self, session: Session) -> None:
        """After a say finished or the session changed: listen again, finish, or keep waiting."""
        if self._session is not session or session.says_pending:
            return
        if session.reopen and not session.ended:
            session.reopen = False
            self.open_listening(session)
        elif session.ended and not session.say_expected:
            self.emit("idle", "session ended", session)
            self.finish(session)
        elif self._state is State.SPEAKING:
            self._move(State.WAITING)
