"""A heard command's way out: understood, published (the text, then the intent or "not recognized", then the
audio), and what the user hears when that fails (a broken recognizer, an unreachable broker).

The agent hands it the parts once; the MQTT client is looked up at each publish, since it exists only while
the agent runs (and tests swap it).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from ting.device.conversation import Conversation, Session
from ting.device.earcons import Earcon
from ting.device.nlu import DeviceNlu
from ting.device.recognition import CommandRecognition
from ting.device.recognizer_pool import RecognizerPool
from ting.device.speaker import Speaker
from ting.device.supervise import TaskSet
from ting.device.wav import encode_wav
from ting.errors import MqttError
from ting.hermes import (
    AsrAudioCaptured,
    AsrTextCaptured,
    DialogueEndSession,
    Message,
    NluIntentNotRecognized,
)
from ting.mqtt.client import HermesClient

_LOGGER = logging.getLogger(__name__)

UNREACHABLE = {
    "zh": "抱歉，我现在连不上家里的服务器。",
    "en": "Sorry, I cannot reach the home server right now.",
}


class CommandPublisher:
    def __init__(
        self,
        *,
        site_id: str,
        nlu: DeviceNlu,
        conversation: Conversation,
        speaker: Speaker,
        recognizers: RecognizerPool,
        tasks: TaskSet,
        restarts: dict[str, int],
        client: Callable[[], HermesClient | None],
        on_intent: Callable[[str], None] | None = None,
    ) -> None:
        """``on_intent``: called with the name of each intent published (after it went out)."""
        self.site_id = site_id
        self._nlu = nlu
        self.conversation = conversation
        self.speaker = speaker
        self._recognizers = recognizers
        self._tasks = tasks
        self.restarts = restarts
        """Shared with the agent: part name -> times it was restarted."""
        self._client = client
        self._on_intent = on_intent

    async def command_done(self, session: Session, command: CommandRecognition) -> None:
        conversation = self.conversation
        try:
            transcript = await command.finish()
        except Exception as error:
            self.restarts["recognizer"] = self.restarts.get("recognizer", 0) + 1
            self._recognizers.drop(session.lang)  # rebuilt for the next command
            _LOGGER.error("speech recognizer (%s) failed: %s", session.lang, error)
            conversation.emit("error", f"speech recognizer: {error}", session)
            await self.speaker.earcon(Earcon.ERROR)
            conversation.finish(session)
            self.end_for_the_server(session)
            return
        conversation.emit("transcript", f"{transcript.text!r} ({transcript.engine})", session)
        if conversation.session is not session:
            # the server ended the session while this was recognized (it stopped waiting): what was said
            # still goes out (the user finished a command and expects it done), the device stays as it is
            _LOGGER.info(
                "session %s ended while its command was recognized: sent all the same", session.session_id
            )
        conversation.understanding(session)
        query, recognition = self._nlu.understand(
            transcript.text,
            lang=session.lang,
            site_id=self.site_id,
            session_id=session.session_id,
            wakeword_id=session.wakeword_id,
            asr_confidence=transcript.confidence,
            intent_filter=session.intent_filter,
        )
        captured = AsrTextCaptured(
            text=transcript.text,
            likelihood=transcript.confidence,
            seconds=transcript.seconds,
            site_id=self.site_id,
            session_id=session.session_id,
            wakeword_id=session.wakeword_id,
            lang=session.lang,
        )
        meaning: Message = (
            self._nlu.to_intent(query, recognition)
            if recognition is not None
            else NluIntentNotRecognized(
                input=transcript.text, site_id=self.site_id, session_id=session.session_id
            )
        )
        try:
            client = self._client()
            assert client is not None
            await client.publish(captured)
            await client.publish(meaning)
        except MqttError as error:
            await self.unreachable(session, str(error))
            return
        if command.audio:  # device.send_command_audio: for the dashboard to play back; after the intent
            wav = encode_wav(command.audio)
            heard = AsrAudioCaptured(wav_bytes=wav, site_id=self.site_id, session_id=session.session_id)
            self._tasks.spawn(self.publish_quietly(heard))
        if recognition is not None and self._on_intent is not None:
            self._on_intent(recognition.intent_name)
        if recognition is not None:
            slots = ", ".join(f"{k}={v}" for k, v in recognition.slot_values().items())
            conversation.emit("intent", f"{recognition.intent_name} ({slots or 'no slots'})", session)
        else:
            conversation.emit("not_recognized", transcript.text, session)
        conversation.intent_published(session)

    async def unreachable(self, session: Session, reason: str) -> None:
        _LOGGER.error("broker unreachable (%s): telling the user; nothing is queued", reason)
        self.conversation.emit("error", f"broker unreachable: {reason}", session)
        self.conversation.speaking(session)
        await self.speaker.earcon(Earcon.ERROR)
        await self.speaker.say(UNREACHABLE.get(session.lang, UNREACHABLE["en"]), session.lang)
        self.conversation.finish(session)

    async def publish_quietly(self, message: Message) -> None:
        try:
            client = self._client()
            assert client is not None
            await client.publish(message)
        except MqttError as error:
            _LOGGER.warning("%s not sent: %s", message.message_topic(), error)

    def end_for_the_server(self, session: Session) -> None:
        """The session ended here without an intent: the dialogue manager ends it too (else it would wait for
        the session timeout with the site's wake word switched off)."""
        self._tasks.spawn(self.publish_quietly(DialogueEndSession(session_id=session.session_id)))
