"""Slot lists: what may fill a ``{slot}`` in a template, and the value it normalizes to.

Every list kind is a ``SlotList``: given the input tokens and a start position it yields
each way it can consume tokens there, with the normalized value. A sentence file names the
kind by the key of its list spec (``values``, ``range``, ``wildcard``); new kinds (times,
durations, dates) register a builder in ``LIST_KINDS`` and need nothing else.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Protocol

from ting.errors import NluError
from ting.nlu.nearmiss import NearMisses
from ting.nlu.normalize import token_texts
from ting.nlu.numbers import Number, number_readings

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class MatchContext:
    """What a list may need besides the tokens (relative times need ``now``)."""

    now: datetime
    """Aware, in the household's zone (its wall time is what "tomorrow at 7" is counted from)."""
    lang: str
    fuzzy: bool = False
    """Second pass after no exact match: lists with ``fuzzy`` also accept near misses (ASR slips)."""
    loose_words: frozenset[str] = frozenset()
    """Words a wildcard may not begin or end with (fillers): "remind me to um take my pills" has no
    message "um take my pills"."""
    end_words: frozenset[str] = frozenset()
    """Words a wildcard may not end with (articles, prepositions): "add five minutes to the timer" has no
    timer label "to the"."""
    end_phrases: frozenset[tuple[str, str]] = frozenset()
    """Two words a wildcard may not end with (filler phrases: "play some taylor swift for me" has no artist
    "taylor swift for me")."""
    names: frozenset[tuple[str, ...]] = frozenset()
    """Registry names (areas, devices, with "the"/"my" before): a wildcard is never one of them ("the
    temperature in the living room" is not a weather question about a city called the living room)."""
    split_words: frozenset[tuple[str, str]] = frozenset()
    """Two-character words a wildcard may not begin in the middle of (播报, 放不: ``fillers.SPLIT_WORDS``)."""
    breaks: frozenset[int] = frozenset()
    """Token positions where a clause begins (after ，。!? ...): a wildcard never runs across one, so
    听不清啊，声音再大点 has no song "不清啊，声音再大点"."""
    homophones: tuple[frozenset[str], ...] | None = None
    """Last pass: per input token, the vocabulary words that sound like it (``phonetic.Homophones``);
    value lists and template words accept them in its place, at a cost."""
    slot_names: Mapping[str, ValueList] = field(default_factory=dict)
    """Names supplied while running, by source (``names`` lists: the music library's artists ...)."""
    device_domains: Mapping[str, str] = field(default_factory=dict)
    """Device id -> its domain (a reading of an intent with ``target_domains`` checks its device's)."""
    kind_domains: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """A kind (domain or device class, the ``domain`` slot's values) -> the domains of its devices."""


@dataclass(frozen=True, slots=True)
class SlotMatch:
    end: int
    """Token position after the consumed span."""
    value: Any
    kind: str = "Custom"
    """Hermes value kind (``Custom``, ``Number`` ...)."""
    similarity: float = 1.0
    """1.0 for an exact match; below for a fuzzy one (scored down)."""
    wildcard: bool | None = None
    """Whether the words were swallowed as a wildcard's; None: as the list's ``wildcard`` says (a ``names``
    list that is also open matches a name literally, other words as a wildcard)."""


class SlotList(Protocol):
    @property
    def wildcard(self) -> bool:
        """True when the list matches arbitrary words (scored below literal matches)."""

    def first_tokens(self) -> frozenset[str] | None:
        """Tokens a match can start with, or None for any token."""

    def match(self, tokens: Sequence[str], start: int, context: MatchContext) -> Iterator[SlotMatch]:
        """Every way to consume ``tokens`` from ``start`` (longest first)."""


