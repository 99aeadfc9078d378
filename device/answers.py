"""The agent's side of the server's messages: answers to speak, sounds to play, sessions that continue or
end, grammar updates, rings; and the dialogue manager's (or any Hermes tool's) requests to the site: wake
word off/on (``hermes/hotword/toggleOff|On``), listen now or stop (``hermes/asr/startListening|
stopListening``), earcons off/on (``hermes/feedback/sound/toggleOff|On``). One route per message type, each
decoded into its class (``ting.hermes``, ``ting.messages``) before it is handled; a payload that does not
decode is logged, counted and skipped. Messages are handled one at a time and none waits for long: a grammar
update starts its rebuilds in the background (``DeviceNlu.rebuild_later``, ``RecognizerPool.rebuild``)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from ting.device.conversation import Conversation
from ting.device.music.control import MediaCommands
from ting.device.nlu import DeviceNlu, GrammarUpdate
from ting.device.ringing import Ringing
from ting.device.speaker import Speaker
from ting.device.speaking_spans import Playing
from ting.device.supervise import TaskSet
from ting.device.wake_listener import WakeListener
from ting.errors import MessageError
from ting.hermes import (
    AsrStartListening,
    AsrStopListening,
    AudioPlayBytes,
    AudioPlayFinished,
    DialogueContinueSession,
    DialogueEndSession,
    DialogueSessionEnded,
    FeedbackSoundToggleOff,
    FeedbackSoundToggleOn,
    HotwordToggleOff,
    HotwordToggleOn,
    Message,
    TtsSay,
    TtsSayFinished,
)
from ting.messages import (
    AlarmRing,
    AlarmStop,
    GrammarAnnouncement,
    StopModelAnnouncement,
    WakeModelAnnouncement,
)
from ting.mqtt.client import HermesClient
from ting.nlu import detect_language

_LOGGER = logging.getLogger(__name__)

M = TypeVar("M", bound=Message)


@dataclass(frozen=True)
class Route(Generic[M]):
    """Messages of type ``message`` (by topic) go to ``handle``."""

    message: type[M]
    handle: Callable[[M], Awaitable[None] | None]
    retained: bool = False
    """An empty payload clears a retained message: there is nothing to handle."""

    async def deliver(self, topic: str, payload: bytes) -> None:
        if self.retained and not payload:
            _LOGGER.debug("%s cleared", topic)
            return
        outcome = self.handle(self.message.from_mqtt(topic, payload))
        if outcome is not None:
            await outcome


class ServerMessages:
    def __init__(
        self,
        *,
        site_id: str,
        conversation: Conversation,
        speaker: Speaker,
        tasks: TaskSet,
        nlu: DeviceNlu,
        ringing: Ringing,
        publish: Callable[[Message], Awaitable[None]],
        grammar_changed: Callable[[str, bool], None],
        wake: WakeListener,
        listen: Callable[[AsrStartListening], None],
        stop_listening: Callable[[AsrStopListening], None],
        media: MediaCommands | None = None,
        wake_models: Callable[[WakeModelAnnouncement], Awaitable[None]] | None = None,
        stop_models: Callable[[StopModelAnnouncement], Awaitable[None]] | None = None,
    ) -> None:
        """``publish`` sends a message (logging, not raising, when the broker is away);
        ``grammar_changed(lang, first)`` rebuilds that language's speech recognizer for its new grammar
        (``first``: the server's first, which the recognizer so far lacked); ``listen``
        and ``stop_listening`` carry out the requests for this site; ``wake_models`` installs a wake word
        model from the server, ``stop_models`` a barge-in stop phrase model."""
        self.site_id = site_id
        self._conversation = conversation
        self._speaker = speaker
        self._tasks = tasks
        self._nlu = nlu
        self._ringing = ringing
        self._publish = publish
        self._grammar_changed = grammar_changed
        self._wake = wake
        self._listen = listen
        self._stop_listening = stop_listening
        self._media = media
        """The music player's commands (``ting/media/<siteId>/...``), when this device has one."""
        self.bad_payloads = 0
        self.speaking: list[TtsSay] = []
        """The says being spoken (a barge-in ends their sessions)."""
        self._ending: set[asyncio.Task[None]] = set()
        """A barge-in's ``endSession`` messages being sent (``sayFinished`` waits for them)."""
        self._routes: tuple[Route[Any], ...] = (
            Route(TtsSay, self._on_say),
            Route(AudioPlayBytes, self._on_play_bytes),
            Route(DialogueContinueSession, conversation.continued),
            Route(DialogueEndSession, self._on_end_session),
            Route(DialogueSessionEnded, self._on_session_ended),
            Route(GrammarAnnouncement, self._on_grammar, retained=True),
            Route(AlarmRing, ringing.on_ring),
            Route(AlarmStop, ringing.on_stop),
            Route(HotwordToggleOff, self._on_hotword_off),
            Route(HotwordToggleOn, self._on_hotword_on),
            Route(AsrStartListening, self._on_start_listening),
            Route(AsrStopListening, self._on_stop_listening),
            Route(FeedbackSoundToggleOff, self._on_sounds_off),
            Route(FeedbackSoundToggleOn, self._on_sounds_on),
            *([Route(WakeModelAnnouncement, wake_models, retained=True)] if wake_models is not None else []),
            *([Route(StopModelAnnouncement, stop_models, retained=True)] if stop_models is not None else []),
        )
        self._wants_models = wake_models is not None
        self._wants_stop_models = stop_models is not None

    def subscriptions(self) -> tuple[str, ...]:
        return (
            TtsSay.TOPIC,
            AudioPlayBytes.subscription(site_id=self.site_id),
            DialogueContinueSession.TOPIC,
            DialogueEndSession.TOPIC,
            DialogueSessionEnded.TOPIC,
            GrammarAnnouncement.subscription(),
            *self._ringing.topics(),
            HotwordToggleOff.TOPIC,
            HotwordToggleOn.TOPIC,
            AsrStartListening.TOPIC,
            AsrStopListening.TOPIC,
            FeedbackSoundToggleOff.TOPIC,
            FeedbackSoundToggleOn.TOPIC,
            *(self._media.subscriptions() if self._media is not None else ()),
            *((WakeModelAnnouncement.subscription(),) if self._wants_models else ()),
            *((StopModelAnnouncement.subscription(),) if self._wants_stop_models else ()),
        )

    async def consume(self, client: HermesClient) -> None:
        async for topic, payload in client.messages():
            try:
                await self.dispatch(topic, payload)
            except (MessageError, ValueError, UnicodeDecodeError) as error:
                self.bad_payloads += 1
                _LOGGER.warning("bad payload on %s ignored: %s", topic, error)

    async def dispatch(self, topic: str, payload: bytes) -> None:
        if self._media is not None and await self._media.dispatch(topic, payload):
            return
        for route in self._routes:
            if route.message.is_topic(topic):
                await route.deliver(topic, payload)
                return
        _LOGGER.debug("no route for %s", topic)

    # -- the routes ---------------------------------------------------------------------------

    def _on_say(self, say: TtsSay) -> None:
        if say.site_id == self.site_id:
            self._tasks.spawn(self._say(say))

    def _on_play_bytes(self, sound: AudioPlayBytes) -> None:
        if sound.site_id == self.site_id:
            self._tasks.spawn(self._play_bytes(sound))

    def _on_end_session(self, end: DialogueEndSession) -> None:
        self._conversation.ended(end.session_id, say_coming=bool(end.text))

    def _on_session_ended(self, ended: DialogueSessionEnded) -> None:
        self._conversation.ended(ended.session_id, say_coming=False)

    # -- requests to the site (every site's come by; only this one's count) ----------------------------

    def _on_hotword_off(self, toggle: HotwordToggleOff) -> None:
        if toggle.site_id == self.site_id:
            self._wake.toggle_off(toggle.reason)

    def _on_hotword_on(self, toggle: HotwordToggleOn) -> None:
        if toggle.site_id == self.site_id:
            self._wake.toggle_on(toggle.reason)

    def _on_start_listening(self, request: AsrStartListening) -> None:
        if request.site_id == self.site_id:
            self._listen(request)

    def _on_stop_listening(self, request: AsrStopListening) -> None:
        if request.site_id == self.site_id:
            self._stop_listening(request)

    def _on_sounds_off(self, toggle: FeedbackSoundToggleOff) -> None:
        if toggle.site_id == self.site_id:
            self._speaker.earcons = False

    def _on_sounds_on(self, toggle: FeedbackSoundToggleOn) -> None:
        if toggle.site_id == self.site_id:
            self._speaker.earcons = True

    async def _on_grammar(self, grammar: GrammarAnnouncement) -> None:
        lang = grammar.lang
        first = self._nlu.jsgf(lang) is None and self._nlu.phrases(lang) is None
        update = await asyncio.to_thread(self._nlu.take_grammar, grammar)
        if update is GrammarUpdate.UNCHANGED:
            return
        # the speech recognizer first: a command said from now on may name what the update added. Both are
        # built on builder threads of their own: this loop goes on with the next message at once
        self._grammar_changed(lang, first)
        self._nlu.rebuild_later()  # nothing when the NLU is up to date (a first grammar with no new names)

    async def _say(self, say: TtsSay) -> None:
        session = self._conversation.current(say.session_id)
        lang = say.lang or (session.lang if session else None) or detect_language(say.text)
        if session is not None:
            self._conversation.say_started(session)
        self._conversation.emit("say", say.text, session)
        self.speaking.append(say)
        try:
            await self._speaker.say(say.text, lang, volume=say.volume, session_id=say.session_id or "")
        finally:
            self.speaking.remove(say)
            if self._ending:
                await asyncio.gather(*self._ending, return_exceptions=True)
            self._conversation.emit("said", say.text, session)
            await self._publish(TtsSayFinished(site_id=self.site_id, id=say.id, session_id=say.session_id))
            if session is not None:
                self._conversation.say_done(session)

    async def interrupt(self, *, end_sessions: bool) -> None:
        """Barge-in: silence at once. With ``end_sessions`` (a stop phrase) the sessions of the says being
        spoken end too, and their ``endSession`` goes out before their ``sayFinished``, so a dialogue manager
        that would listen after the say (a question) finds the session closed."""
        sessions = [say.session_id for say in self.speaking if say.session_id] if end_sessions else []
        await self._end(sessions, silence=True)

    async def stop_heard_late(self, heard_monotonic: float) -> None:
        """A stop said at ``heard_monotonic`` over says that have ended since (the microphone ran behind):
        their sessions end as they would have then (one may be listening after its answer by now, its
        command is dropped), with an ``endSession`` each; what those sessions still say is silenced, other
        sessions' answers are not. The sessions are those of the speaker's busy span heard over: says that
        overlapped (one waiting while another played) share one span, and a stop over it ends them all."""
        spans = self._speaker.spans.at(heard_monotonic, Playing.ANSWER)  # the device's one record of it
        sessions = [session_id for span in spans for session_id in span.ids]
        await self._end(sessions, silence=any(say.session_id in sessions for say in self.speaking))

    async def _end(self, sessions: list[str], *, silence: bool) -> None:
        for session_id in sessions:
            self._conversation.ended(session_id, say_coming=False)
        ending = asyncio.create_task(self._end_sessions(sessions))
        self._ending.add(ending)
        ending.add_done_callback(self._ending.discard)
        if silence:
            await self._speaker.stop()
        await ending

    async def _end_sessions(self, sessions: list[str]) -> None:
        for session_id in dict.fromkeys(sessions):
            await self._publish(DialogueEndSession(session_id=session_id))

    async def _play_bytes(self, sound: AudioPlayBytes) -> None:
        self._conversation.emit(
            "play", f"{len(sound.wav_bytes)} bytes ({sound.request_id})", self._conversation.session
        )
        try:
            await self._speaker.play(sound.wav_bytes)
        finally:
            await self._publish(AudioPlayFinished(id=sound.request_id, site_id=self.site_id))
