"""Word sequences read as other words: the one rewrite the colloquial and regional tables share."""

from __future__ import annotations

from collections.abc import Mapping

from ting.nlu.normalize import Token


class PhraseRewrites:
    """A table of phrases (two words or more) and the standard words each is read as.

    The longest phrase at a position wins; each standard word spans the whole phrase, so a slot still
    reports what was said."""

    __slots__ = ("_longest", "_phrases", "_starts")

    def __init__(self, phrases: Mapping[tuple[str, ...], tuple[str, ...]]) -> None:
        self._phrases = phrases
        self._longest = max(len(words) for words in phrases)
        self._starts = frozenset(words[0] for words in phrases)

    def read(self, tokens: tuple[Token, ...]) -> tuple[Token, ...]:
        """``tokens`` with each phrase of the table as its standard words."""
        if not any(token.text in self._starts for token in tokens):
            return tokens
        out: list[Token] = []
        index = 0
        while index < len(tokens):
            for length in range(min(self._longest, len(tokens) - index), 1, -1):
                standard = self._phrases.get(tuple(token.text for token in tokens[index : index + length]))
                if standard is not None:
                    start, end = tokens[index].start, tokens[index + length - 1].end
                    out.extend(Token(text, start, end) for text in standard)
                    index += length
                    break
            else:
                out.append(tokens[index])
                index += 1
        return tuple(out)
