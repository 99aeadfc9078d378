"""``ting transcribe FILE.wav --json`` per interfaces.md."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path


def _ting(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "ting.cli.main", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=120)


def test_transcribe_prints_text_engine_seconds(spoken: Callable[..., Path], tmp_path: Path) -> None:
    done = _ting("transcribe", str(spoken("what time is it")), "--lang", "en", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert set(result) == {"text", "engine", "seconds"}
    assert result["engine"] == "pocketsphinx" and result["text"] and result["seconds"] > 1


def test_broken_wav_and_missing_chinese_model(tmp_path: Path) -> None:
    broken = tmp_path / "broken.wav"
    broken.write_bytes(b"not audio")
    done = _ting("transcribe", str(broken), cwd=tmp_path)
    assert done.returncode == 1 and "broken.wav: not a WAV file" in done.stderr
