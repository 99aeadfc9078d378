"""A matched reading (``Candidate``) -> ``Recognition``: confidence, reported slots, the site's area and
close alternatives."""

from __future__ import annotations

import functools
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from ting.nlu.fillers import CLAUSE_PENALTY, FILLER_PENALTY
from ting.nlu.matcher import Candidate, SlotFill
from ting.nlu.normalize import Token
from ting.nlu.recurrence import apply_recurrence, part_of_day, time_in_part
from ting.nlu.result import Recognition, RecognizedSlot
from ting.nlu.times import on_day

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
PLACE_SLOTS = frozenset({"device", "area", "scene", "floor", "whole_home", "_whole_home"})
"""Slots that say where: with one of them the site's area is not added (``whole_home``: "in the house",
"全家"; the private ``_whole_home``, fixed on templates of questions about the whole home when no place is
said: "are any lights on", 哪些灯没关)."""
DAY_SLOT = "_on_day"
"""A day said apart from the clock time, on the other side of the noun ("my 7:45 alarm for tomorrow", "the
8 am alarm on Friday": ``{date:_on_day}``): the ``time`` slot is moved to that day, its clock time kept."""
SITUATION_SLOT = "_situation"
"""Fixed on templates that say what one is doing rather than what to do (我要睡了, "I'm going out": a
scene): such a clause said beside a command yields to it (麻烦把音乐关掉，我要睡了 stops the music)."""
BARE_SLOT = "_bare"
"""Fixed on templates of a verb said with no thing (关掉, 停了, 不要了): alone it reads as the intent its
author chose (the ringing alarm's stop), but beside a clause that names the thing it acts on, it yields to
that clause's command, as a situation does (歌不用再放了，关掉 stops the music; 莫计了，停了嘛 the
timer)."""
_NONE = object()
GROUP_WORDS_ZH = ("都", "全", "所有", "每", "些", "统统", "通通")
"""A kind in a room said with one of these is all of them (客厅的灯都打开, 哪些灯, 客厅的灯统统关了),
never the one device."""
AMOUNT_WORDS_ZH = ("一些", "有些", "好些", "高些", "低些", "亮些", "暗些", "大些", "小些", "多些", "少些")
"""Words holding a group word that say how much, not how many: 卧室空调调低一些 / 调低些 is the one AC."""
GROUP_WORDS_EN = frozenset({"all", "every", "any", "both"})
"""English: said in the three words before the room or kind ("all the kitchen lights"; not "turn the lamp
all the way up")."""


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
    rooms: RoomKinds,
    now: datetime | None = None,
) -> Recognition | None:
    """The recognition ``best`` stands for, or None below ``threshold``. ``implied``: the intent's slot
    values that go without saying (left out of the slots); ``area``: the requesting site's; ``rooms``: which
    room and kind is one device; ``now``: the moment times were read at (a day said apart moves a time)."""
    confidence = max(0.0, round(1.0 - penalty(best, dropped), 3))
    if confidence < threshold:
        _LOGGER.debug("%r: %s at confidence %.2f, below threshold", text, best.terminal.intent, confidence)
        return None
    slots = [
        _slot(text, tokens, fill.name, fill.start, fill.end, fill.value, fill.kind)
        for fill in best.slots
        if not _private(fill.name)
    ]
    fixed = best.terminal.fixed_slots
    slots.extend(RecognizedSlot(name, value, "") for name, value in fixed if not _private(name))
    texts = [token.text for token in tokens]
    slots = _on_day(slots, best.slots, texts, lang, now)
    slots = _in_part_of_day(slots, best.slots, texts, lang, now)
    slots = apply_recurrence(slots)  # with a recurrence, time is its first occurrence
    intent = best.terminal.intent
    if intent.startswith(AREA_CONTEXT_INTENT_PREFIX) and not any(_private(name) for name, _ in fixed):
        slots = _one_device(slots, text, lang, rooms)
    if implied:  # 灯调到四十: "light" is what set_brightness means anyway, not a slot of it
        slots = [slot for slot in slots if implied.get(slot.name, _NONE) != slot.value]
    names = {slot.name for slot in slots} | {fill.name for fill in best.slots} | {name for name, _ in fixed}
    if area is not None and intent.startswith(AREA_CONTEXT_INTENT_PREFIX) and not names & PLACE_SLOTS:
        slots.append(RecognizedSlot("area", area, ""))
    aside = (SITUATION_SLOT, True) in fixed or (BARE_SLOT, True) in fixed
    return Recognition(
        intent_name=intent,
        confidence=confidence,
        text=text,
        lang=lang,
        slots=tuple(slots),
        aside=aside,
        free_words=best.wildcard_tokens,
    )


def _in_part_of_day(
    slots: list[RecognizedSlot],
    fills: Sequence[SlotFill],
    texts: Sequence[str],
    lang: str,
    now: datetime | None,
) -> list[RecognizedSlot]:
    """The ``time`` slot in the part of the day its recurrence names ("an alarm for seven on weekday
    mornings" is at 7 am), when the time said none of its own."""
    repeat = next((fill for fill in fills if fill.name == "recurrence"), None)
    time = next((fill for fill in fills if fill.name == "time"), None)
    if repeat is None or time is None or now is None:
        return slots
    part = part_of_day(texts[repeat.start : repeat.end])
    value = None if part is None else time_in_part(texts[time.start : time.end], part, lang, now)
    if value is None:
        return slots
    return [replace(slot, value=value) if slot.name == "time" else slot for slot in slots]


