"""The device agent: microphone → wake word → end of speech → recognizer → NLU → Hermes, and answers back.

One supervisor loop per part (capture, MQTT consumer, heartbeat, answer watchdog); the
conversation is a small state machine::

    IDLE --wake word--> LISTENING --end of speech--> RECOGNIZING --> UNDERSTANDING
      ^                     ^                                            | intent published
      |                     +------ continueSession (after speaking) ---+--> WAITING --tts/say--> SPEAKING
      +------------------------- sessionEnded / endSession / answer timeout -----------------------+

Hardware and engines sit behind ``ting.device.interfaces`` and are built by the factories in
``DeviceParts`` (so a failed part is rebuilt on restart). Blocking engine calls run off the
event loop: the wake word detector gets ~90 ms batches on a worker thread (``ting.device.wake_listener``),
and the command is recognized while it is spoken, on a single recognition worker
(``ting.device.recognition``). While the device speaks or plays a sound, audio is not fed to the wake word
detector (it never wakes itself). When the broker is unreachable the user hears an error
earcon and a spoken message; nothing is queued for later (no stale commands).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from ting.device.answers import ServerMessages
from ting.device.command_audio import SpeechTrim, WakeTail
from ting.device.conversation import AgentEvent, DeviceParts, Session, State
from ting.device.earcons import Earcon
from ting.device.interfaces import (
    AudioChunk,
    SpeechEndpointer,
    WakeDetection,
)
from ting.device.nlu import GRAMMAR_SUBSCRIPTION, DeviceNlu
from ting.device.recognition import CommandRecognition, PooledRecognizer, RecognizerPool
from ting.device.ringing import Ringing
from ting.device.speaker import Speaker
from ting.device.supervise import Backoff, supervise
from ting.device.wake_listener import WakeListener
from ting.errors import MqttError
from ting.hermes import (
    AsrTextCaptured,
    AudioPlayBytes,
    DialogueContinueSession,
    DialogueEndSession,
    DialogueSessionEnded,
    HotwordDetected,
    Message,
    NluIntentNotRecognized,
    TtsSay,
)
from ting.mqtt.client import HermesClient
from ting.settings import Settings

_LOGGER = logging.getLogger(__name__)

__all__ = ["AgentEvent", "DeviceAgent", "DeviceParts", "State"]

HEARTBEAT_TOPIC = "ting/device/{site_id}/heartbeat"
UNREACHABLE = {
    "zh": "抱歉，我现在连不上家里的服务器。",
    "en": "Sorry, I cannot reach the home server right now.",
}
_WATCHDOG_SECONDS = 0.2


class DeviceAgent(ServerMessages):
    def __init__(
        self,
        settings: Settings,
        parts: DeviceParts,
        nlu: DeviceNlu,
        *,
        on_event: Callable[[AgentEvent], None] | None = None,
    ) -> None:
        self.settings = settings
        self.site_id = settings.device.site_id
        self._device = settings.device
        self._parts = parts
        self._nlu = nlu
        self._on_event = on_event
        self.restarts: dict[str, int] = {}
        """Part name -> times it was restarted."""
        self.bad_payloads = 0
        self.speaker = Speaker(
            parts.make_synthesizer,
            parts.make_sink,
            volume=self._device.volume,
            earcons=self._device.earcons,
            backoff=self._new_backoff(),
            restarts=self.restarts,
        )
        self._state = State.IDLE
        self._session: Session | None = None
        self._wake = WakeListener(parts.make_wake, self._new_backoff(), self.restarts)
        self._endpointer: SpeechEndpointer | None = None
        self._wake_tail = WakeTail(aggressiveness=self._device.vad_aggressiveness)
        self._recognizers = RecognizerPool(lambda lang: self._parts.make_recognizer(lang))
        self._stt_worker = ThreadPoolExecutor(1, thread_name_prefix="stt")
        """Builds recognizers and feeds the command being spoken, one job at a time, in order."""
        self._recognition: CommandRecognition | None = None
        self._client: HermesClient | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._started = time.monotonic()
        self.ringing = Ringing(
            site_id=self.site_id,
            speaker=self.speaker,
            nlu=nlu,
            make_endpointer=parts.make_endpointer,
            recognizer=lambda lang: PooledRecognizer(self._recognizers, lang),
            publish=self._publish_quietly,
            emit=lambda kind, detail: self._emit(kind, detail),
            volume=self._device.volume,
            default_lang=settings.household.language,
            vad_aggressiveness=self._device.vad_aggressiveness,
        )

    # -- lifecycle -----------------------------------------------------------------------

    def _new_backoff(self) -> Backoff:
        return Backoff(self._device.restart_min_seconds, self._device.restart_max_seconds)

    @property
    def state(self) -> State:
        return self._state

    @property
    def recognizers(self) -> RecognizerPool:
        """The speech recognizers, per language (``ready(lang)``: built for the current grammar)."""
        return self._recognizers

    def _set_state(self, state: State) -> None:
        if state is not self._state:
            _LOGGER.debug("%s → %s", self._state, state)
            self._state = state

    def subscriptions(self) -> tuple[str, ...]:
        return (
            TtsSay.TOPIC,
            AudioPlayBytes.topic(site_id=self.site_id, request_id="+"),
            DialogueContinueSession.TOPIC,
            DialogueEndSession.TOPIC,
            DialogueSessionEnded.TOPIC,
            GRAMMAR_SUBSCRIPTION,
            *self.ringing.topics(),
        )

    async def run(self) -> None:
        """Serve until the audio source ends (a WAV file) and the last answer was spoken, or cancelled."""
        async with HermesClient(
            self.settings.mqtt, site_id=self.site_id, role="device", subscriptions=self.subscriptions()
        ) as client:
            self._client = client
            self._prepare_recognizers()
            background = [
                asyncio.create_task(
                    supervise("mqtt", self._consume, self._new_backoff(), restarts=self.restarts)
                ),
                asyncio.create_task(self._heartbeat()),
                asyncio.create_task(self._watchdog()),
            ]
            try:
                await supervise("capture", self._capture, self._new_backoff(), restarts=self.restarts)
                await self.wait_idle(self._device.answer_timeout_seconds + 5)
            finally:
                for task in (*background, *self._tasks):
                    task.cancel()
                await asyncio.gather(*background, *self._tasks, return_exceptions=True)
                await self.ringing.close()
                self._cancel_recognition()
                self._stt_worker.shutdown(wait=False, cancel_futures=True)

    async def wait_idle(self, timeout_seconds: float) -> None:
        """Until nothing is in progress (no session, nothing playing); logs when it times out."""
        deadline = time.monotonic() + timeout_seconds
        while self._state is not State.IDLE or self.speaker.busy or self._tasks:
            if time.monotonic() > deadline:
                _LOGGER.warning("still %s after %.0f s; stopping anyway", self._state, timeout_seconds)
                return
            await asyncio.sleep(0.05)

    def _spawn(self, coroutine: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            _LOGGER.error("agent task failed", exc_info=task.exception())

    def _emit(self, kind: str, detail: str = "", session: Session | None = None) -> None:
        if self._on_event is not None:
            session_id = session.session_id if session else None
            self._on_event(AgentEvent(kind, detail, time.monotonic(), session_id))

    # -- capture, wake word, end of speech ---------------------------------------------------

    async def _capture(self) -> None:
        source = self._parts.open_source()
        self._endpointer = self._parts.make_endpointer()
        self._wake.pause()  # a restarted capture starts from a clean detector
        try:
            async for chunk in source.chunks():
                await self._on_chunk(chunk)
        finally:
            await source.close()

    async def _on_chunk(self, chunk: AudioChunk) -> None:
        if self.ringing.active:  # no wake word while ringing: stop/snooze are heard as they are
            self._wake.pause()
            if self._state is State.LISTENING and self._session is not None:  # the ring takes the mic
                self._emit("idle", "ringing", self._session)
                self._finish(self._session)  # (and the recognizer: its stream is cancelled)
            self.ringing.feed(chunk)
            return
        if self.speaker.busy:
            self._wake.pause()  # our own voice is not a wake word
            return
        if self._state is State.IDLE:
            await self._idle_chunk(chunk)
        elif self._state is State.LISTENING and self._endpointer is not None:
            command = self._wake_tail.command_audio(chunk)
            if command is None:
                return
            if self._recognition is not None:
                self._recognition.feed(command.pcm)
            if self._endpointer.process(command):
                self._end_of_speech()

    async def _idle_chunk(self, chunk: AudioChunk) -> None:
        heard = await self._wake.hear(chunk)
        if heard is not None and self._state is State.IDLE and not self.speaker.busy:
            detection, rest = heard
            self._woke(detection)
            for after in rest:  # the start of the command
                await self._on_chunk(after)

    def _woke(self, detection: WakeDetection) -> None:
        session = Session(uuid.uuid4().hex, detection.lang, detection.wakeword_id)
        self._session = session
        self._emit("wake", f"{detection.wakeword_id} ({detection.lang})", session)
        if self._client is None or not self._client.connected:
            self._spawn(self._unreachable(session, "not connected"))
            return
        hotword = HotwordDetected(
            model_id=detection.wakeword_id,
            wakeword_id=detection.wakeword_id,
            site_id=self.site_id,
            session_id=session.session_id,
            lang=detection.lang,
        )
        self._spawn(self._publish_quietly(hotword))
        self._open_listening(session, after_wake=True)

    def _open_listening(self, session: Session, *, after_wake: bool = False) -> None:
        self._cancel_recognition()
        trim = SpeechTrim(aggressiveness=self._device.vad_aggressiveness)
        self._recognition = CommandRecognition(self._recognizers, session.lang, self._stt_worker, trim)
        self._wake_tail.reset(active=after_wake)
        if self._endpointer is not None:
            self._endpointer.reset()
        self._set_state(State.LISTENING)
        self._emit("listening", session.lang, session)
        self._spawn(self.speaker.earcon(Earcon.LISTENING))

    def _end_of_speech(self) -> None:
        session, recognition = self._session, self._recognition
        assert session is not None and self._endpointer is not None and recognition is not None
        self._recognition = None
        if not self._endpointer.heard_speech:
            recognition.cancel()
            self._emit("idle", "nothing said", session)
            self._finish(session)
            return
        self._set_state(State.RECOGNIZING)
        self._emit("end_of_speech", f"{recognition.received_seconds:.2f} s of audio", session)
        self._spawn(self._command_done(session, recognition))

    def _cancel_recognition(self) -> None:
        recognition, self._recognition = self._recognition, None
        if recognition is not None:
            recognition.cancel()

    def _prepare_recognizers(self) -> None:
        """Build the recognizers of the wake word languages now (off the loop), not at the first command."""
        self._stt_worker.submit(self._recognizers.prepare, list(self._device.wake_phrases))

    def _grammar_changed(self) -> None:
        self._recognizers.clear()
        self._prepare_recognizers()

    # -- recognition, understanding, publishing ----------------------------------------------

    async def _command_done(self, session: Session, command: CommandRecognition) -> None:
        try:
            transcript = await command.finish()
        except Exception as error:
            self.restarts["recognizer"] = self.restarts.get("recognizer", 0) + 1
            self._recognizers.drop(session.lang)  # rebuilt for the next command
            _LOGGER.error("speech recognizer (%s) failed: %s", session.lang, error)
            self._emit("error", f"speech recognizer: {error}", session)
            await self.speaker.earcon(Earcon.ERROR)
            self._finish(session)
            return
        self._emit("transcript", f"{transcript.text!r} ({transcript.engine})", session)
        self._set_state(State.UNDERSTANDING)
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
            assert self._client is not None
            await self._client.publish(captured)
            await self._client.publish(meaning)
        except MqttError as error:
            await self._unreachable(session, str(error))
            return
        if recognition is not None:
            slots = ", ".join(f"{k}={v}" for k, v in recognition.slot_values().items())
            self._emit("intent", f"{recognition.intent_name} ({slots or 'no slots'})", session)
        else:
            self._emit("not_recognized", transcript.text, session)
        session.deadline = time.monotonic() + self._device.answer_timeout_seconds
        if self._session is session and self._state is State.UNDERSTANDING:
            self._set_state(State.WAITING)

    async def _unreachable(self, session: Session, reason: str) -> None:
        _LOGGER.error("broker unreachable (%s): telling the user; nothing is queued", reason)
        self._emit("error", f"broker unreachable: {reason}", session)
        self._set_state(State.SPEAKING)
        await self.speaker.earcon(Earcon.ERROR)
        await self.speaker.say(UNREACHABLE.get(session.lang, UNREACHABLE["en"]), session.lang)
        self._finish(session)

    async def _publish_quietly(self, message: Message) -> None:
        try:
            assert self._client is not None
            await self._client.publish(message)
        except MqttError as error:
            _LOGGER.warning("%s not sent: %s", message.message_topic(), error)

    def _finish(self, session: Session) -> None:
        if self._session is session:
            self._cancel_recognition()
            self._session = None
            self._set_state(State.IDLE)

    # -- supervision -------------------------------------------------------------------------

    async def _watchdog(self) -> None:
        """Ends a conversation whose answer never came (a server down, a skill that hangs)."""
        while True:
            await asyncio.sleep(_WATCHDOG_SECONDS)
            session = self._session
            if session and self._state is State.WAITING and time.monotonic() > session.deadline:
                _LOGGER.warning(
                    "no answer for session %s; listening for the wake word again", session.session_id
                )
                self._emit("error", "no answer from the server", session)
                self._finish(session)

    def heartbeat(self) -> dict[str, Any]:
        return {
            "siteId": self.site_id,
            "state": self._state.value,
            "uptimeSeconds": round(time.monotonic() - self._started, 1),
            "restarts": dict(self.restarts),
            "time": time.time(),
        }

    async def _heartbeat(self) -> None:
        assert self._client is not None
        topic = HEARTBEAT_TOPIC.format(site_id=self.site_id)
        while True:
            if self._client.connected:
                try:
                    await self._client.publish_raw(topic, json.dumps(self.heartbeat()).encode())
                except MqttError as error:
                    _LOGGER.debug("heartbeat not sent: %s", error)
            await asyncio.sleep(self._device.heartbeat_seconds)
