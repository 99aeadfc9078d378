"""The commands' audio kept for the Live page: bounded, attached to its turn, bad files refused."""

from __future__ import annotations

import json
import math
import struct

import pytest

from ting.device.wav import encode_wav
from ting.errors import MessageError
from ting.hermes import AsrAudioCaptured
from ting.server.activity import Activity
from ting.server.command_audio import CommandAudio, wav_seconds
from ting.server.router import topic_matches


def tone(seconds: float) -> bytes:
    frames = int(16_000 * seconds)
    samples = (int(8000 * math.sin(2 * math.pi * 440 * n / 16_000)) for n in range(frames))
    return encode_wav(struct.pack(f"<{frames}h", *samples))


async def deliver(activity: Activity, topic: str, payload: bytes) -> None:
    routes = [r for r in activity.routes() if topic_matches(r.topic_filter, topic)]
    assert routes, topic
    for route in routes:
        await route.handler(topic, payload)


def test_only_the_newest_clips_are_kept() -> None:
    kept = CommandAudio(kept=3)
    clips = [
        kept.add(AsrAudioCaptured(wav_bytes=tone(0.1), site_id="den", session_id=f"s{n}")) for n in range(5)
    ]
    assert len(kept) == 3
    assert [kept.get(c.id) for c in clips if c] == [None, None, *clips[2:]]
    assert clips[4] is not None and clips[4].seconds == pytest.approx(0.1)
    assert CommandAudio(kept=0).add(AsrAudioCaptured(wav_bytes=tone(0.1))) is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"RIFF\x00\x00\x00\x00WAVEjunk", "not a PCM WAV file"),
        (tone(0.2)[:30], "not a PCM WAV file"),
        (encode_wav(b""), "not a command's length"),
        (encode_wav(b"\x00\x00" * 16, rate_hz=1_000_000), "unexpected format"),
    ],
)
def test_a_broken_wav_is_refused_with_what_is_wrong(data: bytes, message: str) -> None:
    with pytest.raises(MessageError, match=message):
        wav_seconds(data)


async def test_the_audio_goes_with_its_turn_and_a_bad_one_changes_nothing() -> None:
    activity = Activity(kept_audio=2)
    wake = {"modelId": "ting", "siteId": "den", "sessionId": "s1"}
    for route in activity.routes():
        if topic_matches(route.topic_filter, "hermes/hotword/ting/detected"):
            await route.handler("hermes/hotword/ting/detected", json.dumps(wake).encode())
    with activity.listening() as updates:
        with pytest.raises(MessageError):
            await deliver(activity, "rhasspy/asr/den/s1/audioCaptured", b"RIFF1234WAVE" + b"\x00" * 40)
        assert updates.empty() and activity.turns()[0].audio_id is None
        await deliver(activity, "rhasspy/asr/den/s1/audioCaptured", tone(0.5))
        turn = updates.get_nowait()
    assert turn.session_id == "s1" and turn.audio_id is not None
    assert activity.turns()[0].audio_id == turn.audio_id
    clip = activity.audio.get(turn.audio_id)
    assert clip is not None and clip.wav == tone(0.5) and clip.site_id == "den"
