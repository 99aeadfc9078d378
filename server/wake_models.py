"""Wake word models for the devices' phrases: trained once by the server, in the background, and handed out.

Without a trained model a device spots its wake phrase with PocketSphinx (~60 false wakes an hour of speech);
with one, about one. So that no one has to run ``ting wake train``, the server trains a model for every wake
phrase it knows of — ``device.wake_phrases`` of its own settings, and each phrase a device announces in its
retained status (``SiteStatus.wake``) — one at a time, each in a child process (``ting wake train
--output``) at low priority (``nice``), so answers never wait for it. Models are kept in
``<store.data_dir>/wake-models/<key>.npz`` with a ``<key>.json`` naming the phrase, and published retained
(``WakeModelAnnouncement`` on ``ting/wake/model/<key>``) when made and on every connect to the broker (one
restarted without persistence has lost them). A phrase whose training failed is not tried again until the
server restarts (the log says why, with the trainer's last words).
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from ting.errors import MessageError, MqttError
from ting.messages import SiteStatus, WakeModelAnnouncement
from ting.messages.wake import MAX_MODEL_BYTES, phrase_key
from ting.mqtt.client import HermesClient
from ting.settings.sections import ServerSettings

_LOGGER = logging.getLogger(__name__)
TAIL_CHARS = 600
"""Of the trainer's error output, in the log when it fails."""


def train_command(settings: ServerSettings, config: Path, lang: str, phrase: str, output: Path) -> list[str]:
    """``ting wake train`` for one phrase, as this Python runs it."""
    command = [sys.executable, "-m", "ting.cli.main", "wake", "train", "--config", str(config)]
    command += [
        "--lang",
        lang,
        "--phrase",
        phrase,
        "--output",
        str(output),
        "--nice",
        str(settings.wake_training_niceness),
    ]
    command += ["--minutes", f"{settings.wake_training_minutes:g}"]
    command += ["--clips-per-voice", str(settings.wake_training_clips_per_voice)]
    command += ["--jobs", str(settings.wake_training_jobs)]
    voices = settings.wake_training_voices.get(lang)
    if voices:
        command += ["--voices", ",".join(voices)]
    return command


class WakeModels:
    """``want`` a phrase (queued unless known), ``run`` trains the queue, ``publish`` hands out the kept."""

    def __init__(self, settings: ServerSettings, folder: Path) -> None:
        self._settings = settings
        self.folder = folder
        self._queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
        self._seen: set[tuple[str, str]] = set()
        """Phrases kept, queued, being trained or failed: each is trained at most once a run."""
        self.trained: list[tuple[str, str, float]] = []
        """(lang, phrase, seconds) of each model trained in this run."""

    def path(self, lang: str, phrase: str) -> Path:
        return self.folder / f"{phrase_key(lang, phrase)}.npz"

    def want(self, lang: str, phrase: str) -> None:
        """Train a model for ``phrase`` unless one is kept (or on its way)."""
        if not self._settings.wake_training or (lang, phrase) in self._seen:
            return
        self._seen.add((lang, phrase))
        if self.path(lang, phrase).is_file():
            return
        _LOGGER.info("wake word %r (%s): no trained model yet; training one in the background", phrase, lang)
        self._queue.put_nowait((lang, phrase))

    def want_all(self, phrases: Mapping[str, str]) -> None:
        for lang, phrase in phrases.items():
            self.want(lang, phrase)

    async def on_status(self, topic: str, payload: bytes) -> None:
        """Handler of ``ting/status/+``: the phrases a device listens for (maybe not configured here)."""
        if not payload:
            return
        status = SiteStatus.from_mqtt(topic, payload)
        for lang, state in status.wake.items():
            self.want(lang, state.phrase)

    async def run(self, client: HermesClient) -> None:
        """Train what is wanted, one phrase at a time, until cancelled (the child process is then killed)."""
        while True:
            lang, phrase = await self._queue.get()
            try:
                await self._train(client, lang, phrase)
            except (OSError, MessageError, MqttError) as error:
                _LOGGER.error("wake word %r (%s): no model (%s)", phrase, lang, error)

    async def _train(self, client: HermesClient, lang: str, phrase: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        config = self.folder / "training.toml"
        if not config.exists():
            config.write_text(
                "# settings of the server's wake word training: none, the defaults do\n", "utf-8"
            )
        target = self.path(lang, phrase)
        partial = target.with_name(target.stem + ".training.npz")
        command = train_command(self._settings, config, lang, phrase, partial)
        started = time.monotonic()
        process = await asyncio.create_subprocess_exec(
            *command,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            out, err = await process.communicate()
        except asyncio.CancelledError:  # the server stops: no orphan keeps the cores busy
            process.kill()
            await process.wait()
            partial.unlink(missing_ok=True)
            raise
        seconds = time.monotonic() - started
        if process.returncode != 0 or not partial.is_file():
            tail = err.decode("utf-8", "replace").strip()[-TAIL_CHARS:]
            _LOGGER.error(
                "wake word %r (%s): training failed (exit %s) after %.0f s: %s",
                phrase,
                lang,
                process.returncode,
                seconds,
                tail or "no output",
            )
            partial.unlink(missing_ok=True)
            return
        size = partial.stat().st_size
        if size > MAX_MODEL_BYTES:
            partial.unlink()
            raise MessageError(
                f"the trained model is {size} bytes, more than devices take ({MAX_MODEL_BYTES})"
            )
        trained = datetime.now(UTC).isoformat(timespec="seconds")
        meta = {"lang": lang, "phrase": phrase, "trained": trained, "training_seconds": round(seconds, 1)}
        target.with_suffix(".json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")
        partial.replace(target)
        self.trained.append((lang, phrase, seconds))
        _LOGGER.info(
            "wake word %r (%s): model trained in %.0f s (%s); sending it to the devices: %s",
            phrase,
            lang,
            seconds,
            out.decode("utf-8", "replace").strip().splitlines()[0] if out.strip() else "",
            target,
        )
        await client.publish(self._announcement(target), retain=True)

    def _announcement(self, path: Path) -> WakeModelAnnouncement:
        meta = json.loads(path.with_suffix(".json").read_text("utf-8"))
        return WakeModelAnnouncement.of(
            meta["lang"], meta["phrase"], path.read_bytes(), meta.get("trained", "")
        )

    def kept(self) -> list[Path]:
        return sorted(path for path in self.folder.glob("*.npz") if not path.stem.endswith(".training"))

    async def publish(self, client: HermesClient) -> None:
        """Every kept model, retained (the client's on-connected hook)."""
        if not self._settings.wake_training:
            return
        for path in self.kept():
            try:
                announcement = await asyncio.to_thread(self._announcement, path)
            except (OSError, ValueError, KeyError) as error:
                _LOGGER.error("wake model %s not published: %s", path, error)
                continue
            await client.publish(announcement, retain=True)


def model_folder(data_dir: Path) -> Path:
    return data_dir.expanduser() / "wake-models"
