"""``ting models list --json``: one object per model the download command knows, installed or not."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def test_the_json_listing_says_what_is_installed_and_what_uses_it(tmp_path: Path) -> None:
    models = tmp_path / "models"
    (models / "vosk-model-small-cn-0.22").mkdir(parents=True)
    config = tmp_path / "ting.toml"
    config.write_text(
        f'[device]\nmodels_dir = "{models}"\nstt_engine = "vosk"\n'
        f'vosk_model_dirs = {{ zh = "{models / "vosk-model-small-cn-0.22"}" }}\n',
        encoding="utf-8",
    )
    env = {name: value for name, value in os.environ.items() if not name.startswith("TING_")}
    done = subprocess.run(
        [sys.executable, "-m", "ting.cli.main", "models", "list", "--json", "--config", str(config)],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = {row["name"]: row for row in map(json.loads, done.stdout.splitlines())}
    assert rows["small-cn-0.22"] == {
        "name": "small-cn-0.22", "kind": "vosk", "langs": ["zh"], "size_mb": 42, "installed": True,
        "path": str(models / "vosk-model-small-cn-0.22"), "used_for": ["zh"],
        "description": "small Mandarin, for the Raspberry Pi",
    }  # fmt: skip
    assert not rows["small-en-us-0.15"]["installed"] and rows["small-en-us-0.15"]["used_for"] == []
    assert rows["whisper-base"]["kind"] == "whisper" and rows["whisper-base"]["langs"] == ["zh", "en"]
    assert not rows["whisper-base"]["installed"]
    voice = rows["piper-zh_CN-huayan-medium"]  # a recommended voice is listed, installed or not
    assert voice["kind"] == "piper" and voice["langs"] == ["zh"]
    assert (voice["size_mb"] is None) == (not voice["installed"])
