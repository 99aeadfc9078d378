"""The device agent: microphone → wake word → end of speech → recognizer → NLU → Hermes, and answers back.

One supervisor loop per part (capture, MQTT consumer, heartbeat, answer watchdog). The agent assembles
its parts once and hands them on: the conversation (``ting.device.conversation``: state, session and
their moves) is shared by the capture side (``ting.device.microphone_router``: where each microphone chunk
goes, when a command starts and ends) and the server's messages (``ting.device.answers``); a heard command
is understood and published by ``ting.device.command_publish``; the music player is chosen by
``ting.device.music.factory``.

Hardware and engines sit behind ``ting.device.interfaces`` and are built by the factories in
``DeviceParts`` (so a failed part is rebuilt on restart). Blocking engine calls run off the
event loop: the wake word detector gets ~90 ms batches on a worker thread (``ting.device.wake_listener``),
and the command is recognized while it is spoken, on a single recognition worker
(``ting.device.capture``, ``ting.device.recognition``). While the device speaks or plays a sound, audio is
not fed to the wake word detector (it never wakes itself), unless ``device.barge_in`` is on: then the
barge-in listener (``ting.device.barge_in``) hears the wake word and the stop phrases while it speaks or
plays music. When the broker is unreachable the user hears an error earcon and a spoken message; nothing is
queued for later (no stale commands).

The site follows the dialogue manager as a Rhasspy satellite does: the wake word is off while a
``hermes/hotword/toggleOff`` holds, ``hermes/asr/startListening`` for this site opens a session that listens
without the wake word (a skill's question), ``stopListening`` ends the command being heard (both carried out
by the microphone router). A session that
ends here without an intent (nothing said, the recognizer failed, a ring took the microphone) is ended for
the dialogue manager too (``hermes/dialogueManager/endSession``), which switches the wake word on again.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from ting.device.aec import EchoSettings
from ting.device.answers import ServerMessages
from ting.device.barge_in import BargeIn
from ting.device.capture import CommandCapture
from ting.device.command_publish import CommandPublisher
from ting.device.conversation import AgentEvent, Conversation, State
from ting.device.echo_stage import EchoStage
from ting.device.microphone_router import MicrophoneRouter
from ting.device.music.control import MediaCommands
from ting.device.music.factory import make_player
from ting.device.nlu import DeviceNlu
from ting.device.output_trace import mixed
from ting.device.parts import DeviceParts
from ting.device.recognizer_pool import PooledRecognizer, RecognizerPool
from ting.device.ringing import Ringing
from ting.device.speaker import Speaker
from ting.device.speaking_spans import Playing, SpanSwitch
from ting.device.supervise import TaskSet
from ting.device.wake_listener import WakeListener
from ting.device.wake_models import WakeModels
from ting.errors import MqttError
from ting.messages import DeviceHeartbeat, MediaState, PlayerStatus, StopState, WakeState
from ting.mqtt.client import HermesClient
from ting.settings import Settings
from ting.supervise import Backoff, supervise

_LOGGER = logging.getLogger(__name__)

__all__ = ["AgentEvent", "DeviceAgent", "DeviceParts", "State"]

MUSIC_FAILED = {"zh": "这首歌放不了。", "en": "I can't play that."}
MUSIC_PLAY_INTENT = "music.play"
"""Heard on this device: its player gets ready (``Player.prepare``) while the server finds the music."""
_WATCHDOG_SECONDS = 0.2


class DeviceAgent:
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
        self.restarts: dict[str, int] = {}
        """Part name -> times it was restarted."""
        self.speaker = Speaker(
            parts.make_synthesizer,
            parts.make_sink,
            volume=self._device.volume,
            earcons=self._device.earcons,
            backoff=self._new_backoff(),
            restarts=self.restarts,
            streaming=self._device.tts_streaming,
            first_audio_target_seconds=self._device.tts_first_audio_target_ms / 1000,
        )
        self._tasks = TaskSet()
        self._wake = WakeListener(parts.make_wake, self._new_backoff(), self.restarts)
        # late-bound: a part's factory may be replaced before the next build (tests do)
        self._recognizers = RecognizerPool(lambda lang: self._parts.make_recognizer(lang))
        self._stt_worker = ThreadPoolExecutor(1, thread_name_prefix="stt")
        """Builds recognizers and feeds the command being spoken, one job at a time, in order."""
        kept = self._device.command_audio_max_seconds if self._device.send_command_audio else 0.0
        self._command = CommandCapture(
            self._recognizers, self._stt_worker, vad_aggressiveness=self._device.vad_aggressiveness,
            keep_seconds=kept,
        )  # fmt: skip
        self.conversation = Conversation(
            command=self._command,
            speaker=self.speaker,
            tasks=self._tasks,
            answer_timeout_seconds=self._device.answer_timeout_seconds,
            on_event=on_event,
        )
        self._client: HermesClient | None = None
        self._started = time.monotonic()
        self._publisher = CommandPublisher(
            site_id=self.site_id,
            nlu=nlu,
            conversation=self.conversation,
            speaker=self.speaker,
            recognizers=self._recognizers,
            tasks=self._tasks,
            restarts=self.restarts,
            client=lambda: self._client,
            on_intent=self._intent_published,
        )
        self.ringing = Ringing(
            site_id=self.site_id,
            speaker=self.speaker,
            nlu=nlu,
            make_endpointer=parts.make_endpointer,
            recognizer=lambda lang: PooledRecognizer(self._recognizers, lang),
            publish=self._publisher.publish_quietly,
            emit=self.conversation.emit,
            volume=self._device.volume,
            default_lang=settings.household.language,
            vad_aggressiveness=self._device.vad_aggressiveness,
        )
        self._music_span = SpanSwitch(self.speaker.spans, Playing.MUSIC)
        """When the music played, in the device's one record of what played when (the router reads it)."""
        self.music = make_player(
            self.site_id,
            settings.media,
            parts.make_music_output,
            on_state=self._publish_media_state,
            on_error=self._music_failed,
        )
        played = mixed(self.speaker.trace, getattr(self.music, "trace", None))
        barge_wanted = parts.make_barge is not None and self._device.barge_in is not False
        self.echo = (
            EchoStage(
                played,
                EchoSettings(
                    filter_ms=self._device.echo_filter_ms,
                    max_delay_ms=self._device.echo_max_delay_ms,
                    step_size=self._device.echo_step_size,
                ),
            )
            if self._device.echo_cancel is True or (self._device.echo_cancel == "auto" and barge_wanted)
            else None
        )
        """Takes the device's own output out of the microphone before anything listens (``device/aec.py``);
        with ``echo_cancel = "auto"`` only while barge-in is on with a stop phrase model (``_echo_on``)."""
        self.barge_in = (
            BargeIn(
                parts.make_barge,
                played,
                self._new_backoff(),
                self.restarts,
                settled=self._echo_settled if self.echo is not None else None,
            )
            if parts.make_barge is not None and barge_wanted
            else None
        )
        """With ``barge_in = "auto"``: made, and used once a stop phrase model is here (``WakeModels``)."""
        self.wake_models = WakeModels(
            self._device, self._wake, parts.make_wake, self._set_wake_status, self.barge_in
        )
        self._microphone = MicrophoneRouter(
            site_id=self.site_id,
            default_lang=settings.household.language,
            parts=parts,
            command=self._command,
            wake=self._wake,
            conversation=self.conversation,
            speaker=self.speaker,
            ringing=self.ringing,
            publisher=self._publisher,
            tasks=self._tasks,
            music=self.music,
            echo=self.echo,
            echo_on=self._echo_on,
            barge_in=self.barge_in,
            wake_models=self.wake_models,
            # late-bound: the server's messages, made next, carry this router's listen requests
            interrupt=lambda end_sessions: self.messages.interrupt(end_sessions=end_sessions),
            stop_heard_late=lambda heard_monotonic: self.messages.stop_heard_late(heard_monotonic),
            client=lambda: self._client,
        )
        """Where each microphone chunk goes (ring, barge-in, wake word, command); the capture loop."""
        self.messages = ServerMessages(
            site_id=self.site_id,
            conversation=self.conversation,
            speaker=self.speaker,
            tasks=self._tasks,
            nlu=nlu,
            ringing=self.ringing,
            publish=self._publisher.publish_quietly,
            grammar_changed=self._recognizers.rebuild,
            wake=self._wake,
            listen=self._microphone.listen_requested,
            stop_listening=self._microphone.stop_requested,
            media=MediaCommands(self.site_id, self.music) if self.music is not None else None,
            wake_models=self.wake_models.on_model,
            stop_models=self.wake_models.on_stop_model,
        )

    def _intent_published(self, name: str) -> None:
        if name == MUSIC_PLAY_INTENT and self.music is not None:
            self.music.prepare()  # the player loads its decoder while the server finds the music

    def _busy(self) -> bool:
        """Listening, thinking, speaking or ringing: the music is ducked (and comes back on every way out)."""
        return self.state is not State.IDLE or self.speaker.busy or self.ringing.active

    async def _publish_media_state(self, state: MediaState) -> None:
        self._music_span.set(state.status is PlayerStatus.PLAYING)  # every change of the player comes here
        if self._client is None:
            return
        try:
            await self._client.publish(state, retain=True)
        except MqttError as error:
            _LOGGER.debug("media state not sent: %s", error)

    async def _set_wake_status(
        self, wake: dict[str, WakeState], stop: dict[str, list[StopState]], barge_in: str
    ) -> None:
        if self._client is not None:
            await self._client.set_wake(wake, stop, barge_in)

    async def _announce_player(self, client: HermesClient) -> None:
        """On every connect: the retained state tells the server this site has a player (what it plays)."""
        if self.music is not None:
            await client.publish(self.music.state(), retain=True)

    async def _music_failed(self, error: str) -> None:
        lang = self.settings.household.language
        self._tasks.spawn(self.speaker.say(MUSIC_FAILED.get(lang, MUSIC_FAILED["en"]), lang))

    # -- lifecycle -----------------------------------------------------------------------

    def _new_backoff(self) -> Backoff:
        return Backoff(self._device.restart_min_seconds, self._device.restart_max_seconds)

    @property
    def state(self) -> State:
        return self.conversation.state

    @property
    def connected(self) -> bool:
        """Connected to the broker and subscribed: messages for this site reach it."""
        return self._client is not None and self._client.connected

    @property
    def wake(self) -> WakeListener:
        return self._wake

    @property
    def bad_payloads(self) -> int:
        """Messages from the server that did not decode (logged and skipped)."""
        return self.messages.bad_payloads

    @property
    def recognizers(self) -> RecognizerPool:
        """The speech recognizers, per language (``ready(lang)``: built for the current grammar)."""
        return self._recognizers

    def subscriptions(self) -> tuple[str, ...]:
        return self.messages.subscriptions()

    async def run(self) -> None:
        """Serve until the audio source ends (a WAV file) and the last answer was spoken, or cancelled."""
        client = HermesClient(
            self.settings.mqtt,
            site_id=self.site_id,
            role="device",
            subscriptions=self.subscriptions(),
            on_connected=[self._announce_player],
        )
        models = self.wake_models  # not connected yet: the first status says it
        await client.set_wake(models.states(), models.stop_states(), models.barge_state())
        self.wake_models.say_missing()
        async with client:
            self._client = client
            self._prepare_recognizers()
            background = [
                asyncio.create_task(self._consume(client)),
                asyncio.create_task(self._heartbeat(client)),
                asyncio.create_task(self._watchdog()),
                asyncio.create_task(self.speaker.prepare(self.settings.household.language)),
            ]
            if self.music is not None:
                background.append(asyncio.create_task(self.music.follow(self._busy)))
            if self.barge_in is not None and self.wake_models.barge_on:
                self._tasks.spawn(self.barge_in.prepare())
            try:
                capture = self._microphone.capture
                await supervise("capture", capture, self._new_backoff(), restarts=self.restarts)
                await self.wait_idle(self._device.answer_timeout_seconds + 5)
            finally:
                for task in background:
                    task.cancel()
                await asyncio.gather(*background, return_exceptions=True)
                await self._tasks.cancel()
                await self.ringing.close()
                if self.music is not None:
                    await self.music.close()
                self._command.cancel()
                self._stt_worker.shutdown(wait=False, cancel_futures=True)
                if self.echo is not None:
                    self.echo.close()

    async def _consume(self, client: HermesClient) -> None:
        consume = self.messages.consume
        await supervise("mqtt", lambda: consume(client), self._new_backoff(), restarts=self.restarts)

    async def wait_idle(self, timeout_seconds: float) -> None:
        """Until nothing is in progress (no session, nothing playing); logs when it times out."""
        deadline = time.monotonic() + timeout_seconds
        while self.state is not State.IDLE or self.speaker.busy or self._tasks.busy:
            if time.monotonic() > deadline:
                _LOGGER.warning("still %s after %.0f s; stopping anyway", self.state, timeout_seconds)
                return
            await asyncio.sleep(0.05)

    def _prepare_recognizers(self) -> None:
        """Build the recognizers of the wake word languages now (off the loop), not at the first command."""
        self._stt_worker.submit(self._recognizers.prepare, list(self._device.wake_phrases))

    # -- the echo canceller ----------------------------------------------------------------

    def _echo_on(self) -> bool:
        """``echo_cancel`` true, or ``auto`` while barge-in is on with a trained stop phrase model (trained
        through this canceller; without one, ``barge_in = true`` listens as it did, without it)."""
        if self.echo is None:
            return False
        models = self.wake_models
        return self._device.echo_cancel is True or (models.barge_on and models.stop_trained)

    def _echo_settled(self) -> bool:
        """Whether barge-in hits can be judged: the canceller, when it is on, has learnt enough."""
        return self.echo is None or not self._echo_on() or self.echo.settled()

    # -- supervision -------------------------------------------------------------------------

    async def _watchdog(self) -> None:
        while True:
            await asyncio.sleep(_WATCHDOG_SECONDS)
            self.conversation.end_unanswered()

    def heartbeat(self) -> DeviceHeartbeat:
        return DeviceHeartbeat(
            site_id=self.site_id,
            state=self.conversation.state.value,
            uptime_seconds=round(time.monotonic() - self._started, 1),
            restarts=dict(self.restarts),
            time=time.time(),
        )

    async def _heartbeat(self, client: HermesClient) -> None:
        while True:
            if client.connected:
                try:
                    await client.publish(self.heartbeat())
                except MqttError as error:
                    _LOGGER.debug("heartbeat not sent: %s", error)
            await asyncio.sleep(self._device.heartbeat_seconds)