def _on_day(
    slots: list[RecognizedSlot],
    fills: Sequence[SlotFill],
    texts: Sequence[str],
    lang: str,
    now: datetime | None,
) -> list[RecognizedSlot]:
    """The ``time`` slot on the day of ``DAY_SLOT``, when the template has one: the two read as one moment
    (``times.on_day``)."""
    day = next((fill for fill in fills if fill.name == DAY_SLOT), None)
    time = next((fill for fill in fills if fill.name == "time"), None)
    if day is None or time is None or now is None:
        return slots
    value = on_day(texts[time.start : time.end], texts[day.start : day.end], lang, now)
    if value is None:
        return slots
    return [replace(slot, value=value) if slot.name == "time" else slot for slot in slots]


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


SOUND_ALIKE_ONLY = 0.5
"""The similarity of a name all of whose words were heard as sound-alikes (``ValueList._sound_alike``)."""


def heard_something(candidate: Candidate) -> bool:
    """Some word of a sound-alike reading was heard as said: a template word, or a name's word. "so funny"
    is no weather question about Vienna ("funny" sounds like it, "so" is a filler): a reading made of
    sound-alikes alone is a guess."""
    return candidate.literals > candidate.homophones or any(
        fill.similarity > SOUND_ALIKE_ONLY for fill in candidate.slots
    )


def penalty(candidate: Candidate, dropped: int) -> float:
    """Confidence lost to skipped words and clauses, sound-alike words and near-miss names."""
    near = [fill.similarity for fill in candidate.slots if fill.similarity < 1]
    fuzzy = sum(FUZZY_PENALTY + 0.5 * (1 - similarity) for similarity in near)
    skips = FILLER_PENALTY * candidate.skipped + CLAUSE_PENALTY * dropped
    return skips + HOMOPHONE_PENALTY * candidate.homophones + fuzzy


@dataclass(frozen=True)
class RoomKinds:
    """What the household says about a room and a kind of device (``builtin_lists``)."""

    singles: Mapping[tuple[str, str], str]
    """(area, kind) -> the one device of that kind there."""
    names: Mapping[str, tuple[str, str]]
    """Device names that say a room and a kind (客厅的灯; lower case, no spaces) -> (area, kind)."""
    areas: Mapping[str, str] = field(default_factory=dict)
    """Device -> its area: a device said with a room ("the desk lamp in my office", 书房的台灯)."""


def _one_device(slots: list[RecognizedSlot], text: str, lang: str, rooms: RoomKinds) -> list[RecognizedSlot]:
    """A kind in a room, said in the singular, is the room's one device of that kind (卧室的灯, "the light
    in the bedroom": bedroom_light, as the household registers 客厅的灯 for the living room light); all of
    them (客厅的灯都打开, 所有灯, "the bedroom lights", "all the lights") are the area and the kind, also when
    a device's name says them."""
    by_name = {slot.name: slot for slot in slots}
    area, kind, named = by_name.get("area"), by_name.get("domain"), by_name.get("device")
    if named is not None and area is not None and kind is None:
        # a device said with its room ("the desk lamp in my office", 书房的台灯) is the device; with another
        # room (厨房的台灯 when the desk lamp is in the study) both stay, so the skill can say where it is
        # rather than act on another room's device
        return (
            [slot for slot in slots if slot is not area]
            if rooms.areas.get(str(named.value)) == area.value
            else slots
        )
    said = [slot for slot in (area, kind, named) if slot is not None]
    start = min((slot.start for slot in said), default=0)
    before = set(text[:start].lower().split()[-3:])
    if lang == "zh":
        plain = functools.reduce(lambda said, amount: said.replace(amount, ""), AMOUNT_WORDS_ZH, text)
        group = any(word in plain for word in GROUP_WORDS_ZH)
    else:
        group = bool(GROUP_WORDS_EN & before)
    if named is not None and group and area is None and kind is None:
        split = rooms.names.get("".join(named.raw_value.lower().split()))
        if split is None:
            return slots
        room = RecognizedSlot("area", split[0], named.raw_value, named.kind, named.start, named.end)
        sort = RecognizedSlot("domain", split[1], named.raw_value, named.kind, named.start, named.end)
        return [item for slot in slots for item in ((room, sort) if slot is named else (slot,))]
    if area is None or kind is None or named is not None or "floor" in by_name or not area.raw_value:
        return slots
    device = rooms.singles.get((str(area.value), str(kind.value)))
    if device is None or group or (lang == "en" and kind.raw_value.lower().endswith("s")):
        return slots
    first, last = min(area.start, kind.start), max(area.end, kind.end)
    merged = RecognizedSlot("device", device, text[first:last], "Custom", first, last)
    return [merged if slot is area else slot for slot in slots if slot is not kind]


def _private(name: str) -> bool:
    return name.startswith(PRIVATE_SLOT_PREFIX)


def _slot(
    text: str, tokens: Sequence[Token], name: str, start: int, end: int, value: object, kind: str
) -> RecognizedSlot:
    first, last = tokens[start].start, tokens[end - 1].end
    raw = text[first:last]
    return RecognizedSlot(name, raw if value is None else value, raw, kind, first, last)
