"""The ``wildcard`` list kind: any run of words, as said (song names, reminder messages, timer labels).

A sentence file may shape it where the words around a slot are known to belong to the template, not to
the slot (``{wildcard: {...}}``, or the ``open`` part of a ``names`` list)::

    message: {wildcard: {never_ends_with: [吗, 啦]}}   # 你能半小时后提醒我看一下锅吗: the message is 看一下锅
    artist: {names: {source: media.artist, open: {never_spans: [的]}}}   # 邓丽君的月亮代表我的心
    place: {wildcard: {max_tokens: 3}}                  # a city is a few words

``never_a_day: true``: the slot is never only a day or a part of the day ("remind me at 2 this afternoon"
has no message "this afternoon": the words are the time's, and the message was said elsewhere).
``never_ends_with_a_day: true``: the slot never ends with a day said with its preposition ("play date with
the kids is on saturday" is no song but a run-on; a song may still be called "Saturday Night").
``never_spans``: words the slot never holds, so an ``{artist}的{song}`` template splits at the first 的
(an artist's name has none, a song's often has: 月亮代表我的心). ``never_ends_with``: words the slot
never ends with, on top of the language's (a question's 吗 is the sentence's, not the reminder's).
``never_followed_by``: words never said right after the slot, even where the matcher would skip them as a
filler (排队排了半个钟头 has no task 排队排: the 了 after a verb tells what was done, not what to time).
``never_holds``: phrases the slot never holds (a song is never 新闻 or a 节目: 播一下今天的新闻联播 asks for
the news on television, which no music is).
``never_ends_with_a_past: true``: the slot never ends with an English past tense in -ed ("the meeting lasted
two hours" has no timer "meeting lasted": a verb in the past tells what happened; "boiled eggs" still ends
with its noun).
``a_band: true``: the slot is a band named as a plural with "the" ("the pogues", "the rolling stones", "the
black keys": "the" and one or two words, the last in -s), so "play the pogues fairytale of new york" splits
an artist no list knows from the song said right after it (round 17).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ting.errors import NluError
from ting.nlu.dates import day_readings, period_table
from ting.nlu.fillers import ADDRESSING, FILLER_PHRASES
from ting.nlu.lists import MatchContext, SlotMatch
from ting.nlu.normalize import token_texts

_DAY_PREPOSITIONS = frozenset({"on", "this", "next"})
"""Words that begin a day said after other words of a slot ("on saturday", "this weekend", "next friday")."""
_OPTIONS = frozenset(
    {"max_tokens", "never_spans", "never_ends_with", "never_followed_by", "never_a_day", "never_holds"}
    | {"never_ends_with_a_day", "never_ends_with_a_past", "a_band"}
)
_OPENING_ADDRESS: Mapping[str, tuple[tuple[str, ...], ...]] = {"zh": (("你",),)}
"""What opens a sentence said to ting (你把灯关了, 你计时五分钟): no slot begins with it there."""
_ONLY_FILLERS: Mapping[str, frozenset[tuple[str, ...]]] = {
    lang: frozenset(phrases) for lang, phrases in FILLER_PHRASES.items()
}
"""The filler phrases as a set: asked of every end a wildcard may have."""
_PAST_ENDING = "ed"
_NOT_PAST_ENDING = "eed"
"""A past tense ends in -ed, a word ending in -eed is no past (need, speed, feed, seed)."""
_SHORTEST_PAST = 5
"""The shortest -ed past counted (cried, lasted); shorter words in -ed are nouns (bed, shed)."""
_BAND_WORDS = 3
"""A band said as a plural: "the", then one or two words."""


@dataclass(frozen=True)
class WildcardList:
    """Any non-empty run of words (song names, reminder messages); value is the text as said."""

    name: str
    wildcard: bool = True
    max_tokens: int | None = None
    """At most this many tokens (``{wildcard: {max_tokens: 3}}``): a city is a few words, so "the weather
    in Scotland is always grim" is not a question about a place called "Scotland is always grim"."""
    never_spans: frozenset[str] = frozenset()
    """Tokens the slot never holds (the zh artist's 的)."""
    never_ends_with: frozenset[str] = frozenset()
    """Tokens the slot never ends with, besides the language's (``MatchContext.end_words``)."""
    never_followed_by: frozenset[str] = frozenset()
    """Tokens never said right after the slot (the zh task's aspect 了 / 过 / 着, a filler elsewhere)."""
    never_a_day: bool = False
    """The slot never holds only a day or a part of the day ("this afternoon", "tomorrow", 明天)."""
    never_ends_with_a_day: bool = False
    """The slot never ends with a day said with "on", "this" or "next" ("... on saturday")."""
    never_ends_with_a_past: bool = False
    """The slot never ends with an English past tense in -ed ("meeting lasted", "baby cried")."""
    never_holds: tuple[tuple[str, ...], ...] = ()
    a_band: bool = False
    """Phrases (as tokens) the slot never holds whole (新闻, 节目: no song)."""

    def first_tokens(self) -> frozenset[str] | None:
        return None

    def match(self, tokens: Sequence[str], start: int, context: MatchContext) -> Iterator[SlotMatch]:
        if context.homophones is not None:
            return  # one sound-alike word and a wildcard would read any sentence as "play <anything>"
        loose = context.loose_words
        if start < len(tokens) and (tokens[start] in loose or tokens[start] in self.never_spans):
            return
        if start and (tokens[start - 1], tokens[start]) in context.split_words:
            return  # 放不下烤箱 has no song "不下烤箱": a wildcard never begins inside a word
        if _addressed(tokens, start, context.lang):
            return  # 小听，十五分钟计时 / 你计时五分钟 have no timer label "小听" / "你": ting is called
        # a break past these tokens (clause marks of a longer sentence) is no break in them
        stop = min((at for at in context.breaks if start < at < len(tokens)), default=len(tokens))
        if self.max_tokens is not None:
            stop = min(stop, start + self.max_tokens)
        if self.a_band:
            if start >= len(tokens) or tokens[start] != "the":
                return
            stop = min(stop, start + _BAND_WORDS)
        if self.never_spans:
            stop = next((at for at in range(start, stop) if tokens[at] in self.never_spans), stop)
        for phrase in self.never_holds:  # ends before the phrase's last word, wherever it begins
            held = (at for at in range(start, stop) if tuple(tokens[at : at + len(phrase)]) == phrase)
            stop = min(stop, next(held, stop) + len(phrase) - 1)
        days = (
            _day_ends(tokens, start, stop, context.lang, self.never_a_day, self.never_ends_with_a_day)
            if self.never_a_day or self.never_ends_with_a_day
            else frozenset()
        )
        for end in range(stop, start, -1):
            if end in days:
                continue
            last = tokens[end - 1]
            if last in loose or last in context.end_words or last in self.never_ends_with:
                continue
            if end < len(tokens) and tokens[end] in self.never_followed_by:
                continue
            if self.never_ends_with_a_past and _past_tense(last):
                continue
            if self.a_band and (end - start < 2 or not _plural(last)):
                continue
            if tuple(tokens[start:end]) in context.names:
                continue
            if tuple(tokens[start:end]) in _ONLY_FILLERS.get(context.lang, ()):
                continue  # 快计时五分钟: 快 urges, it names no timer
            if end - start > 2 and (tokens[end - 2], last) in context.end_phrases:
                continue
            # the recognizer fills in the raw text; a band's form ranks it as a name read, not words swallowed
            yield SlotMatch(end, None, wildcard=False if self.a_band else None)


