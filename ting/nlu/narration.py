"""Clauses that talk about something instead of asking ting to do it, and readings of things outside the home.

People say an intent's words without meaning its command: "my sister turned off the lights",
我一般七点起床, "who turned off the lights", "I wish it were warmer", 客厅的灯一开，猫就跑了. Templates and
the statistical pass know which words an intent says, not who does what: these rules say it by the kind of
sentence, per clause
(a clause ends at a mark or a joining word, as ``fillers.clause_starts`` and ``fillers.conjunctions`` find
them), so that 我儿子睡了，把电视关了 still turns the television off. The kinds (docs/nlu.md, "Not a
command"):

- someone else's doing: a clause whose subject is another person or an animal (我妈, 孩子, 他; "my sister",
  "the kids", "she"), not a possessive ("my sister's room", 我妈的房间);
- one's own habit or past: I/we or 我/我们 with a habit or past word (usually, always, never, used to;
  一般, 平时, 每天, 总是, 昨天), or a past time anywhere in the clause (yesterday, last night, 昨天, 去年);
- what someone or something says or shows (听说, 天气预报说, 显示; "the news said", "my phone says");
- questions about the past (who turned …, when did …, what was …; 哪年, 来着, 是谁…的);
- wishes and hypotheticals (I wish, if only, I'd love to; 希望, 但愿, 要是……就好了);
- a regularity (一…就, whenever, every time).

Negated commands (别开灯, "don't turn on the light") are a kind of their own: a skill owns a negation its
templates say (别放了 is ``music.stop``), so only the statistical pass is kept from reading a negated clause
(``without_negated``). Things outside the home (the car, a phone, the fridge, a meeting) named outside a
free-text slot make a reading refused unless the intent's own templates say the word (``outside_home``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence

from ting.nlu.fillers import FILLERS, clause_starts, conjunctions
from ting.nlu.normalize import Token
from ting.nlu.result import Recognition

# --- Chinese (clauses are matched as strings: every Chinese character is a token) ---------------------------

_ZH_LEAD = re.compile(r"^(?:[嗯呃哎诶唉哦啊额噢]|那个|就是|然后|其实|话说|对了)*")
_ZH_KIN = (
    "爸爸|妈妈|老爸|老妈|爸|妈|儿子|女儿|闺女|老婆|老公|媳妇|姐姐|哥哥|妹妹|弟弟|姐|哥|妹|弟|奶奶|爷爷|姥姥|"
    "姥爷|外婆|外公|同事|朋友|女朋友|男朋友|室友|邻居|老板|孩子|宝宝|家猫|猫|狗|爸妈|父母|家人|闺蜜"
)
_ZH_OTHERS = "他们|她们|他|她|孩子们|孩子|宝宝|老板|隔壁|邻居|同事|室友|房东|师傅|家里人|有人"
_ZH_SOMEONE = re.compile(
    rf"^(?:(?:我|我们|我家|咱家|我们家)(?:{_ZH_KIN})|(?:{_ZH_OTHERS}))(?![的家房屋卧那这])"
)
"""Someone else first, not as an owner (我妈的房间, 孩子房间的灯 are places); not 楼上 / 楼下 (floors of
the home: 楼下有几盏灯开着)."""
_ZH_HABIT = re.compile(
    r"^(?:我|我们|咱们|咱)(?:一般|平时|平常|通常|每天|天天|总是|老是|经常|常常|从来|从不|以前|小时候|"
    r"昨天|昨晚|前天|上周|上个月|去年|一直|向来|刚才|刚刚)"
)
_ZH_PAST = re.compile(r"昨天|昨晚|前天|上周|上礼拜|上个月|去年|前年|小时候|当时|那时候|当年")
"""Not 以前 alone: 八点以前 is "before eight"."""
_ZH_REPORT = re.compile(r"听说|(?:预报|新闻|电视上|广播里|手机上|软件)说|\S显示")
"""What a device or the news says (温度计显示…); 显示一下时间 first is a command."""
_ZH_PAST_QUESTION = re.compile(r"哪一?年\S+的|是谁\S+的|谁(?:发明|写|唱|关|开|买|换|装|挑|定|设)的")
_ZH_WISH = re.compile(r"希望|但愿|要是.*就好了|如果.*就好了")
"""Not 好想 / 真想: 好想听首歌 asks for one."""
_ZH_REGULAR = re.compile(r"一[开关响到放停亮黑下]")
_ZH_COMMANDS = re.compile(
    r"^(?:把|播放|放|打开|开|关|帮|给我|提醒|叫我|喊我|设|定|来|请|麻烦|取消|删|暂停|继续|切|调|告诉|查|念|"
    r"唱|让)"
)
"""A clause that begins with a command verb speaks to ting, whatever its object says (放一首小时候,
提醒我给我妈打电话)."""
_ZH_NEGATED = re.compile(r"^(?:千万|可)?(?:别|不要|不用|甭|不许|不准)(?!忘)")

# --- English (clauses are matched as word sequences) -------------------------------------------------------

_EN_LEAD = FILLERS["en"] | {"and", "but", "well", "oh", "hey", "ugh", "lol", "honestly", "apparently"}
_EN_PERSONS = frozenset(
    {
        *("dad", "mom", "mum", "mother", "father", "sister", "brother", "son", "daughter", "kids", "kid"),
        *("children", "wife", "husband", "boyfriend", "girlfriend", "partner", "neighbor", "neighbors"),
        *("neighbour", "neighbours", "boss", "roommate", "grandma", "grandpa", "grandmother", "grandfather"),
        *("parents", "family", "friend", "friends", "baby", "dog", "cat", "colleague", "coworker"),
        *("landlord", "teacher", "brother-in-law", "sister-in-law", "folks", "cousin", "aunt", "uncle"),
    }
)
_EN_OWNERS = frozenset({"my", "our", "the", "his", "her", "their"})
_EN_PRONOUNS = frozenset({"he", "she", "they", "someone", "somebody", "nobody", "everyone", "everybody"})
_EN_PRONOUNS |= frozenset({"grandma", "grandpa", "dad", "mom", "mum"})
_EN_NOT_SUBJECT = frozenset({"room", "rooms", "bedroom", "bedrooms", "light", "lights", "lamp", "tv", "and"})
"""After a person: the person owns the thing ("my sister room light" as a recognizer prints it)."""
_EN_HABIT = frozenset(
    {
        *("usually", "always", "often", "normally", "never", "sometimes", "generally", "typically"),
        *("rarely", "used", "went", "got", "had", "was", "were", "did", "left", "bought", "moved", "fell"),
        *("slept", "woke", "forgot", "missed", "turned", "switched", "burned", "burnt", "tried", "saw"),
        *("heard", "came", "lost", "broke", "hate", "love", "like", "liked", "loved", "hated", "listened"),
    }
)
"""After I / we: a habit, a liking or the past ("I usually wake up at 7", "I left the lights on")."""
_EN_SELF = frozenset({"i", "we", "i've", "we've"})
"""Not "i'd": "I'd like the lights off" asks."""
_EN_PAST_TIMES: tuple[tuple[str, ...], ...] = tuple(
    tuple(phrase.split())
    for phrase in (
        *("yesterday", "last night", "last week", "last month", "last year", "last spring", "last summer"),
        *("last winter", "last fall", "ago", "back then", "when i was", "when we were"),
    )
)
_EN_REPORTS = frozenset({"says", "said", "shows", "showed", "reckons"})
_EN_QUESTION = frozenset({"who", "when", "what", "how", "which", "where", "why", "whose"})
_EN_PAST_AUX = frozenset({"did", "was", "were"})
_EN_WISHES: tuple[tuple[str, ...], ...] = tuple(
    tuple(phrase.split())
    for phrase in ("i wish", "if only", "i'd love to", "i would love to", "i hope", "someday", "one day")
)
_EN_REGULAR: tuple[tuple[str, ...], ...] = (("every", "time"), ("whenever",), ("each", "time"))
_EN_COMMANDS = frozenset(
    {
        *("play", "put", "turn", "switch", "set", "start", "stop", "pause", "skip", "remind", "wake", "tell"),
        *("cancel", "delete", "open", "close", "dim", "make", "give", "show", "read", "can", "could"),
        *("would", "will", "please", "let", "forget", "scratch", "resume", "shuffle", "queue", "add", "take"),
        *("continue", "carry", "keep", "go", "bring", "turn", "raise", "lower", "mute", "unmute"),
    }
)
"""Words that begin a clause said to ting ("play Yesterday", "remind me that my sister comes at 5")."""
_EN_NEGATIONS: tuple[tuple[str, ...], ...] = tuple(
    tuple(phrase.split()) for phrase in ("don't", "do not", "dont", "never", "no need to")
)
_EN_NEGATION_ENDS = frozenset({"forget", "mind"})
""""don't forget to …" asks for it; "never mind" takes something back."""

_FOREIGN: dict[str, tuple[str, ...]] = {
    "zh": (
        *("车里", "车上", "汽车", "手机", "冰箱", "冷冻室", "烤箱", "洗衣机", "洗碗机", "微波炉", "电脑"),
        *("微信", "朋友圈", "淘宝", "支付宝", "会议", "开会", "的会", "课", "航班", "机票", "快递"),
    ),
    "en": (
        *("car", "phone", "fridge", "freezer", "washer", "dryer", "dishwasher", "laptop", "computer"),
        *("meeting", "appointment", "haircut", "flight", "calendar", "washing"),
    ),
}
"""Things outside the household's devices and ting's skills: a reading that acts on one is not ours."""


def _zh_clause(words: Sequence[str]) -> str:
    return _ZH_LEAD.sub("", "".join(words))


_EN_NOT_PAST_SUBJECT = frozenset({"that", "which", "who", "i", "you", "we", "they", "he", "she", "it"})
_SPEAKER = frozenset({"i", "i'm", "im", "i'll", "i've"})
_EN_WRAPPERS = frozenset({"wondering", "hoping", "thinking"})
""""I was wondering what the date is" asks politely: the question after it is the clause."""


def _en_clause(words: Sequence[str]) -> list[str]:
    start = 0
    while start < len(words) and words[start] in _EN_LEAD:
        start += 1
    rest = list(words[start:])
    if len(rest) > 2 and rest[0] in ("i", "we") and rest[1] in ("was", "were") and rest[2] in _EN_WRAPPERS:
        return rest[3:]
    return rest


def _has(words: Sequence[str], phrase: Sequence[str]) -> bool:
    size = len(phrase)
    return any(tuple(words[at : at + size]) == tuple(phrase) for at in range(len(words) - size + 1))


def narrates(words: Sequence[str], lang: str) -> bool:
    """The clause talks about someone, the past, a habit, a wish or what was said: it asks for nothing."""
    if lang == "zh":
        said = _zh_clause(words)
        if _ZH_COMMANDS.match(said):
            return False
        return bool(
            _ZH_SOMEONE.match(said)
            or _ZH_HABIT.match(said)
            or _ZH_PAST.search(said)
            or _ZH_REPORT.search(said)
            or _ZH_PAST_QUESTION.search(said)
            or _ZH_WISH.search(said)
        )
    clause = _en_clause(words)
    if not clause or clause[0] in _EN_COMMANDS:
        return False
    first, second = clause[0], clause[1] if len(clause) > 1 else ""
    third = clause[2] if len(clause) > 2 else ""
    someone = (first in _EN_OWNERS and second in _EN_PERSONS and third not in _EN_NOT_SUBJECT) or (
        first in _EN_PRONOUNS and second not in _EN_NOT_SUBJECT and second != ""
    )
    habit = first in _EN_SELF and (second in _EN_HABIT or (second == "just" and third in _EN_HABIT))
    # "what did you say", "who turned off the lights"; not "what alarms did I set" (ting's own state)
    aux = next((at for at in range(1, min(4, len(clause))) if clause[at] in _EN_PAST_AUX), None)
    asks_self = aux is not None and aux + 1 < len(clause) and clause[aux + 1] in _EN_SELF
    past_question = first in _EN_QUESTION and (
        (aux is not None and not asks_self) or (first == "who" and second.endswith("ed"))
    )
    # "my phone says", "they said on the news"; not "forget what I said"
    report = first not in _EN_QUESTION and any(
        word in _EN_REPORTS and not set(clause[max(0, at - 2) : at]) & {"i", "we", "you"}
        for at, word in enumerate(clause[1:], start=1)
    )
    # "the music at the party was way too loud": a past statement; not a question ("what was that"), nor
    # a relative clause ("the album I was listening to", "the song that was on")
    was = first not in _EN_QUESTION | _EN_PAST_AUX and any(
        word in ("was", "were") and clause[at - 1] not in _EN_NOT_PAST_SUBJECT
        for at, word in enumerate(clause[1:], start=1)
    )
    return bool(
        someone
        or was
        or habit
        or past_question
        or report
        or any(_has(clause, phrase) for phrase in (*_EN_PAST_TIMES, *_EN_WISHES))
    )


def _regularity(clauses: Sequence[Sequence[str]], lang: str) -> bool:
    """一…就 across the sentence (客厅的灯一开，猫就跑); "whenever", "every time"."""
    if lang == "zh":
        said = "".join("".join(words) for words in clauses)
        found = _ZH_REGULAR.search(said)
        return found is not None and "就" in said[found.end() :]
    return any(_has(words, phrase) for words in clauses for phrase in _EN_REGULAR)


def negated(words: Sequence[str], lang: str) -> bool:
    """The clause begins by telling ting not to do something (别开灯, "don't turn on the light"), not
    "don't forget to …" / 别忘了 (a command) or "never mind"."""
    if lang == "zh":
        return bool(_ZH_NEGATED.match(_zh_clause(words)))
    clause = _en_clause(words)
    for phrase in _EN_NEGATIONS:
        if tuple(clause[: len(phrase)]) == phrase:
            rest = clause[len(phrase) :]
            return bool(rest) and rest[0] not in _EN_NEGATION_ENDS
    return False


def _clauses(text: str, tokens: Sequence[Token], lang: str) -> list[tuple[int, int]]:
    words = [token.text for token in tokens]
    marks = clause_starts(text, [(token.start, token.end) for token in tokens])
    # not where the speaker's own situation would begin ("what alarms | I've got"): said after a command it
    # is the command's, and a narration of one's own begins the sentence or follows a mark
    joins = [join.at for join in conjunctions(words, lang) if join.length or words[join.at] not in _SPEAKER]
    starts = sorted({*marks, *joins})
    return list(zip(starts, [*starts[1:], len(tokens)], strict=True))


def told(text: str, tokens: Sequence[Token], lang: str) -> list[Token] | None:
    """``tokens`` without the clauses that narrate; None when every clause does (or a regularity is told)."""
    spans = _clauses(text, tokens, lang)
    words = [token.text for token in tokens]
    clauses = [words[start:end] for start, end in spans]
    if _regularity(clauses, lang):
        return None
    kept = [token for (start, end), said in zip(spans, clauses, strict=True) if not narrates(said, lang)
            for token in tokens[start:end]]  # fmt: skip
    return kept or None


def without_negated(text: str, tokens: Sequence[Token], lang: str) -> list[Token]:
    """``tokens`` without the clauses that tell ting not to do something (for the statistical pass, which
    cannot tell 不要开电视 from 开电视)."""
    spans = _clauses(text, tokens, lang)
    words = [token.text for token in tokens]
    kept = [(start, end) for start, end in spans if not negated(words[start:end], lang)]
    return [token for start, end in kept for token in tokens[start:end]]


def statistical_reading(
    text: str,
    tokens: Sequence[Token],
    asked: Sequence[Token],
    lang: str,
    parse: Callable[[Sequence[Token]], Recognition | None],
) -> Recognition | None:
    """The second pass (``parse``) on the clauses that ask (``asked``), never on a negated clause (it cannot
    tell 不要开电视 from 开电视); when a clause narrated, only if the whole sentence reads as the same intent
    too (the remnant "sorry" of "sorry, I was talking to my husband" is no command)."""
    kept = without_negated(text, asked, lang)
    found = parse(kept) if kept else None
    if found is None or len(asked) == len(tokens):
        return found
    whole = without_negated(text, tokens, lang)
    again = parse(whole) if whole else None
    return found if again is not None and again.intent_name == found.intent_name else None


def outside_home(
    found: Recognition, text: str, tokens: Sequence[Token], owned: Collection[str], domains: Collection[str]
) -> bool:
    """The reading acts on something ting does not have: a kind of device the household lacks (扫一下地 in
    a home without a robot vacuum), or, for a statistical reading, a thing outside the home (the car, a
    phone, a meeting) said in its command's clause (the clauses holding its slots, else the last one) outside
    its slots and not among ``owned`` (the words of the intent's own templates: the push skill says 手机)."""
    if any(slot.name == "domain" and slot.value not in domains for slot in found.slots):
        return True
    if found.source != "statistical":
        return False  # a template read its words: an aside ("I can't hear the phone") is not its object
    slots = [(slot.start, slot.end) for slot in found.slots if slot.end > slot.start]
    clauses = [tokens[start:end] for start, end in _clauses(text, tokens, found.lang)]
    commanded = [c for c in clauses if any(start <= t.start < end for t in c for start, end in slots)]
    chosen = [token for clause in commanded or clauses[-1:] for token in clause]
    words = [t for t in chosen if not any(start <= t.start < end for start, end in slots)]
    if found.lang == "zh":
        said = "".join(token.text for token in words)
        return any(name in said and not all(char in owned for char in name) for name in _FOREIGN["zh"])
    texts = {token.text for token in words}
    return any(name in texts and name not in owned for name in _FOREIGN["en"])
