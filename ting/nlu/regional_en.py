"""Regional English words and recognizer homophones, read as the words the templates say (round 16, dev11).

Scottish, Irish, Australian and Southern US speakers say a household command with words of their own (tae =
to, doon = down, gonnae = would you, arvo = afternoon, fixin' to = going to, "give us" = give me, "me timer" =
my timer), and recognizers print words that sound like a command's noun ("set a lot for 6" for an alarm,
"cancel the time her" for the timer, "volume two 40", "the living rum light"). Each is read here by its
neighbours, so every template of every skill gets them without writing them; the words as heard keep their
spans, so a slot still reports what was said ("ring me mam" stays the message).
"""

from __future__ import annotations

from collections.abc import Mapping

from ting.nlu.normalize import Token
from ting.nlu.numbers import EN_NUMBER_WORDS
from ting.nlu.phrase_rewrite import PhraseRewrites

WORDS: Mapping[str, tuple[str, ...]] = {
    # Scots: "pit the volume tae thirty", "turn it doon", "switch aff the lamp", "whit time is it", "haud on"
    **{"whit": ("what",), "whit's": ("what's",), "tae": ("to",), "doon": ("down",), "aff": ("off",)},
    "oot": ("out",),
    **{"haud": ("hold",), "pit": ("put",), "awfy": ("awful",), "a'thegither": ("altogether",)},
    **{"naw": ("no",), "nae": ("no",), "ye": ("you",), "ya": ("you",), "yer": ("your",)},
    **{"dinnae": ("don't",), "didnae": ("didn't",), "cannae": ("can't",), "wouldnae": ("wouldn't",)},
    **{"isnae": ("isn't",), "wasnae": ("wasn't",), "doesnae": ("doesn't",), "awright": ("alright",)},
    # "giz a song" (give us), Irish "that yoke" (that thing)
    **{"giz": ("give", "me"), "gis": ("give", "me")},
    # Australian and New Zealand: "this arvo", "before brekkie"
    **{"arvo": ("afternoon",), "brekkie": ("breakfast",), "brekky": ("breakfast",)},
    # Southern US: "i oughta bring the chairs in"
    "oughta": ("ought", "to"),
    # British and Australian verbs for putting a thing on: "chuck on a timer", "bung the kettle song on"
    **{"chuck": ("put",), "bung": ("put",), "whack": ("put",)},
    # spoken and typed: "k you can put it back on", "righto", "good nite"
    **{"k": ("ok",), "righto": ("right",), "nite": ("night",)},
}
"""A regional or spoken word -> the standard words, wherever it is said."""

PHRASES: Mapping[tuple[str, ...], tuple[str, ...]] = {
    # Southern US "fixing to" is "going to": "is it fixin' to storm", "we're fixing to eat"
    **{(fix, "to"): ("going", "to") for fix in ("fixing", "fixin", "fixen")},
    # Scots: "whit time is it the now", "the morn" (tomorrow)
    ("the", "now"): ("now",),
    ("the", "morn"): ("tomorrow",),
    ("the", "morrow"): ("tomorrow",),
    ("the", "morra"): ("tomorrow",),
    # "right quick" (quickly), "every last one of 'em"
    ("right", "quick"): ("quickly",),
    # said again: "play the previous song once more", "one more time"
    ("once", "more"): ("again",),
    ("one", "more", "time"): ("again",),
    # a thing pointed at: "snooze that thing for twenty minutes" (not "this thing": "what did you put on this
    # thing" is the speaker)
    ("that", "thing"): ("that",),
    ("that", "yoke"): ("that",),
    # Irish "a small bit" is "a bit": "turn that down a small bit"
    ("a", "small", "bit"): ("a", "bit"),
    # the room's main light: "turn on the big light", "big light off" (the room's light, as "the light")
    ("big", "light"): ("light",),
    ("big", "lights"): ("lights",),
    # "even" said for weight after who is asked (round 17): "what are u even good for", "is it even on"
    **{(who, "even"): (who,) for who in ("you", "u", "ya", "ye", "it", "they")},
    # Southern US "what all" is "what": "tell me what all you can do"
    ("what", "all"): ("what",),
    ("of", "em"): ("of", "them"),
    # a little of something: "play us a bit of Fleetwood Mac", "a wee bit of jazz"
    **{(*little, "of"): ("some",) for little in (("a", "bit"), ("a", "little", "bit"), ("a", "wee", "bit"))},
    # ting's name as a recognizer hears it after a greeting: "hey thing, what time is it", "ok ding"
    **{
        (hey, name): (hey, "ting") for hey in ("hey", "ok", "okay", "hi") for name in ("thing", "ding", "tin")
    },
    # recognizer homophones of "alarm", "timer", "living room" (only where the noun fits: after a
    # determiner or "set"; "thanks a lot" stays)
    **{(det, "a", "lot"): (det, "alarm") for det in ("the", "my", "me", "that", "this", "your", "our")},
    **{(det, "a", "lots"): (det, "alarms") for det in ("the", "my", "me", "any", "all", "your", "our")},
    **{(det, "along"): (det, "alarm") for det in ("the", "my", "me", "that", "this")},
    ("many", "a", "lots"): ("many", "alarms"),
    ("set", "a", "lot"): ("set", "an", "alarm"),
    ("what", "time", "her"): ("what", "time", "her"),  # "what time her flight lands" keeps its words
    ("time", "her"): ("timer",),
    ("living", "rum"): ("living", "room"),
    ("bed", "room"): ("bedroom",),
    ("bath", "room"): ("bathroom",),
}
"""Regional phrases and homophones of several words -> the standard words (longest first)."""
_PHRASES = PhraseRewrites(PHRASES)