@dataclass(frozen=True)
class ValueList:
    """Aliases (tokenized like the input) mapped to values; e.g. device names -> device ids."""

    name: str
    entries: tuple[tuple[tuple[str, ...], Any], ...]
    kind: str = "Custom"
    wildcard: bool = False
    fuzzy: bool = False
    """Accept near misses of the aliases in the fuzzy pass (registry names: 客厅等 -> 客厅灯)."""
    sound_alike: bool = True
    """Offer the aliases' words to the sound-alike pass (``sound_alike: false`` in a list spec: a long list of
    names for typed text, whose hundreds of words would only slow that pass down for every sentence)."""
    _by_first: Mapping[str, tuple[tuple[tuple[str, ...], Any], ...]] = field(
        init=False, repr=False, compare=False
    )
    _words: frozenset[str] = field(init=False, repr=False, compare=False)
    _near: NearMisses | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_first: dict[str, list[tuple[tuple[str, ...], Any]]] = {}
        for alias, value in sorted(self.entries, key=lambda entry: -len(entry[0])):
            by_first.setdefault(alias[0], []).append((alias, value))
        object.__setattr__(self, "_by_first", {first: tuple(items) for first, items in by_first.items()})
        object.__setattr__(self, "_words", frozenset(word for alias, _ in self.entries for word in alias))
        object.__setattr__(self, "_near", NearMisses(self.entries) if self.fuzzy else None)

    @classmethod
    def from_aliases(
        cls,
        name: str,
        aliases: Iterable[tuple[str, Any]],
        *,
        kind: str = "Custom",
        fuzzy: bool = False,
        quiet: bool = False,
    ) -> ValueList:
        """``quiet``: two aliases read alike (周杰倫 and 周杰伦) keep the first without a warning."""
        entries: dict[tuple[str, ...], Any] = {}
        for alias, value in aliases:
            tokens = token_texts(alias)
            if not tokens:
                raise NluError(f"list {name}: alias {alias!r} has no words")
            if not quiet and entries.get(tokens, value) != value:
                _LOGGER.warning("list %s: alias %r names both %r and %r", name, alias, entries[tokens], value)
            entries.setdefault(tokens, value)
        return cls(name, tuple(entries.items()), kind, fuzzy=fuzzy)

    def first_tokens(self) -> frozenset[str] | None:
        return frozenset(self._by_first)

    def words(self) -> frozenset[str]:
        """Every word of every alias (the vocabulary the phonetic pass maps sound-alikes to)."""
        return self._words if self.sound_alike else frozenset()

    def match(self, tokens: Sequence[str], start: int, context: MatchContext) -> Iterator[SlotMatch]:
        if start >= len(tokens):
            return
        for alias, value in self._by_first.get(tokens[start], ()):
            end = start + len(alias)
            if tuple(tokens[start:end]) == alias:
                yield SlotMatch(end, value, self.kind)
        if self.fuzzy and context.fuzzy:
            yield from self.near_misses(tokens, start)
        if context.homophones is not None:
            yield from self._sound_alike(tokens, start, context.homophones)

    def near_misses(self, tokens: Sequence[str], start: int) -> Iterator[SlotMatch]:
        """Spans from ``start`` within a few character edits of an alias (1 - edits / length = similarity),
        in alias order, as a loop over the entries would find them (``nearmiss.NearMisses``: a 500-device
        household made a loop over the entries cost milliseconds per position)."""
        if self._near is None:
            return iter(())
        return iter(
            [
                SlotMatch(end, value, self.kind, similarity)
                for end, value, similarity in self._near.spans(tokens, start)
            ]
        )

    def _sound_alike(
        self, tokens: Sequence[str], start: int, homophones: Sequence[frozenset[str]]
    ) -> Iterator[SlotMatch]:
        """Aliases said with sound-alike words (握式 for 卧室): similarity 1 - 0.5 x replaced / length."""
        for first in homophones[start] | {tokens[start]}:
            for alias, value in self._by_first.get(first, ()):
                end = start + len(alias)
                if end > len(tokens):
                    continue
                replaced = 0
                for offset, word in enumerate(alias):
                    heard = tokens[start + offset]
                    if heard != word:
                        if word not in homophones[start + offset]:
                            break
                        replaced += 1
                else:
                    if replaced:
                        yield SlotMatch(end, value, self.kind, 1.0 - 0.5 * replaced / len(alias))


_PERCENT_PREFIX = ("百", "分", "之")
_PERCENT_SUFFIXES = (("%",), ("percent",), ("per", "cent"))


@dataclass(frozen=True)
class RangeList:
    """Numbers from ``low`` to ``high`` in digits or words; ``percent`` also takes 百分之二十 / 20%."""

    name: str
    low: Number
    high: Number
    step: Number = 1
    percent: bool = False
    wildcard: bool = False

    def first_tokens(self) -> frozenset[str] | None:
        return None  # digits are open-ended

    def match(self, tokens: Sequence[str], start: int, context: MatchContext) -> Iterator[SlotMatch]:
        if self.percent and tuple(tokens[start : start + 3]) == _PERCENT_PREFIX:
            for end, value in number_readings(tokens, start + 3):
                if self._accepts(value):
                    yield SlotMatch(end, value, "Number")
            return
        for end, value in number_readings(tokens, start):
            if not self._accepts(value):
                continue
            if self.percent:
                for suffix in _PERCENT_SUFFIXES:
                    if tuple(tokens[end : end + len(suffix)]) == suffix:
                        yield SlotMatch(end + len(suffix), value, "Number")
            yield SlotMatch(end, value, "Number")

    def _accepts(self, value: Number) -> bool:
        if not self.low <= value <= self.high:
            return False
        steps = (value - self.low) / self.step
        return abs(steps - round(steps)) < 1e-9


