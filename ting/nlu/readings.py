"""A matched reading (``Candidate``) -> ``Recognition``: confidence, reported slots, the site's area and
close alternatives."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from ting.nlu.fillers import CLAUSE_PENALTY, FILLER_PENALTY
from ting.nlu.matcher import Candidate
from ting.nlu.normalize import Token
from ting.nlu.recurrence import apply_recurrence
from ting.nlu.result import Recognition, RecognizedSlot

_LOGGER = logging.getLogger(__name__)

HOMOPHONE_PENALTY = 0.15
"""Confidence lost for each template word heard as a sound-alike (暂挺 for 暂停)."""
FUZZY_PENALTY = 0.15
"""Confidence lost for each registry name matched only approximately, plus 0.5 x (1 - similarity)."""
ALTERNATIVE_MARGIN = 0.1
"""A reading of another intent this close to the best one's confidence is reported as an alternative."""
MAX_ALTERNATIVES = 2
PRIVATE_SLOT_PREFIX = "_"
"""``{list:_name}`` matches like any slot but is not reported ("is today the {ordinal:_day}")."""
AREA_CONTEXT_INTENT_PREFIX = "home."
"""Intents that get the site's area when the sentence names no device or area."""
PLACE_SLOTS = frozenset({"device", "area", "scene", "floor", "whole_home"})
"""Slots that say where: with one of them the site's area is not added (``whole_home``: "in the house",
"全家")."""
_NONE = object()


def recognition(
    text: str,
    tokens: Sequence[Token],
    lang: str,
    best: Candidate,
    *,
    area: str | None,
    dropped: int,
    threshold: float,
    implied: Mapping[str, Any] | None,
) -> Recognition | None:
    """The recognition ``best`` stands for, or None below ``threshold``. ``implied``: the intent's slot
    values that go without saying (left out of the slots); ``area``: the requesting site's."""
    confidence = max(0.0, round(1.0 - penalty(best, dropped), 3))
    if confidence < threshold:
        _LOGGER.debug("%r: %s at confidence %.2f, below threshold", text, best.terminal.intent, confidence)
        return None
    slots = [
        _slot(text, tokens, fill.name, fill.start, fill.end, fill.value, fill.kind)
        for fill in best.slots
        if not fill.name.startswith(PRIVATE_SLOT_PREFIX)
    ]
    slots.extend(RecognizedSlot(name, value, "") for name, value in best.terminal.fixed_slots)
    slots = apply_recurrence(slots)  # with a recurrence, time is its first occurrence
    intent = best.terminal.intent
    if implied:  # 灯调到四十: "light" is what set_brightness means anyway, not a slot of it
        slots = [slot for slot in slots if implied.get(slot.name, _NONE) != slot.value]
    names = {slot.name for slot in slots}
    if area is not None and intent.startswith(AREA_CONTEXT_INTENT_PREFIX) and not names & PLACE_SLOTS:
        slots.append(RecognizedSlot("area", area, ""))
    return Recognition(intent_name=intent, confidence=confidence, text=text, lang=lang, slots=tuple(slots))


def with_alternatives(
    found: Recognition | None, readings: Sequence[Candidate], dropped: int, threshold: float
) -> Recognition | None:
    """``found`` (``readings[0]``'s) with the next readings whose confidence is within
    ``ALTERNATIVE_MARGIN`` of its own; not those for a kind of device their intent does not act on when the
    best one's fits (窗帘开到一半 has no brightness alternative)."""
    if found is None:
        return None
    best, others = readings[0], readings[1:]
    fitting = [other for other in others if best.off_domain or not other.off_domain]
    close = []
    for other in fitting[:MAX_ALTERNATIVES]:
        confidence = round(1.0 - penalty(other, dropped), 3)
        if confidence >= max(threshold, found.confidence - ALTERNATIVE_MARGIN):
            close.append((other.terminal.intent, confidence))
    return replace(found, alternatives=tuple(close)) if close else found


def penalty(candidate: Candidate, dropped: int) -> float:
    """Confidence lost to skipped words and clauses, sound-alike words and near-miss names."""
    near = [fill.similarity for fill in candidate.slots if fill.similarity < 1]
    fuzzy = sum(FUZZY_PENALTY + 0.5 * (1 - similarity) for similarity in near)
    skips = FILLER_PENALTY * candidate.skipped + CLAUSE_PENALTY * dropped
    return skips + HOMOPHONE_PENALTY * candidate.homophones + fuzzy


def _slot(
    text: str, tokens: Sequence[Token], name: str, start: int, end: int, value: object, kind: str
) -> RecognizedSlot:
    first, last = tokens[start].start, tokens[end - 1].end
    raw = text[first:last]
    return RecognizedSlot(name, raw if value is None else value, raw, kind, first, last)
