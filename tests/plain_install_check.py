"""A plain ``pip install .`` (no extras) runs ``ting --help``, ``ting --version`` and ``ting server``;
a device command there says which extra it needs.

Run by ``./run tests`` with the interpreter of ``.venv-plain/`` (ting installed there without extras, as a
copy of the working tree); not a pytest module, since the test venv has every extra. Only the standard
library is used here, so the check needs nothing the plain install does not have. The server gets an
embedded broker and HTTP on free ports and a throw-away data folder; ``/healthz`` must answer 200 within
60 s. Any failure prints what the command said and exits with status 1.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import NoReturn

TING = Path(sys.executable).with_name("ting")
HEALTHY_WITHIN_SECONDS = 60.0
DEVICE_ONLY = ("numpy", "onnxruntime", "vosk", "pocketsphinx", "sounddevice", "webrtcvad")
"""Installed by the device extra only: present here, the check could not tell that the server lacks them."""


def fail(what: str, output: str = "") -> NoReturn:
    print(f"plain install check FAILED: {what}", file=sys.stderr)
    if output:
        print(output, file=sys.stderr)
    sys.exit(1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def environment(home: Path) -> dict[str, str]:
    """This process's environment without ting settings (``TING_*``) and with a home of its own, so
    neither the caller's settings nor ``~/.config/ting/ting.toml`` change what is checked."""
    kept = {name: value for name, value in os.environ.items() if not name.startswith("TING_")}
    return {**kept, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")}


def ting(*args: str, env: dict[str, str], cwd: Path) -> str:
    done = subprocess.run(
        [str(TING), *args], capture_output=True, text=True, timeout=60, env=env, cwd=cwd, check=False
    )
    if done.returncode != 0:
        fail(f"`ting {' '.join(args)}` exited with {done.returncode}", done.stdout + done.stderr)
    return done.stdout


def check_device_command(folder: Path, env: dict[str, str]) -> None:
    """A device command without the device extra says what to install, in one line, not a traceback."""
    done = subprocess.run(
        [str(TING), "transcribe", str(folder / "command.wav")],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=folder,
        check=False,
    )
    said = done.stdout + done.stderr
    if done.returncode != 1 or "pip install 'ting-voice[device]'" not in said or "Traceback" in said:
        fail(f"`ting transcribe` without the device extra exited with {done.returncode}", said)


def healthz(port: int) -> int | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
            status: int = answer.status
            return status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, OSError):
        return None  # not listening yet


def check_server(folder: Path, env: dict[str, str]) -> float:
    """Seconds until ``/healthz`` answered 200."""
    http_port, mqtt_port = free_port(), free_port()
    config = folder / "ting.toml"
    config.write_text(
        f'[server]\nhttp_port = {http_port}\n[store]\ndata_dir = "{folder / "data"}"\n'
        '[mqtt]\nembedded_broker = true\nclient_id = "ting-plain-install-check"\n',
        encoding="utf-8",
    )
    log = folder / "server.log"
    started = time.monotonic()
    with log.open("wb") as output:
        server = subprocess.Popen(
            [str(TING), "server", "--config", str(config), "--mqtt", f"mqtt://127.0.0.1:{mqtt_port}"],
            stdout=output,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=folder,
        )
        try:
            while (status := healthz(http_port)) != 200:
                if server.poll() is not None:
                    fail(f"`ting server` exited with {server.returncode}", log.read_text(errors="replace"))
                if time.monotonic() - started > HEALTHY_WITHIN_SECONDS:
                    fail(f"/healthz answered {status} after {HEALTHY_WITHIN_SECONDS:.0f} s", log.read_text())
                time.sleep(0.2)
            return time.monotonic() - started
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def main() -> None:
    present = [name for name in DEVICE_ONLY if importlib.util.find_spec(name) is not None]
    if present:
        fail(f"{sys.prefix} is not a plain install: {', '.join(present)} installed")
    version = importlib.metadata.version("ting-voice")
    with tempfile.TemporaryDirectory(prefix="ting-plain-") as temporary:
        folder = Path(temporary)
        env = environment(folder)
        if "server" not in ting("--help", env=env, cwd=folder):
            fail("`ting --help` does not list the server command")
        if ting("--version", env=env, cwd=folder).strip() != f"ting {version}":
            fail(f"`ting --version` does not say ting {version}")
        check_device_command(folder, env)
        seconds = check_server(folder, env)
    print(f"plain install: ting --help, --version and `ting server` (/healthz 200 after {seconds:.1f} s) ok")


if __name__ == "__main__":
    main()
