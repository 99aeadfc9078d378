"""Memory and build time of the NLU's statistical second pass: the recognizer of the built-in skills on the
demo household built three ways, each in a fresh process, RSS (psutil) after a garbage collection and
``malloc_trim``.

.venv/bin/python bench/nlu_pass_memory.py

Rows: the second pass off; on, trained on the template walks only (every example left out); on with the
skills' example files (``sentences/examples/<lang>.yaml``). The pass's memory is the difference to the first
row; build time is the process's CPU time for the build.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import json
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MODES = ("off", "walks only", "walks and examples")


def _trimmed_rss_mb() -> float:
    import psutil

    gc.collect()
    with contextlib.suppress(OSError):  # not glibc: nothing to give back
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    return float(psutil.Process().memory_info().rss) / 2**20


def measure(mode: str) -> dict[str, float]:
    from ting.nlu import IntentRecognizer, discover_sentence_files, load_household, load_sentence_file
    from ting.nlu.fallback import FallbackOptions
    from ting.settings import Settings
    from ting.skills.sdk.discovery import sentence_folders

    files = discover_sentence_files(sentence_folders(Settings().skills))
    household = load_household(None)
    data = [load_sentence_file(file.path, file.lang) for file in files]
    if mode == "walks only":
        data = [replace(one, examples=()) for one in data]
    before = _trimmed_rss_mb()
    cpu = time.process_time()
    recognizer = IntentRecognizer(data, household, fallback=FallbackOptions(enabled=mode != "off"))
    built = time.process_time() - cpu
    after = _trimmed_rss_mb()
    assert recognizer.intents
    return {"rss_mb": after, "added_mb": after - before, "build_cpu_s": built}


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(measure(sys.argv[2])))
        return
    rows = {}
    for mode in MODES:
        done = subprocess.run(
            [sys.executable, __file__, "--one", mode], capture_output=True, text=True, check=True
        )
        rows[mode] = json.loads(done.stdout.strip().splitlines()[-1])
    off = rows["off"]["rss_mb"]
    for mode, row in rows.items():
        print(
            f"{mode:20} RSS {row['rss_mb']:6.1f} MB  (pass: {row['rss_mb'] - off:+5.1f} MB)"
            f"  build CPU {row['build_cpu_s']:.2f} s"
        )


if __name__ == "__main__":
    main()
