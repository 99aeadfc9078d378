"""Where an English question begins inside a sentence printed without marks: a second question run on
after a first ("hows the timer doing how much longer till it beeps", "what time is it is it late"), or a
question after a remark ("i just got you what am i supposed to ask you", "timer check how much is left").
``clauses.conjunctions`` begins a clause there (length 0), tried only when the whole reads as nothing."""

from __future__ import annotations

from collections.abc import Sequence

WH_WORDS = frozenset({"what", "how", "when", "where", "which", "who"})
WH_IS = frozenset({"what's", "whats", "how's", "hows", "where's", "wheres", "when's", "who's"})
"""A wh-word and "is" in one token: a question's order whatever follows."""
AUXILIARIES = frozenset(
    {"is", "are", "was", "will", "does", "do", "did", "has", "have", "am", "can", "should"}
)
HOW_MUCH = frozenset({"much", "long", "many", "late", "early", "far", "soon"})
"""Words after "how" that make it a question on their own ("how much longer till it beeps")."""
SUBJECTS = frozenset({"it", "the", "my", "there", "that", "this", "we", "i", "you", "our", "its"})
NOT_AFTER = frozenset(
    {"me", "know", "wonder", "wondering", "idea", "to", "and", "or", "about", "ask", "asking", "of", "sure"}
    | {"tell", "see", "remember", "forgot", "forget", "is", "was", "guess", "asked", "knows", "say"}
)
"""Words after which a wh-word begins an embedded question or an object ("tell me what time it is", "i
forgot what day it is", "guess what happened"), not a question of its own."""
QUESTION_FIRST = WH_WORDS | WH_IS | AUXILIARIES
REACH = 2
"""How far after "what" / "when" its auxiliary may be ("what time is it", "what day is it")."""


def second_question(tokens: Sequence[str], index: int) -> bool:
    """A question begins at ``index`` (after two words or more): a wh-word in a question's order, or, when
    the sentence began with a question, an auxiliary and a subject ("is it cold")."""
    if index < 2 or tokens[index - 1] in NOT_AFTER:
        return False
    word = tokens[index]
    after = tokens[index + 1 : index + 1 + REACH]
    if word in WH_IS:
        return bool(after)
    if word in WH_WORDS:
        how_much = word == "how" and bool(after) and after[0] in HOW_MUCH
        return how_much or any(text in AUXILIARIES for text in after)
    return (
        index >= 3
        and word in AUXILIARIES - {"can", "have", "do"}
        and tokens[0] in QUESTION_FIRST
        and bool(after)
        and after[0] in SUBJECTS
    )
