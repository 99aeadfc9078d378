# ruff: noqa: F811 (fixtures imported from the rigs are parameters of the tests)
"""Music on a device agent, with the real server and broker: a request plays the library's file on the
asking device, and the music is ducked while the device listens or speaks and comes back on every way out
(answered, nothing said, an error answer), and stopped by voice."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.device.agent_rig import MARKER, LineRecognizer, MarkerWake, QueueSource, silence, spoken
from tests.media.music_files import Tags, music_file
from tests.server.conftest import Probe, make_settings, probe  # noqa: F401 (the probe fixture)
from ting.device.agent import DeviceAgent, DeviceParts
from ting.device.audio_out import RecordingSink
from ting.device.endpoint import VadEndpointer
from ting.device.music.output import RecordingOutput
from ting.device.nlu import DeviceNlu
from ting.device.tts import default_synthesizer
from ting.messages import MediaItem, MediaPlay, PlayerStatus
from ting.nlu import IntentRecognizer
from ting.server.host import running_server
from ting.settings import DeviceSettings, MediaSettings, MqttSettings, Settings


@pytest.fixture
async def server(tmp_path: Path, mqtt_settings: Callable[..., MqttSettings]) -> AsyncIterator[Any]:
    music_file(
        tmp_path / "music/long.flac", Tags("长歌", "测试歌手", "测试专辑"), seconds=60, frequency_hz=500
    )
    settings = make_settings(tmp_path / "data", mqtt_settings())
    settings = replace(settings, media=MediaSettings(library_folders=(tmp_path / "music",)))
    async with running_server(settings) as running:
        await asyncio.wait_for(running.state.client.wait_connected(10), 15)
        yield running


async def wait_until(condition: Callable[[], bool], timeout_seconds: float = 30.0) -> None:
    async with asyncio.timeout(timeout_seconds):
        while not condition():  # noqa: ASYNC110 - state of parts that have no event for it
            await asyncio.sleep(0.05)


async def test_music_plays_ducks_while_spoken_to_and_comes_back(
    server: Any,
    probe: Probe,
    mqtt_settings: Callable[..., MqttSettings],
    tmp_path: Path,
    nlu_recognizer: IntentRecognizer,  # built once, not here: it held this loop 5 s and more under load
) -> None:
    site = f"music_{uuid.uuid4().hex[:6]}"
    settings = Settings(
        mqtt=mqtt_settings(),
        # the product's answer timeout: the real server answers within it on a loaded machine too
        device=DeviceSettings(site_id=site, answer_timeout_seconds=10, no_speech_timeout_seconds=1.5),
        media=MediaSettings(duck_fade_seconds=0.05),
    )
    source, output, recognizer = (
        QueueSource(),
        RecordingOutput(rate_hz=16_000, time_scale=1.0),
        LineRecognizer(),
    )
    synthesizer = default_synthesizer()
    parts = DeviceParts(
        open_source=lambda: source,
        make_wake=MarkerWake,
        make_endpointer=lambda: VadEndpointer(silence_seconds=0.5, no_speech_timeout_seconds=1.5),
        make_recognizer=recognizer.built,
        make_synthesizer=lambda: synthesizer,
        make_sink=lambda: RecordingSink(time_scale=0.2),
        make_music_output=lambda: output,
    )
    agent = DeviceAgent(settings, parts, DeviceNlu(settings, nlu_recognizer))
    task = asyncio.create_task(agent.run())
    try:
        await wait_until(lambda: server.state.media.has_player(site) and len(server.state.media.library) == 1)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}", timeout=10) as http:
            answer = (await http.post("/api/text", json={"text": "播放长歌", "site_id": site})).json()
        assert answer["ok"] and answer["text"] == "正在播放测试歌手的长歌。"
        await output.wait_frames(16_000)  # a second of the song came out of the device
        assert agent.music is not None and agent.music.status is PlayerStatus.PLAYING

        states = f"ting/media/{site}/state"
        # 1. answered: "what time is it" → ducked while listening and speaking, back when idle
        recognizer.lines.append("what time is it")
        source.feed(MARKER + silence(0.2) + spoken("what time is it", tmp_path) + silence(1.0))
        await probe.wait_for(states, lambda m: m["ducked"] is True, 20)
        await probe.wait_for("hermes/tts/say", lambda m: m["siteId"] == site, 20)
        await wait_until(lambda: len(probe.on(states)) > 0 and probe.on(states)[-1]["ducked"] is False)
        # 2. nothing said after the wake word: the listening times out, the music comes back
        ducked_before = sum(1 for m in probe.on(states) if m["ducked"])
        source.feed(MARKER + silence(3.0))
        await wait_until(lambda: sum(1 for m in probe.on(states) if m["ducked"]) > ducked_before)
        await wait_until(lambda: probe.on(states)[-1]["ducked"] is False)
        assert agent.music.status is PlayerStatus.PLAYING and not agent.music.ducked
        # 3. an error answer (the skill finds no such song): ducked while it is said, then back, and the
        # song that played goes on
        ducked_before = sum(1 for m in probe.on(states) if m["ducked"])
        recognizer.lines.append("play purple elephants")
        source.feed(MARKER + silence(0.2) + spoken("play purple elephants", tmp_path) + silence(1.0))
        await wait_until(lambda: sum(1 for m in probe.on(states) if m["ducked"]) > ducked_before)
        said = await probe.wait_for(
            "hermes/tts/say",
            lambda m: m["siteId"] == site and "elephants" in m["text"],
            20,
        )
        assert "couldn't find" in said["text"] or "没有找到" in said["text"], said
        await wait_until(lambda: probe.on(states)[-1]["ducked"] is False)
        assert agent.music.status is PlayerStatus.PLAYING and not agent.music.ducked
        assert probe.on(states)[-1]["item"]["title"] == "长歌"
        # 4. stop by voice
        recognizer.lines.append("stop the music")
        source.feed(MARKER + silence(0.2) + spoken("stop the music", tmp_path) + silence(1.0))
        await wait_until(lambda: agent.music is not None and agent.music.status is PlayerStatus.STOPPED)
        await wait_until(lambda: not agent.music.ducked)
    finally:
        source.end()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def test_music_comes_back_when_the_answer_never_comes(
    probe: Probe, mqtt_settings: Callable[..., MqttSettings], tmp_path: Path, nlu_recognizer: IntentRecognizer
) -> None:
    """No server at all: the device plays a song of its own folder (sent by a plain MQTT client), is asked
    something, and no answer comes: after ``answer_timeout_seconds`` it is idle and the music is back."""
    site = f"music_{uuid.uuid4().hex[:6]}"
    music_file(tmp_path / "local/song.flac", Tags("本地歌", "测试歌手"), seconds=60, frequency_hz=500)
    settings = Settings(
        mqtt=mqtt_settings(),
        device=DeviceSettings(site_id=site, answer_timeout_seconds=2, no_speech_timeout_seconds=1.5),
        media=MediaSettings(duck_fade_seconds=0.05, local_folder=tmp_path / "local"),
    )
    source, output, recognizer = (
        QueueSource(),
        RecordingOutput(rate_hz=16_000, time_scale=1.0),
        LineRecognizer(),
    )
    synthesizer = default_synthesizer()
    parts = DeviceParts(
        open_source=lambda: source,
        make_wake=MarkerWake,
        make_endpointer=lambda: VadEndpointer(silence_seconds=0.5, no_speech_timeout_seconds=1.5),
        make_recognizer=recognizer.built,
        make_synthesizer=lambda: synthesizer,
        make_sink=lambda: RecordingSink(time_scale=0.2),
        make_music_output=lambda: output,
    )
    agent = DeviceAgent(settings, parts, DeviceNlu(settings, nlu_recognizer))
    task = asyncio.create_task(agent.run())
    states = f"ting/media/{site}/state"
    try:
        await probe.wait_for(states, timeout_seconds=20)  # the device announced its player
        play = MediaPlay(items=[MediaItem(url="file:song.flac", title="本地歌")], site_id=site)
        await probe.publish(MediaPlay.topic(site_id=site), play.payload())
        await output.wait_frames(16_000)
        assert agent.music is not None and agent.music.status is PlayerStatus.PLAYING
        recognizer.lines.append("what time is it")
        source.feed(MARKER + silence(0.2) + spoken("what time is it", tmp_path) + silence(1.0))
        await probe.wait_for(states, lambda m: m["ducked"] is True, 20)
        await probe.wait_for("hermes/intent/system.time", lambda m: m["siteId"] == site, 20)  # unanswered
        await wait_until(lambda: probe.on(states)[-1]["ducked"] is False, 20)
        assert agent.music.status is PlayerStatus.PLAYING and not agent.music.ducked
        assert not [m for m in probe.on("hermes/tts/say") if m["siteId"] == site]  # no answer came
    finally:
        source.end()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await probe.client.publish_raw(states, b"", retain=True)