NOUNS = frozenset(
    {"alarm", "alarms", "timer", "timers", "music", "song", "songs", "tunes", "playlist", "volume", "lamp"}
    | {"light", "lights", "tv", "telly", "heater", "curtains", "ac", "desk", "bedroom", "room", "office"}
    | {"kitchen", "living", "house", "flat", "place", "one", "ones", "reminder", "reminders", "countdown"}
)
"""What commands act on: "me" / "ma" before one is "my" (how long's left on me timer), "them" "those"."""
_VERBS = frozenset(
    {"play", "give", "set", "get", "tell", "show", "wake", "remind", "put", "stick", "chuck", "make", "help"}
    | {"find", "pick", "bring", "read", "run", "sing", "let", "throw", "pop", "whack", "ring"}
)
"""Verbs after which "us" is the speaker: "give us the time", "set us a timer", "play us a song"."""
_PLACES = frozenset({"on", "in", "off", "of", "from", "with", "at"})
"""Prepositions before which "me", a word and a noun are "my" … ("how long's left on me egg timer")."""
_FOR_ME_VERBS = frozenset({"set", "run", "start", "make", "put", "stick", "pop", "book", "read"})
_FOR_ME_BEFORE = frozenset({"a", "an", "one", "another", "out"})
"""The speaker said between a verb and its object, for whom it is done ("set me an alarm", "read me out my
alarms"): left out, since the templates say "set an alarm" ("give me", "play me" keep theirs; "run me through
your skills", "read me my alarms" are templates' own words)."""
_SUBJECTS = frozenset(
    {"i", "i'm", "im", "it", "it's", "its", "we", "we're", "you", "you're", "they", "they're", "he", "she"}
    | {"he's", "she's", "is", "are", "am", "was", "not", "no", "ah"}
)
"""Words after which "gonnae" is "going to" (it's gonnae rain); first, it asks (gonnae set an alarm)."""
_AH_IS_I_BEFORE = frozenset(
    {"said", "say", "was", "am", "have", "had", "think", "know", "need", "want", "asked"}
)
"""Scots "ah" before these is "I": "forget ah said anything"."""
_CLOCK_WORDS = frozenset({"o'clock", "am", "pm", "noon", "midnight"}) | EN_NUMBER_WORDS
"""What "sharp" may follow inside a time."""
_DROPPED_G = frozenset(
    {"looking", "going", "doing", "playing", "ringing", "beeping", "buzzing", "coming", "getting", "raining"}
    | {"snowing", "blowing", "freezing", "pouring", "lashing", "shining", "watching", "listening", "morning"}
    | {"evening", "nothing", "something", "anything", "everything", "thinking", "saying", "trying", "heading"}
    | {"needing", "working", "cooking", "baking", "boiling", "reading", "sleeping", "running", "leaving"}
    | {"starting", "kidding", "turning", "switching", "blaring", "staying", "cutting", "setting", "wondering"}
)
"""-ing words said with the g dropped ("how's the weather lookin'", "it's goin' off", "mornin'"): the
recognizer's apostrophe is not a token, so "lookin" is read as "looking"."""


