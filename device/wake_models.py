"""Wake word models from the server (``ting/wake/model/<key>``, retained): installed and used at once.

The server trains a model for each wake phrase a device announces (``ting.server.wake_models``). When one
for this device's phrase arrives, it is checked (size, checksum, a model file for this very phrase and
language), saved where ``ting wake train`` puts models (``<models_dir>/wake/<id>.npz``, with a
``.server-sha256`` beside it) and the wake detector is rebuilt off the loop and swapped in: no restart. A
model that fails any check is refused with an error in the log and the detector in use stays. A model the
user trained here (no ``.server-sha256`` beside it) is never replaced.

Until a model is there, the retained status says so (``SiteStatus.wake``: ``trained`` false) and the log
says it once, at start.

Models for the barge-in stop and pause phrases (``ting/wake/stop/<key>``) are checked the same way, saved
where ``ting wake train --stop`` puts them (``<models_dir>/stop/``) and the barge-in listener's detector
rebuilt with them. With ``device.barge_in = "auto"`` (the default) the first one turns barge-in on, and the
echo canceller with it (``device.echo_cancel = "auto"``): ``barge_on``. The status says which phrases have
a model (``SiteStatus.stop``) and whether barge-in is on or waiting for one (``SiteStatus.barge_in``). A stop
model that comes with its alone check (停: ``ting.device.wake.alone_check``) has it saved beside it, where the
barge-in detector built for the next answer finds it.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

from ting.device.barge_in import BargeIn
from ting.device.interfaces import WakeWordDetector
from ting.device.wake_listener import WakeListener
from ting.errors import MessageError, SpeechModelError
from ting.messages import StopModelAnnouncement, StopState, WakeModelAnnouncement, WakeState
from ting.settings import DeviceSettings

_LOGGER = logging.getLogger(__name__)
SERVER_SUFFIX = ".server-sha256"

SetStatus = Callable[[dict[str, WakeState], dict[str, list[StopState]], str], Awaitable[None]]
"""Publishes the model part of the retained status: wake phrases, stop phrases, barge-in
(``HermesClient.set_wake``)."""


def _model_path(settings: DeviceSettings, phrase: str, lang: str) -> Path:
    from ting.device.wake.trained import model_path  # numpy: imported when needed

    return model_path(settings.models_dir.expanduser(), phrase, lang)


def _stop_path(settings: DeviceSettings, phrase: str, lang: str) -> Path:
    from ting.device.wake.stop_training import stop_model_path

    return stop_model_path(settings.models_dir.expanduser(), phrase, lang)


def stop_phrases(settings: DeviceSettings) -> dict[str, list[str]]:
    """Language -> the stop and pause phrases, each once."""
    langs = dict.fromkeys([*settings.stop_phrases, *settings.pause_phrases])
    return {
        lang: list(
            dict.fromkeys([*settings.stop_phrases.get(lang, []), *settings.pause_phrases.get(lang, [])])
        )
        for lang in langs
    }


def has_stop_model(settings: DeviceSettings) -> bool:
    """Whether one of the stop or pause phrases has a trained model here."""
    return any(
        _stop_path(settings, phrase, lang).is_file()
        for lang, phrases in stop_phrases(settings).items()
        for phrase in phrases
    )


class WakeModels:
    """``set_status``: publishes the model part of the retained status (``HermesClient.set_wake``)."""

    def __init__(
        self,
        settings: DeviceSettings,
        wake: WakeListener,
        make_wake: Callable[[], WakeWordDetector],
        set_status: SetStatus,
        barge: BargeIn | None = None,
    ) -> None:
        self._settings = settings
        self._barge = barge
        """The barge-in listener hears the wake word too: it switches to the new model with the idle one."""
        self._wake = wake
        self._make_wake = make_wake
        self._set_status = set_status
        self._lock = asyncio.Lock()
        """One model installed at a time (two languages' models may arrive together)."""
        self.installed = 0
        self.refused = 0
        self.stop_installed = 0
        self.stop_trained = barge is not None and has_stop_model(settings)
        """A stop or pause phrase has a trained model here (the echo canceller's ``auto`` follows it too)."""

    @property
    def barge_on(self) -> bool:
        """Whether the barge-in listener is on: ``device.barge_in`` true, or ``auto`` with a stop model."""
        if self._barge is None:
            return False
        return self._settings.barge_in is True or self.stop_trained

    def barge_state(self) -> str:
        """``SiteStatus.barge_in``: ``on``, ``off``, or ``waiting`` for a stop phrase model (``auto``)."""
        if self.barge_on:
            return "on"
        return "waiting" if self._barge is not None else "off"

    def states(self) -> dict[str, WakeState]:
        return {
            lang: WakeState(phrase, _model_path(self._settings, phrase, lang).is_file())
            for lang, phrase in self._settings.wake_phrases.items()
        }

    def stop_states(self) -> dict[str, list[StopState]]:
        """Each stop and pause phrase, and whether it has a model (none when barge-in is off)."""
        if self._barge is None:
            return {}
        return {
            lang: [
                StopState(phrase, _stop_path(self._settings, phrase, lang).is_file()) for phrase in phrases
            ]
            for lang, phrases in stop_phrases(self._settings).items()
        }

    async def publish_status(self) -> None:
        await self._set_status(self.states(), self.stop_states(), self.barge_state())

    def say_missing(self) -> None:
        """Once, at start: each phrase without a trained model, and what happens meanwhile."""
        if self._barge is not None and not self.barge_on:
            _LOGGER.warning(
                "barge-in waits for a trained stop phrase model (device.barge_in = auto): until one is here, "
                'the microphone is not used while the device speaks or plays music ("stop" is not heard '
                "then); the server trains them and sends them (server.stop_training), or `ting wake train "
                "--stop` makes them here"
            )
        for lang, state in self.states().items():
            if not state.trained:
                _LOGGER.warning(
                    "wake word %r (%s) has no trained model yet: the fallback detector listens meanwhile "
                    "(PocketSphinx: ~60 false wakes an hour of speech); the server trains one and sends it "
                    "(server.wake_training), or `ting wake train --lang %s` makes one here",
                    state.phrase,
                    lang,
                    lang,
                )

    async def on_stop_model(self, announcement: StopModelAnnouncement) -> None:
        phrase, lang = announcement.phrase, announcement.lang
        if phrase not in stop_phrases(self._settings).get(lang, []):
            _LOGGER.debug("stop phrase model for %r (%s): not this device's phrase", phrase, lang)
            return
        if self._barge is None:
            _LOGGER.debug("stop phrase model for %r (%s): barge-in is off here", phrase, lang)
            return
        async with self._lock:
            path = _stop_path(self._settings, phrase, lang)
            try:
                check = await asyncio.to_thread(_check_of, announcement)  # checked before anything is saved
                changed = await asyncio.to_thread(self._install, announcement, path)
                changed |= await asyncio.to_thread(_install_check, check, announcement.alone_checksum, path)
            except (MessageError, SpeechModelError) as error:
                self.refused += 1
                _LOGGER.error("stop phrase model from the server refused, barge-in stays as it is: %s", error)
                return
            if not changed:
                return
            try:
                await self._barge.replace()
            except Exception as error:  # the front end (onnxruntime) failed: barge-in stays as it was
                self.refused += 1
                _forget(path)
                _forget(_check_path(path))
                _LOGGER.error("stop phrase model for %r (%s) not used: %r", phrase, lang, error)
                return
            was_on = self.barge_on
            self.stop_trained = True
            self.stop_installed += 1
            with_check = " (with its alone check)" if check is not None else ""
            _LOGGER.info(
                "stop phrase %r (%s): the server's trained model is in use now%s", phrase, lang, with_check
            )
            if self.barge_on and not was_on:
                _LOGGER.info(
                    "barge-in is on now (device.barge_in = auto, and the echo canceller): the phrases with a "
                    "trained model are heard while the device speaks or plays music"
                )
        await self.publish_status()

    async def on_model(self, announcement: WakeModelAnnouncement) -> None:
        phrase, lang = announcement.phrase, announcement.lang
        if self._settings.wake_phrases.get(lang) != phrase:
            _LOGGER.debug("wake model for %r (%s): not this device's phrase", phrase, lang)
            return
        async with self._lock:
            try:
                path = _model_path(self._settings, phrase, lang)
                changed = await asyncio.to_thread(self._install, announcement, path)
            except (MessageError, SpeechModelError) as error:
                self.refused += 1
                _LOGGER.error("wake model from the server refused, the current detector stays: %s", error)
                return
            if not changed:
                return
            try:
                detector = await asyncio.to_thread(self._make_wake)
            except Exception as error:  # the front end (onnxruntime, openwakeword) failed: keep listening
                self.refused += 1
                _forget(_model_path(self._settings, phrase, lang))
                _LOGGER.error(
                    "wake model for %r (%s) not used, the current detector stays: %r", phrase, lang, error
                )
                return
            self._wake.replace(detector)
            if self._barge is not None:
                try:
                    await self._barge.replace()
                except Exception as error:  # as above: the barge-in listener keeps its detector
                    _LOGGER.error("barge-in keeps its wake detector: the new model failed there: %r", error)
            self.installed += 1
            _LOGGER.info("wake word %r (%s): the server's trained model is in use now", phrase, lang)
        await self.publish_status()

    def _install(self, announcement: WakeModelAnnouncement, path: Path) -> bool:
        """Check and save the model at ``path``; False when this very model is in place already (or a
        user's own is)."""
        from ting.device.wake.classifier import WakeModel

        phrase, lang = announcement.phrase, announcement.lang
        data = announcement.model_bytes()
        marker = path.with_name(path.name + SERVER_SUFFIX)
        if path.is_file() and not marker.is_file():
            _LOGGER.info(
                "%s %r (%s): keeping the model trained here (%s)", announcement.KIND, phrase, lang, path
            )
            return False
        if marker.is_file() and marker.read_text("ascii").strip() == announcement.checksum and path.is_file():
            return False
        model = WakeModel.from_bytes(
            data, f"the {announcement.KIND} model for {phrase!r} ({lang}) from the server"
        )
        if (model.phrase, model.lang) != (phrase, lang):
            raise SpeechModelError(
                f"the {announcement.KIND} model announced for {phrase!r} ({lang}) "
                f"was trained for {model.phrase!r} ({model.lang})"
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".part")
        partial.write_bytes(data)
        partial.replace(path)
        marker.write_text(hashlib.sha256(data).hexdigest() + "\n", "ascii")
        return True


def _check_of(announcement: StopModelAnnouncement) -> bytes | None:
    """The alone check sent with a stop model (``StopModelAnnouncement.alone_check``), checked: a check file
    for this very phrase; None without one."""
    from ting.device.wake.classifier import WakeModel

    phrase, lang = announcement.phrase, announcement.lang
    data = announcement.alone_check_bytes()
    if data is None:
        return None
    check = WakeModel.from_bytes(data, f"the alone check for {phrase!r} ({lang}) from the server")
    if (check.phrase, check.lang) != (phrase, lang):
        raise SpeechModelError(
            f"the alone check sent for {phrase!r} ({lang}) was trained for {check.phrase!r} ({check.lang})"
        )
    return data


def _install_check(data: bytes | None, checksum: str, model_path: Path) -> bool:
    """Save the server's alone check beside the server's stop model, or remove the server's old check when
    the model came without one; a model trained here keeps its own check. False when nothing changed."""
    if not model_path.with_name(model_path.name + SERVER_SUFFIX).is_file():
        return False  # the user's own model (or none): not paired with the server's check
    path = _check_path(model_path)
    marker = path.with_name(path.name + SERVER_SUFFIX)
    if data is None:
        if not marker.is_file():
            return False
        _forget(path)  # it was trained beside an older model
        return True
    if marker.is_file() and marker.read_text("ascii").strip() == checksum and path.is_file():
        return False
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(data)
    partial.replace(path)
    marker.write_text(checksum + "\n", "ascii")
    return True


def _check_path(stop_model: Path) -> Path:
    from ting.device.wake.alone_check import beside

    return beside(stop_model)


def _forget(path: Path) -> None:
    """A model that could not be used goes (the next start would fail on it)."""
    path.unlink(missing_ok=True)
    path.with_name(path.name + SERVER_SUFFIX).unlink(missing_ok=True)
