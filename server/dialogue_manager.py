"""The dialogue manager: Hermes sessions run the way Rhasspy 2.5's dialogue manager runs them, on every
site at once (Rhasspy's runs one session at a time), so Rhasspy satellites and LED tools work with ting.

- ``hermes/hotword/<id>/detected`` → a session of that site still open ends (``abortedByUser``); then
  ``sessionStarted``, ``hotword/toggleOff`` (reason ``dialogueSession``) and ``asr/startListening``.
- ``hermes/asr/textCaptured`` of a session → ``asr/stopListening``, ``hotword/toggleOn`` and ``nlu/query`` —
  except on a site whose device understands by itself: a ting device (its retained ``ting/status`` says role
  ``device``) publishes the intent right after the transcript, and a second query would run the skill twice.
- ``startSession`` (action) and ``continueSession`` → the wake word off, the question said, then (on its
  ``sayFinished``) ``asr/startListening`` with the session's intent filter.
- ``endSession``, a timeout, an intent nobody answered → ``asr/stopListening`` if the site listens,
  ``sessionEnded``, ``hotword/toggleOn``.
- A say in a session where a satellite listens → ``hotword/toggleOff`` (reason ``ttsSay``) before it and
  ``toggleOn`` after its ``sayFinished``, so the satellite does not wake on the answer. (ting devices do
  not wake while they speak; they get neither.)

The Hermes service (``ting.server.hermes_service``) runs the NLU and ting's skills and uses ``say``,
``continue_session`` and ``speak_and_end`` for their answers.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Protocol

from ting.errors import TingError
from ting.hermes import (
    AsrStartListening,
    AsrStopListening,
    AsrTextCaptured,
    DialogueContinueSession,
    DialogueEndSession,
    DialogueSessionEnded,
    DialogueSessionStarted,
    DialogueStartSession,
    HotwordDetected,
    HotwordToggleOff,
    HotwordToggleOn,
    HotwordToggleReason,
    Message,
    NluQuery,
    SessionInitType,
    SessionTermination,
    SessionTerminationReason,
    TtsSay,
    TtsSayFinished,
)
from ting.server.dialogue import Dialogues, PendingSay, Session
from ting.server.phrases import phrase
from ting.server.router import Handler

_LOGGER = logging.getLogger(__name__)


class Publisher(Protocol):
    async def publish(self, message: Message, *, qos: int = 1, retain: bool = False) -> None: ...


def say_seconds(text: str) -> float:
    """How long a say may take before it counts as finished without its ``sayFinished`` (Rhasspy waits 10 s
    for any text; a long answer takes longer to speak than that)."""
    return min(60.0, 3.0 + 0.25 * len(text))


class DialogueManager:
    def __init__(
        self,
        publisher: Publisher,
        dialogues: Dialogues,
        *,
        understands_itself: Callable[[str], bool],
        check_input: Callable[[str, str, str | None], None],
    ) -> None:
        """``understands_itself(site_id)``: a device there publishes its intents itself (no query for it);
        ``check_input(text, site_id, session_id)`` raises ``MessageError`` for text the NLU does not take."""
        self._publisher = publisher
        self._dialogues = dialogues
        self._understands_itself = understands_itself
        self._check_input = check_input

    def routes(self) -> dict[str, Handler]:
        return {
            HotwordDetected.subscription(): self._on_hotword,
            AsrTextCaptured.TOPIC: self._on_text_captured,
            DialogueStartSession.TOPIC: self._on_start_session,
            DialogueContinueSession.TOPIC: self._on_continue_session,
            DialogueEndSession.TOPIC: self._on_end_session,
            TtsSay.TOPIC: self._on_say,
            TtsSayFinished.TOPIC: self._on_say_finished,
        }

    async def replay_early(self, session: Session) -> None:
        """Handle the answers another Hermes skill sent for ``session`` before its intent reached us."""
        routes = self.routes()
        for answer in self._dialogues.take_early(session.session_id):
            _LOGGER.info("answer on %s came before its intent (session %s)", answer.topic, session.session_id)
            await routes[answer.topic](answer.topic, answer.payload)

    async def sweep(self) -> None:
        """End what is overdue: timed-out sessions, intents nobody answered; count overdue says as said."""
        for session in self._dialogues.expired():
            _LOGGER.info("session %s on %s timed out", session.session_id, session.site_id)
            await self._contained(self.publish_ended(session, SessionTerminationReason.TIMEOUT))
        for session in self._dialogues.unanswered():
            _LOGGER.info(
                "no Hermes skill answered session %s on %s: sorry", session.session_id, session.site_id
            )
            sorry = self.speak_and_end(
                session,
                phrase("no_skill", session.lang),
                SessionTerminationReason.ERROR,
                error="no skill answered the intent",
            )
            await self._contained(sorry)
        for say in self._dialogues.overdue_says():
            await self._contained(self._said(say))

    async def _contained(self, step: Awaitable[None]) -> None:
        """A sweep step whose failure (the broker away) must not end the sweeper."""
        try:
            await step
        except TingError as error:
            _LOGGER.warning("dialogue manager: %s", error)

    # -- what ting's skills answer with --------------------------------------------------------------

    async def say(self, session: Session, text: str | None, *, listen_after: bool = False) -> None:
        """Speak ``text`` on the session's site; ``listen_after``: then listen for the answer."""
        if not text:
            if listen_after:
                await self._start_listening(session)
            return
        say_id = uuid.uuid4().hex
        satellite = session.voice and not self._understands_itself(session.site_id)
        if satellite:
            await self._publisher.publish(
                HotwordToggleOff(site_id=session.site_id, reason=HotwordToggleReason.TTS_SAY)
            )
        if listen_after or satellite:
            self._dialogues.say_started(
                session, say_id, seconds=say_seconds(text), listen_after=listen_after, hotword_back=satellite
            )
        await self._publisher.publish(
            TtsSay(
                text=text,
                site_id=session.site_id,
                lang=session.lang,
                id=say_id,
                session_id=session.session_id,
            )
        )

    async def continue_session(self, session: Session, text: str | None, expect: tuple[str, ...]) -> None:
        """A ting skill asked a question: say it, then listen for one of ``expect`` (empty: anything)."""
        self._dialogues.expect(session, expect)
        session.send_intent_not_recognized = False
        session.echoes.add(DialogueContinueSession.TOPIC)
        continued = DialogueContinueSession(
            session_id=session.session_id,
            text=text,
            intent_filter=list(expect),
            custom_data=session.custom_data,
            lang=session.lang,
        )
        await self._publisher.publish(continued)
        await self._ask(session, text)

    async def speak_and_end(
        self,
        session: Session,
        text: str | None,
        reason: SessionTerminationReason,
        *,
        error: str | None = None,
    ) -> None:
        self._dialogues.close(session.session_id)
        end = DialogueEndSession(session_id=session.session_id, text=text, custom_data=session.custom_data)
        # The answer goes out before sessionEnded (as Rhasspy's does, though it waits for sayFinished too):
        # LED tools show "speaking", then "idle".
        await asyncio.gather(self._publisher.publish(end), self.say(session, text))
        await self.publish_ended(session, reason, error)

    async def publish_ended(
        self, session: Session, reason: SessionTerminationReason, error: str | None = None
    ) -> None:
        await self._stop_listening(session)
        await self._publisher.publish(
            DialogueSessionEnded(
                termination=SessionTermination(reason=reason, error=error),
                session_id=session.session_id,
                site_id=session.site_id,
                custom_data=session.custom_data,
            )
        )
        await self._hotword_on(session)

    # -- satellites: wake word, transcript, end of a say ------------------------------------------

    async def _on_hotword(self, topic: str, payload: bytes) -> None:
        detected = HotwordDetected.from_mqtt(topic, payload)
        if self._dialogues.get(detected.session_id) is not None:
            return  # the same wake reported again
        for old in self._dialogues.on_site(detected.site_id):
            self._dialogues.close(old.session_id)
            await self.publish_ended(old, SessionTerminationReason.ABORTED_BY_USER)
        session = self._dialogues.open(detected.site_id, session_id=detected.session_id, lang=detected.lang)
        session.wakeword_id = detected.wakeword_id
        started = DialogueSessionStarted(
            session_id=session.session_id, site_id=session.site_id, lang=session.lang
        )
        await self._publisher.publish(started)
        await self._hotword_off(session)
        await self._start_listening(session)

    async def _on_text_captured(self, topic: str, payload: bytes) -> None:
        captured = AsrTextCaptured.from_mqtt(topic, payload)
        self._check_input(captured.text, captured.site_id, captured.session_id)
        session = self._dialogues.get(captured.session_id)
        if session is None or session.site_id != captured.site_id:
            _LOGGER.info(
                "transcript for no session of ours (%s on %s) ignored", captured.session_id, captured.site_id
            )
            return
        await self._stop_listening(session)
        await self._hotword_on(session)
        if self._understands_itself(session.site_id):
            return  # its intent (or intentNotRecognized) follows from the device itself
        query = NluQuery(
            input=captured.text,
            site_id=session.site_id,
            session_id=session.session_id,
            intent_filter=list(session.expect) or None,
            wakeword_id=captured.wakeword_id or session.wakeword_id,
            lang=captured.lang or session.lang,
            custom_data=session.custom_data,
            asr_confidence=captured.likelihood,
        )
        await self._publisher.publish(query)

    async def _on_say(self, topic: str, payload: bytes) -> None:
        """Any say: one in a session whose intent waits for another Hermes skill is that skill's answer."""
        say = TtsSay.from_mqtt(topic, payload)
        session = self._dialogues.get(say.session_id)
        if session is None:
            self._dialogues.hold_early(say.session_id, topic, payload)
        elif session.answer_due is not None:
            self._dialogues.answered(session)

    async def _on_say_finished(self, topic: str, payload: bytes) -> None:
        finished = TtsSayFinished.from_mqtt(topic, payload)
        pending = self._dialogues.say_finished(finished.id)
        if pending is not None:
            await self._said(pending)

    async def _said(self, say: PendingSay) -> None:
        if say.hotword_back:
            await self._publisher.publish(
                HotwordToggleOn(site_id=say.site_id, reason=HotwordToggleReason.TTS_SAY)
            )
        session = self._dialogues.get(say.session_id)
        if say.listen_after and session is not None:
            await self._start_listening(session)

    # -- sessions asked for by other Hermes clients (skills, tools) ----------------------------------

    async def _on_start_session(self, topic: str, payload: bytes) -> None:
        start = DialogueStartSession.from_mqtt(topic, payload)
        session = self._dialogues.open(start.site_id, lang=start.lang, custom_data=start.custom_data)
        await self._publisher.publish(
            DialogueSessionStarted(
                session_id=session.session_id,
                site_id=session.site_id,
                custom_data=session.custom_data,
                lang=start.lang,
            )
        )
        if start.init.type is SessionInitType.NOTIFICATION:
            await self.speak_and_end(session, start.init.text, SessionTerminationReason.NOMINAL)
            return
        self._dialogues.expect(session, tuple(start.init.intent_filter or ()))
        session.send_intent_not_recognized = start.init.send_intent_not_recognized
        await self._ask(session, start.init.text)

    async def _on_continue_session(self, topic: str, payload: bytes) -> None:
        message = DialogueContinueSession.from_mqtt(topic, payload)
        session = self._dialogues.get(message.session_id)
        if session is None:
            if not self._dialogues.hold_early(message.session_id, topic, payload):
                _LOGGER.info("continueSession for unknown session %s ignored", message.session_id)
            return
        if DialogueContinueSession.TOPIC in session.echoes:
            session.echoes.discard(DialogueContinueSession.TOPIC)  # our own message coming back
            return
        self._dialogues.answered(session)
        self._dialogues.expect(session, tuple(message.intent_filter or ()))
        session.send_intent_not_recognized = message.send_intent_not_recognized
        session.custom_data = message.custom_data if message.custom_data is not None else session.custom_data
        session.lang = message.lang or session.lang
        await self._ask(session, message.text)

    async def _on_end_session(self, topic: str, payload: bytes) -> None:
        message = DialogueEndSession.from_mqtt(topic, payload)
        session = self._dialogues.get(message.session_id)
        if session is None:  # before its intent (kept for it), or our own coming back after we closed it
            self._dialogues.hold_early(message.session_id, topic, payload)
            return
        self._dialogues.close(session.session_id)
        if message.custom_data is not None:
            session.custom_data = message.custom_data
        await self.say(session, message.text)
        await self.publish_ended(session, SessionTerminationReason.NOMINAL)

    # -- the site's wake word and listening ------------------------------------------------------------

    async def _ask(self, session: Session, text: str | None) -> None:
        """Keep the wake word off, say ``text``, then listen (at once when there is nothing to say)."""
        await self._hotword_off(session)
        await self.say(session, text, listen_after=True)

    async def _start_listening(self, session: Session) -> None:
        session.listening = session.voice = True
        await self._publisher.publish(
            AsrStartListening(
                site_id=session.site_id,
                session_id=session.session_id,
                lang=session.lang,
                wakeword_id=session.wakeword_id,
                intent_filter=list(session.expect) or None,
            )
        )

    async def _stop_listening(self, session: Session) -> None:
        if session.listening:
            session.listening = False
            await self._publisher.publish(
                AsrStopListening(site_id=session.site_id, session_id=session.session_id)
            )

    async def _hotword_off(self, session: Session) -> None:
        if not session.hotword_off:
            session.hotword_off = True
            reason = HotwordToggleReason.DIALOGUE_SESSION
            await self._publisher.publish(HotwordToggleOff(site_id=session.site_id, reason=reason))

    async def _hotword_on(self, session: Session) -> None:
        if session.hotword_off:
            session.hotword_off = False
            reason = HotwordToggleReason.DIALOGUE_SESSION
            await self._publisher.publish(HotwordToggleOn(site_id=session.site_id, reason=reason))
