"""The server's Hermes side: NLU for queries, skills for intents, and the dialogue manager.

``routes()`` are its handlers for the server's topic router. Every received message is decoded
into a typed message; a payload that does not decode is answered on ``hermes/error/...`` and
logged, and the next message is served as usual.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import Protocol

from ting.errors import MessageError, TingError
from ting.hermes import (
    DialogueContinueSession,
    DialogueEndSession,
    DialogueError,
    DialogueSessionEnded,
    DialogueSessionStarted,
    DialogueStartSession,
    Message,
    NluError,
    NluIntent,
    NluIntentNotRecognized,
    NluQuery,
    SessionInitType,
    SessionTermination,
    SessionTerminationReason,
    TtsSay,
)
from ting.server.dialogue import Dialogues, Session
from ting.server.phrases import phrase
from ting.server.router import Handler, Route
from ting.server.runtime import SkillRuntime
from ting.skills.sdk import Response

_LOGGER = logging.getLogger(__name__)


class Publisher(Protocol):
    async def publish(self, message: Message, *, qos: int = 1, retain: bool = False) -> None: ...


class HermesService:
    """Consumes Hermes topics and answers them. Transport-agnostic: give it a publisher and messages."""

    def __init__(self, runtime: SkillRuntime, publisher: Publisher, dialogues: Dialogues) -> None:
        self._runtime = runtime
        self._publisher = publisher
        self._dialogues = dialogues

    def routes(self) -> list[Route]:
        handlers: dict[str, Handler] = {
            NluQuery.TOPIC: self._on_query,
            NluIntent.subscription(): self._on_intent,
            NluIntentNotRecognized.TOPIC: self._on_not_recognized,
            DialogueStartSession.TOPIC: self._on_start_session,
            DialogueContinueSession.TOPIC: self._on_continue_session,
            DialogueEndSession.TOPIC: self._on_end_session,
        }
        return [Route(topic_filter, self._reporting(handler)) for topic_filter, handler in handlers.items()]

    async def sweep_sessions(self, interval_seconds: float = 1.0) -> None:
        """End sessions nobody answered within the timeout (runs forever)."""
        while True:
            await asyncio.sleep(interval_seconds)
            for session in self._dialogues.expired():
                _LOGGER.info("session %s on %s timed out", session.session_id, session.site_id)
                await self._publish_ended(session, SessionTerminationReason.TIMEOUT)

    def _reporting(self, handler: Handler) -> Handler:
        """``handler``, with undecodable payloads answered on the Hermes error topics."""

        async def reporting(topic: str, payload: bytes) -> None:
            try:
                await handler(topic, payload)
            except MessageError as error:
                _LOGGER.warning("bad payload on %s: %s", topic, error)
                await self._report(topic, str(error))
            except TingError as error:
                _LOGGER.error("could not handle %s: %s", topic, error)

        reporting.__qualname__ = getattr(handler, "__qualname__", "handler")
        return reporting

    async def _report(self, topic: str, error: str) -> None:
        """Answer an undecodable payload on the matching Hermes error topic."""
        report: Message = (
            NluError(error=error, context=topic)
            if topic == NluQuery.TOPIC
            else DialogueError(error=error, context=topic)
        )
        try:
            await self._publisher.publish(report)
        except TingError as failure:
            _LOGGER.warning("could not publish error report: %s", failure)

    # --- NLU --------------------------------------------------------------------------------

    async def _on_query(self, topic: str, payload: bytes) -> None:
        query = NluQuery.from_mqtt(topic, payload)
        session = self._dialogues.get(query.session_id)
        # A session that asked a question understands the answer within what it expects.
        intent_filter = query.intent_filter or (list(session.expect) if session and session.expect else None)
        recognition = self._runtime.understand(
            query.input, lang=query.lang, site_id=query.site_id, intent_filter=intent_filter
        )
        if recognition is None:
            await self._publisher.publish(
                NluIntentNotRecognized(
                    input=query.input,
                    site_id=query.site_id,
                    id=query.id,
                    custom_data=query.custom_data,
                    session_id=query.session_id,
                )
            )
        else:
            await self._publisher.publish(recognition.to_hermes(query))

    # --- skills -----------------------------------------------------------------------------

    async def _on_intent(self, topic: str, payload: bytes) -> None:
        intent = NluIntent.from_mqtt(topic, payload)
        name = intent.intent.intent_name
        if topic != NluIntent.topic(intent_name=name):
            raise MessageError(f"intent {name!r} published on {topic!r}")
        if not self._runtime.can_handle(name):
            # Perhaps an external Hermes skill answers it: keep the session open until the timeout.
            _LOGGER.info("no ting skill for intent %s; waiting for another Hermes skill", name)
            self._dialogues.open(intent.site_id, session_id=intent.session_id, lang=intent.lang)
            return
        session = self._dialogues.get(intent.session_id)
        if not Dialogues.accepts(session, name):
            assert session is not None
            await self._speak_and_end(
                session, phrase("not_now", session.lang), SessionTerminationReason.ABORTED_BY_USER
            )
            return
        request = self._runtime.request_for(intent)
        session = self._dialogues.open(
            intent.site_id, session_id=intent.session_id, lang=request.lang, custom_data=intent.custom_data
        )
        session.lang = request.lang
        response = await self._runtime.handle(request)
        await self._answer(session, response)

    async def _answer(self, session: Session, response: Response) -> None:
        if response.continues_session:
            self._dialogues.expect(session, response.expect)
            session.echoes.add(DialogueContinueSession.TOPIC)
            await asyncio.gather(
                self._publisher.publish(
                    DialogueContinueSession(
                        session_id=session.session_id,
                        text=response.text,
                        intent_filter=list(response.expect),
                        custom_data=session.custom_data,
                        lang=session.lang,
                    )
                ),
                self._say(session, response.text),
            )
        else:
            await self._speak_and_end(session, response.text, SessionTerminationReason.NOMINAL)

    async def _speak_and_end(
        self, session: Session, text: str | None, reason: SessionTerminationReason
    ) -> None:
        self._dialogues.close(session.session_id)
        await asyncio.gather(
            self._publisher.publish(
                DialogueEndSession(session_id=session.session_id, text=text, custom_data=session.custom_data)
            ),
            self._say(session, text),
            self._publish_ended(session, reason),
        )

    async def _say(self, session: Session, text: str | None) -> None:
        if text:
            await self._publisher.publish(
                TtsSay(
                    text=text,
                    site_id=session.site_id,
                    lang=session.lang,
                    id=uuid.uuid4().hex,
                    session_id=session.session_id,
                )
            )

    async def _publish_ended(self, session: Session, reason: SessionTerminationReason) -> None:
        await self._publisher.publish(
            DialogueSessionEnded(
                termination=SessionTermination(reason=reason),
                session_id=session.session_id,
                site_id=session.site_id,
                custom_data=session.custom_data,
            )
        )

    async def _on_not_recognized(self, topic: str, payload: bytes) -> None:
        message = NluIntentNotRecognized.from_mqtt(topic, payload)
        lang = self._runtime.language(message.input, None)
        session = self._dialogues.open(message.site_id, session_id=message.session_id, lang=lang)
        await self._speak_and_end(
            session, phrase("not_understood", lang), SessionTerminationReason.INTENT_NOT_RECOGNIZED
        )

    # --- dialogue manager requests from other Hermes clients --------------------------------

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
            await self._speak_and_end(session, start.init.text, SessionTerminationReason.NOMINAL)
        else:
            self._dialogues.expect(session, tuple(start.init.intent_filter or ()))
            await self._say(session, start.init.text)

    async def _on_continue_session(self, topic: str, payload: bytes) -> None:
        message = DialogueContinueSession.from_mqtt(topic, payload)
        session = self._dialogues.get(message.session_id)
        if session is None:
            _LOGGER.info("continueSession for unknown session %s ignored", message.session_id)
            return
        if DialogueContinueSession.TOPIC in session.echoes:
            session.echoes.discard(DialogueContinueSession.TOPIC)  # our own message coming back
            return
        self._dialogues.expect(session, tuple(message.intent_filter or ()))
        await self._say(session, message.text)

    async def _on_end_session(self, topic: str, payload: bytes) -> None:
        message = DialogueEndSession.from_mqtt(topic, payload)
        session = self._dialogues.get(message.session_id)
        if session is None:  # unknown, or our own endSession coming back after we closed it
            return
        self._dialogues.close(session.session_id)
        await asyncio.gather(
            self._say(session, message.text), self._publish_ended(session, SessionTerminationReason.NOMINAL)
        )