ListBuilder = Callable[[str, Any], SlotList]


def _build_values(name: str, spec: Any) -> SlotList:
    pairs: list[tuple[str, Any]] = []
    if isinstance(spec, Mapping):
        pairs = [(str(alias), value) for alias, value in spec.items()]
    elif isinstance(spec, list):
        for item in spec:
            if isinstance(item, Mapping) and "in" in item:
                pairs.append((str(item["in"]), item.get("out", item["in"])))
            elif isinstance(item, str | int | float):
                pairs.append((str(item), item))
            else:
                raise NluError(f"list {name}: value {item!r} must be a string or {{in: ..., out: ...}}")
    else:
        raise NluError(f"list {name}: 'values' must be a list or a mapping")
    return ValueList.from_aliases(name, pairs)


def _build_range(name: str, spec: Any) -> SlotList:
    if not isinstance(spec, Mapping) or "from" not in spec or "to" not in spec:
        raise NluError(f"list {name}: 'range' needs 'from' and 'to'")
    try:
        low, high, step = float(spec["from"]), float(spec["to"]), float(spec.get("step", 1))
    except (TypeError, ValueError):
        raise NluError(f"list {name}: 'range' bounds must be numbers") from None
    return RangeList(name, low, high, step if step > 0 else 1.0, bool(spec.get("percent", False)))


def _build_wildcard(name: str, spec: Any) -> SlotList:
    from ting.nlu.wildcard import build_wildcard

    return build_wildcard(name, spec)


# Time-related kinds and wildcards live in their own modules (which import this one), hence the late imports.
def _build_time(name: str, spec: Any) -> SlotList:
    from ting.nlu.times import TimeList

    return TimeList(name)


def _build_date(name: str, spec: Any) -> SlotList:
    from ting.nlu.dates import DateList

    return DateList(name)


def _build_duration(name: str, spec: Any) -> SlotList:
    from ting.nlu.durations import DurationList

    return DurationList(name)


def _build_recurrence(name: str, spec: Any) -> SlotList:
    from ting.nlu.recurrence import RecurrenceList

    return RecurrenceList(name)


def _build_names(name: str, spec: Any) -> SlotList:
    from ting.nlu.names import build_names

    return build_names(name, spec)


LIST_KINDS: dict[str, ListBuilder] = {
    "names": _build_names,
    "values": _build_values,
    "range": _build_range,
    "wildcard": _build_wildcard,
    "time": _build_time,
    "date": _build_date,
    "duration": _build_duration,
    "recurrence": _build_recurrence,
}
"""List kind (the key in a sentence file's list spec) -> builder. Add kinds here."""


def build_list(name: str, spec: Any) -> SlotList:
    """A slot list from its sentence-file spec, e.g. ``{"range": {"from": 0, "to": 100}}``."""
    if not isinstance(spec, Mapping):
        raise NluError(f"list {name}: expected a mapping with one of {sorted(LIST_KINDS)}")
    kinds = [key for key in spec if key in LIST_KINDS]
    if len(kinds) != 1:
        raise NluError(f"list {name}: expected exactly one of {sorted(LIST_KINDS)}, got {sorted(spec)}")
    built = LIST_KINDS[kinds[0]](name, spec[kinds[0]])
    if "sound_alike" in spec:
        if not isinstance(built, ValueList) or not isinstance(spec["sound_alike"], bool):
            raise NluError(f"list {name}: sound_alike is true or false, for a values list")
        built = replace(built, sound_alike=spec["sound_alike"])
    if spec.get("possessive") is True:
        if not isinstance(built, ValueList):
            raise NluError(f"list {name}: possessive is for a values list")
        built = possessive(built)
    return built


def possessive(names: ValueList) -> ValueList:
    """``names`` said as owners, the value kept ("adele's" is adele: "play adele's hello" names the artist
    of the song after it): ``possessive: true`` in a values list's spec (round 17)."""
    owned = tuple(((*alias[:-1], f"{alias[-1]}'s"), value) for alias, value in names.entries)
    return replace(names, entries=owned)
