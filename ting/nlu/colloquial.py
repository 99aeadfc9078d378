"""Colloquial and northern words said as their standard forms before matching (啥 = 什么, 咋 = 怎么, 瞅 = 看;
English contractions printed without their apostrophe: whats, dont), so every template of every skill gets
"我设的闹钟都有啥", "天气咋样", "whats the time" without writing them.

A replacement of one character by two keeps the heard character's span for both (like ``二十六度半``), so
slots still point at what was said.
"""

from __future__ import annotations

from collections.abc import Mapping

from ting.nlu import regional
from ting.nlu.normalize import Token
from ting.nlu.numbers import EN_NUMBER_WORDS
from ting.nlu.phrase_rewrite import PhraseRewrites
from ting.nlu.regional_en import regional_english

STANDARD: Mapping[str, tuple[str, ...]] = {
    "啥": ("什", "么"),
    "咋": ("怎", "么"),
    "瞅": ("看",),
    "瞧": ("看",),
    "俺": ("我",),
    "甭": ("不", "用"),
    "您": ("你",),  # the polite "you": 您能帮我……, 麻烦您
    "摁": ("按",),  # pressing a button, said with the hand's verb: 给我摁了, 摁一下暂停
    # regional Mandarin (round 16: 冇, 咗, 闩, 侬, 贼 …, ``ting.nlu.regional``)
    **regional.WORDS,
    # typed chat shorthand: "pls set an alarm 4 tmrw 7am", "u up?", "nvm"
    **{short: ("please",) for short in ("pls", "plz", "plzz", "pleez")},
    **{short: ("tomorrow",) for short in ("tmrw", "tmr", "tmw", "2moro", "2morrow", "tomoz")},
    **{short: ("tonight",) for short in ("tonite", "2nite")},
    **{short: ("thanks",) for short in ("thx", "thnx", "ty")},
    "u": ("you",),
    "ur": ("your",),
    "r": ("are",),
    "rn": ("right", "now"),
    "nvm": ("never", "mind"),
    "b4": ("before",),
    "hr": ("hour",),
    "hrs": ("hours",),
    "sec": ("second",),
    "secs": ("seconds",),
    "vol": ("volume",),
    "temp": ("temperature",),
    "abt": ("about",),
    # British words for household things: "turn on the telly", "telly off"
    "telly": ("tv",),
    "msg": ("message",),
    # spoken and chat forms: "is it gonna rain", "gimme the time"
    "gonna": ("going", "to"),
    "wanna": ("want", "to"),
    "gotta": ("got", "to"),
    "gimme": ("give", "me"),
    "lemme": ("let", "me"),
    "its": ("it's",),
    # English contractions as recognizers and quick typists print them, without the apostrophe
    **{
        bare: (full,)
        for full in (
            *("what's", "that's", "there's", "how's", "where's", "who's", "it'll", "i've", "you're"),
            *("don't", "doesn't", "didn't", "can't", "won't", "isn't", "aren't", "wasn't", "shouldn't"),
            # "im up", "lets watch a movie", "ive got to go", "theyre asleep", "everyones gone to bed" (not
            # "ill", "were", "hell", "well", "id": words of their own)
            *("i'm", "let's", "they're", "we've", "they've", "you've", "couldn't", "wouldn't", "haven't"),
            *("hasn't", "everyone's", "everybody's", "nobody's", "somebody's", "someone's", "children's"),
            # a day's own: "whats todays date", "tomorrows forecast"
            *("today's", "tomorrow's", "tonight's"),
        )
        for bare in (full.replace("'", ""),)
    },
}
"""Colloquial character -> its standard form, as tokens. Templates say the standard form (they may say the
colloquial one too: a template word always matches the input as said first)."""