def _addressed(tokens: Sequence[str], start: int, lang: str) -> bool:
    """The words from ``start`` call ting: its name anywhere, 你 first in the sentence."""
    names = ADDRESSING.get(lang, ()) + (_OPENING_ADDRESS.get(lang, ()) if start == 0 else ())
    return any(tuple(tokens[start : start + len(words)]) == words for words in names)


def build_wildcard(name: str, spec: Any) -> WildcardList:
    """A wildcard list from its spec: ``{}`` / ``true``, or a mapping of the options above."""
    if not isinstance(spec, Mapping) or not spec:
        return WildcardList(name)
    unknown = set(spec) - _OPTIONS
    if unknown:
        raise NluError(f"list {name}: 'wildcard' takes only {sorted(_OPTIONS)}, not {sorted(unknown)}")
    limit = spec.get("max_tokens")
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit < 1):
        raise NluError(f"list {name}: 'max_tokens' must be a whole number of at least 1")
    return WildcardList(
        name,
        max_tokens=limit,
        never_spans=_tokens(name, "never_spans", spec.get("never_spans", [])),
        never_ends_with=_tokens(name, "never_ends_with", spec.get("never_ends_with", [])),
        never_followed_by=_tokens(name, "never_followed_by", spec.get("never_followed_by", [])),
        never_a_day=spec.get("never_a_day") is True,
        never_ends_with_a_day=spec.get("never_ends_with_a_day") is True,
        never_ends_with_a_past=spec.get("never_ends_with_a_past") is True,
        never_holds=_phrases(name, spec.get("never_holds", [])),
        a_band=spec.get("a_band") is True,
    )


def _plural(token: str) -> bool:
    """``token`` looks like an English plural in -s (pogues, stones), not a possessive or a word in -ss."""
    return token.isalpha() and token.endswith("s") and not token.endswith(("ss", "us", "is"))


def _phrases(name: str, words: Any) -> tuple[tuple[str, ...], ...]:
    """Each phrase as the tokenizer reads it."""
    if not isinstance(words, list) or not all(isinstance(word, str) and word.strip() for word in words):
        raise NluError(f"list {name}: 'never_holds' must be a list of phrases")
    return tuple(token_texts(word) for word in words)


def _past_tense(token: str) -> bool:
    """``token`` looks like an English past tense in -ed (lasted, waited, cried), not a noun (bed, seed)."""
    return (
        len(token) >= _SHORTEST_PAST and token.endswith(_PAST_ENDING) and not token.endswith(_NOT_PAST_ENDING)
    )


def _day_ends(
    tokens: Sequence[str], start: int, stop: int, lang: str, whole: bool, last: bool
) -> frozenset[int]:
    """Where a day or a part of the day said from ``start`` ends (``whole``), or one said later with its
    preposition (``last``)."""
    days: set[int] = set()
    if whole:
        days |= {end for end, _, _ in day_readings(tokens, start, lang)}
        days |= {end for end, _ in period_table(lang).readings(tokens, start)}
    for at in range(start + 1, stop if last else start):
        if tokens[at] in _DAY_PREPOSITIONS:
            days |= {end for end, _, _ in day_readings(tokens, at, lang)}
    return frozenset(days)


def _tokens(name: str, option: str, words: Any) -> frozenset[str]:
    """Each word as the tokenizer reads it (lowercased, one token: a Chinese character or an English word)."""
    if not isinstance(words, list) or not all(isinstance(word, str) for word in words):
        raise NluError(f"list {name}: '{option}' must be a list of words")
    found: set[str] = set()
    for word in words:
        said = token_texts(word)
        if len(said) != 1:
            raise NluError(f"list {name}: '{option}' takes single words (one token each), not {word!r}")
        found.add(said[0])
    return frozenset(found)
