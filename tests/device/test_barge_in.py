# ruff: noqa: F811 (fixtures imported from the rigs are parameters of the tests)
"""Barge-in with real audio (docs/voices.md, "Barge-in"): the device speaks with its Piper voice into a
recording sink, a ``SimulatedRoom`` brings that back into its microphone
(delayed, reverberated, at ``ECHO_GAIN``) mixed with "stop" said by espeak-ng, and the real barge-in
detector hears it (PocketSphinx "hey ting" with its verifier and the stop-phrase spotters); the real
server and broker."""

from __future__ import annotations

import asyncio
import json
import subprocess
import time
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.device.agent_rig import MARKER, LineRecognizer, MarkerWake, server  # noqa: F401 (server fixture)
from tests.media.music_files import Tags, music_file
from tests.server.conftest import Probe, probe  # noqa: F401 (the probe fixture)
from ting.device.agent import AgentEvent, DeviceAgent, DeviceParts, State
from ting.device.audio_out import RecordingSink
from ting.device.endpoint import VadEndpointer
from ting.device.interfaces import AudioChunk
from ting.device.music.output import RecordingOutput
from ting.device.nlu import DeviceNlu, build_recognizer
from ting.device.room import SimulatedRoom
from ting.device.synthesis import build_synthesizer
from ting.device.wake.barge import BargeDetectors
from ting.device.wav import read_wav
from ting.messages import MediaAction, MediaControl, MediaItem, MediaPlay, PlayerStatus
from ting.settings import DeviceSettings, MediaSettings, MqttSettings, Settings

ECHO_GAIN = 0.3
"""The device's own output at its microphone (answers at volume 0.8: ~-30 dBFS RMS; "stop" ~-18 dBFS)."""
LONG_ANSWER = (
    "The weather today will be mostly sunny with a high of twenty six degrees and a low of fourteen. "
    "Tomorrow clouds move in from the west, and by the afternoon there is a good chance of rain, so take an "
    "umbrella. On Saturday it clears up again, perfect for a walk in the park, and Sunday stays dry but "
    "windy. "
    "Your next alarm is set for seven thirty tomorrow morning, and the kitchen timer has four minutes left."
)

STOP_AT_SECONDS = 0.75
"""Where "stop" is said in the answer, in the microphone's time line (``SimulatedRoom.say(at_monotonic)``).
Said at a wall-clock moment instead, it landed wherever a reader behind real time was: in the silence
before the answer, or anywhere in its first sentence, where the untrained keyphrase spotters hear "stop" as
"pause" or not at all about as often as a stop (bench/barge_stop_points.py; docs/benchmarks.md, "Barge-in
test: "stop" at a set point of the answer"). Here they heard something in every answer measured."""
CAUGHT_UP_SECONDS = 0.5
"""The session starts once the microphone's reader has heard the start-up's backlog."""
ONE_SENTENCE = LONG_ANSWER.split(". ")[0] + "."
"""About 6 s of speech, no comma: played as one piece."""


class HeldMicrophone:
    """The room's microphone read by a loop that can be held up (a busy machine): while held, nothing is
    handed on; released, the backlog comes at once, each chunk with when it was heard."""

    def __init__(self, room: SimulatedRoom) -> None:
        self.room = room
        self._going = asyncio.Event()
        self._going.set()

    def hold(self) -> None:
        self._going.clear()

    def release(self) -> None:
        self._going.set()

    async def chunks(self) -> AsyncIterator[AudioChunk]:
        async for chunk in self.room.chunks():
            await self._going.wait()
            yield chunk

    async def close(self) -> None:
        await self.room.close()


@dataclass
class Device:
    agent: DeviceAgent
    room: SimulatedRoom
    microphone: HeldMicrophone
    sink: RecordingSink
    music: RecordingOutput
    recognizer: LineRecognizer
    events: list[AgentEvent]
    site: str

    def barged(self) -> list[AgentEvent]:
        return [event for event in self.events if event.kind == "barge_in"]

    def of_kind(self, kind: str) -> list[AgentEvent]:
        return [event for event in self.events if event.kind == kind]


def espeak(text: str, tmp_path: Path) -> bytes:
    raw, out = tmp_path / f"{uuid.uuid4().hex}.raw.wav", tmp_path / f"{uuid.uuid4().hex}.wav"
    subprocess.run(["espeak-ng", "-v", "en-us+f3", "-w", str(raw), text], check=True)
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(out)], check=True)
    return read_wav(out)


