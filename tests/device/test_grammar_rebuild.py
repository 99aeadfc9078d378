"""A grammar update does not stall commands: the changed language's recognizer is rebuilt off the recognition
worker and swapped in when ready; other languages are left alone; a failing build keeps the old one.

A real agent on a private mosquitto, real PocketSphinx with the skills' English grammar, commands spoken by
espeak-ng. The factory the agent is given holds an English build at a gate the test opens, so "the command was
recognized before the build finished" is an order of events, not a timing."""

from __future__ import annotations

import asyncio
import logging
import threading
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Mosquitto, mqtt_settings_for
from tests.device.agent_rig import MARKER, LineRecognizer, MarkerWake, QueueSource, silence, spoken
from tests.server.conftest import PROBE_TOPICS, Probe
from ting.cli.nlu import household_of, sentence_data
from ting.device.agent import DeviceAgent, DeviceParts, State
from ting.device.audio_out import RecordingSink
from ting.device.endpoint import VadEndpointer
from ting.device.interfaces import SpeechRecognizer
from ting.device.nlu import DeviceNlu
from ting.device.stt import build_recognizer
from ting.device.stt.grammar import phrases_to_jsgf
from ting.errors import SpeechModelError
from ting.hermes import DialogueEndSession
from ting.messages import GrammarAnnouncement
from ting.mqtt.client import HermesClient
from ting.nlu import IntentRecognizer
from ting.nlu.names import SlotNames
from ting.server.grammar import announcement
from ting.settings import DeviceSettings, Settings

_WAIT_SECONDS = 120.0
"""Generous: PocketSphinx builds the skills' English grammar in seconds, more on a loaded machine."""


async def client_connected(agent: DeviceAgent) -> None:
    while agent._client is None:  # noqa: ASYNC110 (set as soon as run() starts)
        await asyncio.sleep(0.01)
    await agent._client.wait_connected(10)


@dataclass
class Factory:
    """The agent's ``make_recognizer``: real PocketSphinx for English from the NLU's current grammar (a
    ``LineRecognizer`` stands in for Mandarin, which has no engine installed here). An English build may be
    held at ``gate`` (``held`` is set once it waits there) or made to fail."""

    device: DeviceSettings
    nlu: DeviceNlu
    builds: list[str] = field(default_factory=list)
    built: dict[str, SpeechRecognizer] = field(default_factory=dict)
    jsgf: dict[int, str | None] = field(default_factory=dict)
    hold: bool = False
    fail: bool = False
    held: threading.Event = field(default_factory=threading.Event)
    gate: threading.Event = field(default_factory=threading.Event)

    def __call__(self, lang: str) -> SpeechRecognizer:
        self.builds.append(lang)
        if lang != "en":
            self.built[lang] = LineRecognizer(lang=lang)
            return self.built[lang]
        if self.fail:
            raise SpeechModelError("PocketSphinx rejected the grammar (the test's)")
        recognizer = build_recognizer(
            self.device, "en", phrases=self.nlu.phrases("en"), jsgf=self.nlu.jsgf("en")
        )
        if self.hold:
            self.held.set()
            assert self.gate.wait(_WAIT_SECONDS), "the test never opened the gate"
        self.built[lang] = recognizer
        self.jsgf[id(recognizer)] = self.nlu.jsgf("en")
        return recognizer

    def grammar_of(self, recognizer: SpeechRecognizer | None) -> str | None:
        """The JSGF ``recognizer`` was built from (None: none, or not built here)."""
        return self.jsgf.get(id(recognizer))