def regional_english(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """``tokens`` with regional English words and recognizer homophones as the standard words."""
    tokens = _scots_days(_PHRASES.read(tokens))
    out: list[Token] = []
    for index, token in enumerate(tokens):
        words = _standard(tokens, index)
        if words is None:
            out.append(token)
        else:
            out.extend(Token(text, token.start, token.end) for text in words)
    return tuple(out)


def _standard(tokens: tuple[Token, ...], index: int) -> tuple[str, ...] | None:
    """The standard words for ``tokens[index]`` read by its neighbours, or None to keep it."""
    text = tokens[index].text
    before = tokens[index - 1].text if index else None
    after = tokens[index + 1].text if index + 1 < len(tokens) else None
    if text in WORDS:
        return WORDS[text]
    if text.endswith("in") and text + "g" in _DROPPED_G:
        return (text + "g",)
    named = after in NOUNS or (
        before in _PLACES and index + 2 < len(tokens) and tokens[index + 2].text in NOUNS
    )
    if text in {"me", "ma"} and named and before not in _VERBS:
        return ("my",)  # "on me timer", "on me egg timer", "ma desk lamp" ("give me music", "help me set …")
    if text in {"me", "us"} and before in _FOR_ME_VERBS and after in _FOR_ME_BEFORE:
        return ()  # for the speaker: "set me an alarm", "set us a timer", "run me through the alarms"
    if text == "us" and before in _VERBS:
        return ("me",)
    if text == "them" and after in NOUNS:
        return ("those",)  # "clear out all them alarms"
    if text == "cut" and any(word.text in {"on", "off"} for word in tokens[index + 1 : index + 6]):
        return ("turn",)  # Southern US "cut the light on", "cut the TV off"
    if text == "sharp" and before is not None and (before[:1].isdigit() or before in _CLOCK_WORDS):
        return ()  # "6 o'clock sharp this evening": said of the time, inside it
    if text == "gonnae":
        return ("going", "to") if before in _SUBJECTS else ("would", "you")
    if text == "ah" and after in _AH_IS_I_BEFORE:
        return ("i",)
    if text in {"too", "two"} and after is not None and after[:1].isdigit():
        return ("to",)  # "volume two 40", "set the lamp too 15 percent" ("two forty" stays a time)
    if text == "too" and before == "me" and index >= 2 and tokens[index - 2].text == "remind":
        return ("to",)  # "remind me too put the bins out"
    return None


_SCOTS_DAYS = {"day": "today", "night": "tonight"}
_NOT_BEFORE_SCOTS_DAY = frozenset(
    {"for", "through", "all", "of", "during", "in", "at", "by", "the", "good", "a"}
)
_NOT_AFTER_SCOTS_DAY = frozenset(
    {"after", "before", "of", "light", "lights", "mode", "time", "off", "out", "and", "or", "is", "today"}
)


def _scots_days(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """Scots "the day" / "the night" (today, tonight) after a word that asks about them ("what's the weather
    like the day", "will it rain the night"), not "for the night", "the day after tomorrow", "the night
    light"."""
    out: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        day = _SCOTS_DAYS.get(tokens[index + 1].text) if index + 1 < len(tokens) else None
        after = tokens[index + 2].text if index + 2 < len(tokens) else None
        if (
            day is not None
            and token.text == "the"
            and index
            and tokens[index - 1].text not in _NOT_BEFORE_SCOTS_DAY
            and after not in _NOT_AFTER_SCOTS_DAY
        ):
            out.append(Token(day, token.start, tokens[index + 1].end))
            index += 2
            continue
        out.append(token)
        index += 1
    return tuple(out)