async def until(condition: Callable[[], bool], timeout_seconds: float = 60.0) -> None:
    async with asyncio.timeout(timeout_seconds):
        while not condition():  # noqa: ASYNC110 - state of parts that have no event for it
            await asyncio.sleep(0.05)


@pytest.fixture
async def device(mqtt_settings: Callable[..., MqttSettings], tmp_path: Path) -> AsyncIterator[Device]:
    site = f"barge_{uuid.uuid4().hex[:6]}"
    device_settings = DeviceSettings(
        site_id=site,
        wake_phrases={"en": "hey ting"},
        answer_timeout_seconds=5,
        restart_min_seconds=0.05,
        barge_in=True,
    )
    settings = Settings(
        mqtt=mqtt_settings(),
        device=device_settings,
        media=MediaSettings(local_folder=tmp_path, duck_fade_seconds=0.05),
    )
    sink, music = RecordingSink(), RecordingOutput(rate_hz=16_000)
    # a loaded machine must not drop what is said: the room hands every chunk on, late if need be
    room = SimulatedRoom(sink, music, echo_gain=ECHO_GAIN, max_behind_seconds=None)
    microphone = HeldMicrophone(room)
    recognizer = LineRecognizer()
    voices = build_synthesizer(device_settings)
    events: list[AgentEvent] = []
    parts = DeviceParts(
        open_source=lambda: microphone,
        make_wake=MarkerWake,  # the marker chunk wakes it
        make_endpointer=lambda: VadEndpointer(silence_seconds=0.5),
        make_recognizer=recognizer.built,
        make_synthesizer=lambda: voices,
        make_sink=lambda: sink,
        make_music_output=lambda: music,
        make_barge=BargeDetectors(device_settings),
    )
    agent = DeviceAgent(
        settings, parts, DeviceNlu(settings, build_recognizer(Settings())[0]), on_event=events.append
    )
    task = asyncio.create_task(agent.run())
    try:
        await until(lambda: agent._client is not None and agent._client.connected, 30)
        yield Device(agent, room, microphone, sink, music, recognizer, events, site)
    finally:
        await room.close()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def test_stop_said_over_the_answer_ends_it_and_its_session(
    device: Device, server: Any, probe: Probe, tmp_path: Path
) -> None:
    stop = espeak("stop", tmp_path)
    # the start-up's backlog heard first: "stop" must be heard while the answer still plays
    await until(lambda: device.room.behind_seconds < CAUGHT_UP_SECONDS, 60)
    start = {"siteId": device.site, "init": {"type": "action", "text": LONG_ANSWER, "canBeEnqueued": False}}
    await probe.publish("hermes/dialogueManager/startSession", json.dumps(start))
    started = await probe.wait_for(
        "hermes/dialogueManager/sessionStarted", lambda m: m["siteId"] == device.site
    )
    session_id = started["sessionId"]
    first = (await device.sink.wait_played(1, timeout_seconds=120))[0]  # the first sentence is playing
    # at a set point of the answer in the microphone's time line, not where a reader behind real time is
    said = device.room.say(stop, at_monotonic=first.started_monotonic + STOP_AT_SECONDS)

    ended = await probe.wait_for(
        "hermes/dialogueManager/endSession", lambda m: m["sessionId"] == session_id, 60
    )
    assert ended.get("text") in (None, "")
    await probe.wait_for("hermes/dialogueManager/sessionEnded", lambda m: m["sessionId"] == session_id, 30)
    await probe.wait_for("hermes/tts/sayFinished", lambda m: m.get("sessionId") == session_id, 30)
    barged = device.barged()
    # a stop or a pause, not a wake: over the device's own speech the untrained spotters take "stop" for
    # "pause" in about one answer in four even at this point (Piper draws new noise for every answer), and
    # over an answer a pause ends it and its session as a stop does (what the rest checks)
    assert len(barged) == 1 and barged[0].detail.startswith(("stop: ", "pause: "))
    assert said.start_monotonic is not None and barged[0].monotonic > said.start_monotonic
    assert abs(said.start_monotonic - (first.started_monotonic + STOP_AT_SECONDS)) < 0.001
    last = device.sink.played[-1]
    assert last.interrupted and last.ended_monotonic is not None
    assert last.ended_monotonic - last.started_monotonic < last.seconds  # cut short, not played out
    topics = [topic for topic, _ in probe.seen]
    assert topics.index("hermes/dialogueManager/endSession") < topics.index("hermes/tts/sayFinished")
    await asyncio.sleep(1.0)
    assert not [m for m in probe.on("hermes/asr/startListening") if m["sessionId"] == session_id]
    await until(lambda: not device.agent.speaker.busy and device.agent.conversation.session is None, 30)


