"""What every wake word engine shares: cooldown, pause/resume, and turning a hit into a ``WakeDetection``."""

from __future__ import annotations

import re

from ting.device.interfaces import AudioChunk, WakeDetection

_KNOWN_IDS = {"小听小听": "xiaoting", "小听": "xiaoting"}


def wakeword_id(phrase: str, lang: str) -> str:
    """``hey ting`` -> ``hey_ting``; ``小听小听`` -> ``xiaoting``; other non-Latin -> ``<lang>_wake``."""
    if phrase in _KNOWN_IDS:
        return _KNOWN_IDS[phrase]
    slug = re.sub(r"[^a-z0-9]+", "_", phrase.lower()).strip("_")
    return slug if slug and phrase.isascii() else f"{lang}_wake"


class SpottingDetector:
    """Subclasses implement ``_spot`` (feed audio, True on a hit) and ``_restart`` (forget audio); they may
    override ``_after_detection``."""

    def __init__(self, phrase: str, lang: str, *, cooldown_seconds: float) -> None:
        self.phrase = phrase
        self.lang = lang
        self.wakeword_id = wakeword_id(phrase, lang)
        self.cooldown_seconds = cooldown_seconds
        self.paused = False
        self._last_end_seconds: float | None = None

    def process(self, chunk: AudioChunk) -> WakeDetection | None:
        # an empty chunk (a stage before it held its audio back) is nothing heard; PocketSphinx's
        # process_raw raises IndexError on one, which cost the listener a restart
        if self.paused or not chunk.pcm or not self._spot(chunk.pcm):
            return None
        margin = self._margin()
        self._after_detection()
        end_seconds = chunk.start_seconds + chunk.seconds
        last, self._last_end_seconds = self._last_end_seconds, end_seconds
        if last is not None and 0 <= end_seconds - last < self.cooldown_seconds:
            return None
        return WakeDetection(self.wakeword_id, self.lang, end_seconds, margin)

    def reset(self) -> None:
        self._restart()

    def pause(self) -> None:
        """Stop listening (the device is speaking or ringing) until ``resume()``."""
        self.paused = True
        self._restart()

    def resume(self) -> None:
        self.paused = False
        self._restart()

    def _spot(self, pcm: bytes) -> bool:
        raise NotImplementedError

    def _margin(self) -> float | None:
        """The hit's ``WakeDetection.margin``, asked right after ``_spot`` found it: None unless the engine
        scores in log-odds."""
        return None

    def _after_detection(self) -> None:
        """After a hit (woken or within the cooldown): by default, forget the audio."""
        self._restart()

    def _restart(self) -> None:
        raise NotImplementedError
