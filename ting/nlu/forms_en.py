"""What form an English sentence has: a story about someone, a how-to or yes-no question about the world.

The English twin of ``ting.nlu.forms`` (Mandarin), for the statistical second pass, which weighs words and
not the form they are said in: "my kids keep turning the volume all the way up" was read as a volume to
set, "somebody left the bedroom light on again" as a state question, "is it cheaper to run the AC at 24 or
at 26 degrees?" as a temperature to set. Each check is by closed classes of function words (persons,
question words, auxiliaries, habit adverbs), not by words of any intent, so a new skill gets them with
nothing to write:

- ``narrates``: every clause tells about someone else (he …, my kids …, somebody …), one's own habit (I
  usually …), what one will do (I'll …) or plans on a day or at a time (I start my new job on Monday at
  8:30), one's own state denied (I'm not tired yet), what happened on a past day (… yesterday, … last
  night) or to a thing (… got cancelled), or what something was (the music at the party was way too
  loud): nothing in it is asked of ting (the second pass only: a run-on without a mark, "the kids are
  asleep stop the music", is one clause the templates read right);
- ``wh_question``: every clause asks (a question word or an auxiliary first, or a question mark) and none
  turns to ting (you, please, me): a command is not read from it;
- ``asks``: a question form (which intents are asked, from their templates' walks);
- ``said_to_family``: the sentence calls a family member ("Mum, where's the remote?", "don't forget, Mum,
  …"): it is said to them, as a sentence that calls another assistant is said to it (both passes).

A clause is what punctuation or "so" / "and" / "but" / "then" separates ("the kids don't have school
Friday so cancel the alarm" ends with a command). Checked against every English command of the
development sets (docs/benchmarks.md).
"""

from __future__ import annotations

import re

_CLAUSE_BREAK = re.compile(r"[,;!?…]+|[.:](?=\s|$)|\s+(?:so|and|but|then|because)\s+", re.IGNORECASE)
_OPENING_FILLERS = re.compile(
    r"^(?:(?:um+|uh+|erm|er|oh|ah|ugh|so|well|like|and|but|ok|okay|hey|yeah|honestly|anyway|apparently)\b\s*)+"
)

_KIN = (
    r"husband|wife|son|sons|daughter|daughters|kids?|children|child|mom|mum|mother|dad|father|brother|sister"
    r"|grandma|grandpa|granny|grandkids|grandson|granddaughter|neighbou?rs?|boss|roommates?|flatmates?"
    r"|partner|boyfriend|girlfriend|friends?|colleagues?|coworkers?|teacher|baby|toddler|dog|cat|family"
    r"|parents|in-laws|aunt|uncle|cousin|nephew|niece|sons?-in-law|daughters?-in-law"
)
_SOMEONE_ELSE = re.compile(
    r"^(?:he|she|they|he's|she's|they're|they've|they'd|he'd|she'd|he'll|she'll|they'll|somebody|someone"
    r"|everybody|everyone|nobody|no one|"
    rf"(?:my|our|the|his|her|their)\s+(?:little\s+|youngest\s+|oldest\s+|older\s+|younger\s+)?(?:{_KIN}))"
    r"(?!'|s'|\s+(?:room|bedroom)\b)\b"
)
"""A clause whose subject is someone else: a third person, or a kin or other person (not "my son's room",
a place)."""
_HABIT = re.compile(r"^(?:i|we)\s+(?:usually|always|normally|often|never|generally|typically|sometimes)\b")
"""One's own habit ("I usually wake up at 7")."""
_PAST_DAY = re.compile(
    r"^(?:i|we|it|there)\b.*\b(?:yesterday|last\s+(?:night|week|weekend|month|year|summer|winter|time)"
    r"|\w+\s+ago|the\s+other\s+day)$"
)
"""A clause said of oneself that ends on a day gone by ("it rained a lot last week", "I watched a movie last
night"): what happened; an order has no subject ("play the song from last night")."""
_WILL = re.compile(r"^(?:i|we)(?:'ll|\s+will|\s+won't)\b")
"""What one will do ("I'll stay up a bit longer"): told, not asked ("I'll forget, remind me" asks after)."""
_PLAN = re.compile(
    r"^(?:i|we)\s+(?!(?:want|wanna|need|would|like|can|can't|cannot|could|don't|dont|do|did|didn't|just|really"
    r"|think|keep|guess|bet|wonder|hope|mean|forgot|forget|have\s+to|gotta)\b)[a-z]+\b(?!')"
    r".*\b(?:tomorrow|tonight|(?:on|this|next)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|week|weekend)|at\s+\d)"
)
"""One's own plan, schedule or routine on a day or at a time, said in the present ("I start my new job on
Monday at 8:30", "I have a meeting in Boston on Friday at 10", "I wake up at 7 every day"): told, like
``_WILL``; a wish or a need ("I need to be up at 5:45 tomorrow", "I want …") asks."""
_NOT_SO = re.compile(r"^(?:i'm|i\s+am|im|we're|we\s+are)\s+not\b")
"""One's own state denied ("I'm not tired yet", "I'm not going to bed yet"): nothing to do; "I'm not ready,
give me five more minutes" asks in its other clause."""
_WAS = re.compile(
    r"^(?:(?:it|that|this|there|the|a|an|my|our|his|her|their|i|we|he|she|they)\b.*|(?:[\w']+\s+){1,2})"
    r"\b(?:was|were|wasn't|weren't)\b(?!.*\s(?:it|them)$)"
)
"""What something or someone was ("the music at the party was way too loud", "it was freezing in the
office today"), its subject first: told, not asked. An order says its verb first ("resume the music I was
listening to"), and a clause ending on "it" / "them" may be a run-on one ("that 1115 am alarm was a
mistake cancel it")."""
_HAPPENED = re.compile(r"\b(?:got|gets|was|were|been)\s+(?:\w+ed|done|gone|broken|stolen|taken|cut)$")
"""Something that happened to a thing, in the passive ("the meeting at 3 pm got cancelled")."""
_WISH = re.compile(
    r"\b(?:wants?|wanted|wanna|needs?|would\s+like|'d\s+like|ask|asks|asked|asking|wonders?|wondering)\b"
)
"""Someone's wish or question said for them ("my daughter wants to hear Frozen", "the kids are asking what
time it is") is a request by proxy."""
_TURNS_TO_TING = re.compile(r"\b(?:you|your|u|please|me|let's|lemme|gimme)\b")
"""A clause that turns to ting (you, please, me) asks something of it, whoever it is about."""
_QUESTION_FIRST = re.compile(
    r"^(?:what|what's|whats|when|when's|where|where's|who|who's|whose|why|why's|how|how's|which|is|isn't|are"
    r"|aren't|was|wasn't|were|do|does|doesn't|did|didn't|will|would|should|shall|can|could|has|have|am|any)\b"
)
"""A question word or an auxiliary first."""
_ASKED_OF_TING = re.compile(r"^(?:will|would|can|could|do|did|won't|can't|couldn't)\s+(?:you|u)\b")
"""A question that is a request ("can you turn it down", "would you play jazz")."""
_REQUEST_QUESTION = re.compile(
    r"^(?:can|could|may|might|would|will|won't|can't|couldn't|shall)\b|\bpossible\b|^(?:what|how)\s+about\b"
    r"|^why\s+(?:don't|not)\b"
)
"""A question that asks for something to be done, whoever does it ("can we hear the next track?", "is it
possible to have the volume on 25?", "what about some jazz")."""


