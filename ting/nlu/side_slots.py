"""A day said in a side clause the reading left out: 我明天要出门，外面冷不冷啊 asks about tomorrow.

When a sentence is read from a run of its clauses (the others left out as remarks), a slot that sets the
scene of the question (``CARRIED``: the day) may still be said in a clause left out: 宝宝今天下午要去打疫苗，
外面风大不大啊 asks about today, 明天外面冷不冷啊，要不要穿羽绒服 about tomorrow (the later clause is read).
That slot is added when the intent's templates allow it with the slots read, none was read, and its own
list (the same matcher the templates use, exact matches only) finds it in a clause left out. A day gone
by (我昨天淋了雨，今天…) is a story, not the day asked about, and is not carried. A place said in the same
clause as the day carried (``WITH_THE_DAY``) is carried with it: 明儿个北京贼冷吧？要不要穿羽绒服 asks about
Beijing tomorrow (the later question is read, and both were said in the earlier one). A place pointed at
(``POINTED``: 下周要去成都出差，那边冷不冷啊) is carried from the clause that names it, with or without a day.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from ting.nlu.compiled import CompiledTemplate
from ting.nlu.fallback.frames import Label
from ting.nlu.fallback.spot import spot
from ting.nlu.lists import MatchContext
from ting.nlu.normalize import Token
from ting.nlu.result import Recognition, RecognizedSlot

CARRIED = frozenset({"date"})
"""Slots read from a clause the reading left out. Only the day: a place said in a remark (我上周去了北京)
is as often where one was as where one asks about."""
WITH_THE_DAY = frozenset({"location"})
"""Slots carried only from the clause a ``CARRIED`` day was carried from (明儿个北京贼冷吧？要不要穿羽绒服,
明天我在北京，冷不冷): said with the day to come they are where that day is asked about; said alone
(我在北京，冷不冷) or with a day gone by (我上周去了北京) they are not carried (round 17)."""
POINTED = ("那边", "那儿", "那里")
"""Words of the clause read that point at a place said before (周六要去广州喝喜酒，那边热不热啊; round 18):
then a ``WITH_THE_DAY`` slot said in any clause left out is carried, with a day or without one."""


@dataclass(frozen=True)
class SideSlots:
    """Per language and intent, the frames its templates allow and the lists of its ``CARRIED`` slots."""

    labels: Mapping[tuple[str, str], Label]

    @classmethod
    def of(cls, templates: Iterable[CompiledTemplate]) -> SideSlots:
        labels: dict[tuple[str, str], Label] = {}
        for template in templates:
            key = (template.lang, template.intent)
            label = labels.setdefault(key, Label(template.intent, (), template.domains))
            label.add(template.expression, template.resolve)
        return cls(labels)

    def added(
        self,
        found: Recognition,
        text: str,
        tokens: Sequence[Token],
        left_out: Sequence[tuple[int, int]],
        context: MatchContext,
    ) -> Recognition:
        """``found`` with the ``CARRIED`` slots said in the ``left_out`` token spans of ``tokens``."""
        label = self.labels.get((found.lang, found.intent_name))
        if label is None:
            return found
        said = frozenset(slot.name for slot in found.slots if slot.raw_value)
        have = said | {slot.name for slot in found.slots}
        wanted = [name for name in sorted(CARRIED & label.lists.keys()) if name not in have]
        slots = list(found.slots)
        for name in wanted:
            if not label.allows(said | {name}):
                continue
            spotted = _spotted(name, label, text, tokens, left_out, context)
            if spotted is None:
                continue
            carried, clause = spotted
            slots.append(carried)
            said = said | {name}
            for other in sorted(WITH_THE_DAY & label.lists.keys() - have):
                if label.allows(said | {other}):
                    beside = _spotted(other, label, text, tokens, [clause], context)
                    if beside is not None:
                        slots.append(beside[0])
                        said = said | {other}
        if _points(tokens, left_out):
            for other in sorted(WITH_THE_DAY & label.lists.keys() - have - said):
                if label.allows(said | {other}):
                    beside = _spotted(other, label, text, tokens, left_out, context)
                    if beside is not None:
                        slots.append(beside[0])
                        said = said | {other}
        return found if len(slots) == len(found.slots) else replace(found, slots=tuple(slots))


def _points(tokens: Sequence[Token], left_out: Sequence[tuple[int, int]]) -> bool:
    """Whether the clauses read (``tokens`` outside ``left_out``) point at a place (那边, ``POINTED``)."""
    read = "".join(token.text for at, token in enumerate(tokens) if not any(b <= at < e for b, e in left_out))
    return any(word in read for word in POINTED)


def _spotted(
    name: str,
    label: Label,
    text: str,
    tokens: Sequence[Token],
    left_out: Sequence[tuple[int, int]],
    context: MatchContext,
) -> tuple[RecognizedSlot, tuple[int, int]] | None:
    """The slot ``name`` said in one of the ``left_out`` token spans, and that span."""
    only = Label(label.intent, (), label.domains, lists={name: label.lists[name]})
    for begin, end in left_out:
        part = tokens[begin:end]
        fills = spot([token.text for token in part], only, context)
        for fill in fills:
            if fill.value is None or _gone_by(fill.value, context):
                continue
            first, last = part[fill.start].start, part[fill.end - 1].end
            return RecognizedSlot(name, fill.value, text[first:last], fill.kind, first, last), (begin, end)
    return None


def _gone_by(value: object, context: MatchContext) -> bool:
    """A day before today (``YYYY-MM-DD``): what happened, not what is asked about."""
    if not isinstance(value, str):
        return False
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return False
    return day < context.now.date()
