"""Recognizer grammars for devices: generated from the loaded skills' sentences and the household.

Made once per (language, format) and kept (skills and the registry are fixed while the server runs;
a restart regenerates them). Published retained (``GrammarAnnouncement`` on ``ting/nlu/grammar/<lang>``)
on every connect to the broker, not only at start-up: a broker restarted without persistence has lost
the retained copies, and one that was down when the server started never had them. Served at
``GET /api/nlu/grammar``.
"""

from __future__ import annotations

import asyncio
import json
import logging
from functools import cache

from ting.messages import GrammarAnnouncement
from ting.mqtt.client import HermesClient
from ting.nlu.grammar import export, load_vocabulary, vocabulary_file
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


def announcement(sentences: list[SentenceData], household: Household, lang: str) -> GrammarAnnouncement:
    """What the server announces for ``lang`` (``ting transcribe`` gives it to the device's recognizer)."""
    texts = {
        fmt: export(sentences, household, lang, fmt, _jsgf_vocabulary(lang, fmt), compact=True)
        for fmt in FORMATS
    }
    return GrammarAnnouncement(lang=lang, vosk=json.loads(texts["vosk"]), jsgf=texts["jsgf"])


class Grammars:
    """Of the skills loaded (read when first made: skills disabled before then are left out)."""

    def __init__(self, skills: LoadedSkills, household: Household) -> None:
        self._skills = skills
        self._household = household
        self._text = cache(self._make)

    def text(self, lang: str, fmt: str) -> str:
        return self._text(lang, fmt)

    def _sentences(self) -> list[SentenceData]:
        folders = [(skill.name, skill.sentences) for skill in self._skills.skills]
        return [load_sentence_file(file.path, file.lang) for file in discover_sentence_files(folders)]

    def _make(self, lang: str, fmt: str) -> str:
        # JSGF: the compact recognizer grammar (the full one made PocketSphinx take seconds per command)
        vocabulary = _jsgf_vocabulary(lang, fmt)
        return export(self._sentences(), self._household, lang, fmt, vocabulary, compact=True)

    async def publish(self, client: HermesClient) -> None:
        """Both formats of every language, retained (the client's on-connected hook)."""
        for lang in SENTENCE_LANGUAGES:
            try:
                vosk, jsgf = await asyncio.gather(
                    asyncio.to_thread(self.text, lang, "vosk"), asyncio.to_thread(self.text, lang, "jsgf")
                )
                announcement = GrammarAnnouncement(lang=lang, vosk=json.loads(vosk), jsgf=jsgf)
                await client.publish(announcement, retain=True)
            except Exception:  # a grammar problem must not keep the server from starting
                _LOGGER.exception("grammar for %s not published", lang)
