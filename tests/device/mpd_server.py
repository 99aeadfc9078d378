"""A real MPD (Debian's ``mpd``) for the tests: its own config, music folder, database and state file in a
temporary folder, on a free loopback port, playing to a ``null`` output in real time with a software mixer
(so the volume is real). Never the machine's MPD: the package's service (port 6600) is not touched."""

from __future__ import annotations

import asyncio
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import mpd
import pytest

from ting.mqtt.broker import free_port

START_TIMEOUT_SECONDS = 30.0


class MpdServer:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.music = directory / "music"
        self.music.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self._log = directory / "mpd.log"
        self._config = directory / "mpd.conf"
        self._config.write_text(
            f'music_directory "{self.music}"\n'
            f'playlist_directory "{directory}"\n'
            f'db_file "{directory}/database"\n'
            f'state_file "{directory}/state"\n'
            f'bind_to_address "127.0.0.1"\nport "{self.port}"\n'
            'zeroconf_enabled "no"\nauto_update "no"\n'
            'audio_output {\n  type "null"\n  name "null"\n  mixer_type "software"\n}\n'
        )
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        binary = shutil.which("mpd")
        if binary is None:
            pytest.fail("mpd is not installed (apt-get install mpd; ./run tests does this)", pytrace=False)
        with self._log.open("ab") as log:
            self._process = subprocess.Popen(
                [binary, "--no-daemon", "--stderr", str(self._config)], stdout=log, stderr=log
            )
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while True:
            try:
                with self.client():
                    return
            except (OSError, mpd.MPDError):
                if self._process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    pytest.fail(f"mpd did not start on port {self.port}:\n{self.log()}", pytrace=False)
                time.sleep(0.05)

    def stop(self) -> None:
        """SIGTERM: MPD closes its clients and saves its state, as a restarting service does."""
        process, self._process = self._process, None
        if process is None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def log(self) -> str:
        return self._log.read_text(errors="replace") if self._log.exists() else ""

    @contextmanager
    def client(self) -> Iterator[mpd.MPDClient]:
        """A blocking client of the test's own (what another MPD client app would do)."""
        client = mpd.MPDClient()
        client.timeout = 10
        client.connect("127.0.0.1", self.port)
        try:
            yield client
        finally:
            client.disconnect()

    def status(self) -> dict[str, Any]:
        with self.client() as client:
            return dict(client.status())

    def update(self, songs: int) -> None:
        """Index the music folder and wait until MPD knows ``songs`` songs."""
        with self.client() as client:
            client.update()
        self.wait(lambda: int(self.stats()["songs"]) == songs and "updating_db" not in self.status())

    def stats(self) -> dict[str, Any]:
        with self.client() as client:
            return dict(client.stats())

    def wait(self, condition: Callable[[], bool], timeout_seconds: float = 30.0) -> None:
        deadline = time.monotonic() + timeout_seconds
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"MPD never got there; status {self.status()}")
            time.sleep(0.05)

    async def until(
        self, condition: Callable[[dict[str, Any]], bool], timeout_seconds: float = 30.0
    ) -> dict[str, Any]:
        """MPD's status once ``condition`` holds for it (asked off the event loop, which keeps running)."""
        async with asyncio.timeout(timeout_seconds):
            while True:
                status = await asyncio.to_thread(self.status)
                if condition(status):
                    return status
                await asyncio.sleep(0.05)
