"""The ``ting`` command's parser loads no device code: ``ting --help``, ``ting --version`` and ``ting server``
run on a plain install (no device extra). ``./run tests`` also checks that install itself
(tests/plain_install_check.py); this test names the module that broke the rule."""

from __future__ import annotations

import json
import subprocess
import sys

DEVICE_ONLY = ("ting.device", "numpy", "onnxruntime", "vosk", "pocketsphinx", "sounddevice", "webrtcvad")


def test_building_the_parser_imports_no_device_code() -> None:
    code = (
        "import json, sys\n"
        "from ting.cli.main import build_parser\n"
        "build_parser().parse_args(['server', '--port', '8340'])\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(  # a fresh interpreter: this one has imported everything the other tests use
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    modules = json.loads(done.stdout)
    assert "ting.cli.server" in modules and "ting.cli.device" in modules  # every sub-command was added
    loaded = [name for name in modules if name.split(".")[0] in DEVICE_ONLY or name.startswith("ting.device")]
    assert loaded == []
