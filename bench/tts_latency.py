"""Speech out: ``tts/say`` → first audio for a 3-sentence answer, streamed vs whole text, per voice; real-time
factor per voice; resident memory with a voice loaded.

The device's own pieces, as the agent builds them: ``build_synthesizer`` (Piper with the packaged
en_US-joe-medium for English, espeak-ng for Mandarin here, espeak-ng for both with ``tts_engine =
"espeak-ng"``) behind a ``Speaker`` playing into a ``RecordingSink``. First audio = from calling
``Speaker.say`` (what the agent does on ``hermes/tts/say``; the MQTT hop is in bench/device_latency.py) to
the first piece starting in the sink. Piper's onnxruntime session as shipped (idle threads sleep) and, in
the same run and alternating with it, with spinning threads (onnxruntime's default, ting's before). Cold:
a fresh synthesizer's first answer, said at once vs after ``Speaker.prepare`` (what the agent does at
start), ``--cold`` times each. Streaming (the default) and whole text alternate on one warm speaker
per voice (the voice loaded, its speed learnt by a warm-up answer, as on a device that has spoken before),
``--runs`` times each; medians and maxima. RTF: synthesis seconds / audio seconds of the whole answer. RSS:
a fresh interpreter, before and after loading the voice and saying one sentence.

  .venv/bin/python bench/tts_latency.py  # --runs 7
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time

from ting.device.audio_out import RecordingSink, decode_wav
from ting.device.interfaces import Synthesizer
from ting.device.piper_tts import PiperSynthesizer
from ting.device.speaker import Speaker
from ting.device.synthesis import LanguageVoices, build_synthesizer
from ting.device.voices import VoiceFiles, voice_for_language
from ting.settings import DeviceSettings
from ting.supervise import Backoff

ANSWERS = {
    "en": "Good morning, it is seven thirty. Today will be sunny with a high of twenty degrees. "
    "Take an umbrella tomorrow, it will rain in the afternoon.",
    "zh": "早上好，现在是7:30。今天晴，最高气温26°C。明天下午有雨，记得带伞。",
}
VOICES = [("piper", "en"), ("espeak-ng", "en"), ("espeak-ng", "zh")]
RSS_CODE = """
import json, os, psutil, sys
from ting.settings import DeviceSettings
from ting.device.piper_tts import PiperSynthesizer
from ting.device.synthesis import LanguageVoices, build_synthesizer
from ting.device.voices import VoiceFiles, voice_for_language
process = psutil.Process(os.getpid())
before = process.memory_info().rss
voices = build_synthesizer(DeviceSettings(tts_engine=sys.argv[1]))
voices.synthesize("The kitchen light is on.", "en")
print(json.dumps({"before": before, "after": process.memory_info().rss}))
"""


def _speaker(synthesizer: Synthesizer, streaming: bool) -> Speaker:
    return Speaker(
        lambda: synthesizer,
        RecordingSink,
        volume=1.0,
        earcons=False,
        backoff=Backoff(0.1, 1.0),
        restarts={},
        streaming=streaming,
    )


async def first_audio_seconds(speaker: Speaker, text: str, lang: str) -> float:
    sink = RecordingSink(time_scale=0)
    speaker._sink = sink  # a fresh recording per answer
    started = time.monotonic()
    await speaker.say(text, lang)
    return sink.played[0].started_monotonic - started


async def latency(engine: str, lang: str, runs: int) -> dict[str, object]:
    synthesizer = build_synthesizer(DeviceSettings(tts_engine="auto" if engine == "piper" else engine))
    describe = synthesizer.describe(lang)  # type: ignore[attr-defined]
    text = ANSWERS[lang]
    streamed, whole = _speaker(synthesizer, True), _speaker(synthesizer, False)
    await first_audio_seconds(streamed, text, lang)  # warm: the voice loaded, its speed learnt
    await first_audio_seconds(whole, text, lang)
    figures: dict[str, list[float]] = {"streaming": [], "whole": [], "rtf": []}
    for _ in range(runs):
        figures["streaming"].append(await first_audio_seconds(streamed, text, lang))
        figures["whole"].append(await first_audio_seconds(whole, text, lang))
        started = time.monotonic()
        wav = await asyncio.to_thread(synthesizer.synthesize, text, lang)
        figures["rtf"].append((time.monotonic() - started) / decode_wav(wav).seconds)
    first_piece = streamed.pieces(text, lang)[0]
    return {
        "voice": describe,
        "lang": lang,
        "first_piece": first_piece,
        **{f"{key}_median": statistics.median(values) for key, values in figures.items()},
        **{f"{key}_max": max(values) for key, values in figures.items()},
    }


def piper(spinning: bool) -> LanguageVoices:
    def load(voice: VoiceFiles) -> PiperSynthesizer:
        return PiperSynthesizer(voice, spinning=spinning)

    settings = DeviceSettings(tts_engine="auto")
    return LanguageVoices(lambda lang: voice_for_language(settings, lang), _no_fallback, load_voice=load)


def _no_fallback() -> Synthesizer:
    raise RuntimeError("the Piper voice did not load")


async def spinning_or_not(runs: int) -> None:
    """First audio (streamed) with onnxruntime's threads sleeping vs spinning, alternating run by run."""
    text = ANSWERS["en"]
    speakers = {"idle threads sleep (ting)": _speaker(piper(False), True),
                "idle threads spin (before)": _speaker(piper(True), True)}  # fmt: skip
    for speaker in speakers.values():
        await first_audio_seconds(speaker, text, "en")  # loaded, speed learnt
    figures: dict[str, list[float]] = {name: [] for name in speakers}
    for _ in range(runs):
        for name, speaker in speakers.items():
            figures[name].append(await first_audio_seconds(speaker, text, "en"))
    for name, values in figures.items():
        print(f"piper en, {name:<27} first audio streamed: median {statistics.median(values) * 1000:5.0f} ms "
              f"(max {max(values) * 1000:5.0f})", flush=True)  # fmt: skip