async def test_stop_said_over_the_answer_and_heard_seconds_late_ends_its_session(
    device: Device, server: Any, probe: Probe, tmp_path: Path
) -> None:
    """The microphone's loop stalls (a busy machine) while the device answers an action session, which the
    dialogue manager has it listen after: "stop" said over the answer is handled after the answer ended and
    the session listens, and still ends it; the answer's own voice never becomes the command."""
    stop = espeak("stop", tmp_path)
    await until(lambda: device.room.behind_seconds < CAUGHT_UP_SECONDS, 60)
    start = {"siteId": device.site, "init": {"type": "action", "text": ONE_SENTENCE, "canBeEnqueued": False}}
    await probe.publish("hermes/dialogueManager/startSession", json.dumps(start))
    started = await probe.wait_for(
        "hermes/dialogueManager/sessionStarted", lambda m: m["siteId"] == device.site
    )
    session_id = started["sessionId"]
    answer = (await device.sink.wait_played(1, timeout_seconds=120))[0]
    device.microphone.hold()  # before the loop reached the words: it hears them only after the answer
    said = device.room.say(stop, at_monotonic=answer.started_monotonic + STOP_AT_SECONDS)
    await probe.wait_for("hermes/asr/startListening", lambda m: m["sessionId"] == session_id, 60)
    await until(lambda: device.agent.conversation.state is State.LISTENING, 30)
    assert answer.ended_monotonic is not None and not answer.interrupted  # played out: the stop came late
    assert device.room.behind_seconds > 3.0  # the answer (~6 s) is in the microphone's backlog
    device.microphone.release()

    await probe.wait_for("hermes/dialogueManager/endSession", lambda m: m["sessionId"] == session_id, 60)
    await probe.wait_for("hermes/dialogueManager/sessionEnded", lambda m: m["sessionId"] == session_id, 30)
    await until(lambda: device.agent.conversation.session is None, 30)
    barged = device.barged()
    assert len(barged) == 1 and barged[0].detail.startswith(("stop: ", "pause: "))  # see the test above
    # said over the answer, heard once the answer had ended and the session listened after it
    assert said.start_monotonic is not None and said.start_monotonic < answer.ended_monotonic
    assert barged[0].monotonic > answer.ended_monotonic and barged[0].session_id == session_id
    # the command listened for got nothing of the answer: none of its audio was speech, nothing ended
    assert not device.of_kind("end_of_speech")
    assert not [feed for stream in device.recognizer.streams for feed in stream.feeds]
    assert not [m for m in probe.on("hermes/asr/textCaptured") if m.get("sessionId") == session_id]


async def test_heard_before_an_answer_began_goes_to_the_wake_word_not_barge_in(
    device: Device, server: Any, probe: Probe
) -> None:
    """The wake word heard just before an announcement began, handled while it plays (the loop ran behind):
    the idle wake word detector hears it (not the barge-in listener, which listens to what is heard over
    the device's speech), and it wakes the device as a wake word over the answer would: the announcement
    stops and a session starts."""
    await until(lambda: device.room.behind_seconds < CAUGHT_UP_SECONDS, 60)
    device.microphone.hold()
    wake_word = device.room.say(MARKER)  # the fake wake word detector's phrase, heard from the next chunk
    await asyncio.sleep(0.3)  # and the rest of the detector's 90 ms batch before the announcement begins
    say = {"siteId": device.site, "text": ONE_SENTENCE, "id": uuid.uuid4().hex, "lang": "en"}
    await probe.publish("hermes/tts/say", json.dumps(say))
    answer = (await device.sink.wait_played(1, timeout_seconds=120))[0]
    device.microphone.release()

    hotword = await probe.wait_for(
        "hermes/hotword/hey_ting/detected", lambda m: m["siteId"] == device.site, 60
    )
    woke = device.of_kind("wake")
    assert woke and woke[0].session_id == hotword["sessionId"]
    assert wake_word.end_monotonic is not None and wake_word.end_monotonic < answer.started_monotonic
    assert woke[0].monotonic > answer.started_monotonic  # handled while the device spoke
    detector = device.agent.wake.detector
    assert isinstance(detector, MarkerWake) and detector.markers_seen == 1
    await probe.wait_for("hermes/tts/sayFinished", lambda m: m.get("id") == say["id"], 30)
    assert answer.interrupted and answer.ended_monotonic is not None
    assert answer.ended_monotonic - answer.started_monotonic < answer.seconds  # cut short for the session


