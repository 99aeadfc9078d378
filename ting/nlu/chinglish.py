"""English as a Chinese household says it: 打开 / 关掉 said as "open" / "close" for anything that switches
("open the music", "close the timer", "close my 7 am alarm", "the light open", "help me close the TV"), and
"the" left out, as Mandarin has no articles ("close music", "how's weather tomorrow", "cancel alarm").

Mandarin has one verb pair, 开 / 关, for every device, the music, a timer or an alarm; a bilingual speaker
carries it into English. The skills write "turn on" / "turn off" (and "open" / "close" where English says
it: curtains, a door); here every "open" / "close" is read as "turn on" / "turn off", or as "on" / "off" when
said after its object, so that every template with those words reads it without writing each twice.

The article is put back before the nouns the skills' templates say with "the" (music, weather, timer …) when
no determiner is said before them.

Tried only when the sentence as said reads as nothing (``placed.other_orders``), so "open the curtains"
and "close the curtains halfway" keep their own templates; the words keep their spans.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ting.nlu.normalize import Token

VERBS: dict[str, str] = {"open": "on", "close": "off"}
"""The Mandarin pair's English words -> the particle a template says (turn *on*, turn *off*)."""
_TRAILING = frozenset({"please", "now", "pls", "thanks", "for", "me", "it"})
"""Words that may follow an object-first "open" / "close" ("the tv close please", "the light open for me")."""
NOUNS = frozenset(
    {"music", "song", "track", "weather", "forecast", "timer", "countdown", "alarm", "alarms", "volume"}
    | {"sound", "light", "lights", "lamp", "tv", "television", "ac", "curtains", "curtain", "date"}
    | {"temperature"}
)
"""Nouns the templates say after "the" ("turn off the music", "how's the weather", "cancel the timer")."""
DETERMINERS = frozenset(
    {"the", "a", "an", "my", "our", "your", "this", "that", "these", "those", "some", "any", "every", "all"}
    | {"each", "no", "his", "her", "their", "its", "which", "what", "whose"}
)


def chinese_english(tokens: Sequence[Token]) -> Iterator[tuple[Token, ...]]:
    """``tokens`` read as a Chinese speaker means them: "open" / "close" as "turn on" / "turn off", then with
    the articles put back too, then the articles alone (nothing when neither applies)."""
    switched = switch_words(tokens)
    if switched is not None:
        yield switched
        with_both = with_articles(switched)
        if with_both is not None:
            yield with_both
    articled = with_articles(tokens)
    if articled is not None:
        yield articled


def with_articles(tokens: Sequence[Token]) -> tuple[Token, ...] | None:
    """``tokens`` with "the" before each of ``NOUNS`` said without a determiner (after a name or a number it
    is no noun of its own: "the bedroom light", "10 minute timer" are left as said), or None."""
    out: list[Token] = []
    added = False
    for at, token in enumerate(tokens):
        before = tokens[at - 1].text if at else ""
        if token.text in NOUNS and before not in DETERMINERS and not _modifies(before):
            out.append(Token("the", token.start, token.start))
            added = True
        out.append(token)
    return tuple(out) if added else None


def _modifies(word: str) -> bool:
    """A word that makes the noun part of a longer name or a length ("desk lamp", "10 minute timer",
    "kitchen light", "pizza timer"): anything but a verb, a particle or a preposition before it."""
    return bool(word) and word not in _BEFORE_A_NOUN


_BEFORE_A_NOUN = frozenset(
    {"turn", "switch", "stop", "cancel", "pause", "resume", "play", "start", "close", "open", "kill", "end"}
    | {"off", "on", "up", "down", "how's", "what's", "is", "are", "check", "set", "reset", "delete", "remove"}
    | {"clear", "skip", "mute", "unmute", "lower", "raise", "dim", "brighten", "change", "about", "of", "to"}
    | {"for", "in", "at", "with", "and", "shut", "snooze", "silence", "restart", "continue", "read", "tell"}
)
"""Words after which a bare noun is the object, not part of a name ("turn off music", "how's weather")."""


def switch_words(tokens: Sequence[Token]) -> tuple[Token, ...] | None:
    """``tokens`` with "open" / "close" read as "turn on" / "turn off" (after the object: "on" / "off"), or
    None when the sentence has neither word."""
    texts = [token.text for token in tokens]
    if not any(text in VERBS for text in texts):
        return None
    out: list[Token] = []
    for at, token in enumerate(tokens):
        particle = VERBS.get(token.text)
        if particle is None:
            out.append(token)
            continue
        last = all(text in _TRAILING for text in texts[at + 1 :])
        if last and at > 0:  # "the light open", "tv close please": the object said first
            out.append(Token(particle, token.start, token.end))
        else:  # "open the music", "close my alarm for 7": the verb first
            out.extend((Token("turn", token.start, token.end), Token(particle, token.start, token.end)))
    return tuple(out)
