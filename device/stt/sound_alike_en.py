"""English transcript words written back as the household's sentences say them, when they sound the same.

Whisper tiny.en writes the household's names as common words it knows: "water figure" for water heater,
"abstracter fan" for extractor fan, "mad room" for bedroom. The NLU then reads none of its n best, and
the hybrid falls back to the grammar's phrase, often wrongly (docs/benchmarks.md). As for Mandarin
(``ting.device.stt.sound_alike``), the grammar's phrases (every sentence the skills and the household's
names make) give the word runs a household says; a span of 1-3 transcript words holding a word the phrases
never use may be replaced by such a run whose Metaphone key (jellyfish, as the NLU's own sound-alike pass)
is a few edits from the span's, and the reading that leaves the fewest unknown words, for the fewest
edits, is the rewrite. Metaphone is coarse ("best lamp" is one edit from bedside lamp, two from desk
lamp): a span is rewritten only when no other run is within ``MARGIN`` edits of the nearest. Known words
are never the reason for a change, and numbers are never written in by sound.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

import jellyfish
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from ting.device.stt.letters_en import SpokenLetters
from ting.nlu.numbers import EN_NUMBER_WORDS

MAX_SPAN_WORDS = 3
CLAUSE_BREAK = ", "
UNKNOWN = "[unk]"
"""The grammar's stand-in for free text (a timer's label): breaks a run."""
CHANGE_COST = 0.4
"""Per edit of the Metaphone key, against 1 per unknown word left: a near sound pays for itself."""
MARGIN = 2
"""Edits by which the nearest run must beat every other: at 1, "best lamp" became bedside lamp (dev)."""
_CANDIDATES = 40
SMALL_WORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "to",
        "at",
        "in",
        "on",
        "of",
        "or",
        "and",
        "for",
        "by",
        "is",
        "it",
        "my",
        "me",
        "you",
        "we",
        "up",
        "all",
        "be",
        "do",
        "so",
        "no",
        "off",
    }
)
"""Words a run of names and key words does not start or end with: runs like "for on" or "dim all" sound
like anything, names do not."""
NUMBER_WORDS = EN_NUMBER_WORDS | {"hundred", "half"}
"""Never written in by sound: a number heard wrong is a wrong action ("well hour" is not five hours)."""


def max_edits(key: str) -> int:
    """Edits allowed between a span's key and a run's: none for keys of 1-3 sounds (they collide with
    everything), 1 up to 5 sounds, 2 beyond."""
    return 0 if len(key) <= 3 else 1 if len(key) <= 5 else 2


def sound_key(words: Iterable[str]) -> str:
    """Metaphone of the words' letters run together (a name split or joined sounds the same)."""
    letters = "".join(char for word in words for char in word if char.isalpha())
    return jellyfish.metaphone(letters) if letters else ""


class EnglishSoundAlikes:
    """The word runs of ``phrases`` (the grammar's sentences, lower case, space-separated) by sound."""

    def __init__(self, phrases: Iterable[str]) -> None:
        phrases = list(phrases)
        self._letters = SpokenLetters(phrases)
        """Words said as letters ("ac"), heard as letter names ("i see"): by context, not by unknown words."""
        counts: Counter[tuple[str, ...]] = Counter()
        for phrase in phrases:
            for run in _runs(phrase.split()):
                for size in range(1, MAX_SPAN_WORDS + 1):
                    counts.update(tuple(run[i : i + size]) for i in range(len(run) - size + 1))
        self._known = frozenset(words[0] for words in counts if len(words) == 1)
        by_sound: dict[str, tuple[int, str]] = {}
        for words, count in counts.items():
            key = sound_key(words)
            if len(key) <= 3 or words[0] in SMALL_WORDS or words[-1] in SMALL_WORDS or len(words[0]) < 3:
                continue
            if NUMBER_WORDS.intersection(words):
                continue
            if (count, " ".join(words)) > by_sound.get(key, (0, "")):
                by_sound[key] = (count, " ".join(words))  # the most frequent run of a sound
        self._keys = list(by_sound)
        self._runs = [by_sound[key][1] for key in self._keys]

    def __len__(self) -> int:
        return len(self._keys)

    def rewrite(self, text: str) -> str | None:
        """``text`` with spans holding unknown words replaced by known runs that sound alike, clause by
        clause; None when nothing changes."""
        clauses = text.split(CLAUSE_BREAK)
        rewritten = [self._clause(self._letters.rewrite(clause.split())) for clause in clauses]
        return CLAUSE_BREAK.join(rewritten) if rewritten != clauses else None

    def _unknown(self, word: str) -> bool:
        return word not in self._known and not any(char.isdigit() for char in word)

    def _clause(self, words: list[str]) -> str:
        # best[i]: (cost, edits, words) of the cheapest reading of words[:i]
        best: list[tuple[float, int, list[str]] | None] = [(0.0, 0, [])] + [None] * len(words)
        for start, word in enumerate(words):
            here = best[start]
            if here is None:
                continue
            cost, edits, written = here
            steps = [(start + 1, cost + self._unknown(word), edits, [*written, word])]
            for size in range(1, min(MAX_SPAN_WORDS, len(words) - start) + 1):
                span = words[start : start + size]
                if not any(map(self._unknown, span)) or any(c.isdigit() for w in span for c in w):
                    continue
                key = sound_key(span)
                found = self._nearest(span, key, max_edits(key)) if len(key) > 3 else None
                if found is not None:
                    run, distance = found
                    steps.append(
                        (start + size, cost + CHANGE_COST * distance, edits + distance, [*written, run])
                    )
            for end, step_cost, step_edits, step_words in steps:
                old = best[end]
                if old is None or (step_cost, step_edits) < (old[0], old[1]):
                    best[end] = (step_cost, step_edits, step_words)
        final = best[len(words)]
        return " ".join(final[2] if final is not None else words)

    def _nearest(self, span: list[str], key: str, allowed: int) -> tuple[str, int] | None:
        """The run nearest ``key`` within ``allowed`` edits, of at most the span's words and keeping its
        known edge words, when no other such run is within ``MARGIN`` edits of it."""
        near = [
            (self._runs[index], int(distance))
            for _key, distance, index in process.extract(
                key, self._keys, scorer=Levenshtein.distance, score_cutoff=allowed + MARGIN, limit=_CANDIDATES
            )
        ]
        near = [(run, d) for run, d in near if len(run.split()) <= len(span) and self._keeps_edges(span, run)]
        if not near or near[0][1] > allowed or (len(near) > 1 and near[1][1] < near[0][1] + MARGIN):
            return None
        return near[0]

    def _keeps_edges(self, span: list[str], run: str) -> bool:
        """Whether a known word at either edge of ``span`` is still heard there in ``run``: "water figure"
        may become water heater and "mad room" bedroom, but no known word is swallowed."""
        words = run.split()
        key = sound_key(words)
        return self._kept(span[0], words[0], key.startswith) and self._kept(span[-1], words[-1], key.endswith)

    def _kept(self, word: str, edge: str, has: Callable[[str], bool]) -> bool:
        """An unknown word may go; a known one stays as itself, or (two sounds or more, no small word)
        inside a longer name (room in bedroom)."""
        if self._unknown(word) or word == edge:
            return True
        key = sound_key([word])
        return word not in SMALL_WORDS and len(key) >= 2 and has(key)


def _runs(words: list[str]) -> list[list[str]]:
    """The phrase's runs of words between the grammar's free-text stand-ins."""
    runs: list[list[str]] = [[]]
    for word in words:
        if word == UNKNOWN:
            runs.append([])
        else:
            runs[-1].append(word)
    return [run for run in runs if run]
