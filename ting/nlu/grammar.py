"""Grammars for the speech recognizers, generated from the same templates and registry as the NLU.

* ``vosk_phrases``: the phrase list ``KaldiRecognizer(model, rate, json.dumps(phrases))`` takes
  (``"[unk]"`` included, so out-of-grammar speech is not forced onto a command).
* ``jsgf``: a JSGF grammar for PocketSphinx; templates stay graphs (alternatives, optional parts),
  lists become rules.

Both are bounded: value lists are sampled evenly (``max_list_values``), numeric ranges become a few
spoken numbers, times/dates/durations/recurrences a few spoken samples, wildcards become ``[unk]``
(Vosk) or a handful of common words (JSGF), and every template gives at most ``per_template`` phrases
from seeded random walks.

``jsgf(..., compact=True)`` is the *recognizer* grammar devices decode with (what the server
publishes): PocketSphinx's decode time grows with the grammar's branching, and the full export (every
polite prefix, every synonym, wildcard loops) took 1.4-6.9 s per command. The compact grammar keeps
each template's structure but caps optional parts to their first ``COMPACT_OPTIONAL`` options, required
alternatives to ``COMPACT_ALTERNATIVES``, lists to ``COMPACT_LIST`` values, and drops wildcards (a
template that needs one is left out; an optional one is skipped). The NLU still accepts every variant
in text (Vosk, typed input); see docs/nlu.md. Words are the NLU's tokens
joined by spaces: English words, and single characters for Chinese. ``missing_words`` checks them
against a recognizer's vocabulary (PocketSphinx's ``cmudict-en-us.dict``, a Vosk model's
``graph/words.txt``); with a vocabulary, ``jsgf`` drops the parts that use unknown words.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from ting.nlu.language import is_cjk
from ting.nlu.lists import RangeList, SlotList, ValueList, WildcardList
from ting.nlu.names import NameList
from ting.nlu.recognizer import registry_lists
from ting.nlu.registry import Household
from ting.nlu.sentences import SentenceData
from ting.nlu.templates import Alternative, Expression, SlotRef, Words, compile_template
from ting.nlu.templates import Sequence as Seq

_T = TypeVar("_T")
UNK = "[unk]"
_EN_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_EN_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ZH_DIGITS = "零一二三四五六七八九"
_COMMON_WORDS = {"en": ("music", "the", "love", "song", "home", "one"), "zh": tuple("歌爱家天小")}
_SYMBOLS: dict[str, dict[str, tuple[str, ...]]] = {"en": {"%": ("percent",)}, "zh": {"%": ()}}
# Spoken samples for the time-like list kinds (they parse open-ended text, so offer no values).
_KIND_SAMPLES: dict[str, dict[str, tuple[str, ...]]] = {
    "TimeList": {
        "en": ("at seven", "seven", "at six thirty", "at seven am", "at eight pm", "in ten minutes",
               "tomorrow at seven", "at noon", "in an hour", "at six"),
        "zh": ("七点", "早上七点", "明天早上七点", "晚上八点", "六点半", "十分钟后", "下午三点",
               "中午十二点"),
    },
    "DateList": {
        "en": ("today", "tomorrow", "on friday", "on monday", "the day after tomorrow", "on saturday"),
        "zh": ("今天", "明天", "后天", "星期五", "周末", "下周一"),
    },
    "DurationList": {
        "en": ("five minutes", "ten minutes", "one minute", "thirty seconds", "an hour", "twenty minutes"),
        "zh": ("五分钟", "十分钟", "一分钟", "三十秒", "一个小时", "半小时"),
    },
    "RecurrenceList": {
        "en": ("every day", "every weekday", "on weekdays", "every monday", "on weekends"),
        "zh": ("每天", "工作日", "每个工作日", "每周一", "周末"),
    },
}  # fmt: skip
COMPACT_OPTIONAL = 1
COMPACT_ALTERNATIVES = 2
COMPACT_LIST = 12
REGISTRY_LISTS = frozenset({"device", "area", "floor", "scene", "domain"})
"""The household's names are never sampled: a device left out of the grammar could not be heard at all
(the demo household's 37 devices pushed "kitchen light" out of a 12-value sample)."""
_SAME_WORD = {"a": "an", "an": "a"}
"""One word's two spellings (the article before a consonant, a vowel): the compact grammar keeps both when
it keeps one, or "set an alarm" is not in it (it came out as "set a alarm", or as nothing)."""


@dataclass(frozen=True)
class GrammarSource:
    """The templates of one language with the lists they use."""

    lang: str
    templates: tuple[tuple[str, Expression], ...]
    lists: dict[str, SlotList]
    names: Mapping[str, Sequence[str]] = field(default_factory=dict)
    """The ``names`` lists' values by source, first most wanted (the music library's, most played first)."""


def grammar_source(
    sentences: Iterable[SentenceData],
    household: Household,
    lang: str,
    names: Mapping[str, Sequence[str]] | None = None,
) -> GrammarSource:
    builtin = registry_lists(household)
    templates: list[tuple[str, Expression]] = []
    lists: dict[str, SlotList] = dict(builtin)
    for data in sentences:
        if data.lang != lang:
            continue
        for intent, specs in data.intents.items():
            for spec in specs:
                templates.append((intent, _qualify(compile_template(spec.text, data.rules), data.source)))
        lists.update({f"{data.source}#{name}": slot_list for name, slot_list in data.lists.items()})
    return GrammarSource(lang, tuple(templates), lists, names or {})


def _qualify(expression: Expression, source: str) -> Expression:
    """Slot references point at the file's own lists first (two skills may both have ``{level}``)."""
    if isinstance(expression, SlotRef):
        return SlotRef(f"{source}#{expression.list_name}", expression.slot_name)
    if isinstance(expression, Alternative):
        return Alternative(tuple(_qualify(option, source) for option in expression.options))
    if isinstance(expression, Seq):
        return Seq(tuple(_qualify(item, source) for item in expression.items))
    return expression


def _resolve(source: GrammarSource, ref: SlotRef) -> SlotList | None:
    found = source.lists.get(ref.list_name)
    if found is None:
        found = source.lists.get(ref.list_name.partition("#")[2])  # a built-in registry list
    return found


def spoken_number(value: float, lang: str) -> str:
    """Whole numbers 0-999 as words, digits otherwise."""
    number = int(value)
    if number != value or not 0 <= number < 1000:
        return str(value)
    if lang == "zh":
        return _zh_number(number)
    return _en_number(number)


def _en_number(number: int) -> str:
    if number < 20:
        return _EN_ONES[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return _EN_TENS[tens] + (f" {_EN_ONES[ones]}" if ones else "")
    hundreds, rest = divmod(number, 100)
    return f"{_EN_ONES[hundreds]} hundred" + (f" {_en_number(rest)}" if rest else "")


def _zh_number(number: int) -> str:
    if number < 10:
        return _ZH_DIGITS[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return ("" if tens == 1 else _ZH_DIGITS[tens]) + "十" + (_ZH_DIGITS[ones] if ones else "")
    hundreds, rest = divmod(number, 100)
    tail = (
        "" if not rest else ("零" + _zh_number(rest) if rest < 10 else "一" * (rest < 20) + _zh_number(rest))
    )
    return _ZH_DIGITS[hundreds] + "百" + tail


def list_samples(
    slot_list: SlotList | None, lang: str, limit: int, names: Mapping[str, Sequence[str]] | None = None
) -> list[tuple[str, ...]]:
    """Token sequences standing for a list: evenly sampled values, a few numbers, or [unk]; a ``names``
    list its first ``limit`` names (most wanted first; all with ``limit`` 0), [unk] when it has none."""
    if isinstance(slot_list, NameList):
        said = [_tokens(name, lang) for name in (names or {}).get(slot_list.source, ())]
        said = [tokens for tokens in said if tokens and (lang == "zh" or not is_cjk(tokens[0][0]))]
        return said[:limit] if said and limit else said or ([(UNK,)] if slot_list.open else [])
    if isinstance(slot_list, ValueList):
        aliases = [alias for alias, _ in slot_list.entries if lang == "zh" or not is_cjk(alias[0][0])]
        return aliases if slot_list.name in REGISTRY_LISTS else _even(aliases, limit)
    if isinstance(slot_list, RangeList):
        numbers = sorted(
            {slot_list.low, slot_list.high, *range(int(slot_list.low), int(slot_list.high) + 1, 10)}
        )
        picked = [n for n in numbers if slot_list.low <= n <= slot_list.high]
        return [_tokens(spoken_number(n, lang), lang) for n in _even(picked, limit)]
    samples = getattr(slot_list, "samples", None)  # other kinds (dates, times) may offer spoken samples
    if callable(samples):
        return [_tokens(text, lang) for text in _even(list(samples(lang)), limit)]
    known = _KIND_SAMPLES.get(type(slot_list).__name__, {}).get(lang)
    if known and not getattr(slot_list, "wildcard", False):
        return [_tokens(text, lang) for text in _even(known, limit)]
    return [(UNK,)]


def _tokens(text: str, lang: str) -> tuple[str, ...]:
    from ting.nlu.normalize import token_texts

    return token_texts(text)


def _even(items: Sequence[_T], limit: int) -> list[_T]:
    if len(items) <= limit:
        return list(items)
    step = len(items) / limit
    return [items[int(index * step)] for index in range(limit)]


def _speakable(tokens: Iterable[str], lang: str) -> Iterator[str]:
    for token in tokens:
        if token in _SYMBOLS[lang]:
            yield from _SYMBOLS[lang][token]
        elif token.replace(".", "").isdigit():
            yield from (
                spoken_number(float(token), lang).split()
                if lang == "en"
                else spoken_number(float(token), lang)
            )
        else:
            yield token


class _Unsayable(Exception):
    """The walk reached a list with no values (a household without scenes, say)."""


def _walk(
    source: GrammarSource,
    expression: Expression,
    rng: random.Random,
    limit: int,
    name: tuple[str, tuple[str, ...]] | None = None,
) -> list[str]:
    """A random path through ``expression``; ``name``: (source, tokens) said wherever a ``names`` list of
    that source is."""
    if isinstance(expression, Words):
        return list(_speakable(expression.tokens, source.lang))
    if isinstance(expression, SlotRef):
        slot_list = _resolve(source, expression)
        if name is not None and isinstance(slot_list, NameList) and slot_list.source == name[0]:
            return list(_speakable(name[1], source.lang))
        samples = list_samples(slot_list, source.lang, limit, source.names)
        if not samples:
            raise _Unsayable
        return list(_speakable(rng.choice(samples), source.lang))
    if isinstance(expression, Alternative):
        return _walk(source, rng.choice(expression.options), rng, limit, name)
    return [word for item in expression.items for word in _walk(source, item, rng, limit, name)]


def vosk_phrases(
    source: GrammarSource,
    *,
    per_template: int = 12,
    max_list_values: int = 50,
    max_phrases: int = 4000,
    seed: int = 0,
) -> list[str]:
    """Phrases (words separated by spaces) for Vosk's grammar mode, ``[unk]`` last.

    Walks go round the templates (one walk of each per round, ``per_template`` rounds), so that when
    ``max_phrases`` cuts the list short every template is still in it, not only the first skills'.
    """
    rng = random.Random(seed)
    phrases: dict[str, None] = {}
    for _ in range(per_template):
        for _, expression in source.templates:
            try:
                words = _walk(source, expression, rng, max_list_values)
            except _Unsayable:
                continue
            if words:
                phrases.setdefault(" ".join(words), None)
            if len(phrases) >= max_phrases:
                break
        if len(phrases) >= max_phrases:
            break
    kept = list(phrases)[:max_phrases]
    heard = {word for phrase in kept for word in phrase.split()}
    for name in sorted(REGISTRY_LISTS):  # every household name in some phrase, however many there are
        slot_list = source.lists.get(name)
        for alias in list_samples(slot_list, source.lang, 0) if isinstance(slot_list, ValueList) else ():
            words = list(_speakable(alias, source.lang))
            if words and not set(words) <= heard:
                kept.append(" ".join(words))
                heard.update(words)
    kept.extend(name_phrases(source, rng, max_list_values, set(kept)))
    return [*kept, UNK]


def name_phrases(source: GrammarSource, rng: random.Random, limit: int, known: set[str]) -> Iterator[str]:
    """Every supplied name in a sentence (Vosk hears only whole phrases: a bare name would not make "播放
    晴天" heard), the templates that use its source taken in turn."""
    for name_source, names in source.names.items():
        using = [
            expression for _, expression in source.templates
            if any(isinstance(found, NameList) and found.source == name_source
                   for found in (_resolve(source, ref) for ref in _refs(expression)))
        ]  # fmt: skip
        said = [_tokens(name, source.lang) for name in names]
        said = [tokens for tokens in said if tokens and (source.lang == "zh" or not is_cjk(tokens[0][0]))]
        for turn, tokens in enumerate(said if using else ()):
            try:
                words = _walk(source, using[turn % len(using)], rng, limit, (name_source, tokens))
            except _Unsayable:
                continue
            phrase = " ".join(words)
            if words and phrase not in known:
                known.add(phrase)
                yield phrase


def _refs(expression: Expression) -> Iterator[SlotRef]:
    if isinstance(expression, SlotRef):
        yield expression
    elif isinstance(expression, Alternative | Seq):
        for part in expression.options if isinstance(expression, Alternative) else expression.items:
            yield from _refs(part)


def jsgf(
    source: GrammarSource,
    *,
    max_list_values: int = 30,
    vocabulary: frozenset[str] | None = None,
    compact: bool = False,
) -> str:
    """A JSGF grammar (public rule ``<command>``) for PocketSphinx; ``compact``: the recognizer grammar
    (bounded branching, no wildcards; see the module docstring)."""
    writer = _Jsgf(source, min(max_list_values, COMPACT_LIST) if compact else max_list_values, vocabulary)
    writer.compact = compact
    bodies = [
        body for _, expression in source.templates if (body := writer.expression(expression)) != "<VOID>"
    ]
    lines = ["#JSGF V1.0;", "", f"grammar ting_{source.lang};", ""]
    lines.append(
        "public <command> = "
        + (" | ".join(f"( {body} )" for body in dict.fromkeys(bodies)) or "<VOID>")
        + ";"
    )
    lines.extend(f"<{name}> = {body};" for name, body in writer.rules.items() if body != "<VOID>")
    return "\n".join(lines) + "\n"


class _Jsgf:
    def __init__(self, source: GrammarSource, limit: int, vocabulary: frozenset[str] | None) -> None:
        self.source, self.limit, self.vocabulary = source, limit, vocabulary
        self.rules: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self.compact = False

    def words(self, tokens: Iterable[str]) -> str:
        spoken = list(_speakable(tokens, self.source.lang))
        if self.vocabulary is not None and any(word not in self.vocabulary for word in spoken):
            return "<VOID>"
        return " ".join(spoken) if spoken else "<NULL>"

    def expression(self, expression: Expression) -> str:
        if isinstance(expression, Words):
            return self.words(expression.tokens)
        if isinstance(expression, SlotRef):
            return self.rule(expression.list_name)
        if isinstance(expression, Alternative):
            choices: list[Expression] = list(expression.options)
            if self.compact:  # "[a|b|c]" is an alternative of (an alternative, nothing): cap a, b, c
                choices = [
                    inner for option in choices for inner in
                    (option.options if isinstance(option, Alternative) else (option,))
                ]  # fmt: skip
            options = [self.expression(option) for option in choices]
            kept = [option for option in dict.fromkeys(options) if option not in ("<VOID>", "<NULL>")]
            if self.compact:
                capped = kept[: COMPACT_OPTIONAL if "<NULL>" in options else COMPACT_ALTERNATIVES]
                twins = {_SAME_WORD.get(option) for option in capped}
                kept = [*capped, *(option for option in kept if option not in capped and option in twins)]
            if not kept:
                return "<NULL>" if "<NULL>" in options else "<VOID>"
            body = " | ".join(kept)
            return f"[ {body} ]" if "<NULL>" in options else f"( {body} )"
        items = [self.expression(item) for item in expression.items]
        if "<VOID>" in items:
            return "<VOID>"
        spoken = [item for item in items if item != "<NULL>"]
        return " ".join(spoken) if spoken else "<NULL>"

    def rule(self, list_name: str) -> str:
        if list_name not in self.names:
            name = f"list{len(self.names)}"
            self.names[list_name] = name
            slot_list = self.source.lists.get(list_name) or self.source.lists.get(list_name.partition("#")[2])
            samples = list_samples(slot_list, self.source.lang, 1, self.source.names)
            if isinstance(slot_list, WildcardList) or samples == [(UNK,)]:
                words = " | ".join(_COMMON_WORDS[self.source.lang])
                body = "<VOID>" if self.compact else f"( {words} )+"
            else:
                options = list_samples(slot_list, self.source.lang, self.limit, self.source.names)
                kept = [self.words(option) for option in options]
                body = " | ".join(dict.fromkeys(option for option in kept if option != "<VOID>")) or "<VOID>"
            self.rules[name] = body
        name = self.names[list_name]
        return "<VOID>" if self.rules[name] == "<VOID>" else f"<{name}>"


def grammar_words(text: str) -> set[str]:
    """Every word a generated grammar uses (JSGF syntax and ``[unk]`` left out)."""
    words: set[str] = set()
    for line in text.splitlines():
        if line.startswith(("#", "grammar")):
            continue
        body = line.split("=", 1)[-1]
        for piece in body.replace("(", " ").replace(")", " ").replace("|", " ").replace(";", " ").split():
            if not piece.startswith("<") and piece not in ("+", "*", UNK):
                words.add(piece.strip('",[]'))
    return {word for word in words if word}


def load_vocabulary(path: Path) -> frozenset[str]:
    """Words of a pronunciation dictionary (``word PH ONES``, ``word(2)`` variants) or a ``words.txt``."""
    words: set[str] = set()
    with path.open(encoding="utf-8", errors="replace") as lines:
        for line in lines:
            parts = line.split()
            if parts:
                words.add(parts[0].split("(")[0].lower())
    return frozenset(words)


def vocabulary_file(model: str) -> Path | None:
    """``pocketsphinx`` (its bundled English dictionary), a model folder (``graph/words.txt``), or a file."""
    if model == "pocketsphinx":
        from pocketsphinx import get_model_path

        return Path(get_model_path()) / "en-us" / "cmudict-en-us.dict"
    path = Path(model)
    if path.is_dir():
        for candidate in (path / "graph" / "words.txt", path / "words.txt"):
            if candidate.is_file():
                return candidate
        return None
    return path if path.is_file() else None


def missing_words(words: Iterable[str], vocabulary: frozenset[str]) -> list[str]:
    return sorted({word for word in words if word != UNK and word.lower() not in vocabulary})


def export(
    sentences: Iterable[SentenceData],
    household: Household,
    lang: str,
    fmt: str,
    vocabulary: frozenset[str] | None = None,
    *,
    compact: bool = False,
    names: Mapping[str, Sequence[str]] | None = None,
) -> str:
    """The grammar text: ``vosk`` (a JSON phrase list) or ``jsgf`` (``compact``: the recognizer grammar);
    ``names``: the ``names`` lists' values by source (``ting.nlu.names``)."""
    import json

    source = grammar_source(sentences, household, lang, names)
    if fmt == "vosk":
        return json.dumps(vosk_phrases(source), ensure_ascii=False)
    return jsgf(source, vocabulary=vocabulary, compact=compact)
