"""``ting demo``'s music scene: a demo track made here and now (sox, tagged with mutagen; never shipped),
played on one device agent, ducked while it is spoken to, and stopped by voice.

The device is a real agent (wake word, end of speech, speech recognition, its NLU, its music player)
fed spoken lines one at a time: "play sunny day", then "what time is it" (the music is lowered while the
device listens and answers, and comes back), then "stop the music". The music goes to a
``RecordingOutput`` paced like a sound card, whose levels are printed.
"""

from __future__ import annotations

import asyncio
import math
import subprocess
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from ting.device.interfaces import AudioChunk
from ting.device.music.output import RecordingOutput
from ting.errors import TingError
from ting.messages import PlayerStatus

TRACK_TITLE = "Sunny Day"
TRACK_ARTIST = "Ting"
TRACK_SECONDS = 240
"""Long enough to last the scene on a busy machine (three spoken commands)."""
SCENE_SITE = "living_room"
STEP_TIMEOUT_SECONDS = 90.0
CHUNK_SECONDS = 0.03


def make_demo_track(folder: Path) -> Path:
    """A tagged FLAC of two slow tones (sox), in ``folder`` (the demo's own music library)."""
    import mutagen.flac

    flac: Any = mutagen.flac.FLAC  # mutagen is untyped
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "sunny-day.flac"
    command = ["sox", "-R", "-n", "-r", "44100", "-c", "2", str(path), "synth", str(TRACK_SECONDS),
               "sine", "330", "sine", "415", "tremolo", "1.5", "40", "vol", "0.4"]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    audio = flac(path)
    audio.update({"title": [TRACK_TITLE], "artist": [TRACK_ARTIST], "album": ["Ting Demo"], "genre": ["Pop"]})
    audio.save()
    return path


class LineSource:
    """An ``AudioSource`` the scene feeds one spoken line at a time (silence in between), in real time."""

    def __init__(self) -> None:
        self._lines: asyncio.Queue[bytes | None] = asyncio.Queue()
        self._position = 0.0
        self._chunk_bytes = int(16_000 * CHUNK_SECONDS) * 2

    def feed(self, wav: Path) -> None:
        import wave

        with wave.open(str(wav), "rb") as file:
            self._lines.put_nowait(file.readframes(file.getnframes()))

    def end(self) -> None:
        self._lines.put_nowait(None)

    async def chunks(self) -> AsyncIterator[AudioChunk]:
        silence = bytes(self._chunk_bytes)
        while True:
            try:
                pcm = self._lines.get_nowait()
            except asyncio.QueueEmpty:
                pcm = silence
            if pcm is None:
                return
            for offset in range(0, len(pcm), self._chunk_bytes):
                chunk = AudioChunk(pcm[offset : offset + self._chunk_bytes], self._position)
                self._position += chunk.seconds
                await asyncio.sleep(chunk.seconds)
                yield chunk

    async def close(self) -> None:
        pass


def level_db(output: RecordingOutput, seconds: float = 0.5) -> float:
    """The music's level over the last ``seconds`` written (dB full scale)."""
    frames = int(output.rate_hz * seconds) * output.channels
    samples = output.samples(max(0, len(output.written) - 40))[-frames:].astype(np.float64)
    rms = math.sqrt(float(np.mean(samples**2))) if samples.size else 0.0
    return 20 * math.log10(rms / 32768) if rms > 0 else -120.0


async def wait_for(condition: Callable[[], bool], what: str) -> None:
    try:
        async with asyncio.timeout(STEP_TIMEOUT_SECONDS):
            while not condition():  # noqa: ASYNC110 - the player's state has no event to wait on
                await asyncio.sleep(0.05)
    except TimeoutError:
        raise TingError(f"music scene: {what} did not happen within {STEP_TIMEOUT_SECONDS:.0f} s") from None


