"""Model downloads for the Settings → Models page: ``ting models list --json`` and ``ting models download``
run as child processes, so the page uses the command's own catalogue and download code (resume, checksum,
safe unpacking, the config file pointed at the model) without the server importing the device's modules,
and the event loop never waits on the network or the disk.

The download's progress is read from the command's progress bar on stderr; its last error line is the
message shown when it fails (an HTTP error, a checksum mismatch, an unwritable folder).
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from ting.errors import ConfigError

_LOGGER = logging.getLogger(__name__)

PROGRESS = re.compile(r"(\d+)% \[[#.]*\]\s+([\d.]+)/([\d.]+) MB")
"""``name  42% [#####.....]  17.0/40.0 MB  3.1 MB/s`` (``ting.device.models.ProgressBar``)."""
LIST_TIMEOUT_SECONDS = 120.0
MAX_MESSAGE_CHARS = 600


@dataclass(frozen=True)
class ModelRow:
    name: str
    kind: str
    """``vosk``, ``whisper`` or ``piper`` (a voice)."""
    langs: tuple[str, ...]
    size_mb: int | None
    """None: not known before downloading (a voice)."""
    installed: bool
    used_for: tuple[str, ...]
    description: str

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ModelRow:
        return cls(
            str(data["name"]), str(data["kind"]), tuple(data["langs"]),
            None if data["size_mb"] is None else int(data["size_mb"]),
            bool(data["installed"]), tuple(data["used_for"]), str(data["description"]),
        )  # fmt: skip


@dataclass(frozen=True)
class Download:
    name: str
    state: Literal["running", "installed", "failed"]
    percent: int | None = None
    done_mb: float = 0.0
    total_mb: float | None = None
    message: str = ""
    """The command's report when it installed, its error when it failed."""


def ting_command(config_file: Path | None) -> list[str]:
    """The ``ting`` command of this interpreter, reading the server's config file."""
    config = ["--config", str(config_file)] if config_file is not None else []
    return [sys.executable, "-m", "ting.cli.main", *config]


class ModelDownloads:
    """The models the command knows, and the downloads started from the page (one at a time per model)."""

    def __init__(self, command: Sequence[str], *, write_config: bool) -> None:
        self._command = list(command)
        self._write_config = write_config
        self.downloads: dict[str, Download] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._one_at_a_time = asyncio.Lock()
        """Each download edits the config file when it ends: two at once could lose one's change."""

    async def models(self) -> list[ModelRow]:
        """``ting models list --json``; ``ConfigError`` with the command's message when it fails."""
        process = await asyncio.create_subprocess_exec(
            *self._command, "models", "list", "--json",
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        try:
            out, err = await asyncio.wait_for(process.communicate(), LIST_TIMEOUT_SECONDS)
        except TimeoutError:
            process.kill()
            await process.wait()
            raise ConfigError("ting models list did not answer in time") from None
        if process.returncode != 0:
            raise ConfigError(_last_line(err.decode("utf-8", "replace")) or "ting models list failed")
        return [ModelRow.from_json(json.loads(line)) for line in out.decode().splitlines() if line.strip()]

    def start(self, name: str) -> Download:
        """Start downloading ``name`` (a name ``models()`` listed) unless it is downloading already."""
        running = self.downloads.get(name)
        if running is not None and running.state == "running":
            return running
        self.downloads[name] = Download(name, "running")
        task = asyncio.create_task(self._run(name), name=f"model download {name}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return self.downloads[name]

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _run(self, name: str) -> None:
        async with self._one_at_a_time:  # a queued one shows "starting"
            await self._download(name)

    async def _download(self, name: str) -> None:
        argv = [*self._command, "models", "download", name, *([] if self._write_config else ["--no-config"])]
        try:
            process = await asyncio.create_subprocess_exec(
                *argv, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
            )
        except OSError as error:
            self.downloads[name] = Download(name, "failed", message=f"cannot run ting: {error}")
            return
        assert process.stderr is not None and process.stdout is not None
        try:
            errors = await self._follow(name, process.stderr)
            out = (await process.stdout.read()).decode("utf-8", "replace")
            code = await process.wait()
        except asyncio.CancelledError:
            process.kill()
            await process.wait()
            raise
        now = self.downloads[name]
        if code == 0:
            report = out.strip() or _last_line(errors)
            self.downloads[name] = replace(
                now, state="installed", percent=100, message=report[-MAX_MESSAGE_CHARS:]
            )
        else:
            message = _last_line(errors) or f"ting models download ended with code {code}"
            self.downloads[name] = replace(now, state="failed", message=message[-MAX_MESSAGE_CHARS:])
            _LOGGER.warning("model download %s failed: %s", name, message)

    async def _follow(self, name: str, stream: asyncio.StreamReader) -> str:
        """Read the progress bar as it is drawn; the whole of stderr, for the messages in it."""
        text = ""
        while chunk := await stream.read(4096):
            text += chunk.decode("utf-8", "replace")
            found = PROGRESS.findall(text[-400:])
            if found:
                percent, done, total = found[-1]
                self.downloads[name] = replace(
                    self.downloads[name], percent=int(percent), done_mb=float(done), total_mb=float(total)
                )
            text = text[-20_000:]
        return text


def _last_line(text: str) -> str:
    lines = [line.strip() for line in re.split(r"[\r\n]+", text) if line.strip()]
    errors = [line for line in lines if line.startswith("ting")]
    return (errors or lines or [""])[-1]
