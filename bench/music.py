# ruff: noqa: ASYNC110, ASYNC221 (a benchmark: set-up runs blocking, waits poll the server's state)
"""Music: library scan and search at 10,000 files, and intent → first audio out of a device's player.

    .venv/bin/python bench/music.py [--files 10000] [--plays 20]

1. Library: ``--files`` tagged files (mp3, flac, ogg made once with ffmpeg/sox, copied and tagged with
   mutagen: 2,000 artists, 2,500 albums, Chinese and English names, 10 genres) scanned into a fresh SQLite
   store; then a rescan with nothing changed. Store size after the scan.
2. Search (``MediaIndex.find``): median and p95 per kind of query: an exact artist, an artist in
   traditional script, a pinyin homophone (one character swapped for a same-sounding one), a misheard
   English title (one letter off), a title said alone, a name that is not there (the fuzzy scan's worst case).
3. Intent → first audio: mosquitto and the server in this process's loop; a device player (``MusicPlayer``
   behind ``MediaCommands`` on its own MQTT client, writing to a ``RecordingOutput``); the time from
   ``POST /api/text "播放<title>"`` (NLU, media skill, signed URL, ``ting/media/<site>/play``) to the first
   block written to the output, for a local library file (fetched from the server over HTTP) and for a
   radio stream on loopback. Targets (issue 16): ≤ 300 ms for a file, ≤ 1 s for a stream, ≤ 5 ms median
   search.
   Files are timed with the in-process decoder (PyAV) and, as the peer in the same run, the ffmpeg child,
   alternating play by play; besides the whole, the device's part (play command received → first block).
4. CPU while playing a 320 kbps mp3 in real time (this process and any ffmpeg child), both decoders; target
   ≤ 15 % of a core.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
from mutagen.easyid3 import EasyID3
from mutagen.flac import FLAC
from mutagen.oggvorbis import OggVorbis

sys.path.insert(0, str(Path(__file__).parent))
from hermes_throughput import free_port, mosquitto  # type: ignore[import-not-found]

from ting.device.music import av_decoder
from ting.device.music.control import MediaCommands
from ting.device.music.output import RecordingOutput
from ting.device.music.player import MusicPlayer
from ting.messages import MediaItem
from ting.mqtt.client import HermesClient
from ting.server.host import running_server
from ting.server.media.library import Library
from ting.server.store import SqliteStore
from ting.settings import (
    MediaSettings,
    MqttSettings,
    ServerSettings,
    Settings,
    StationSettings,
    StoreSettings,
)
from ting.skills.sdk import MediaQuery

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华飞鹏鑫斌宇浩凯健俊帆帅旭宁龙林欢佳阳"
_WORDS = "晴天 雨夜 星空 回家 远方 青春 梦想 时光 海边 山丘 故乡 月光 花开 风声 心跳 彩虹 微笑 眼泪 夏天 冬雪"
WORDS = tuple(_WORDS.split())
_ENGLISH = "river moon light road home night heart dream rain fire blue summer city song love star"
ENGLISH = tuple(_ENGLISH.split())
GENRES = ["流行", "Pop", "Rock", "摇滚", "Jazz", "爵士", "Classical", "民谣", "Folk", "Electronic"]
HOMOPHONES = {"杰": "节", "伦": "轮", "华": "话", "明": "名", "飞": "非", "林": "琳", "军": "君", "龙": "隆"}


def tag_names(count: int, seed: int = 7) -> list[tuple[str, str, str, str, int]]:
    """(title, artist, album, genre, track) for ``count`` files."""
    rng = random.Random(seed)
    artists = list(
        dict.fromkeys(rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN) for _ in range(3000))
    )
    artists = artists[:1600] + [
        f"The {rng.choice(ENGLISH).title()} {rng.choice(ENGLISH).title()}s" for _ in range(400)
    ]
    rows = []
    for i in range(count):
        artist = artists[i % len(artists)]
        if i % 3:
            title = rng.choice(WORDS) + rng.choice(WORDS)
        else:
            title = f"{rng.choice(ENGLISH).title()} {rng.choice(ENGLISH).title()} {i}"
        rows.append((title, artist, f"{artist}专辑{i % 5}", GENRES[i % len(GENRES)], i % 12 + 1))
    return rows


def make_templates(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    made = {}
    for suffix in ("mp3", "flac", "ogg"):
        path = folder / f"template.{suffix}"
        if suffix == "mp3":
            command = ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                       "sine=frequency=440:duration=0.5", "-c:a", "libmp3lame", str(path)]  # fmt: skip
        else:
            command = ["sox", "-n", "-r", "44100", "-c", "2", str(path), "synth", "0.5", "sine", "440"]
        subprocess.run(command, check=True)
        made[suffix] = path
    return made


def make_files(folder: Path, count: int) -> Path:
    templates = make_templates(folder / "templates")
    music = folder / "music"
    for i, (title, artist, album, genre, track) in enumerate(tag_names(count)):
        suffix = ("mp3", "flac", "ogg")[i % 3]
        path = music / artist / album / f"{track:02d} {i}.{suffix}"
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(templates[suffix], path)
        values = {"title": title, "artist": artist, "album": album, "genre": genre, "tracknumber": str(track)}
        audio: Any = EasyID3() if suffix == "mp3" else (FLAC(path) if suffix == "flac" else OggVorbis(path))
        for key, value in values.items():
            audio[key] = value if suffix == "mp3" else [value]
        audio.save(path) if suffix == "mp3" else audio.save()
    return music


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def library_and_search(folder: Path, count: int) -> Library:
    print(f"making {count} tagged files ...", flush=True)
    started = time.perf_counter()
    music = make_files(folder, count)
    print(f"  made in {time.perf_counter() - started:.1f} s")
    store = SqliteStore(folder / "data" / "ting.db")
    await store.open()
    library = Library(store, [music])
    first = await library.scan()
    again = await library.scan()
    size = sum(p.stat().st_size for p in (folder / "data").glob("ting.db*"))
    print(f"scan: {first.total} files in {first.seconds:.1f} s ({first.unreadable} unreadable); "
          f"rescan, nothing changed: {again.seconds:.2f} s; store {size / 1e6:.1f} MB")  # fmt: skip
    rows = tag_names(count)
    rng = random.Random(3)
    picks = [rows[rng.randrange(len(rows))] for _ in range(200)]

    def homophone(name: str) -> str:
        return "".join(HOMOPHONES.get(c, c) for c in name) if any(c in HOMOPHONES for c in name) else name

    kinds: dict[str, Callable[[tuple[str, str, str, str, int]], MediaQuery]] = {
        "exact artist": lambda r: MediaQuery(artist=r[1]),
        "artist, traditional script": lambda r: MediaQuery(artist=_traditional(r[1])),
        "artist, pinyin homophone": lambda r: MediaQuery(artist=homophone(r[1])),
        "title said alone (any field)": lambda r: MediaQuery(any=r[0]),
        "title, one character off": lambda r: MediaQuery(title=r[0][:2] + "x" + r[0][3:]),
        "a name not in the library": lambda r: MediaQuery(artist="完全不存在的歌手名字"),
    }  # fmt: skip
    print("search (MediaIndex.find, 200 queries each): median / p95 ms, found")
    for name, make in kinds.items():
        times, found = [], 0
        for row in picks:
            query = make(row)
            t0 = time.perf_counter()
            result = library.find(query)
            times.append((time.perf_counter() - t0) * 1000)
            found += result.ok
        print(f"  {name:34s} {statistics.median(times):6.2f} / {percentile(times, 0.95):6.2f}   {found}/200")
    await store.close()
    return library


def _traditional(text: str) -> str:
    import zhconv

    return str(zhconv.convert(text, "zh-hant"))


class Stream(BaseHTTPRequestHandler):
    body = b""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "audio/mpeg")
        self.end_headers()
        try:
            for _ in range(50):
                self.wfile.write(self.body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args: Any) -> None:
        pass


class TimedOutput(RecordingOutput):
    first: asyncio.Event

    async def write(self, pcm: bytes, started: Callable[[float], object] | None = None) -> None:
        self.first.set()
        await super().write(pcm, started)


async def intent_to_audio(folder: Path, plays: int) -> None:
    music = folder / "few"
    templates = make_templates(folder / "t2")
    for i in range(plays):
        path = music / f"song{i}.mp3"
        path.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                        f"sine=frequency={300 + i * 20}:duration=20", "-c:a", "libmp3lame", "-b:a", "320k",
                        str(path)], check=True)  # fmt: skip
        audio = EasyID3()
        audio["title"], audio["artist"] = f"测试歌曲{i}号", "测试歌手"
        audio.save(path)
    Stream.body = templates["mp3"].read_bytes()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Stream)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    port = free_port()
    with mosquitto(port, folder, True):
        mqtt = MqttSettings(url=f"mqtt://127.0.0.1:{port}", embedded_broker=False, client_id="bench-server")
        station = StationSettings(
            id="bench", url=f"http://127.0.0.1:{httpd.server_address[1]}/live", name_zh="测试电台"
        )
        settings = Settings(
            mqtt=mqtt,
            server=ServerSettings(http_port=0),
            store=StoreSettings(data_dir=folder / "data2"),
            media=MediaSettings(library_folders=(music,), stations=(station,)),
        )  # fmt: skip
        async with running_server(settings) as server:
            await server.state.client.wait_connected(10)
            while len(server.state.media.library) < plays:
                await asyncio.sleep(0.05)
            output = TimedOutput(rate_hz=44_100, channels=2, time_scale=1.0)
            output.first = asyncio.Event()
            player = MusicPlayer("bench", output)
            # a device makes its player at start: libav is loaded long before the first "play"
            await asyncio.to_thread(av_decoder.warm_up)
            commands = MediaCommands("bench", player)
            device_mqtt = MqttSettings(
                url=mqtt.url, embedded_broker=False, client_id=f"bench-{uuid.uuid4().hex[:6]}"
            )
            async with HermesClient(device_mqtt, site_id="bench", role="device",
                                    subscriptions=commands.subscriptions()) as device:  # fmt: skip
                await device.wait_connected(10)
                await device.publish(player.state(), retain=True)

                received: list[float] = []

                async def consume() -> None:
                    async for topic, payload in device.messages():
                        received.append(time.perf_counter())
                        await commands.dispatch(topic, payload)

                consumer = asyncio.create_task(consume())
                while not server.state.media.has_player("bench"):
                    await asyncio.sleep(0.05)
                base = f"http://127.0.0.1:{server.port}"
                async with httpx.AsyncClient(base_url=base, timeout=10) as http:
                    songs = [f"播放测试歌曲{i}号" for i in range(plays)]
                    # the two decoders alternate play by play, so both meet the same load and server state
                    series: dict[str, list[tuple[float, float]]] = {}
                    plan = [(text, in_process) for text in songs for in_process in (True, False)]
                    plan += [(text, True) for text in ["播放测试电台"] * plays]
                    for text, in_process in plan:
                        player.in_process_files = in_process
                        output.first.clear()
                        t0 = time.perf_counter()
                        request = {"text": text, "site_id": "bench"}
                        answer = (await http.post("/api/text", json=request)).json()
                        assert answer["ok"], answer
                        await asyncio.wait_for(output.first.wait(), 10)
                        total, to_device = (time.perf_counter() - t0) * 1000, (received[-1] - t0) * 1000
                        how = "in-process decoder" if in_process else "ffmpeg child (peer)"
                        label = ("radio stream on loopback (ffmpeg child)" if text == "播放测试电台" else
                                 f"local file (server HTTP, 320 kbps mp3), {how}")  # fmt: skip
                        series.setdefault(label, []).append((total, to_device))
                        await player.stop()
                    for label, figures in series.items():
                        times = [total for total, _ in figures]
                        on_device = [total - to_device for total, to_device in figures]
                        print(f"intent → first audio, {label}: median {statistics.median(times):.0f} ms, "
                              f"p95 {percentile(times, 0.95):.0f} ms, max {max(times):.0f} ms "
                              f"({len(times)} plays); of which play command on the device → first audio: "
                              f"median {statistics.median(on_device):.0f} ms, "
                              f"max {max(on_device):.0f} ms")  # fmt: skip
                consumer.cancel()
                await player.close()
    httpd.shutdown()


async def playing_cpu(folder: Path, seconds: float, in_process: bool) -> None:
    """CPU (this process and any ffmpeg child) while playing a 320 kbps mp3 in real time into a recorder."""
    import resource

    path = folder / "cpu" / "song.mp3"
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    f"sine=frequency=440:duration={seconds + 5}", "-c:a", "libmp3lame", "-b:a", "320k",
                    "-ac", "2", "-ar", "44100", str(path)], check=True)  # fmt: skip
    output = RecordingOutput(rate_hz=44_100, channels=2, time_scale=1.0)
    player = MusicPlayer("cpu", output, local_folder=path.parent, in_process_files=in_process)

    def used() -> float:
        own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

    before, t0 = used(), time.perf_counter()
    await player.play([MediaItem(url="song.mp3", title="cpu")])
    await output.wait_frames(int(44_100 * seconds), timeout_seconds=seconds * 3)
    await player.stop()  # ffmpeg is reaped: its CPU is in RUSAGE_CHILDREN
    wall = time.perf_counter() - t0
    how = "in-process decoder" if in_process else "ffmpeg child"
    print(f"playing a 320 kbps mp3 for {wall:.1f} s, {how}: {100 * (used() - before) / wall:.1f} % of one "
          "core (agent process + any ffmpeg; the recorder stands in for the sound card)")  # fmt: skip


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--plays", type=int, default=20)
    args = parser.parse_args()
    print(f"load: {os.getloadavg()}; cores: {os.cpu_count()}", flush=True)
    with tempfile.TemporaryDirectory() as name:
        await library_and_search(Path(name), args.files)
        await intent_to_audio(Path(name), args.plays)
        for in_process in (True, False):
            await playing_cpu(Path(name), 20.0, in_process)
    print(f"load: {os.getloadavg()}")


if __name__ == "__main__":
    asyncio.run(main())