@dataclass
class Device:
    agent: DeviceAgent
    source: QueueSource
    factory: Factory
    probe: Probe
    site: str

    async def announce(self, *grammars: GrammarAnnouncement) -> None:
        """Published in order, then a bad one: once it is counted, the agent handled all before it."""
        bad = self.agent.bad_payloads
        for grammar in grammars:
            await self.probe.publish(f"ting/nlu/grammar/{grammar.lang}", grammar.payload())
        await self.probe.publish("ting/nlu/grammar/en", b"[1, 2]")
        await self.until(lambda: self.agent.bad_payloads == bad + 1)

    async def until(self, condition: Callable[[], bool]) -> None:
        async with asyncio.timeout(_WAIT_SECONDS):
            while not condition():  # noqa: ASYNC110 (the pool's state changes on its own threads)
                await asyncio.sleep(0.02)

    async def command(self, text: str, intent: str, tmp_path: Path) -> dict[str, Any]:
        """``text`` said after the wake word: the intent published for it (the session then ended, as
        the dialogue manager would, and the agent idle again)."""
        done = len(self.probe.on(f"hermes/intent/{intent}"))
        self.source.feed(MARKER + silence(0.3) + spoken(text, tmp_path) + silence(1.0))
        heard = await self.probe.wait_for(
            f"hermes/intent/{intent}",
            lambda m: m["siteId"] == self.site and len(self.probe.on(f"hermes/intent/{intent}")) > done,
            _WAIT_SECONDS,
        )
        await self.probe.client.publish(DialogueEndSession(session_id=heard["sessionId"]))
        await self.until(lambda: self.agent.state is State.IDLE)
        return heard


@pytest.fixture
async def device(
    restartable_mosquitto: Mosquitto, nlu_recognizer: IntentRecognizer, synthesizer: Any
) -> AsyncIterator[Device]:
    """An agent built from the skills' grammar (announced for both languages, both built)."""
    mqtt = mqtt_settings_for(restartable_mosquitto.address)
    site = f"test_{uuid.uuid4().hex[:6]}"
    device = DeviceSettings(site_id=site, stt_engine="pocketsphinx", answer_timeout_seconds=30)
    settings = Settings(mqtt=mqtt, device=device)
    nlu = DeviceNlu(settings, nlu_recognizer)
    factory, source = Factory(device, nlu), QueueSource()
    parts = DeviceParts(
        open_source=lambda: source,
        make_wake=MarkerWake,
        make_endpointer=lambda: VadEndpointer(silence_seconds=0.5),
        make_recognizer=factory,
        make_synthesizer=lambda: synthesizer,
        make_sink=RecordingSink,
    )
    agent = DeviceAgent(settings, parts, nlu)
    async with HermesClient(mqtt, site_id="probe", role="client", subscriptions=PROBE_TOPICS) as client:
        await asyncio.wait_for(client.wait_connected(10), 15)
        probe = Probe(client)
        collecting = asyncio.create_task(probe.collect())
        task = asyncio.create_task(agent.run())
        try:
            rig = Device(agent, source, factory, probe, site)
            await asyncio.wait_for(client_connected(agent), 15)
            await rig.announce(
                *(
                    announcement(sentence_data(settings), household_of(settings), lang)
                    for lang in ("en", "zh")
                )
            )
            pool = agent.recognizers
            await rig.until(lambda: pool.current("zh") is not None and not pool.building("en"))
            await rig.until(lambda: not pool.building("zh"))
            assert factory.grammar_of(pool.current("en")) == nlu.jsgf("en") is not None
            yield rig
        finally:
            factory.gate.set()
            task.cancel()
            collecting.cancel()
            await asyncio.gather(task, collecting, return_exceptions=True)


def _english(version: str, phrases: list[str]) -> GrammarAnnouncement:
    return GrammarAnnouncement(lang="en", vosk=phrases, jsgf=phrases_to_jsgf(phrases), version=version)


async def test_a_command_during_an_english_rebuild_is_recognized_with_the_old_grammar(
    device: Device, tmp_path: Path
) -> None:
    pool, factory = device.agent.recognizers, device.factory
    old = pool.current("en")
    factory.hold = True
    await device.announce(_english("2", ["what time is it", "stop"]))
    assert await asyncio.to_thread(factory.held.wait, _WAIT_SECONDS), "the rebuild did not start"
    intent = await device.command("turn on the kitchen light", "home.turn_on", tmp_path)
    # the new grammar has no such sentence: the old recognizer heard it, while the build was held
    assert intent["input"] == "turn on the kitchen light"
    assert pool.building("en") and pool.current("en") is old and not factory.gate.is_set()
    factory.gate.set()
    await device.until(lambda: not pool.building("en"))
    assert pool.current("en") is factory.built["en"] is not old
    intent = await device.command("what time is it", "system.time", tmp_path)
    assert intent["input"] == "what time is it"


