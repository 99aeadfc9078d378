"""The agent's side of the server's messages: answers to speak, sounds to play, sessions that
continue or end, grammar updates. A payload that does not decode is logged and skipped."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Coroutine
from typing import Any

from ting.device.conversation import Session, State
from ting.device.nlu import DeviceNlu
from ting.device.recognition import RecognizerPool
from ting.device.ringing import Ringing
from ting.device.speaker import Speaker
from ting.errors import MessageError
from ting.hermes import (
    AudioPlayBytes,
    AudioPlayFinished,
    DialogueContinueSession,
    DialogueEndSession,
    DialogueSessionEnded,
    Message,
    TtsSay,
    TtsSayFinished,
)
from ting.mqtt.client import HermesClient
from ting.nlu import detect_language

_LOGGER = logging.getLogger(__name__)


class ServerMessages:
    """Mixed into ``DeviceAgent``, which provides the attributes and helpers declared here."""

    site_id: str
    speaker: Speaker
    bad_payloads: int
    _session: Session | None
    _state: State
    _client: HermesClient | None
    _nlu: DeviceNlu
    _recognizers: RecognizerPool
    ringing: Ringing

    def _spawn(self, coroutine: Coroutine[Any, Any, Any]) -> None:
        raise NotImplementedError

    def _emit(self, kind: str, detail: str = "", session: Session | None = None) -> None:
        raise NotImplementedError

    def _set_state(self, state: State) -> None:
        raise NotImplementedError

    def _open_listening(self, session: Session, *, after_wake: bool = False) -> None:
        raise NotImplementedError

    def _finish(self, session: Session) -> None:
        raise NotImplementedError

    def _grammar_changed(self) -> None:
        raise NotImplementedError

    async def _publish_quietly(self, message: Message) -> None:
        raise NotImplementedError

    # -- messages from the server ------------------------------------------------------------

    async def _consume(self) -> None:
        assert self._client is not None
        async for topic, payload in self._client.messages():
            try:
                await self._dispatch(topic, payload)
            except (MessageError, ValueError, UnicodeDecodeError) as error:
                self.bad_payloads += 1
                _LOGGER.warning("bad payload on %s ignored: %s", topic, error)

    async def _dispatch(self, topic: str, payload: bytes) -> None:
        if self.ringing.on_message(topic, payload):
            return
        if topic == TtsSay.TOPIC:
            say = TtsSay.from_mqtt(topic, payload)
            if say.site_id == self.site_id:
                self._spawn(self._say(say))
        elif AudioPlayBytes.is_topic(topic):
            sound = AudioPlayBytes.from_mqtt(topic, payload)
            if sound.site_id == self.site_id:
                self._spawn(self._play_bytes(sound))
        elif topic == DialogueContinueSession.TOPIC:
            self._on_continue(DialogueContinueSession.from_mqtt(topic, payload))
        elif topic in (DialogueEndSession.TOPIC, DialogueSessionEnded.TOPIC):
            message = json.loads(payload)
            if not isinstance(message, dict):
                raise MessageError(f"{topic}: expected a JSON object")
            ended = (
                DialogueEndSession.from_mqtt(topic, payload) if topic == DialogueEndSession.TOPIC else None
            )
            self._on_ended(str(message.get("sessionId")), say_coming=bool(ended and ended.text))
        elif topic.startswith("ting/nlu/grammar/") and await asyncio.to_thread(
            self._nlu.on_grammar, topic, payload
        ):
            self._grammar_changed()  # recognizers rebuilt with the new grammar, off the loop

    def _current(self, session_id: str | None) -> Session | None:
        session = self._session
        return session if session is not None and session.session_id == session_id else None

    def _on_continue(self, message: DialogueContinueSession) -> None:
        session = self._current(message.session_id)
        if session is None:
            return
        session.intent_filter = message.intent_filter or None
        session.lang = message.lang or session.lang
        session.reopen = True
        if not message.text:
            self._after_answer(session)

    def _on_ended(self, session_id: str, *, say_coming: bool) -> None:
        session = self._current(session_id)
        if session is None:
            return
        session.ended = True
        session.say_expected = session.say_expected or say_coming
        self._after_answer(session)

    async def _say(self, say: TtsSay) -> None:
        session = self._current(say.session_id)
        lang = say.lang or (session.lang if session else None) or detect_language(say.text)
        if session is not None:
            session.says_pending += 1
            session.say_expected = False
            self._set_state(State.SPEAKING)
        self._emit("say", say.text, session)
        try:
            await self.speaker.say(say.text, lang, volume=say.volume)
        finally:
            self._emit("said", say.text, session)
            await self._publish_quietly(
                TtsSayFinished(site_id=self.site_id, id=say.id, session_id=say.session_id)
            )
            if session is not None:
                session.says_pending -= 1
                self._after_answer(session)

    async def _play_bytes(self, sound: AudioPlayBytes) -> None:
        self._emit("play", f"{len(sound.wav_bytes)} bytes ({sound.request_id})", self._session)
        try:
            await self.speaker.play(sound.wav_bytes)
        finally:
            await self._publish_quietly(AudioPlayFinished(id=sound.request_id, site_id=self.site_id))

    def _after_answer(self, session: Session) -> None:
        """After a say finished or the session changed: listen again, finish, or keep waiting."""
        if self._session is not session or session.says_pending:
            return
        if session.reopen and not session.ended:
            session.reopen = False
            self._open_listening(session)
        elif session.ended and not session.say_expected:
            self._emit("idle", "session ended", session)
            self._finish(session)
        elif self._state is State.SPEAKING:
            self._set_state(State.WAITING)