async def settled(demo: object) -> None:
    """Until the English grammar that names the track has reached the device, its NLU is rebuilt for it
    and its speech recognizer built: the scene speaks to a device that has taken in the library's scan, as
    a user would a moment later, not to one mid-rebuild (on a loaded machine the rebuilds take minutes, and
    a command said meanwhile waits for them)."""
    from ting.cli.demo_audio import AudioDemo

    assert isinstance(demo, AudioDemo)
    title = TRACK_TITLE.lower()
    await wait_for(
        lambda: title in (demo.nlu.jsgf("en") or "").lower(), "the track's name reaching the device"
    )
    await wait_for(lambda: demo.nlu.up_to_date, "the device's NLU rebuilt for the track")
    await asyncio.to_thread(demo.shared_recognizer, "en")


async def music_scene(demo: object, state: object, out: TextIO) -> None:
    """Play, duck and stop the demo track on one agent (``demo``: the ``AudioDemo``; ``state``: the
    server's ``ServerState``, for the library's first scan)."""
    from ting.cli.demo_audio import AudioDemo, spoken_command
    from ting.device.agent import AgentEvent, DeviceAgent
    from ting.device.parts import build_parts

    assert isinstance(demo, AudioDemo)
    media = getattr(state, "media")  # noqa: B009 - typed by the server, which the CLI loads lazily
    await wait_for(lambda: len(media.library) > 0, "the library's first scan")
    print(f"\n[music] the demo track “{TRACK_TITLE}” by {TRACK_ARTIST} (made by sox just now)", file=out)
    settings = demo.settings
    device = replace(settings.device, site_id=SCENE_SITE)
    source = LineSource()
    output = RecordingOutput(rate_hz=settings.media.output_rate_hz, channels=settings.media.output_channels)
    parts = replace(
        build_parts(device, demo.nlu, sink=demo.sink()),
        open_source=lambda: source,
        make_recognizer=demo.shared_recognizer,
        make_synthesizer=demo.shared_synthesizer,
        make_music_output=lambda: output,
    )

    def show(event: AgentEvent) -> None:
        if event.kind in ("transcript", "intent", "say"):
            print(f"      {event.kind:<11} {event.detail}", file=out, flush=True)

    agent = DeviceAgent(replace(settings, device=device), parts, demo.nlu, on_event=show)
    task = asyncio.create_task(agent.run())
    player = agent.music
    assert player is not None
    wake = settings.device.wake_phrases.get("en", "hey ting")

    async def say(text: str) -> None:
        wav = await asyncio.to_thread(spoken_command, "en", wake, text, demo.scratch)
        print(f"    ♪ espeak-ng: “{wake}” … “{text}”", file=out, flush=True)
        source.feed(wav)

    try:
        await wait_for(lambda: media.has_player(SCENE_SITE), "the device's player reporting")
        await settled(demo)
        await say(f"play {TRACK_TITLE.lower()}")
        await wait_for(lambda: player.status is PlayerStatus.PLAYING and not player.ducked, "playing")
        await output.wait_frames(output.frames + output.rate_hz, STEP_TIMEOUT_SECONDS)
        full = level_db(output)
        print(f"    ▶ playing on {SCENE_SITE}: music at {full:.0f} dBFS", file=out, flush=True)
        await say("what time is it")
        await wait_for(lambda: player.ducked, "ducking while spoken to")
        lowest = full
        async with asyncio.timeout(STEP_TIMEOUT_SECONDS):
            while player.ducked:  # the lowest level while ducked (the fade takes duck_fade_seconds)
                await asyncio.sleep(0.1)
                lowest = min(lowest, level_db(output, 0.1))
        print(f"    ▼ ducked while listening and answering: {lowest:.0f} dBFS", file=out, flush=True)
        await output.wait_frames(output.frames + output.rate_hz, STEP_TIMEOUT_SECONDS)
        print(f"    ▲ back after the answer: {level_db(output):.0f} dBFS", file=out, flush=True)
        await say("stop the music")
        await wait_for(lambda: player.status is PlayerStatus.STOPPED, "stopping by voice")
        print("    ■ stopped by voice", file=out, flush=True)
    finally:
        source.end()
        await asyncio.wait_for(asyncio.gather(task, return_exceptions=True), STEP_TIMEOUT_SECONDS)
