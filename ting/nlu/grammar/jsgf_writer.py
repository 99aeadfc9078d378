"""PocketSphinx's grammar: the templates as JSGF rules, full or compact (the recognizer grammar)."""

from __future__ import annotations

from collections.abc import Iterable

from ting.nlu.grammar.source import GrammarSource
from ting.nlu.grammar.spoken import UNK, list_samples, speakable
from ting.nlu.templates import Alternative, Expression, SlotRef, Words
from ting.nlu.wildcard import WildcardList

_COMMON_WORDS = {"en": ("music", "the", "love", "song", "home", "one"), "zh": tuple("歌爱家天小")}
COMPACT_OPTIONAL = 1
COMPACT_ALTERNATIVES = 2
COMPACT_LIST = 12
_SAME_WORD = {"a": "an", "an": "a"}
"""One word's two spellings (the article before a consonant, a vowel): the compact grammar keeps both when
it keeps one, or "set an alarm" is not in it (it came out as "set a alarm", or as nothing)."""


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
        spoken = list(speakable(tokens, self.source.lang))
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
