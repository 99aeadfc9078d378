"""English questions embedded after a wrapper, in a statement's word order ("do you know what the weather
will be like tomorrow", "tell me whether the tv is still on", "let me know if the bedroom ac is on"), put
back in a question's order ("... what will the weather be like tomorrow", "... is the tv still on"), so that
every question template of every skill gets them without writing them twice.

Tried only when the sentence as said matches nothing (``IntentRecognizer.recognize``): the wrapper stays
(it is a filler phrase, skipped at its usual cost) and the words keep their spans, so slots still point at
what was said.
"""

from __future__ import annotations

from collections.abc import Sequence

from ting.nlu.normalize import Token

WRAPPERS: tuple[tuple[str, ...], ...] = tuple(
    tuple(phrase.split())
    for phrase in (
        *("do you know", "do you happen to know", "you know", "tell me", "can you tell me"),
        *("could you tell me", "let me know", "i wonder", "i was wondering", "any idea", "got any idea"),
        *("i'd like to know", "i want to know", "i need to know", "wanna know", "want to know"),
        *("remind me", "can you remind me", "could you remind me"),
        # asked to be explained (round 12): "could you explain what sort of things I can ask you"
        *("explain", "can you explain", "could you explain"),
    )
)
THINKING: tuple[tuple[str, ...], ...] = tuple(
    tuple(phrase.split())
    for phrase in ("do you reckon", "you reckon", "y'all reckon", "reckon", "do you think", "you think")
)
"""Asked what ting thinks, a statement after it ("do you reckon it'll be baltic on Saturday", "do you think
the timer's nearly done"): a yes/no question, read as one without the wrapper (round 16; "I reckon" tells)."""
"""Words after which a question is said in a statement's order. Longest first is not needed: the clause
begins where the first wrapper found ends, and no wrapper is another's beginning followed by a wh-word."""
RELAYED: tuple[tuple[str, ...], ...] = tuple(
    tuple(phrase.split())
    for phrase in (
        *("wants to know", "want to know", "would like to know", "wanted to know", "is asking", "was asking"),
        *("are asking", "asks"),
        *("is wondering", "was wondering", "wonders", "asked me to ask"),
    )
)
"""Someone else's question relayed ("Grandpa wants to know if it's going to snow tomorrow", "my mum is
asking what time it is"): who asks (at most ``RELAY_REACH`` words) and the wrapper are left out, the question
is read."""
RELAY_REACH = 3
WH_WORDS = frozenset({"what", "how", "when", "which", "where", "who"})
YES_NO = frozenset({"if", "whether"})
SUBJECTS = frozenset({"the", "my", "our", "your", "it", "i", "we", "you", "this", "that", "there", "they"})
"""Words a subject begins with: the question's own words (``what time``, ``how much``) come before it."""
AUXILIARIES = frozenset(
    {"is", "are", "will", "was", "were", "does", "do", "did", "has", "have", "can", "should"}
)
CONTRACTED = {
    **{"it's": ("it", "is"), "there's": ("there", "is"), "that's": ("that", "is")},
    # a subject and "will" ("whether I'll need sunglasses tomorrow", "if it'll rain")
    **{f"{who}'ll": (who, "will") for who in ("i", "we", "you", "it", "there", "they")},
}
"""A subject and its verb in one token ("whether it's going to rain")."""
DO_SUBJECTS = frozenset({"i", "we", "you"})
"""Subjects that take "do" when the statement has no auxiliary ("what alarms i have")."""
REACH = 6
"""How far (tokens) the subject and its auxiliary may be from the words before them."""
WRAPPER_REACH = 10
"""How far (tokens) from the start a wrapper may begin: after a long courtesy too (round 16: "would you be so
good as to tell me what the weather will be doing")."""


def question_order(tokens: Sequence[Token]) -> tuple[Token, ...] | None:
    """``tokens`` with the embedded question after a wrapper put in a question's order, or None when there
    is no such question (or it is in a question's order already: "tell me how long is left")."""
    texts = [token.text for token in tokens]
    relayed = _relayed(texts)
    if relayed is not None and relayed < len(texts):
        # "grandma is asking, is it cold out": the question as it is, else in a question's order
        asked = tuple(tokens[relayed:])
        return _reordered(asked, texts[relayed:], 0) or asked
    thought = _after_thinking(tokens, texts)
    if thought is not None:
        return thought
    clause = _after_wrapper(texts)
    if clause is None or clause >= len(texts):
        return None
    reordered = _reordered(tokens, texts, clause)
    if _reminding(texts, clause) and texts[clause] in WH_WORDS:
        # "remind me what the date is", "remind me how long is left": "remind me" is the reminder's verb,
        # never skipped as a filler, so the question is read without it (and without "could you" before it)
        return tuple((reordered or tokens)[clause:])
    return reordered


def _reminding(texts: Sequence[str], clause: int) -> bool:
    """The wrapper that ends at ``clause`` is "remind me" (asked to be told again, not a reminder)."""
    return tuple(texts[clause - 2 : clause]) == ("remind", "me")