async def test_a_mandarin_grammar_update_leaves_the_english_recognizer_alone(
    device: Device, tmp_path: Path
) -> None:
    pool, factory = device.agent.recognizers, device.factory
    english, en_builds, zh_builds = pool.current("en"), factory.builds.count("en"), factory.builds.count("zh")
    zh = GrammarAnnouncement(lang="zh", vosk=["现在几点"], version="2")
    await device.announce(zh)
    await device.until(lambda: not pool.building("zh"))
    assert factory.builds.count("zh") == zh_builds + 1
    assert pool.current("zh") is factory.built["zh"]
    intent = await device.command("turn on the kitchen light", "home.turn_on", tmp_path)
    assert intent["input"] == "turn on the kitchen light"
    assert pool.current("en") is english and factory.builds.count("en") == en_builds


async def test_a_failing_rebuild_keeps_the_old_recognizer_and_says_so_once(
    device: Device, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    pool, factory = device.agent.recognizers, device.factory
    old, en_builds = pool.current("en"), factory.builds.count("en")
    factory.fail = True
    with caplog.at_level(logging.INFO, logger="ting.device.recognizer_pool"):
        await device.announce(_english("3", ["what time is it"]))
        await device.until(lambda: not pool.building("en"))
    assert factory.builds.count("en") == en_builds + 1
    failures = [r for r in caplog.records if "not rebuilt" in r.getMessage()]
    assert len(failures) == 1 and "keeping the old one" in failures[0].getMessage()
    assert "rejected the grammar" in failures[0].getMessage() and pool.current("en") is old
    intent = await device.command("turn on the kitchen light", "home.turn_on", tmp_path)
    assert intent["input"] == "turn on the kitchen light"


async def test_a_command_only_the_grammar_announced_during_it_can_say_is_heard_in_that_grammar(
    device: Device, tmp_path: Path
) -> None:
    # the demo's music scene: the library's first scan puts a song into the grammar while it is asked for
    pool, factory, agent = device.agent.recognizers, device.factory, device.agent
    old = pool.current("en")
    speech = spoken("play sunny day", tmp_path)
    half = len(speech) // 4 * 2
    heard = len(device.probe.on("hermes/asr/textCaptured"))
    device.source.feed(MARKER + silence(0.3) + speech[:half])  # the source waits there, mid-word
    # the command's stream opens on the old recognizer: the new one is held until the command has ended
    await device.until(lambda: agent.state is State.LISTENING)
    names = SlotNames()
    names.set("media.title", ["Sunny Day"])
    factory.hold = True
    settings = Settings()
    await device.announce(announcement(sentence_data(settings), household_of(settings), "en", names))
    assert await asyncio.to_thread(factory.held.wait, _WAIT_SECONDS), "the rebuild did not start"
    device.source.feed(speech[half:] + silence(1.0))
    await device.until(lambda: agent.state is not State.LISTENING)  # the end of speech, the build held
    assert pool.current("en") is old
    factory.gate.set()
    captured = await device.probe.wait_for(
        "hermes/asr/textCaptured",
        lambda m: m["siteId"] == device.site and len(device.probe.on("hermes/asr/textCaptured")) > heard,
        _WAIT_SECONDS,
    )
    assert captured["text"] == "play sunny day"
    intent = await device.probe.wait_for(
        "hermes/intent/music.play", lambda m: m["sessionId"] == captured["sessionId"], _WAIT_SECONDS
    )
    assert [(slot["slotName"], slot["value"]["value"]) for slot in intent["slots"]] == [("song", "Sunny Day")]
    await device.probe.client.publish(DialogueEndSession(session_id=intent["sessionId"]))
    await device.until(lambda: agent.state is State.IDLE and not pool.building("en"))
    assert pool.current("en") is factory.built["en"] is not old  # the next command's