PHRASES: Mapping[tuple[str, ...], tuple[str, ...]] = {
    # northern days and places: 今儿个外边风大不大, 明儿早上叫我, 外头冷不冷
    **{(day, "儿", "个"): (day, "天") for day in "今明昨"},
    **{(day, "儿"): (day, "天") for day in "今明昨"},
    ("后", "儿", "个"): ("后", "天"),
    # 儿化 on the nouns commands name (那边天儿咋样, 放首歌儿, 来个小曲儿); 明天儿 is still 明天
    ("天", "儿"): ("天", "气"),
    **{(day, "天", "儿"): (day, "天") for day in "今明昨后"},
    ("歌", "儿"): ("歌",),
    ("曲", "儿"): ("曲",),
    ("外", "边"): ("外", "面"),
    ("外", "头"): ("外", "面"),
    # a recognizer's homophone where only the noun fits (round 12): "hows the whether looking in bangalore"
    ("the", "whether"): ("the", "weather"),
    # regional words (round 12): 咋个 (southwestern 怎么), 钟点 (the hour: 现在啥钟点), 里头 (里: 卧室里头)
    ("咋", "个"): ("怎", "么"),
    ("钟", "点"): ("时", "间"),
    ("里", "头"): ("里",),
    # other ways to say a template's word (round 16): 剩下 = 剩 (计时器剩下多少时间), 设定到 = 设到, a verb
    # with 最 and no 到 (音量开最大), 再多睡 = 再睡, 灯儿 (儿化), 就得了 = 就行了
    ("剩", "下"): ("剩",),
    ("设", "定", "到"): ("设", "到"),
    ("设", "定", "成"): ("设", "成"),
    **{(verb, "最"): (verb, "到", "最") for verb in "开调放"},
    ("再", "多"): ("再",),
    ("灯", "儿"): ("灯",),
    ("就", "得", "了"): ("就", "行", "了"),
    # round 18: 设定为 = 设为 (把卧室的空调设定为二十度); a day and its part said with 的
    # (明天的早上五点半的闹钟)
    ("设", "定", "为"): ("设", "为"),
    # a recognizer's 收 for 首 where only the song fits (放上一收)
    **{(way, "一", "收"): (way, "一", "首") for way in "上下"},
    **{
        (day, "天", "的", *part): (day, "天", *part)
        for day in "今明后"
        for part in (tuple(said) for said in ("早上", "上午", "中午", "下午", "晚上", "凌晨", "傍晚"))
    },
    # regional Mandarin (round 16: 落雨, 啥子, 几多, 而家, 返屋企, 莫得, 一哈 …, ``ting.nlu.regional``)
    **regional.PHRASES,
}
"""Colloquial words of several characters -> their standard forms (each standard token spans the whole
word as heard). Longest first; 明儿 is read before 明 can be anything else."""
_PHRASES = PhraseRewrites(PHRASES)


_REDUPLICATED = frozenset("停看听关开等想试查找说讲问放调睡歇躺动算念读播唱转换弄收拧")
"""Verbs said as X一X (停一停, 看一看): read as X一下."""
_VERBS = (
    *("turn", "switch", "play", "check", "tell", "bring", "open", "read", "lower", "start", "add", "show"),
    *("list", "remind", "resume", "kill", "raise", "pause", "close", "snooze", "make", "give", "wake"),
    *("remove", "delete", "cancel", "stop", "set", "put", "dim", "skip", "let", "shut", "get", "mute"),
    *("call", "clear", "scrap", "go", "run", "repeat", "continue", "increase", "decrease", "erase"),
)
_DOUBLED = frozenset({"stop", "set", "put", "dim", "skip", "let", "shut", "get", "cancel", "scrap"})


def _gerunds(verb: str) -> tuple[str, ...]:
    if verb.endswith("e"):
        return (verb[:-1] + "ing",)
    return (verb + verb[-1] + "ing", verb + "ing") if verb in _DOUBLED else (verb + "ing",)


_GERUNDS = {gerund: verb for verb in _VERBS for gerund in _gerunds(verb)}
"""-ing forms after "mind" ("would you mind setting the volume to 30") -> the verb a template says."""


