"""A thing named in an earlier clause and acted on as "it" in a later one ("the range hood is so noisy, turn
it off", "the water heater, could you switch it on", "forget the egg timer, just kill it", "the kids are
asleep and the telly's still on turn it off"): the pronoun is read as the words that named the thing, so
every template that names a device, a timer, the music or an alarm gets these sentences (English).

Said alone, "turn it off" is the alarm's stop (what rings is what one silences without naming it); after a
remark that names the range hood it is the range hood. A thing is named by a determiner and the words after
it up to a verb, an adverb or a preposition ("the timer for the oven": "the timer" and "the oven"), or by the
first words of a clause ("range hood's so loud"); the nearest is tried first, at most ``MAX_TRIES``, and the
recognizer takes the first that the templates read (``IntentRecognizer.recognize``). The pronoun must be an
object: "what time is it", "it will rain" keep their "it". The words put in keep the pronoun's span.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ting.nlu.clauses import clauses
from ting.nlu.colloquial import STANDARD
from ting.nlu.normalize import Token
from ting.nlu.result import Recognition

PRONOUNS = frozenset({"it", "them"})
"""Object pronouns read as the thing named before ("that" too, before a particle or at a clause's end)."""
PRONOUNS_AND_THAT = PRONOUNS | {"that"}
DETERMINERS = frozenset({"the", "my", "our", "this", "that", "your", "his", "her", "every"})
_STATES = frozenset({"on", "off", "running", "still", "working", "open", "closed", "locked"})
_PARTICLES = frozenset({"off", "on", "up", "down", "out", "back"})
_NOT_OBJECT_BEFORE = frozenset(
    {"is", "was", "does", "did", "will", "be", "isn't", "wasn't", "doesn't", "if", "whether", "what", "how"}
    | {"about"}
)
"""Words before a subject or predicate "it" ("what time is it", "how is it outside"), and "about it" (what
a reminder is about: the whole remark, not a thing in it)."""
_NOT_OBJECT_AFTER = frozenset(
    {"is", "was", "will", "would", "has", "had", "can", "could", "should", "might", "gets", "got", "looks"}
    | {"seems", "sounds", "feels", "isn't", "wasn't", "won't", "doesn't", "going", "gonna"}
)
"""Words after a subject "it" ("it will rain", "it looks cloudy", "is it going to snow")."""
_STOPS = frozenset(
    {"is", "are", "was", "were", "be", "been", "has", "have", "had", "keeps", "keep", "kept", "still", "just"}
    | {"so", "too", "really", "very", "way", "isn't", "aren't", "wasn't", "won't", "doesn't", "don't"}
    | {"didn't", "can't", "cant", "needs", "need", "seems", "looks", "sounds", "went", "got", "gets"}
    | {"makes", "made", "can", "could", "will", "would", "should", "and", "but", "or", "because", "with"}
    | {"on", "off", "in", "at", "for", "of", "to", "from", "up", "down", "again", "now", "already", "it"}
    | {"i", "you", "we", "they", "he", "she", "all", "right", "here", "there", "please", "is", "it's"}
    | {"i'm", "we're", "they're", "you're", "what", "that's", "there's", "who", "which", "when", "while"}
    | {"by", "into", "over", "anymore", "any", "more", "since", "like", "a", "an", "some"}
)
"""Words that end a thing's name: verbs, adverbs, prepositions, pronouns (a closed class)."""
_NOT_A_THING_FIRST = _STOPS | DETERMINERS | frozenset({"oh", "ok", "okay", "uh", "um", "hey", "so", "nobody"})
_SUBJECT_VERBS = frozenset({"is", "are", "was", "were", "keeps", "has", "needs", "won't", "isn't", "still"})
MAX_WORDS = 4
"""Words of a thing's name after its determiner ("the living room air conditioner")."""
MAX_TRIES = 3


def with_antecedents(text: str, tokens: Sequence[Token]) -> Iterator[tuple[Token, ...]]:
    """``tokens`` with their object pronouns read as a thing named in an earlier clause, nearest thing
    first (at most ``MAX_TRIES``), from the pronoun's clause on (the remark before it named the thing and is
    not the command: "the timer for the oven, don't need it anymore, get rid of it"); nothing when no clause
    after the first holds such a pronoun."""
    parts = clauses(text, tokens, "en")
    if len(parts.starts) < 2:
        return
    texts = [token.text for token in tokens]
    pronouns = [at for at in range(parts.starts[1], len(texts)) if _object_pronoun(texts, at, parts.ends)]
    if not pronouns:
        return
    first_pronoun_clause = max(start for start in parts.starts if start <= pronouns[0])
    things = _things(tokens, parts.starts, parts.ends, first_pronoun_clause)
    for _, thing in sorted(things, key=lambda found: -found[0])[:MAX_TRIES]:
        rewritten: list[Token] = []
        for at in range(first_pronoun_clause, len(tokens)):
            token = tokens[at]
            if at in pronouns:
                rewritten.extend(Token(word.text, token.start, token.end) for word in thing)
            else:
                rewritten.append(token)
        yield tuple(rewritten)


def _object_pronoun(texts: Sequence[str], at: int, ends: Sequence[int]) -> bool:
    word = texts[at]
    before = texts[at - 1] if at > 0 else ""
    after = texts[at + 1] if at + 1 < len(texts) else ""
    if after in _NOT_OBJECT_AFTER or (before in _NOT_OBJECT_BEFORE and after not in _STATES):
        return False  # but "the water heater, is it on": the thing's state asked
    if word in PRONOUNS:
        return True
    return word == "that" and (after in _PARTICLES or at + 1 in ends)


def _things(
    tokens: Sequence[Token], starts: Sequence[int], ends: Sequence[int], before: int
) -> list[tuple[int, tuple[Token, ...]]]:
    """Things named in the clauses that begin before token ``before``, by where they begin."""
    found: dict[int, tuple[Token, ...]] = {}
    texts = [token.text for token in tokens]
    for start, end in zip(starts, ends, strict=True):
        if start >= before:
            break
        for at in range(start, end):
            if texts[at] in DETERMINERS:
                name = _name(tokens, at + 1, end)[0]
                # "this music is too loud, turn it off": "turn the music off", as templates say it
                said = "the" if texts[at] in ("this", "that") else texts[at]
                thing = (Token(said, tokens[at].start, tokens[at].end), *name) if name else ()
            elif at == start and texts[at] not in _NOT_A_THING_FIRST:
                # a clause's first words only as its subject ("range hood's so loud", "telly is on") or as
                # the whole clause ("water heater, turn it on"), not a command's verb ("gotta water ...")
                name, taken, possessive = _name(tokens, at, end)
                after = at + taken
                subject = possessive or after == end or (after < end and texts[after] in _SUBJECT_VERBS)
                thing = name if subject else ()
            else:
                continue
            if thing:
                found[at] = thing
    return list(found.items())


def _name(tokens: Sequence[Token], at: int, end: int) -> tuple[tuple[Token, ...], int, bool]:
    """The words of a name from ``at``: up to a stop word, a word with "'s" (its stem kept: "the tv's on"),
    the clause's end or ``MAX_WORDS``; with the tokens it takes and whether it ended with "'s"."""
    words: list[Token] = []
    for taken, token in enumerate(tokens[at : min(end, at + MAX_WORDS)]):
        if token.text in _STOPS or token.text in DETERMINERS:
            return tuple(words), taken, False
        if token.text.endswith("'s") and len(token.text) > 2:
            stem = token.text[:-2]  # "the telly's on": the tv, as the word alone is read
            words.extend(Token(word, token.start, token.end - 2) for word in STANDARD.get(stem, (stem,)))
            return tuple(words), taken + 1, True
        words.append(token)
    return tuple(words), len(words), False


def reads_the_pronoun(found: Recognition) -> bool:
    """A free-text slot of ``found`` holds the words put in for a pronoun (its raw words are the pronoun's
    span: "remind me to do it", a message): the thing was not what the slot asks for."""
    return any(
        set(slot.raw_value.split()) & PRONOUNS_AND_THAT and slot.value == slot.raw_value
        for slot in found.slots
    )
