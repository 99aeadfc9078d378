"""Mandarin transcript words written back as the household's sentences write them, when they sound the same.

Whisper base writes what it hears up to homophones: 即时器 for 计时器, 几十七 for 计时器, 炒死了 for 吵死了,
一手 for 一首, 热水器开着煤 for …开着没. The NLU's own sound-alike pass (``ting.nlu.phonetic``) tries such
readings word by word at a cost in confidence, bounded, and loses a sentence when it has other costs too
(泡面的即时器关了: a label and a sound-alike, refused). Here the grammar's phrases (every sentence the
skills and the household's names make, as the device has them for its recognizers) give the runs of 2-3
characters a household says; a transcript is segmented into such runs, a run it does not have may be
replaced by one that sounds the same (folded toneless pinyin, as the NLU compares), and the segmentation
that leaves the fewest characters outside known runs, for the fewest changes, is the rewrite. The
recognizer offers it to the NLU after everything Whisper wrote: what was heard is always tried first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ting.device.stt.particles import CLAUSE_BREAK
from ting.nlu.phonetic import usual_sound

MAX_RUN_CHARS = 3
"""Runs of up to 4 characters chose the same on the dev replay (docs/benchmarks.md) for ~3.7 MB more kept by
every Mandarin device: a 4-character run is still found as two shorter ones."""
CHANGE_COST = 0.75
"""Per character changed, against 1 per character left outside every known run: a change pays for itself
when it brings a character into a run the household says (即 in 计时器), never for its own sake."""


class SoundAlikes:
    """The runs of characters in ``phrases`` (space-separated characters, as the grammar gives them to the
    recognizers) by sound."""

    def __init__(self, phrases: Iterable[str]) -> None:
        counts: Counter[str] = Counter()
        for phrase in phrases:
            for run in _cjk_runs(phrase.split()):
                for size in range(2, MAX_RUN_CHARS + 1):
                    counts.update(run[i : i + size] for i in range(len(run) - size + 1))
        self._known = frozenset(counts)
        by_sound: dict[str, tuple[int, str]] = {}
        for run, count in counts.items():
            key = _sound(run)
            if key is not None and (count, run) > by_sound.get(key, (0, "")):
                by_sound[key] = (count, run)  # the most frequent run of a sound
        self._by_sound = {key: run for key, (_count, run) in by_sound.items()}

    def __len__(self) -> int:
        return len(self._known)

    def rewrite(self, text: str) -> str | None:
        """``text`` with the runs it does not have replaced by known ones that sound the same, clause by
        clause; None when nothing changes."""
        clauses = text.split(CLAUSE_BREAK)
        rewritten = [self._clause(clause) for clause in clauses]
        return CLAUSE_BREAK.join(rewritten) if rewritten != clauses else None

    def _clause(self, clause: str) -> str:
        # best[i]: (cost, changes, text) of the cheapest reading of clause[:i]
        best: list[tuple[float, int, str] | None] = [(0.0, 0, "")] + [None] * len(clause)
        for start in range(len(clause)):
            here = best[start]
            if here is None:
                continue
            cost, changes, written = here
            steps = [(start + 1, cost + 1.0, changes, written + clause[start])]
            for size in range(2, min(MAX_RUN_CHARS, len(clause) - start) + 1):
                run = clause[start : start + size]
                if run in self._known:
                    steps.append((start + size, cost, changes, written + run))
                    continue
                key = _sound(run)
                other = self._by_sound.get(key) if key is not None else None
                if other is not None:
                    changed = sum(a != b for a, b in zip(run, other, strict=True))
                    steps.append(
                        (start + size, cost + CHANGE_COST * changed, changes + changed, written + other)
                    )
            for end, step_cost, step_changes, step_text in steps:
                old = best[end]
                if old is None or (step_cost, step_changes) < (old[0], old[1]):
                    best[end] = (step_cost, step_changes, step_text)
        final = best[len(clause)]
        return final[2] if final is not None else clause


def _cjk_runs(chars: list[str]) -> list[str]:
    """The phrase's runs of Chinese characters (a name in Latin letters or ``[unk]`` breaks a run)."""
    runs, run = [], ""
    for char in chars:
        if usual_sound(char):
            run += char
        else:
            runs.append(run)
            run = ""
    return [r for r in (*runs, run) if len(r) >= 2]


def _sound(run: str) -> str | None:
    """The run's syllables as one string (smaller than a tuple of them: ~24k runs are kept)."""
    keys = [usual_sound(char) for char in run]
    return " ".join(keys) if all(keys) else None