def standard_forms(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """``tokens`` with each colloquial character replaced by its standard form's tokens, a verb said twice
    with 一 between (停一停, 看一看) as the verb with 一下, a verb after "mind" in its plain form, and 有
    before a verb for a thing done as the verb with 了 (``regional.done_with_you``)."""
    tokens = _PHRASES.read(regional_english(tokens))
    out: list[Token] = []
    for index, token in enumerate(tokens):
        standard = STANDARD.get(token.text)
        if _reduplicated(tokens, index):  # first: 拧一拧 is 拧一下 before 拧 is read as 调
            out.append(Token("下", token.start, token.end))
        elif standard is not None:
            out.extend(Token(text, token.start, token.end) for text in standard)
        elif token.text == "百" and [t.text for t in tokens[max(0, index - 3) : index]] == ["百", "分", "之"]:
            # 百分之百: the second 百 is a hundred (百分之一百), not a unit
            out.extend((Token("一", token.start, token.end), Token("百", token.start, token.end)))
        elif token.text == "整" and _zheng_as_lai(tokens, index):
            out.append(Token("来", token.start, token.end))
        elif (local := _regional(tokens, index)) is not None:
            out.extend(Token(text, token.start, token.end) for text in local)
        elif index and tokens[index - 1].text == "mind" and token.text in _GERUNDS:
            out.append(Token(_GERUNDS[token.text], token.start, token.end))
        else:
            out.append(token)
    return regional.done_with_you(tuple(out))


_COMMAND_VERBS = frozenset("删关停掐按开调弄撤灭亮拔断切换放整搞拧")
"""Verbs a northern 给 may stand before with nothing between (这闹钟给关一下, 给删喽)."""
_MO_VERBS = frozenset("响吵叫闹放开关管急慌停再唱播计")
"""Verbs the southwestern 莫 (= 别) is said before: 莫响了, 莫放了 (莫扎特 stays a name)."""
_BU_QUESTION_AFTER = frozenset("了行成好对")


def _regional(tokens: tuple[Token, ...], index: int) -> tuple[str, ...] | None:
    """Regional words that depend on their neighbours, as their standard forms (round 12), or None:

    - 伐 ending a clause is Wu's 吗 (厨房灯开着伐, 好伐);
    - 莫 before a verb is southwestern 别 (莫响了莫响了);
    - 不 ending a clause after 了 / 行 / 成 / 好 / 对 asks like 吗 (能给它关了不, 小点声行不);
    - 给 (and 它 after it) right before a command verb is the northern disposal word, said for nothing
      (闹钟给关一下, 给删喽, 能给它掐了不): left out (an empty tuple);
    - 掐 before 掉 / 了 is pinching a thing off, 关 (倒计时给我掐掉); 掐个表 / 掐三分钟 stay timing;
    - 儿 after 首 is 儿化 (上一首儿，快), left out, unless it begins 儿歌 / 儿童 (放几首儿歌);
    - the regional words ``regional.regional_form`` reads (咩, 系, 阿拉, 弄 / 搞 / 整 before a result …).

    Marks are not tokens: "ending a clause" is the sentence's end, a final particle after the word, or a gap
    between the two words' spans (``regional.ends_clause``: 来点古典音乐好伐，我想静一静).
    """
    text = tokens[index].text
    after = tokens[index + 1].text if index + 1 < len(tokens) else None
    ends_clause = regional.ends_clause(tokens, index)
    if text == "伐" and index and ends_clause:
        return ("吗",)
    if text == "莫" and after in _MO_VERBS:
        return ("别",)
    # said right after 了 (关了不), not after a mark: 把灯关了，不，把电视关了 takes it back
    right_after = index and tokens[index - 1].end == tokens[index].start
    if text == "不" and right_after and ends_clause and tokens[index - 1].text in _BU_QUESTION_AFTER:
        return ("吗",)
    if text == "给" and after is not None:
        if after in _COMMAND_VERBS:
            return ()
        if after == "它" and index + 2 < len(tokens) and tokens[index + 2].text in _COMMAND_VERBS:
            return ()
    if text == "它" and index and tokens[index - 1].text == "给" and after in _COMMAND_VERBS:
        return ()
    if text == "掐" and after in {"掉", "了"}:
        return ("关",)
    if text == "儿" and index and tokens[index - 1].text == "首" and after not in {"歌", "童"}:
        return ()
    return regional.regional_form(tokens, index)


def _reduplicated(tokens: tuple[Token, ...], index: int) -> bool:
    """``tokens[index]`` repeats the verb two tokens before it, with 一 between (停一停 -> 停一下)."""
    if index < 2 or tokens[index - 1].text != "一":
        return False
    verb = tokens[index].text
    return verb == tokens[index - 2].text and verb in _REDUPLICATED


_AFTER_ZHENG = (
    *(("个",), ("一", "个"), ("一", "首"), ("首",), ("几", "首"), ("两", "首"), ("下", "一", "首")),
    *(("上", "一", "首"), ("点", "音", "乐"), ("点", "歌"), ("点", "儿", "歌"), ("首", "歌")),
)
_NOT_ZHENG_VERB_BEFORE = frozenset("把将的一这那")
_THINGS_SET = frozenset("零〇一二两三四五六七八九十半闹计倒定提表")


def _zheng_as_lai(tokens: tuple[Token, ...], index: int) -> bool:
    """整 said as a verb, northern for 来 / 弄 (给我整个闹钟, 整个三分钟倒计时, 给我整下一首):
    read as 来. Not 整 as "whole" (把整个客厅的灯关了, 整个家), nor 整点 as "on the hour"
    (整点报时): after 整个 only a number or the thing set (闹钟, 计时, 倒计时 …), after 整点
    only music."""
    if index and tokens[index - 1].text in _NOT_ZHENG_VERB_BEFORE:
        return False
    after = tuple(token.text for token in tokens[index + 1 : index + 4])
    for words in _AFTER_ZHENG:
        if after[: len(words)] != words:
            continue
        if words == ("个",):  # 整个：a number or the thing set after it, not 整个家
            following = after[1:2]
            return bool(following) and (following[0] in _THINGS_SET or following[0].isdigit())
        return True
    # 闹钟给我整一个 / 整一下: said last
    return after in {("一",), ("一", "下")} or (after[:1] == ("一",) and index + 2 == len(tokens))


HESITATIONS = frozenset({"um", "umm", "uh", "uhh", "er", "erm", "mm", "mmm", "呃", "嗯"})
"""Sounds that carry nothing wherever they are said, also inside a slot ("at uh 6 in the morning",
"set a timer for um ten minutes"): left out before matching, free of cost (the other fillers are skipped
only between a template's parts, at a cost). A slot's words as heard still span them."""


_DETERMINERS = frozenset({"my", "the", "our", "your", "a", "an", "this", "that"})


def without_hesitations(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """``tokens`` without hesitation sounds, and without a determiner the speaker replaced at once ("how's
    my, uh, the timer going": two never stand together, so the first was taken back)."""
    if any(token.text in HESITATIONS for token in tokens):
        tokens = tuple(token for token in tokens if token.text not in HESITATIONS)
    repaired = [
        index
        for index in range(len(tokens) - 1)
        if tokens[index].text in _DETERMINERS
        and tokens[index + 1].text in _DETERMINERS
        and not (tokens[index].text == "that" or tokens[index + 1].text == "that")
    ]
    if not repaired:
        return tokens
    return tuple(token for index, token in enumerate(tokens) if index not in repaired)


_UNITS = frozenset({"second", "seconds", "minute", "minutes", "min", "mins", "hour", "hours"})


_BEFORE_AMOUNT = frozenset({"at", "to", "for", "about", "around", "in", "by"})


def without_vague_like(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """ "like" between a preposition and a number ("at like 9 pm", "down to like 22") says the number is
    rough: left out, so the time or number slot reads the words after it."""
    drop = {
        index
        for index in range(1, len(tokens) - 1)
        if tokens[index].text == "like"
        and tokens[index - 1].text in _BEFORE_AMOUNT
        and (tokens[index + 1].text[:1].isdigit() or tokens[index + 1].text in EN_NUMBER_WORDS)
    }
    return tuple(token for index, token in enumerate(tokens) if index not in drop) if drop else tokens


def more_after_unit(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """ "seven more minutes" as "seven minutes more": a duration is read from contiguous words, and every
    "{duration} more" template then takes it ("snooze for 15 more minutes", "let me sleep ten more
    minutes")."""
    out = list(tokens)
    for index in range(1, len(out) - 1):
        before, word, unit = out[index - 1].text, out[index].text, out[index + 1].text
        if word == "more" and unit in _UNITS and (before.isdigit() or before in EN_NUMBER_WORDS):
            out[index], out[index + 1] = out[index + 1], out[index]
    return tuple(out)
