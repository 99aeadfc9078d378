"""Fixtures shared by the whole suite.

MQTT: tests never touch a broker that happens to run on the machine (port 1883); they
start their own mosquitto on a free port. ``mosquitto`` is one broker for the session;
``restartable_mosquitto`` is a private one a test may stop and start again (SIGTERM, or SIGKILL
with ``kill()``); ``persistent_mosquitto`` keeps sessions, queued and retained messages on disk
across a SIGTERM restart, as a production broker configured with ``persistence true`` does.

PostgreSQL: likewise never the machine's; ``postgres`` is a throwaway cluster of the session's own
(tests/postgres.py).
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.postgres import PostgresCluster, PostgresUnavailable
from ting.mqtt.broker import free_port, port_in_use
from ting.mqtt.url import BrokerAddress
from ting.settings import MqttSettings

# The suite never sees the models installed in this user's data folder (``device.models_dir``'s default): a
# Whisper model there would change which recognizer the default settings pick. Subprocesses inherit it.
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="ting-tests-data-")
# Servers started from a config (``ting server``, the demo) do not train wake word models in the background
# (minutes of both cores): tests/server/test_wake_models.py switches it on where it is the subject.
os.environ["TING_SERVER__WAKE_TRAINING"] = "false"

MOSQUITTO_PATHS = ("/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto")
_START_TIMEOUT_SECONDS = 10.0


def _mosquitto_binary() -> str:
    found = shutil.which("mosquitto") or next((p for p in MOSQUITTO_PATHS if Path(p).is_file()), None)
    if found is None:
        pytest.fail(
            "mosquitto is not installed: the MQTT tests need it (apt-get install mosquitto; "
            "the README's test command does this)",
            pytrace=False,
        )
    return found


class Mosquitto:
    """A mosquitto process on ``127.0.0.1:<port>``, anonymous; persistence only when asked."""

    def __init__(self, directory: Path, port: int | None = None, *, persistence: bool = False) -> None:
        self.port = port or free_port()
        self.address = BrokerAddress(host="127.0.0.1", port=self.port)
        self._directory = directory
        self._binary = _mosquitto_binary()
        self._process: subprocess.Popen[bytes] | None = None
        self._config = directory / "mosquitto.conf"
        self._log = directory / "mosquitto.log"
        # mosquitto started as root switches to the user "mosquitto", who may not write the test's folder
        user = pwd.getpwuid(os.geteuid()).pw_name
        stored = f"true\npersistence_location {directory}/" if persistence else "false"
        self._config.write_text(
            f"listener {self.port} 127.0.0.1\nallow_anonymous true\npersistence {stored}\nuser {user}\n"
            f"log_dest file {self._log}\nmax_inflight_messages 0\nmax_queued_messages 10000\n"
        )

    def log(self) -> str:
        return self._log.read_text() if self._log.exists() else ""

    @property
    def url(self) -> str:
        return self.address.url

    def start(self) -> None:
        self._process = subprocess.Popen([self._binary, "-c", str(self._config)], stderr=subprocess.PIPE)
        deadline = time.monotonic() + _START_TIMEOUT_SECONDS
        while not port_in_use("127.0.0.1", self.port):
            if self._process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                log = self._log.read_text() if self._log.exists() else ""
                pytest.fail(f"mosquitto did not start on port {self.port}:\n{log}", pytrace=False)
            time.sleep(0.02)

    def pause(self) -> None:
        """Freeze the process (SIGSTOP): connections stay open but nothing is answered."""
        if self._process is not None:
            self._process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        if self._process is not None:
            self._process.send_signal(signal.SIGCONT)

    def kill(self) -> None:
        """SIGKILL: no goodbye to the clients, nothing saved (a power cut, the OOM killer)."""
        process, self._process = self._process, None
        if process is None:
            return
        process.kill()
        process.wait()
        if process.stderr is not None:
            process.stderr.close()

    def stop(self) -> None:
        """SIGTERM: mosquitto closes its connections and, with persistence, saves its state."""
        process, self._process = self._process, None
        if process is None:
            return
        process.send_signal(signal.SIGCONT)
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stderr is not None:
            process.stderr.close()


@pytest.fixture(scope="session")
def mosquitto(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrokerAddress]:
    """A mosquitto for the whole session; use unique site/client ids per test."""
    broker = Mosquitto(tmp_path_factory.mktemp("mosquitto"))
    broker.start()
    yield broker.address
    broker.stop()


@pytest.fixture
def restartable_mosquitto(tmp_path: Path) -> Iterator[Mosquitto]:
    """A private mosquitto the test may ``stop()`` and ``start()`` again on the same port."""
    broker = Mosquitto(tmp_path)
    broker.start()
    yield broker
    broker.stop()


@pytest.fixture
def persistent_mosquitto(tmp_path: Path) -> Iterator[Mosquitto]:
    """Like ``restartable_mosquitto``, with ``persistence true``: a SIGTERM restart keeps the sessions."""
    broker = Mosquitto(tmp_path, persistence=True)
    broker.start()
    yield broker
    broker.stop()


def mqtt_settings_for(address: BrokerAddress | str, **overrides: Any) -> MqttSettings:
    """``MqttSettings`` for a test broker: fast reconnects, never an embedded broker. The keepalive is the
    product's own (30 s): with 10 s, every client of a test process at load > 20 lost its connection at once,
    twice, and a keepalive shorter than the product's is the suspected cause."""
    values: dict[str, Any] = {
        "url": address if isinstance(address, str) else address.url,
        "embedded_broker": False,
        "reconnect_min_seconds": 0.05,
        "reconnect_max_seconds": 0.5,
    }
    values.update(overrides)
    return MqttSettings(**values)


@pytest.fixture(scope="session")
def mqtt_settings(mosquitto: BrokerAddress) -> Callable[..., MqttSettings]:
    """``mqtt_settings(**overrides)`` -> ``MqttSettings`` for the session's mosquitto."""
    return lambda **overrides: mqtt_settings_for(mosquitto, **overrides)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    """A PostgreSQL of the tests' own (initdb in a temporary folder, a free port, trust auth, user
    ``postgres``), started the first time a test asks for it and removed after the session."""
    try:
        cluster = PostgresCluster()
    except PostgresUnavailable as error:
        pytest.fail(str(error), pytrace=False)
    try:
        cluster.start()
    except PostgresUnavailable as error:
        cluster.stop()
        pytest.fail(f"could not start a PostgreSQL for the tests: {error}", pytrace=False)
    yield cluster
    cluster.stop()
