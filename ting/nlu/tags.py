"""A statement with a tag question after it, read as the question it asks (round 16, dev11).

"The kitchen light's off, isn't it?", "the timer's not finished yet, is it?", "the tv is still on, isn't it"
ask whether the statement holds, as "is the kitchen light off" does: they are not commands ("kitchen light
off") nor statements. A statement of the form SUBJECT is / 's [not] REST followed by a tag (is it, isn't it,
are they, aren't they …) is read as "is SUBJECT REST" (the "not" left out: a yes/no question asks either
way), so every yes/no question of every skill's templates takes its tagged form too.
"""

from __future__ import annotations

from ting.nlu.normalize import Token

_TAG_AUXILIARIES = frozenset({"is", "isn't", "are", "aren't", "was", "wasn't"})
_TAG_PRONOUNS = frozenset({"it", "they", "he", "she", "there"})
_NOT_SUBJECTS = frozenset(
    {"what's", "that's", "it's", "let's", "there's", "here's", "he's", "she's", "who's"}
)
"""Words ending in 's that begin no subject of a thing ("it's not gone ten yet, has it" is no state)."""
_COPULAS = frozenset({"is", "are", "isn't", "aren't"})
_STATES = frozenset(
    {"on", "off", "open", "closed", "shut", "done", "finished", "up", "going", "running", "set"}
)
"""What a statement without its copula may end with ("the kitchen lights on, isn't it": the apostrophe of
"light's" lost by the recognizer)."""
_DETERMINERS = frozenset({"the", "my", "our", "that", "this"})


def tag_question(tokens: tuple[Token, ...]) -> tuple[Token, ...] | None:
    """``tokens`` (a statement and its tag) as a yes/no question, or None when they end in no tag or the
    statement has no subject and copula to turn round."""
    if len(tokens) < 5 or tokens[-2].text not in _TAG_AUXILIARIES or tokens[-1].text not in _TAG_PRONOUNS:
        return None
    statement = tokens[:-2]
    for at, token in enumerate(statement):
        if at and token.text in _COPULAS:
            subject, rest = statement[:at], statement[at + 1 :]
            copula = Token("are" if token.text.startswith("are") else "is", token.start, token.end)
            break
        if token.text.endswith("'s") and token.text not in _NOT_SUBJECTS and len(token.text) > 2:
            noun = Token(token.text[:-2], token.start, token.end - 2)
            subject, rest = (*statement[:at], noun), statement[at + 1 :]
            copula = Token("is", token.end - 2, token.end)
            break
    else:
        if statement[-1].text not in _STATES or not _DETERMINERS & {token.text for token in statement}:
            return None
        first = statement[0]
        return (Token("is", first.start, first.start), *statement)
    if rest and rest[0].text == "not":
        rest = rest[1:]
    if not rest or subject[0].text in {"i", "you", "we"}:
        return None
    return (copula, *subject, *rest)