def _clauses(text: str) -> list[str]:
    """The sentence's clauses, lower-cased, each without its opening fillers; clauses of fillers alone left
    out."""
    parts = (_OPENING_FILLERS.sub("", part.strip()) for part in _CLAUSE_BREAK.split(text.lower()))
    return [part.strip() for part in parts if part and part.strip()]


def asks(text: str) -> bool:
    """``text`` has a question form that is no request (a question word or an auxiliary first, not "can
    you …")."""
    clauses = _clauses(text)
    return any(_QUESTION_FIRST.search(part) and not _ASKED_OF_TING.search(part) for part in clauses)


def wh_question(text: str) -> bool:
    """Every clause of ``text`` asks (a question word or an auxiliary first, or a question mark after it)
    and none turns to ting: "is it cheaper to run the AC at 24?" is no command to set it; "can you set it
    to 24?" and "why is it so loud, turn it down" are."""
    clauses = _clauses(text)
    return bool(clauses) and all(
        _QUESTION_FIRST.search(part)
        and not _TURNS_TO_TING.search(part)
        and not _REQUEST_QUESTION.search(part)
        for part in clauses
    )


def narrates(text: str) -> bool:
    """Every clause of ``text`` tells about someone else, one's habit or a day gone by."""
    clauses = _clauses(text)
    return bool(clauses) and all(_narration(part) for part in clauses)


def _narration(clause: str) -> bool:
    if _TURNS_TO_TING.search(clause) or _QUESTION_FIRST.search(clause) or _WISH.search(clause):
        return False  # "my daughter wants jazz, can you put some on": told, then asked
    return any(
        form.search(clause)
        for form in (_SOMEONE_ELSE, _HABIT, _PAST_DAY, _WILL, _PLAN, _NOT_SO, _WAS, _HAPPENED)
    )


_FAMILY = re.compile(
    r"(?:^|[,;.!?]\s*)(?:(?:hey|oi)\s+)?(?:mum|mom|mummy|mommy|dad|daddy|grandma|grandpa|granny|nana|grandad)"
    r"\s*(?:[,;.!?]|$)",
    re.IGNORECASE,
)
"""A family member called by what one calls them, set off by a mark or at an end (not "Mum wants jazz",
"my mum's lamp"): the sentence is said to them."""


def said_to_family(text: str) -> bool:
    """``text`` calls a family member ("Mum, where's the TV remote?", "Don't forget, Mum, the dentist is at
    10 tomorrow"): said to them, not to ting."""
    return bool(_FAMILY.search(text))
