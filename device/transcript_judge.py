"""How far the NLU vouches for a speech transcript: the judge that picks among Whisper's n best and decides
the hybrid (``ting.device.stt``).

English: the NLU's whole reading, its statistical second pass included, the one the device then acts on.
With the templates alone (as before), a transcript only the second pass reads was judged not understood,
and the hybrid took the grammar's phrase instead, or refused it: on tune (198 clips), 152 right (24
refused) with the templates alone against 163 (11 refused) with the second pass, wrong actions 22 against
24 (docs/benchmarks.md). And a reading that lets free text (a wildcard slot: a song's name, a reminder's
message) take some of the words is put just below a full reading: free text swallows whatever was
misheard, so it vouches for nothing (tiny.en's "play some classic on music", the artist "classic on
music", was chosen over its own "play some classical music", the genre). Below 1.0, Whisper's n best are
searched on for a full reading, and its sound-alike rewrites are tried (``WhisperRecognizer.best``); the
first free-text reading stands when there is none. The hybrid's threshold (0.5) is far below: the grammar
is asked no more often. Mandarin (Whisper alone, the judge choosing among its n best and repairs) is
judged as before, by the templates alone: not measured.
"""

from __future__ import annotations

from datetime import datetime

from ting.nlu import IntentRecognizer

FREE_TEXT_CONFIDENCE = 0.99
"""At most this for an English reading with free text: below a full reading (1.0), above any other."""


def transcript_confidence(
    nlu: IntentRecognizer, text: str, lang: str, *, area: str | None = None, now: datetime | None = None
) -> float:
    """The NLU's confidence in ``text`` as a transcript (0.0: not understood); ``area``, ``now``: as for
    ``recognize``."""
    found = nlu.recognize(text, lang=lang, area=area, now=now, statistical=lang == "en")
    if found is None:
        return 0.0
    if lang == "en" and found.free_words:
        return min(found.confidence, FREE_TEXT_CONFIDENCE)
    return found.confidence
