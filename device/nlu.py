"""The device's own NLU: an ``IntentRecognizer`` built from the installed skills' sentences.

The design card has the device publish intents (not queries), so it understands locally with
the same sentence files and household as the server. The server announces its grammar retained
on ``ting/nlu/grammar/<lang>``; when that message changes (a new ``version``, or any new payload
when it carries none) the recognizer is rebuilt from the skills installed here, and a
``phrases`` list in it (the grammar export) becomes the recognizer's constraint for that language.

Limit: skills that exist only on the server (not installed on the device) are understood after
the device has them installed; the grammar message tells the device *when* to rebuild, it does
not (yet) ship the sentence templates themselves.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from typing import Any

from ting.hermes import NluIntent, NluQuery
from ting.nlu import IntentRecognizer, Recognition, detect_language
from ting.nlu.registry import Household, load_household
from ting.nlu.sentences import discover_sentence_files
from ting.settings import Settings
from ting.skills.sdk.discovery import sentence_folders

_LOGGER = logging.getLogger(__name__)

GRAMMAR_TOPIC = "ting/nlu/grammar/{lang}"
GRAMMAR_SUBSCRIPTION = "ting/nlu/grammar/+"


def build_recognizer(settings: Settings) -> tuple[IntentRecognizer, Household]:
    """The household and every installed skill's sentences, compiled (a second or so on a Pi).

    Only the sentence files are read: no skill's code is imported on the device."""
    household = load_household(settings.household.registry_file).with_sites(settings.household.sites)
    files = discover_sentence_files(sentence_folders(settings.skills))
    recognizer = IntentRecognizer.from_files(
        files, household, confidence_threshold=settings.nlu.confidence_threshold
    )
    return recognizer, household


class DeviceNlu:
    def __init__(self, settings: Settings, recognizer: IntentRecognizer | None = None) -> None:
        self._settings = settings
        if recognizer is None:
            recognizer = build_recognizer(settings)[0]
        self._recognizer = recognizer
        self._household = recognizer.household
        self._default_lang = settings.household.language
        self._grammar_versions: dict[str, str] = {}
        self._phrases: dict[str, tuple[str, ...]] = {}
        self._jsgf: dict[str, str] = {}
        self.rebuilds = 0

    def phrases(self, lang: str) -> Sequence[str] | None:
        """The grammar export's phrases for ``lang`` (recognizer constraint), if the server sent any."""
        return self._phrases.get(lang)

    def jsgf(self, lang: str) -> str | None:
        """The grammar export's JSGF for ``lang`` (PocketSphinx), if the server sent it."""
        return self._jsgf.get(lang)

    def understand(
        self,
        text: str,
        *,
        lang: str | None,
        site_id: str,
        session_id: str,
        wakeword_id: str | None,
        asr_confidence: float | None,
        intent_filter: Sequence[str] | None = None,
    ) -> tuple[NluQuery, Recognition | None]:
        """The query as the server would have received it, and what it means (None: not recognized)."""
        query = NluQuery(
            input=text,
            site_id=site_id,
            session_id=session_id,
            wakeword_id=wakeword_id,
            lang=lang or detect_language(text),
            asr_confidence=asr_confidence,
            intent_filter=list(intent_filter) if intent_filter else None,
        )
        recognition = self._recognizer.recognize(
            text, lang=query.lang, area=self._household.area_for_site(site_id), intent_filter=intent_filter
        )
        return query, recognition

    @staticmethod
    def to_intent(query: NluQuery, recognition: Recognition) -> NluIntent:
        return recognition.to_hermes(query)

    def on_grammar(self, topic: str, payload: bytes) -> bool:
        """A grammar message (``{"lang", "vosk": [phrases], "jsgf"}``); True when anything changed
        (speech recognizers built from the old grammar should then be rebuilt)."""
        lang = topic.rsplit("/", 1)[-1]
        data: Any = json.loads(payload) if payload else {}  # ValueError: the caller logs it
        if not isinstance(data, dict):
            raise ValueError(f"{topic}: expected a JSON object")
        version = str(data.get("version") or hashlib.sha1(payload).hexdigest())
        if self._grammar_versions.get(lang) == version:
            return False
        phrases = data.get("vosk", data.get("phrases"))
        if isinstance(phrases, list) and all(isinstance(p, str) for p in phrases):
            self._phrases[lang] = tuple(phrases)
        if isinstance(data.get("jsgf"), str):
            self._jsgf[lang] = data["jsgf"]
        first = lang not in self._grammar_versions
        self._grammar_versions[lang] = version
        if first:
            # The retained copy on connect describes the skills we were just built from: keep the NLU.
            _LOGGER.info("grammar %s (%s) received", lang, version[:8])
            return True
        self._recognizer, self._household = build_recognizer(self._settings)
        self.rebuilds += 1
        _LOGGER.info("grammar %s changed to version %s: recognizer rebuilt", lang, version)
        return True
