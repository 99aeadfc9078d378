# ruff: noqa: F811 (fixtures imported from the rigs are parameters of the tests)
"""A device whose ``media.player`` is ``"mpd"``, with the real server, broker and MPD: a spoken-text request
plays the library's file through MPD (which fetches the server's signed URL), the retained state comes from
MPD, and ``ting/media/<siteId>/...`` commands act on MPD."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.device.agent_rig import LineRecognizer, MarkerWake, QueueSource
from tests.device.mpd_server import MpdServer
from tests.media.music_files import Tags, music_file
from tests.server.conftest import Probe, make_settings, probe  # noqa: F401 (the probe fixture)
from ting.device.agent import DeviceAgent, DeviceParts
from ting.device.audio_out import RecordingSink
from ting.device.endpoint import VadEndpointer
from ting.device.music.mpd_player import MpdPlayer
from ting.device.nlu import DeviceNlu, build_recognizer
from ting.device.tts import default_synthesizer
from ting.messages import MediaAction, MediaControl, MediaSeek
from ting.server.host import running_server
from ting.settings import DeviceSettings, MediaSettings, MpdSettings, MqttSettings, Settings


@pytest.fixture
async def server(tmp_path: Path, mqtt_settings: Callable[..., MqttSettings]) -> AsyncIterator[Any]:
    music_file(
        tmp_path / "music/long.mp3", Tags("长歌", "测试歌手", "测试专辑"), seconds=120, frequency_hz=500
    )
    settings = make_settings(tmp_path / "data", mqtt_settings())
    settings = replace(settings, media=MediaSettings(library_folders=(tmp_path / "music",)))
    async with running_server(settings) as running:
        await asyncio.wait_for(running.state.client.wait_connected(10), 15)
        yield running


@pytest.fixture
def mpd_server(tmp_path: Path) -> Iterator[MpdServer]:
    server = MpdServer(tmp_path / "mpd")
    server.start()
    try:
        yield server
    finally:
        server.stop()


async def wait_until(condition: Callable[[], bool], timeout_seconds: float = 30.0) -> None:
    async with asyncio.timeout(timeout_seconds):
        while not condition():  # noqa: ASYNC110 - state of parts that have no event for it
            await asyncio.sleep(0.05)


async def test_a_device_plays_through_mpd(
    server: Any, probe: Probe, mpd_server: MpdServer, mqtt_settings: Callable[..., MqttSettings]
) -> None:
    site = f"mpd_{uuid.uuid4().hex[:6]}"
    settings = Settings(
        mqtt=mqtt_settings(),
        device=DeviceSettings(site_id=site),
        media=MediaSettings(player="mpd", mpd=MpdSettings(host="127.0.0.1", port=mpd_server.port)),
    )
    source = QueueSource()
    synthesizer = default_synthesizer()
    parts = DeviceParts(  # no music output of its own: MPD plays
        open_source=lambda: source,
        make_wake=MarkerWake,
        make_endpointer=lambda: VadEndpointer(silence_seconds=0.5, no_speech_timeout_seconds=1.5),
        make_recognizer=LineRecognizer().built,
        make_synthesizer=lambda: synthesizer,
        make_sink=lambda: RecordingSink(time_scale=0.2),
    )
    agent = DeviceAgent(settings, parts, DeviceNlu(settings, build_recognizer(Settings())[0]))
    assert isinstance(agent.music, MpdPlayer)
    task = asyncio.create_task(agent.run())
    try:
        await wait_until(lambda: server.state.media.has_player(site) and len(server.state.media.library) == 1)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}", timeout=10) as http:
            answer = (await http.post("/api/text", json={"text": "播放长歌", "site_id": site})).json()
        assert answer["ok"] and answer["text"] == "正在播放测试歌手的长歌。"
        # MPD fetched the server's signed URL and plays it
        await mpd_server.until(lambda s: s["state"] == "play" and float(s.get("elapsed", 0)) > 0.2)
        with mpd_server.client() as client:
            assert "/media/files/" in client.currentsong()["file"]
        states = f"ting/media/{site}/state"
        await probe.wait_for(states, lambda m: m["status"] == "playing" and m["item"]["title"] == "长歌", 30)

        await probe.publish(f"ting/media/{site}/seek", MediaSeek(position_seconds=90).payload())
        await mpd_server.until(lambda s: float(s.get("elapsed", 0)) >= 90)
        back = MediaSeek(position_seconds=-60, relative=True)  # from MPD's own elapsed, not a stale state
        await probe.publish(f"ting/media/{site}/seek", back.payload())
        await mpd_server.until(lambda s: 30 <= float(s.get("elapsed", 0)) < 60)
        await probe.publish(
            f"ting/media/{site}/seek", MediaSeek(position_seconds=-500, relative=True).payload()
        )
        await mpd_server.until(lambda s: float(s.get("elapsed", 99)) < 20)  # never before the start
        await probe.publish(f"ting/media/{site}/seek", MediaSeek(position_seconds=90).payload())
        await mpd_server.until(lambda s: float(s.get("elapsed", 0)) >= 90)
        await probe.publish(f"ting/media/{site}/control", MediaControl(action=MediaAction.PAUSE).payload())
        await mpd_server.until(lambda s: s["state"] == "pause")
        await probe.wait_for(states, lambda m: m["status"] == "paused", 30)
    finally:
        source.end()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