async def _play_music(device: Device, probe: Probe, tmp_path: Path) -> None:
    # what these tests check is where a chunk goes by when it was heard, not what the spotters make of
    # music: the untrained keyphrase spotters hear "pause" in a steady tone now and then (at 500 Hz often,
    # at 2.5 kHz and gain 0.1 in about one run of four, before "stop" was said: the song paused at once),
    # so the song reaches the microphone barely audible; detection over music is bench/barge_in.py's
    device.room.music_gain = 0.005
    music_file(tmp_path / "song.flac", Tags("歌", "测试歌手"), seconds=60, frequency_hz=2_500)
    play = MediaPlay(items=[MediaItem(url="file:song.flac", title="歌")], site_id=device.site)
    await probe.publish(MediaPlay.topic(site_id=device.site), play.payload())
    await device.music.wait_frames(16_000)
    assert device.agent.music is not None and device.agent.music.status is PlayerStatus.PLAYING


async def test_stop_said_over_music_and_heard_after_it_was_paused_is_a_barge_in(
    device: Device, server: Any, probe: Probe, tmp_path: Path
) -> None:
    """ "stop" said over the music reaches the device only after the music was paused (from the app): it
    is heard over the music, by the barge-in listener (on time it would have been), not by the wake word
    detector; a stop stops the music it was said over."""
    stop = espeak("stop", tmp_path)
    await until(lambda: device.room.behind_seconds < CAUGHT_UP_SECONDS, 60)
    await _play_music(device, probe, tmp_path)
    assert device.agent.music is not None
    device.microphone.hold()
    device.room.say(stop, at_monotonic=time.monotonic() + 0.3)
    await asyncio.sleep(0.3 + len(stop) / 32_000 + 0.3)  # said and over, in the microphone's time line
    pause = MediaControl(action=MediaAction.PAUSE, site_id=device.site)
    await probe.publish(MediaControl.topic(site_id=device.site), pause.payload())
    await until(lambda: device.agent.music is not None and device.agent.music.status is PlayerStatus.PAUSED)
    paused = time.monotonic()
    device.microphone.release()

    await until(lambda: bool(device.barged()), 60)
    barged = device.barged()
    assert len(barged) == 1 and barged[0].detail.startswith(("stop: ", "pause: ")), barged
    assert barged[0].monotonic > paused and not device.of_kind("wake")
    if barged[0].detail.startswith("stop: "):
        await until(
            lambda: device.agent.music is not None and device.agent.music.status is PlayerStatus.STOPPED
        )
    assert device.agent.music.status is not PlayerStatus.PLAYING


async def test_heard_before_the_music_began_goes_to_the_wake_word_not_barge_in(
    device: Device, server: Any, probe: Probe, tmp_path: Path
) -> None:
    """The wake word heard just before the music began, handled while it plays (the loop ran behind): the
    idle wake word detector hears it, not the barge-in listener (which listens to what is heard over music),
    and a session starts."""
    await until(lambda: device.room.behind_seconds < CAUGHT_UP_SECONDS, 60)
    device.microphone.hold()
    device.room.say(MARKER)  # the fake wake word detector's phrase, heard from the next chunk
    await asyncio.sleep(0.3)  # and the rest of the detector's 90 ms batch before the music begins
    await _play_music(device, probe, tmp_path)
    device.microphone.release()

    hotword = await probe.wait_for(
        "hermes/hotword/hey_ting/detected", lambda m: m["siteId"] == device.site, 60
    )
    woke = device.of_kind("wake")
    assert woke and woke[0].session_id == hotword["sessionId"] and not device.barged()
    detector = device.agent.wake.detector
    assert isinstance(detector, MarkerWake) and detector.markers_seen == 1
