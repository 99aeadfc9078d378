"""The agent's capture side: where each chunk of the microphone goes, and when a command starts and ends.

A chunk goes to the ring (stop/snooze are heard as they are, no wake word), else to the barge-in listener
(``ting.device.barge_in``) while the device speaks or plays music with barge-in on, else to nothing while
the device speaks, else to the wake word (idle) or the command being heard (listening). The echo canceller,
when it is on, cleans each chunk before any of them hears it.

"While the device speaks", "while it rings" and "while music plays" are when the chunk was heard
(``AudioChunk.captured_monotonic``, against the device's one record of what played when,
``ting.device.speaking_spans``), not when it comes here: a loop running behind (a busy machine) hands on
chunks seconds late. So what was heard over an answer goes to the barge-in listener even when the answer has
ended and a session listens after it (never to that command), a stop found in it ends the answer's sessions as
it would have then (``ServerMessages.stop_heard_late``), and what was heard before an answer began goes to the
wake word or the command, as it would have then; a wake word found in it while the device speaks now stops the
answer (with barge-in on) as a barge-in wake word does. Likewise what was heard during a ring goes to the
ringing even once the ring has ended (``Ringing.feed``), what was heard before a ring began is not an answer
to it, and what was heard over music goes to the barge-in listener (a stop stops the music) even once the
music has paused or ended, while what was heard before the music began goes to the wake word.

The site follows the dialogue manager as a Rhasspy satellite does: ``hermes/asr/startListening`` for this
site opens a session that listens without the wake word (a skill's question), ``stopListening`` ends the
command being heard. A session that ends here without an intent (nothing said, a ring took the microphone)
is ended for the dialogue manager too (through ``ting.device.command_publish``).
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Awaitable, Callable

from ting.device.barge_in import BargeIn
from ting.device.capture import CommandCapture
from ting.device.command_publish import CommandPublisher
from ting.device.conversation import Conversation, State
from ting.device.echo_stage import EchoStage
from ting.device.interfaces import AudioChunk, WakeDetection
from ting.device.music.interface import Player
from ting.device.parts import DeviceParts
from ting.device.ringing import Ringing
from ting.device.speaker import Speaker
from ting.device.speaking_spans import Playing
from ting.device.supervise import TaskSet
from ting.device.wake.barge import Heard, HeardKind
from ting.device.wake_listener import WakeListener
from ting.device.wake_models import WakeModels
from ting.hermes import AsrStartListening, AsrStopListening, HotwordDetected
from ting.mqtt.client import HermesClient

_LOGGER = logging.getLogger(__name__)


class MicrophoneRouter:
    def __init__(
        self,
        *,
        site_id: str,
        default_lang: str,
        parts: DeviceParts,
        command: CommandCapture,
        wake: WakeListener,
        conversation: Conversation,
        speaker: Speaker,
        ringing: Ringing,
        publisher: CommandPublisher,
        tasks: TaskSet,
        music: Player | None,
        echo: EchoStage | None,
        echo_on: Callable[[], bool],
        barge_in: BargeIn | None,
        wake_models: WakeModels,
        interrupt: Callable[[bool], Awaitable[None]],
        stop_heard_late: Callable[[float], Awaitable[None]],
        client: Callable[[], HermesClient | None],
    ) -> None:
        """``echo_on`` says whether ``echo`` cleans the chunks now; ``interrupt(end_sessions)`` silences the
        answer being spoken (barge-in); ``stop_heard_late(monotonic)`` ends the sessions of the answers
        spoken then, which have ended since; ``client`` is the connection while there is one."""
        self.site_id = site_id
        self._default_lang = default_lang
        self._parts = parts  # read at each capture: a part's factory may be replaced before (tests do)
        self._command = command
        self._wake = wake
        self._conversation = conversation
        self._speaker = speaker
        self._ringing = ringing
        self._publisher = publisher
        self._tasks = tasks
        self._music = music
        self._echo = echo
        self._echo_on = echo_on
        self._barge_in = barge_in
        self._wake_models = wake_models
        self._interrupt = interrupt
        self._stop_heard_late = stop_heard_late
        self._client = client

    # -- capture, wake word, end of speech ---------------------------------------------------

    async def capture(self) -> None:
        """Read the audio source until it ends (a WAV file); the capture supervisor restarts it on errors."""
        source = self._parts.open_source()
        self._command.start(self._parts.make_endpointer())
        self._wake.pause()  # a restarted capture starts from a clean detector
        try:
            async for chunk in source.chunks():
                echo = self._echo if self._echo_on() else None
                await self._on_chunk(await echo.clean(chunk) if echo is not None else chunk)
        finally:
            await source.close()
        self._input_ended()

    def _input_ended(self) -> None:
        """The source ended (a WAV file): a command being heard ends with it; nothing more will be said."""
        if self._conversation.state is State.LISTENING and not self._ringing.active:
            _LOGGER.info("the audio input ended while listening: end of the command")
            self._end_of_speech()

    async def _on_chunk(self, chunk: AudioChunk) -> None:
        heard_at = time.monotonic() if chunk.captured_monotonic is None else chunk.captured_monotonic
        rang = self._ringing.heard_in(heard_at) is not None
        if rang or self._ringing.active:  # no wake word while ringing: stop/snooze are heard as they are
            self._wake.pause()
            if self._ringing.active:
                dropped = self._conversation.ring_takes_the_microphone()
                if dropped is not None:
                    self._publisher.end_for_the_server(dropped)
            if rang:  # else heard before the ring began (the loop ran behind): no answer to it, dropped
                self._ringing.feed(chunk, heard_at)
            return
        spoke = self._speaker.speaking_at(heard_at) is not None
        barge_in = self._barge_in if self._barge_on() else None
        if barge_in is not None and self._barge_in_time(heard_at, spoke):
            self._wake.pause()
            hit = await barge_in.hear(chunk)
            if hit is not None:
                await self._barged(hit, heard_at)
            return
        if self._barge_in is not None:
            self._barge_in.pause()
        if spoke:
            self._wake.pause()  # without barge-in the microphone is not used while the device speaks
            return
        state = self._conversation.state
        if state is State.IDLE:
            await self._idle_chunk(chunk)
        elif state is State.LISTENING and self._command.feed(chunk):
            self._end_of_speech()

    def _barge_on(self) -> bool:
        return self._barge_in is not None and self._wake_models.barge_on

    def _barge_in_time(self, heard_at: float, spoke: bool) -> bool:
        """Heard while speaking (and not listening yet), or while playing music with nothing else going on."""
        if spoke:
            listening = self._conversation.state is State.LISTENING
            return not (listening and self._conversation.listening_since <= heard_at)
        playing = self._speaker.spans.last(Playing.MUSIC, heard_at) is not None
        return playing and self._conversation.state is State.IDLE

    async def _barged(self, hit: Heard, heard_at: float) -> None:
        """A stop ends the answer and its session, or stops (pauses) the music; the wake word ends the answer
        and starts a new session. A stop said over an answer that has ended since (the loop ran behind) ends
        that answer's sessions (one may be listening after it by now)."""
        speaking = self._speaker.busy
        span = self._speaker.speaking_at(heard_at)
        late = span is not None and span is not self._speaker.speaking_at(None)
        self._conversation.emit("barge_in", f"{hit.kind}: {hit.phrase}", self._conversation.session)
        if late and hit.kind is not HeardKind.WAKE:
            _LOGGER.info(
                "%s heard %.1f s late, over an answer that ended since",
                hit.phrase,
                time.monotonic() - heard_at,
            )
            await self._stop_heard_late(heard_at)
        elif speaking:
            await self._interrupt(hit.kind is not HeardKind.WAKE)
        if hit.kind is HeardKind.WAKE:
            self._woke(hit.detection)
        elif not speaking and not late and self._music is not None:
            await (self._music.pause() if hit.kind is HeardKind.PAUSE else self._music.stop())

    async def _idle_chunk(self, chunk: AudioChunk) -> None:
        heard = await self._wake.hear(chunk)
        if heard is None or self._conversation.state is not State.IDLE:
            return
        if self._speaker.busy:  # heard before the answer began, which plays now (the loop ran behind)
            if not self._barge_on():
                return  # the device does not wake while it speaks
            await self._interrupt(False)  # as the barge-in listener's wake word does
        detection, rest = heard
        self._woke(detection)
        for after in rest:  # the start of the command
            await self._on_chunk(after)

    def _woke(self, detection: WakeDetection) -> None:
        session = self._conversation.wake(detection)
        client = self._client()
        if client is None or not client.connected:
            self._tasks.spawn(self._publisher.unreachable(session, "not connected"))
            return
        hotword = HotwordDetected(
            model_id=detection.wakeword_id,
            wakeword_id=detection.wakeword_id,
            site_id=self.site_id,
            session_id=session.session_id,
            lang=detection.lang,
        )
        self._tasks.spawn(self._publisher.publish_quietly(hotword))
        self._conversation.open_listening(session, after_wake=True)

    def _end_of_speech(self) -> None:
        session = self._conversation.session
        assert session is not None
        recognition = self._command.take()
        if recognition is None:
            self._conversation.emit("idle", "nothing said", session)
            self._conversation.finish(session)
            self._publisher.end_for_the_server(session)
            return
        self._conversation.recognizing(session)
        self._conversation.emit("end_of_speech", f"{recognition.received_seconds:.2f} s of audio", session)
        self._tasks.spawn(self._publisher.command_done(session, recognition))

    # -- the dialogue manager's requests ------------------------------------------------------------

    def listen_requested(self, request: AsrStartListening) -> None:
        """Listen now, without the wake word (a skill's question): when idle and not ringing."""
        if self._conversation.current(request.session_id) is not None:
            return  # our own session: listening already, or once the answer is spoken
        if self._ringing.active or self._client() is None:
            _LOGGER.info("asked to listen while ringing or offline: ignored")
            return
        session = self._conversation.listen_on_request(
            request.session_id or uuid.uuid4().hex,
            request.lang or self._default_lang,
            wakeword_id=request.wakeword_id or "",
            intent_filter=request.intent_filter,
        )
        if session is None:
            _LOGGER.info("asked to listen for session %s while busy: ignored", request.session_id)

    def stop_requested(self, request: AsrStopListening) -> None:
        """What was heard so far is the command."""
        session = self._conversation.current(request.session_id)
        if session is not None and self._conversation.state is State.LISTENING:
            self._end_of_speech()
