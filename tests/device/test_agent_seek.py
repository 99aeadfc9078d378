# ruff: noqa: F811 (fixtures imported from the rigs are parameters of the tests)
"""Seeking by voice (``music.seek``, skill-owned), with the real server, broker and the device's ffmpeg
player writing to a recording output: the song's first minute is a low tone and the rest a high one, so the
audio that comes out after each seek shows where the player went."""

from __future__ import annotations

import asyncio
import subprocess
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest

from tests.device.agent_rig import LineRecognizer, MarkerWake, QueueSource
from tests.media.music_files import Tags, make_tone, tag
from tests.server.conftest import Probe, make_settings, probe  # noqa: F401 (the probe fixture)
from ting.device.agent import DeviceAgent, DeviceParts
from ting.device.audio_out import RecordingSink
from ting.device.endpoint import VadEndpointer
from ting.device.music.output import RecordingOutput
from ting.device.nlu import DeviceNlu, build_recognizer
from ting.device.tts import default_synthesizer
from ting.server.host import running_server
from ting.settings import DeviceSettings, MediaSettings, MqttSettings, Settings

RATE_HZ = 16_000
LOW_HZ, HIGH_HZ = 400.0, 1600.0
LOW_SECONDS, HIGH_SECONDS = 60, 90
"""The song: a 400 Hz minute, then a minute and a half at 1600 Hz (150 s in all)."""


def two_tone_song(path: Path) -> Path:
    low = make_tone(path.with_name("low.flac"), seconds=LOW_SECONDS, frequency_hz=LOW_HZ)
    high = make_tone(path.with_name("high.flac"), seconds=HIGH_SECONDS, frequency_hz=HIGH_HZ)
    subprocess.run(["sox", str(low), str(high), str(path)], check=True, capture_output=True, timeout=60)
    low.unlink()
    high.unlink()
    return tag(path, Tags("长歌", "测试歌手", "测试专辑"))


@pytest.fixture
async def server(tmp_path: Path, mqtt_settings: Callable[..., MqttSettings]) -> AsyncIterator[Any]:
    two_tone_song(tmp_path / "music/long.flac")
    settings = make_settings(tmp_path / "data", mqtt_settings())
    settings = replace(settings, media=MediaSettings(library_folders=(tmp_path / "music",)))
    async with running_server(settings) as running:
        await asyncio.wait_for(running.state.client.wait_connected(10), 15)
        yield running


async def wait_until(condition: Callable[[], bool], timeout_seconds: float = 30.0) -> None:
    async with asyncio.timeout(timeout_seconds):
        while not condition():  # noqa: ASYNC110 - state of parts that have no event for it
            await asyncio.sleep(0.05)


def dominant_hz(samples: np.ndarray[Any, Any]) -> float:
    spectrum = np.abs(np.fft.rfft(samples.astype(np.float64)))
    return float(np.fft.rfftfreq(len(samples), 1 / RATE_HZ)[int(np.argmax(spectrum))])


async def tone_after(output: RecordingOutput, block: int) -> float:
    """The main frequency of half a second written from ``block`` on (after a seek's state arrived)."""
    start = sum(len(written.pcm) for written in output.written[:block]) // 2
    await output.wait_frames(start + RATE_HZ, 30)
    return dominant_hz(output.samples(block)[: RATE_HZ // 2])


async def test_seeking_by_voice_moves_the_rooms_player(
    server: Any, probe: Probe, mqtt_settings: Callable[..., MqttSettings]
) -> None:
    site = f"seek_{uuid.uuid4().hex[:6]}"
    settings = Settings(mqtt=mqtt_settings(), device=DeviceSettings(site_id=site), media=MediaSettings())
    source, output = QueueSource(), RecordingOutput(rate_hz=RATE_HZ, time_scale=1.0)
    synthesizer = default_synthesizer()
    parts = DeviceParts(
        open_source=lambda: source,
        make_wake=MarkerWake,
        make_endpointer=lambda: VadEndpointer(silence_seconds=0.5, no_speech_timeout_seconds=1.5),
        make_recognizer=LineRecognizer().built,
        make_synthesizer=lambda: synthesizer,
        make_sink=lambda: RecordingSink(time_scale=0.2),
        make_music_output=lambda: output,
    )
    agent = DeviceAgent(settings, parts, DeviceNlu(settings, build_recognizer(Settings())[0]))
    task = asyncio.create_task(agent.run())
    states = f"ting/media/{site}/state"
    try:
        await wait_until(lambda: server.state.media.has_player(site) and len(server.state.media.library) == 1)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}", timeout=30) as http:

            async def say(text: str, lang: str = "zh") -> dict[str, Any]:
                answer: dict[str, Any] = (
                    await http.post("/api/text", json={"text": text, "site_id": site, "lang": lang})
                ).json()
                return answer

            async def seek(text: str, answer: str, near: Callable[[float], bool], lang: str = "zh") -> float:
                seen = len(probe.on(states))
                said = await say(text, lang)
                assert said["ok"] and said["text"] == answer, said
                await wait_until(lambda: any(near(m["positionSeconds"]) for m in probe.on(states)[seen:]))
                return await tone_after(output, len(output.written))

            idle = await say("快进三十秒")
            assert not idle["ok"] and idle["text"] == "现在没有在放音乐。"

            assert (await say("播放长歌"))["ok"]
            await output.wait_frames(RATE_HZ)
            assert abs(dominant_hz(output.samples()[: RATE_HZ // 2]) - LOW_HZ) < 20

            tone = await seek("jump to 2 minutes", "Jumped to 2 minutes.", lambda p: 120 <= p < 125, "en")
            assert abs(tone - HIGH_HZ) < 20
            tone = await seek("往回倒九十秒", "后退了一分钟三十秒。", lambda p: 29 <= p < 60)
            assert abs(tone - LOW_HZ) < 20
            tone = await seek(
                "skip ahead 45 seconds", "Skipped ahead 45 seconds.", lambda p: 74 <= p < 110, "en"
            )
            assert abs(tone - HIGH_HZ) < 20
            tone = await seek("从头播放", "从头播放。", lambda p: p < 1)
            assert abs(tone - LOW_HZ) < 20

            too_far = await say("跳到十分钟")
            assert not too_far["ok"] and too_far["text"].startswith("这首歌只有")

            assert (await say("stop the music", "en"))["ok"]
            await probe.wait_for(states, lambda m: m["status"] == "stopped", 30)
            await wait_until(lambda: server.state.media.now_playing(site).state.value == "stopped")
            stopped = await say("go back 10 seconds", "en")
            assert not stopped["ok"] and stopped["text"] == "Nothing is playing."
    finally:
        source.end()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