async def cold(runs: int) -> None:
    """A fresh synthesizer's first answer: said at once (loads the voice then) vs after ``prepare``."""
    text = ANSWERS["en"]
    figures: dict[str, list[float]] = {"said at once": [], "after prepare": []}
    for _ in range(runs):
        for name in figures:
            speaker = _speaker(piper(False), True)
            if name == "after prepare":
                await speaker.prepare("en")
            figures[name].append(await first_audio_seconds(speaker, text, "en"))
    for name, values in figures.items():
        median, longest = statistics.median(values) * 1000, max(values) * 1000
        print(f"piper en, first answer after start, {name:<14}: median {median:5.0f} ms (max {longest:5.0f})",
              flush=True)  # fmt: skip


def rss(engine: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", RSS_CODE, engine], capture_output=True, text=True, check=True, timeout=300
    )
    values = json.loads(done.stdout.strip().splitlines()[-1])
    return {"before_mb": values["before"] / 1e6, "after_mb": values["after"] / 1e6}


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cold", type=int, default=3)
    args = parser.parse_args()
    print(f"load: {os.getloadavg()}; cores: {os.cpu_count()}")
    header = f"{'voice':<26} {'lang':<4} {'first audio: streamed':>22} {'whole text':>16}"
    print(f"{header} {'ratio':>6} {'RTF':>6}")
    for engine, lang in VOICES:
        row = await latency(engine, lang, args.runs)
        ratio = float(row["whole_median"]) / float(row["streaming_median"])  # type: ignore[arg-type]
        print(
            f"{row['voice']:<26} {lang:<4} "
            f"{row['streaming_median'] * 1000:>9.0f} ms (max {row['streaming_max'] * 1000:4.0f}) "
            f"{row['whole_median'] * 1000:>7.0f} (max {row['whole_max'] * 1000:4.0f}) "
            f"{ratio:>5.1f}x {row['rtf_median']:>6.3f}   first piece: {row['first_piece']!r}",
            flush=True,
        )
    await spinning_or_not(args.runs)
    await cold(args.cold)
    for engine in ("piper", "espeak-ng"):
        memory = rss("auto" if engine == "piper" else engine)
        before, after = memory["before_mb"], memory["after_mb"]
        print(f"RSS {engine}: {before:.0f} MB before the voice, {after:.0f} MB after")
    print(f"load: {os.getloadavg()}")


if __name__ == "__main__":
    asyncio.run(main())
