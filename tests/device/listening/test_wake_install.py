"""The trained wake word's front end as installed: openwakeword's two ONNX files, without its Python code
and its dependencies (scipy, scikit-learn), which the device extra no longer pulls in."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ting.device.wake.embedding import OPENWAKEWORD_REQUIREMENT, SpeechEmbedder
from ting.errors import SpeechModelError

REPOSITORY = Path(__file__).resolve().parents[3]


def test_without_openwakeword_the_error_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # None in sys.modules is Python's own "not installed" marker: find_spec answers None for it
    monkeypatch.setitem(sys.modules, "openwakeword", None)
    with pytest.raises(SpeechModelError, match=re.escape("pip install --no-deps 'openwakeword>=0.4,<0.5'")):
        SpeechEmbedder()


def test_run_installs_the_same_requirement_without_dependencies() -> None:
    run = (REPOSITORY / "run").read_text(encoding="utf-8")
    assert f'OPENWAKEWORD="{OPENWAKEWORD_REQUIREMENT}"' in run
    assert 'pip install -q --no-deps "$OPENWAKEWORD"' in run


def test_the_front_end_runs_without_openwakewords_code_or_scipy() -> None:
    """In a fresh interpreter: training and detection code loaded, a second of audio embedded."""
    code = (
        "import json, sys\n"
        "import ting.device.wake.training, ting.device.wake.trained\n"
        "from ting.device.wake.embedding import SpeechEmbedder\n"
        "shape = SpeechEmbedder().embed(bytes(32000)).shape\n"
        "print(json.dumps({'shape': list(shape), 'modules': sorted(sys.modules)}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["shape"][1] == 96 and result["shape"][0] > 0
    roots = {name.split(".")[0] for name in result["modules"]}
    assert "onnxruntime" in roots and "numpy" in roots
    assert not roots & {"openwakeword", "scipy", "sklearn", "tqdm"}
