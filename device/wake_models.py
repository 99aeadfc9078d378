"""Wake word models from the server (``ting/wake/model/<key>``, retained): installed and used at once.

The server trains a model for each wake phrase a device announces (``ting.server.wake_models``). When one
for this device's phrase arrives, it is checked (size, checksum, a model file for this very phrase and
language), saved where ``ting wake train`` puts models (``<models_dir>/wake/<id>.npz``, with a
``.server-sha256`` beside it) and the wake detector is rebuilt off the loop and swapped in: no restart. A
model that fails any check is refused with an error in the log and the detector in use stays. A model the
user trained here (no ``.server-sha256`` beside it) is never replaced.

Until a model is there, the retained status says so (``SiteStatus.wake``: ``trained`` false) and the log
says it once, at start.
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
from ting.messages import WakeModelAnnouncement, WakeState
from ting.settings import DeviceSettings

_LOGGER = logging.getLogger(__name__)
SERVER_SUFFIX = ".server-sha256"


def _model_path(settings: DeviceSettings, phrase: str, lang: str) -> Path:
    from ting.device.wake.trained import model_path  # numpy: imported when needed

    return model_path(settings.models_dir.expanduser(), phrase, lang)


class WakeModels:
    """``set_status``: publishes the wake part of the retained status (``HermesClient.set_wake``)."""

    def __init__(
        self,
        settings: DeviceSettings,
        wake: WakeListener,
        make_wake: Callable[[], WakeWordDetector],
        set_status: Callable[[dict[str, WakeState]], Awaitable[None]],
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

    def states(self) -> dict[str, WakeState]:
        return {
            lang: WakeState(phrase, _model_path(self._settings, phrase, lang).is_file())
            for lang, phrase in self._settings.wake_phrases.items()
        }

    def say_missing(self) -> None:
        """Once, at start: each phrase without a trained model, and what happens meanwhile."""
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

    async def on_model(self, announcement: WakeModelAnnouncement) -> None:
        phrase, lang = announcement.phrase, announcement.lang
        if self._settings.wake_phrases.get(lang) != phrase:
            _LOGGER.debug("wake model for %r (%s): not this device's phrase", phrase, lang)
            return
        async with self._lock:
            try:
                changed = await asyncio.to_thread(self._install, announcement)
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
                self._forget(phrase, lang)
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
        await self._set_status(self.states())

    def _install(self, announcement: WakeModelAnnouncement) -> bool:
        """Check and save the model; False when this very model is in place already (or a user's own is)."""
        from ting.device.wake.classifier import WakeModel

        phrase, lang = announcement.phrase, announcement.lang
        data = announcement.model_bytes()
        path = _model_path(self._settings, phrase, lang)
        marker = path.with_name(path.name + SERVER_SUFFIX)
        if path.is_file() and not marker.is_file():
            _LOGGER.info("wake word %r (%s): keeping the model trained here (%s)", phrase, lang, path)
            return False
        if marker.is_file() and marker.read_text("ascii").strip() == announcement.checksum and path.is_file():
            return False
        model = WakeModel.from_bytes(data, f"the wake model for {phrase!r} ({lang}) from the server")
        if (model.phrase, model.lang) != (phrase, lang):
            raise SpeechModelError(
                f"the wake model announced for {phrase!r} ({lang}) "
                f"was trained for {model.phrase!r} ({model.lang})"
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".part")
        partial.write_bytes(data)
        partial.replace(path)
        marker.write_text(hashlib.sha256(data).hexdigest() + "\n", "ascii")
        return True

    def _forget(self, phrase: str, lang: str) -> None:
        """A model that could not be used goes (the next start would fail on it)."""
        path = _model_path(self._settings, phrase, lang)
        path.unlink(missing_ok=True)
        path.with_name(path.name + SERVER_SUFFIX).unlink(missing_ok=True)