def _reordered(tokens: Sequence[Token], texts: Sequence[str], clause: int) -> tuple[Token, ...] | None:
    if texts[clause] in YES_NO:
        return _yes_no(tokens, texts, clause)
    if texts[clause] in WH_WORDS:
        return _wh(tokens, texts, clause)
    return None


def _relayed(texts: Sequence[str]) -> int | None:
    """Where the question relayed after "X wants to know" begins, or None."""
    for start in range(1, min(len(texts), RELAY_REACH + 1)):
        for wrapper in RELAYED:
            if tuple(texts[start : start + len(wrapper)]) == wrapper:
                return start + len(wrapper)
    return None


def _after_thinking(tokens: Sequence[Token], texts: Sequence[str]) -> tuple[Token, ...] | None:
    """The statement after a thinking wrapper said first, as a yes/no question without the wrapper."""
    for wrapper in THINKING:
        clause = len(wrapper)
        if tuple(texts[:clause]) == wrapper and clause < len(texts) and texts[clause] not in YES_NO:
            asked = _yes_no(tokens, texts, clause - 1)  # as if "if" stood where the wrapper's last word is
            return None if asked is None else asked[clause - 1 :]
    return None


def _after_wrapper(texts: Sequence[str]) -> int | None:
    for start in range(min(len(texts), WRAPPER_REACH)):
        for wrapper in WRAPPERS:
            if tuple(texts[start : start + len(wrapper)]) == wrapper:
                return start + len(wrapper)
    return None


def _yes_no(tokens: Sequence[Token], texts: Sequence[str], clause: int) -> tuple[Token, ...] | None:
    """ "if the tv is on" -> "is the tv on"; "whether it's going to rain" -> "is it going to rain"."""
    subject = clause + 1
    if subject < len(texts) and texts[subject] in CONTRACTED:
        who, be = CONTRACTED[texts[subject]]
        heard = tokens[subject]
        moved = (Token(be, heard.start, heard.end), Token(who, heard.start, heard.end))
        return (*tokens[:clause], *moved, *tokens[subject + 1 :])
    if subject >= len(texts) or texts[subject] not in SUBJECTS:
        return None
    verb = _auxiliary(texts, subject + 1)
    if verb is None:
        return None
    return (*tokens[:clause], tokens[verb], *tokens[subject:verb], *tokens[verb + 1 :])


def _wh(tokens: Sequence[Token], texts: Sequence[str], clause: int) -> tuple[Token, ...] | None:
    """ "what the weather will be like" -> "what will the weather be like"; "what alarms i have" -> "what
    alarms do i have"; a subject and "is" in one token too: "what it's like outside" -> "what is it like
    outside", "what the weather's going to be like" -> "what is the weather going to be like"."""
    tokens, texts = _contractions_split(tokens, texts, clause)
    subject = next(
        (at for at in range(clause + 1, min(len(texts), clause + REACH)) if _subject(texts, at)), None
    )
    if subject is None or any(text in AUXILIARIES for text in texts[clause + 1 : subject]):
        return None  # no subject, or the question's order already ("how long is left on the timer")
    verb = _auxiliary(texts, subject + 1)
    # "what alarms i have": "have" is the verb itself, and the question takes "do"
    main = verb is not None and verb == len(texts) - 1 and texts[verb] in ("have", "do")
    if verb is not None and not main:
        return (*tokens[:subject], tokens[verb], *tokens[subject:verb], *tokens[verb + 1 :])
    if texts[subject] in DO_SUBJECTS and subject + 1 < len(texts):
        heard = tokens[subject]
        return (*tokens[:subject], Token("do", heard.start, heard.start), *tokens[subject:])
    return None


def _subject(texts: Sequence[str], at: int) -> bool:
    """A subject begins at ``at``: a subject word, or a possessive before its noun ("what today's date is",
    "what grandpa's alarm is set to": a noun follows, not a verb as in "what grandma's saying")."""
    if texts[at] in SUBJECTS:
        # after "of" the words are the question's own ("what day of the week it is", round 12)
        return texts[at - 1] != "of"
    after = texts[at + 1] if at + 1 < len(texts) else None
    return texts[at].endswith("'s") and len(texts[at]) > 3 and after is not None and after not in AUXILIARIES


def _auxiliary(texts: Sequence[str], start: int) -> int | None:
    return next((at for at in range(start, min(len(texts), start + REACH)) if texts[at] in AUXILIARIES), None)


def _contractions_split(
    tokens: Sequence[Token], texts: Sequence[str], clause: int
) -> tuple[Sequence[Token], Sequence[str]]:
    """The first subject-and-"is" token after the wh-word ("it's", "weather's") as two tokens, both with the
    heard token's span, so that the question's order can be made from them."""
    for at in range(clause + 1, min(len(texts), clause + REACH)):
        text = texts[at]
        if text in AUXILIARIES:
            break
        parts = CONTRACTED.get(text) or (
            (text[:-2], "is") if text.endswith("'s") and len(text) > 3 and texts[at - 1] in SUBJECTS else None
        )
        if parts is None:
            continue
        heard = tokens[at]
        split = (Token(parts[0], heard.start, heard.end), Token(parts[1], heard.start, heard.end))
        joined = (*tokens[:at], *split, *tokens[at + 1 :])
        return joined, [token.text for token in joined]
    return tokens, texts
