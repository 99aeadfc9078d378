"""A throwaway PostgreSQL cluster for the tests: initdb into a temporary folder, a free port, trust auth.

The tests never use a PostgreSQL that happens to run on the machine (as with mosquitto): they need
only the server binaries (Debian's ``postgresql`` package, which ``./run tests`` installs). PostgreSQL
refuses to run as root, so as root the cluster belongs to the ``postgres`` user the package creates
(``runuser``); otherwise to whoever runs the tests.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from ting.mqtt.broker import free_port

_START_TIMEOUT_SECONDS = 60


class PostgresUnavailable(Exception):
    """The binaries or the ``postgres`` user are missing; the message says how to get them."""


def _binaries() -> Path:
    """The folder of ``initdb`` and ``pg_ctl``: Debian keeps them off the PATH, per major version."""
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    found = versions[-1] if versions else shutil.which("initdb")
    if found is None:
        raise PostgresUnavailable(
            "PostgreSQL's server binaries (initdb, pg_ctl) are not installed: apt-get install postgresql "
            "(the README's test command does this)"
        )
    return Path(found).parent


class PostgresCluster:
    def __init__(self) -> None:
        self.bin = _binaries()
        self.port = free_port()
        self._owner = "postgres" if os.geteuid() == 0 else None
        if self._owner is not None:
            try:
                owner = pwd.getpwnam(self._owner)
            except KeyError:
                message = "no 'postgres' user to run PostgreSQL as (apt-get install postgresql creates it)"
                raise PostgresUnavailable(message) from None
        # Not under pytest's tmp_path: as root that is a 0700 folder the postgres user cannot enter.
        self.directory = Path(tempfile.mkdtemp(prefix="ting-test-postgres-"))
        if self._owner is not None:
            os.chown(self.directory, owner.pw_uid, owner.pw_gid)
        self.data = self.directory / "data"

    @property
    def admin_dsn(self) -> str:
        return self.dsn("postgres")

    def dsn(self, database: str) -> str:
        return f"host=127.0.0.1 port={self.port} user=postgres dbname={database}"

    def start(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            "pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.directory / "postgres.log"),
            "-w", "-t", str(_START_TIMEOUT_SECONDS), "start",
        )  # fmt: skip

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.directory, ignore_errors=True)

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        if self._owner is not None:
            command = ["runuser", "-u", self._owner, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, cwd=self.directory)
        if result.returncode != 0:
            log = self.directory / "postgres.log"
            raise PostgresUnavailable(
                f"{program} failed ({result.returncode}): {result.stderr or result.stdout}"
                + (f"\n{log.read_text()}" if log.exists() else "")
            )
