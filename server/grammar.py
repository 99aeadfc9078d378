"""Recognizer grammars for devices: generated from the loaded skills' sentences, the household and the
names supplied while running (``ting.nlu.names``: the music library's).

Made once per (language, format) and kept (skills are fixed while the server runs) until the names
change (``names_changed``: after a library rescan) or the household does (``use_household``: Home
Assistant's registries changed). Published retained (``GrammarAnnouncement`` on
``ting/nlu/grammar/<lang>``) on every connect to the broker and again after such a change, not only at
start-up: a broker restarted without persistence has lost
the retained copies, and one that was down when the server started never had them. Served at
``GET /api/nlu/grammar``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import Mapping, Sequence

from ting.messages import GrammarAnnouncement
from ting.mqtt.client import HermesClient
from ting.nlu.grammar import export, load_vocabulary, vocabulary_file
from ting.nlu.names import SlotNames
from ting.nlu.registry import Household
from ting.nlu.sentences import SENTENCE_LANGUAGES, SentenceData, discover_sentence_files, load_sentence_file
from ting.skills.sdk.loader import LoadedSkills

_LOGGER = logging.getLogger(__name__)

FORMATS = ("vosk", "jsgf")


def _jsgf_vocabulary(lang: str, fmt: str) -> frozenset[str] | None:
    """JSGF is for PocketSphinx (English, bundled dictionary): it rejects a whole grammar that has one
    word it cannot pronounce (a city name, a device name), so parts with unknown words are left out."""
    if fmt != "jsgf" or lang != "en":
        return None
    try:
        path = vocabulary_file("pocketsphinx")
    except ImportError:  # a server without the device extra: devices filter the phrases themselves
        return None
    return load_vocabulary(path) if path is not None and path.is_file() else None


def announcement(
    sentences: list[SentenceData], household: Household, lang: str, names: SlotNames | None = None
) -> GrammarAnnouncement:
    """What the server announces for ``lang`` (``ting transcribe`` gives it to the device's recognizer)."""
    supplied = names.names() if names is not None else {}
    texts = {
        fmt: export(
            sentences, household, lang, fmt, _jsgf_vocabulary(lang, fmt), compact=True, names=supplied
        )
        for fmt in FORMATS
    }
    return GrammarAnnouncement(
        lang=lang,
        vosk=json.loads(texts["vosk"]),
        jsgf=texts["jsgf"],
        names={source: list(values) for source, values in supplied.items()},
    )


class Grammars:
    """Of the skills loaded (read when first made: skills disabled before then are left out)."""

    def __init__(self, skills: LoadedSkills, household: Household, names: SlotNames | None = None) -> None:
        self._skills = skills
        self._household = household
        self.names = names or SlotNames()
        self._texts: dict[tuple[str, str, int], str] = {}
        self._lock = threading.Lock()
        self._publishing = asyncio.Lock()
        """One announcement round at a time: an older names version never lands after a newer one."""

    def names_changed(self) -> None:
        """Texts of older names are not needed any more."""
        with self._lock:
            self._texts.clear()

    def use_household(self, household: Household) -> None:
        """Made anew for ``household`` from now on (the caller announces them again)."""
        with self._lock:
            self._household = household
            self._texts.clear()

    def text(self, lang: str, fmt: str) -> str:
        return self._text(lang, fmt, *self.names.snapshot())

    def _text(self, lang: str, fmt: str, version: int, names: Mapping[str, Sequence[str]]) -> str:
        """Made once per language, format and names version (a thread of its own may ask at once)."""
        key = (lang, fmt, version)
        with self._lock:
            known = self._texts.get(key)
        if known is None:
            # JSGF: the compact recognizer grammar (the full one made PocketSphinx take seconds per command)
            vocabulary = _jsgf_vocabulary(lang, fmt)
            known = export(
                self._sentences(), self._household, lang, fmt, vocabulary, compact=True, names=names
            )
            with self._lock:
                self._texts[key] = known
        return known

    def _sentences(self) -> list[SentenceData]:
        folders = [(skill.name, skill.sentences) for skill in self._skills.skills]
        return [load_sentence_file(file.path, file.lang) for file in discover_sentence_files(folders)]

    async def publish(self, client: HermesClient) -> None:
        """Both formats of every language, retained (the client's on-connected hook, and after the names
        change); the names and the phrases made from them are of the same version."""
        async with self._publishing:
            await self._publish(client)

    async def _publish(self, client: HermesClient) -> None:
        version, names = self.names.snapshot()
        for lang in SENTENCE_LANGUAGES:
            try:
                vosk, jsgf = await asyncio.gather(
                    asyncio.to_thread(self._text, lang, "vosk", version, names),
                    asyncio.to_thread(self._text, lang, "jsgf", version, names),
                )
                announcement = GrammarAnnouncement(
                    lang=lang,
                    vosk=json.loads(vosk),
                    jsgf=jsgf,
                    names={source: list(values) for source, values in names.items()},
                )
                await client.publish(announcement, retain=True)
            except Exception:  # a grammar problem must not keep the server from starting
                _LOGGER.exception("grammar for %s not published", lang)
