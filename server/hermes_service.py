"""The server's Hermes side: NLU for queries, skills for intents; sessions through the dialogue manager.

``routes()`` are its handlers (and the dialogue manager's) for the server's topic router. Every
received message is decoded into a typed message; a payload that does not decode, or text longer
than the NLU takes (``nlu.max_input_chars``), is answered on ``hermes/error/...`` and logged, and
the next message is served as usual.

An intent no ting skill handles is left to the Hermes skills running elsewhere (a sentences-only
skill's, for one) for ``server.unanswered_intent_seconds``: their ``endSession``, ``continueSession``
or ``tts/say`` for the session answers it; without one, ting says it cannot do that and ends the
session. An answer that comes later finds the session closed and is not spoken: never two answers.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from ting.errors import MessageError, TingError
from ting.hermes import (
    DialogueError,
    DialogueIntentNotRecognized,
    Message,
    NluError,
    NluIntent,
    NluIntentNotRecognized,
    NluQuery,
    SessionTerminationReason,
)
from ting.server.dialogue import Dialogues
from ting.server.dialogue_manager import DialogueManager, Publisher
from ting.server.phrases import phrase
from ting.server.router import Handler, Route
from ting.server.runtime import SkillRuntime

_LOGGER = logging.getLogger(__name__)

__all__ = ["HermesService", "Publisher"]


class HermesService:
    """Consumes Hermes topics and answers them. Transport-agnostic: give it a publisher and messages."""

    def __init__(
        self,
        runtime: SkillRuntime,
        publisher: Publisher,
        dialogues: Dialogues,
        *,
        understands_itself: Callable[[str], bool] = lambda site_id: False,
        unanswered_intent_seconds: float = 4.0,
    ) -> None:
        """``understands_itself(site_id)``: a ting device there publishes its own intents (presence);
        ``unanswered_intent_seconds``: how long an intent without a ting skill waits for another skill."""
        self._runtime = runtime
        self._publisher = publisher
        self._dialogues = dialogues
        self._unanswered_intent_seconds = unanswered_intent_seconds
        self.manager = DialogueManager(
            publisher,
            dialogues,
            understands_itself=understands_itself,
            check_input=lambda text, site_id, session_id: runtime.check_input(
                text, site_id=site_id, session_id=session_id
            ),
        )

    def routes(self) -> list[Route]:
        handlers: dict[str, Handler] = {
            NluQuery.TOPIC: self._on_query,
            NluIntent.subscription(): self._on_intent,
            NluIntentNotRecognized.TOPIC: self._on_not_recognized,
            **self.manager.routes(),
        }
        return [Route(topic_filter, self._reporting(handler)) for topic_filter, handler in handlers.items()]

    async def sweep_sessions(self, interval_seconds: float = 0.2) -> None:
        """End sessions nobody answered, and act on says that ended unreported (runs forever)."""
        while True:
            await asyncio.sleep(interval_seconds)
            try:
                await self.manager.sweep()
            except Exception:  # a bug in one round must not end the sweeper (and with it every timeout)
                _LOGGER.exception("dialogue sweep failed; next round in %.1f s", interval_seconds)

    def _reporting(self, handler: Handler) -> Handler:
        """``handler``, with undecodable payloads answered on the Hermes error topics."""

        async def reporting(topic: str, payload: bytes) -> None:
            try:
                await handler(topic, payload)
            except MessageError as error:
                _LOGGER.warning("bad payload on %s: %s", topic, error)
                await self._report(topic, error)
            except TingError as error:
                _LOGGER.error("could not handle %s: %s", topic, error)

        reporting.__qualname__ = getattr(handler, "__qualname__", "handler")
        return reporting

    async def _report(self, topic: str, error: MessageError) -> None:
        """Answer an undecodable (or refused) payload on the matching Hermes error topic."""
        site_id, session_id = error.site_id or "default", error.session_id
        report: Message = (
            NluError(error=str(error), context=topic, site_id=site_id, session_id=session_id)
            if topic == NluQuery.TOPIC
            else DialogueError(error=str(error), context=topic, site_id=site_id, session_id=session_id)
        )
        try:
            await self._publisher.publish(report)
        except TingError as failure:
            _LOGGER.warning("could not publish error report: %s", failure)

    # --- NLU --------------------------------------------------------------------------------

    async def _on_query(self, topic: str, payload: bytes) -> None:
        query = NluQuery.from_mqtt(topic, payload)
        # bounds the NLU's work on the event loop
        self._runtime.check_input(query.input, site_id=query.site_id, session_id=query.session_id)
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
        self._runtime.check_input(intent.input, site_id=intent.site_id, session_id=intent.session_id)
        name = intent.intent.intent_name
        if topic != NluIntent.topic(intent_name=name):
            raise MessageError(f"intent {name!r} published on {topic!r}")
        if not self._runtime.can_handle(name):
            await self._leave_to_other_skills(intent)
            return
        session = self._dialogues.get(intent.session_id)
        if not Dialogues.accepts(session, name):
            assert session is not None
            await self.manager.speak_and_end(
                session, phrase("not_now", session.lang), SessionTerminationReason.ABORTED_BY_USER
            )
            return
        request = self._runtime.request_for(intent)
        session = self._dialogues.open(
            intent.site_id, session_id=intent.session_id, lang=request.lang, custom_data=intent.custom_data
        )
        session.lang = request.lang
        response = await self._runtime.handle(request)
        if response.continues_session:
            await self.manager.continue_session(session, response.text, response.expect)
        else:
            await self.manager.speak_and_end(session, response.text, SessionTerminationReason.NOMINAL)

    async def _leave_to_other_skills(self, intent: NluIntent) -> None:
        """Perhaps another Hermes skill answers it: the session waits for it, a short while."""
        _LOGGER.info("no ting skill for %s; waiting for another Hermes skill", intent.intent.intent_name)
        session = self._dialogues.open(intent.site_id, session_id=intent.session_id)
        session.lang = self._runtime.language(intent.input, intent.lang)  # the apology's, should it come
        self._dialogues.await_answer(session, self._unanswered_intent_seconds)
        await self.manager.replay_early(session)

    async def _on_not_recognized(self, topic: str, payload: bytes) -> None:
        message = NluIntentNotRecognized.from_mqtt(topic, payload)
        self._runtime.check_input(message.input, site_id=message.site_id, session_id=message.session_id)
        session = self._dialogues.get(message.session_id)
        if session is not None and session.send_intent_not_recognized:
            # The session's skill asked to hear it (sendIntentNotRecognized): it decides what follows.
            self._dialogues.expect(session, session.expect)  # renews the session's deadline
            await self._publisher.publish(
                DialogueIntentNotRecognized(
                    session_id=session.session_id,
                    site_id=session.site_id,
                    input=message.input,
                    custom_data=session.custom_data,
                )
            )
            return
        lang = self._runtime.language(message.input, session.lang if session else None)
        # An answer to a question asked (a yes wanted) is not handed on to another assistant.
        asked = session is not None and bool(session.expect)
        session = self._dialogues.open(message.site_id, session_id=message.session_id, lang=lang)
        # Nothing said (a satellite's silence after a wake): the session ends without an apology.
        sorry: str | None = None
        if message.input.strip():
            sorry = (
                phrase("not_understood", lang)
                if asked
                else (await self._runtime.not_understood(message.input, lang, message.site_id)).text
            )
        await self.manager.speak_and_end(session, sorry, SessionTerminationReason.INTENT_NOT_RECOGNIZED)
