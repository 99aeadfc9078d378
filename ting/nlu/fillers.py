"""Words a sentence may carry around its command: fillers, polite and possessive phrases, the site's own
room, stutters, and side clauses.

The matcher may skip a filler (a single word or a whole phrase) at ``FILLER_PENALTY`` confidence when no
template reads it; a template that has the word always wins over skipping it. Which words are fillers is
language data, kept here rather than in every skill's sentence file, so that every intent of every skill
gets "嗯，那个，帮我……帮我定个闹钟吧", "um could you like turn off the kitchen light" and "我家书房的灯"
without writing them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache

from ting.nlu.durations import duration_readings

FILLERS: Mapping[str, frozenset[str]] = {
    # 里: 卧室里的温度; 噻 撒 啰 哟 啵 㗎: southwestern and Cantonese final particles (round 16: 我醒了噻)
    "zh": frozenset("吧啊呀呢嘛哦哈喔呃嗯额哎诶唉了吗啦咯哇呐喽噢呗嘞里噻撒啰哟啵㗎"),
    "en": frozenset(
        {
            *("please", "hey", "um", "uh", "er", "erm", "hmm", "ok", "okay", "so", "just", "now", "well"),
            *("ting", "like", "yeah", "yes", "alright", "actually", "oh", "ugh", "right", "again", "thanks"),
            *("here", "our", "kinda", "quickly", "anyway", "maybe", "hi", "or"),
            *("yo", "eh", "exactly", "oi", "ta", "cheers"),
            # teen and chat slang around a command, first or last: "lowkey turn the volume up", "what time
            # is it lol", "bruh skip this", "ngl can you pause it", "idk just play some pop", "skip this fr"
            *("lol", "lmao", "lmfao", "rofl", "haha", "hahaha", "ngl", "tbh", "fr", "frfr", "bruh", "bro"),
            *("dude", "fam", "lowkey", "highkey", "idk", "tysm", "smh", "omg", "ayo", "deadass", "btw"),
            *("imo", "kk", "fyi", "welp", "af"),
            # 了 / 已经 said last as a Chinese speaker says it (round 13, dev10): "I come back home already",
            # "turn the alarm off already" (not "even": "I wake up at 6:30 every morning even without an
            # alarm" was then read by the second pass as an alarm to set)
            "already",
            # round 16 (dev11, regional voices): who is spoken to, said first or last ("kill the alarm, mate",
            # "y'all pause the music"; words that are also nouns or verbs, love, dear, pet: ``EDGE_FILLERS``),
            # a Scots, Irish or Australian opener ("och, hit snooze", "ah stop"), "wee" before a noun ("scrap
            # the wee timer")
            *("mate", "dear", "hun", "hon", "darling", "pal", "buddy", "lads", "folks", "guys", "y'all"),
            "yall",
            *("sweetheart", "sweetie", "darlin", "babe", "och", "ach", "aye", "ah", "aw", "wee"),
            # an oath before the thing ("turn that bloody alarm off", "skip this feckin song")
            *("bloody", "flipping", "flippin", "bleeding", "bleedin", "blinking", "damn", "darn", "feckin"),
            *("fecking", "freaking", "frigging", "effing"),
        }
    ),
}
"""Words that may be skipped when no template has them (each costs ``FILLER_PENALTY``)."""
EDGE_FILLERS: Mapping[str, frozenset[str]] = {
    # who is spoken to in words that also name things or feelings ("I love this song" keeps its "love"), a
    # question's "then" ("whats todays date then"), "there" last ("stick an alarm on there"), "hello" first
    "en": frozenset({"love", "pet", "sugar", "honey", "duck", "then", "there", "hello", "grand"}),
}
"""Words skipped like fillers only among the sentence's first or last fillers (round 16): said in the middle
they are the sentence's own words, also to the second pass, which leaves fillers out."""

ADDRESSING: Mapping[str, tuple[tuple[str, ...], ...]] = {"zh": (("小", "听"),), "en": (("ting",),)}
"""ting's name, said to call it (小听把灯打开, 小听小听几点了: skipped like a filler, first or anywhere,
with or without a mark after it); no wildcard slot begins with it (``ting.nlu.wildcard``)."""

_KIN: tuple[str, ...] = (
    *("奶奶", "爷爷", "姥姥", "姥爷", "外婆", "外公", "妈", "妈妈", "爸", "爸爸", "孩子", "儿子", "女儿"),
    *("孙子", "孙女", "宝宝", "老婆", "老公", "老伴", "老伴儿"),
)
"""Who a question may be asked for (奶奶让我问你……)."""
_ZH_PHRASES = (
    *("那个", "就是", "我说", "帮个忙", "这个", "然后"),
    # ting's name said first without a mark, as a recognizer prints it (round 14): 小听把灯打开, 小听深圳天气
    "小听",
    # an older speaker's courtesy, before or after: 劳驾, 麻烦您了, 好不好, 成吗
    *("劳驾", "劳烦", "辛苦", "谢谢", "谢谢你", "多谢", "好吗", "好不好", "行吗", "行不行", "成吗", "可以吗"),
    *("能不能", "可不可以", "你能不能", "你可不可以", "能否", "可以", "你能", "麻烦你", "麻烦", "请问", "请"),
    "请你",
    *("赶紧", "赶快", "快点", "直接", "帮我", "帮我们", "给我", "帮忙"),
    # "you" before the verb, after its object: 客厅空调你帮我关了吧, 那个闹钟你给我删了
    *("你帮我", "你给我", "你帮忙", "你就", "你先"),
    # asking leave to ask, remembering to: 麻烦问下今天星期几, 明早六点记得叫我
    *("问一下", "问下", "想问一下", "我想问一下", "请问一下", "记得", "别忘了"),
    # a rough number: 调到四十左右; said with a command's flourish: 下一首走起, 睡眠模式走一个
    *("左右", "上下", "走起", "走一个"),
    # enough said last: 音量调到十五就行, 古典的就行 (a value is fine as it is); "you say" before a question
    *("就行", "就行了", "就好", "就好了", "就可以", "就可以了", "就成", "你说", "就够", "就够了"),
    # said last in northern speech: 今天几号呀这是
    "这是",
    # a question or command wrapped in "tell me" / "let me": 告诉我现在有几个闹钟, 能把音量调到四十吗
    *("告诉我", "你告诉我", "跟我说", "跟我说说", "给我说说", "说一下", "说说", "让我", "能", "到底", "究竟"),
    *("给我讲讲", "跟我讲讲", "讲讲"),
    # shown or read out, said after what is asked (round 16): 闹钟列表给我瞅瞅, 闹钟都有哪些念给我听听
    *("给我看看", "给我瞧瞧", "给我听听", "念给我听听", "念给我听", "报给我听听", "读给我听听", "说给我听听"),
    *("好了", "好吧", "行了", "嗯嗯", "来着", "一下", "先", "就", "快", "那", "呃呃"),
    # possessives: 我家书房的灯, 我们家的空调, 我的台灯
    # the one I set: 我设的闹钟都有啥, 我定的计时器还剩多久
    *("我设的", "我定的", "我设置的", "我刚才定的", "我刚才设的", "刚才定的", "刚才设的", "我刚定的"),
    # before what one is about to do: 出门前把热水器关了, 睡前把灯都关了
    *("出门前", "出门之前", "睡前", "睡觉前", "睡觉之前", "临睡前", "走之前"),
    # asked for someone else: 奶奶让我问你今天下不下雨, 你跟她说说现在几点了
    *("你跟她说说", "你跟他说说", "跟她说说", "跟他说说", "你告诉她", "你告诉他", "告诉她", "告诉他"),
    *(f"{kin}{asks}" for kin in _KIN for asks in ("问", "让我问你", "让我问问你", "想知道", "想问问")),
    # without 你 (round 18): 我爸让我问问杭州周五冷不冷, 奶奶叫我问一下现在几点
    *(
        f"{mine}{kin}{asks}"
        for mine in ("", "我")
        for kin in _KIN
        for asks in ("让我问问", "让我问一下", "叫我问问", "叫我问一下")
    ),
    # sent by someone else (round 16): 老伴让我把闹钟都删了
    *(f"{kin}让我" for kin in _KIN),
    # when, said before a question about a device (round 16): 我出门的时候书房台灯关了吗
    *("我出门的时候", "出门的时候", "我走的时候", "走的时候", "我睡觉的时候", "睡觉的时候"),
    # where we are, said by a Wu or Cantonese speaker (阿拉屋里 = 我们屋里, round 16): 我们这边外面冷吗
    *("我们这边", "我们这里", "咱们这边", "咱这边", "我们屋里的", "我们屋里", "咱们屋里的", "那边的"),
    # the place of a trip said in the clause before (round 18): 周六要去杭州，那边冷不冷 (side_slots
    # carries it)
    *("那边", "那儿", "那里"),
    "我那些",
    *("我那个", "我家", "我们家", "咱家", "咱们家", "我家的", "我们家的", "咱家的", "咱们家的", "我的"),
    # the site's own room: 这屋的灯, 把这里的灯打开 (the recognizer adds the site's area)
    *("这里的", "这儿的", "这屋的", "这屋", "这里", "这儿", "屋里的", "屋里", "这个房间的", "这个屋的"),
    *("这屋里的", "这屋里"),
    # how much, before the amount (round 17): 声音稍微小一点, 空调稍稍调高一点
    *("稍微", "稍稍", "略微"),
    "本屋",
    # a complaint about the thing before it: 把这个吵死人的闹钟停了
    *("吵死人的", "烦死人的", "吵人的", "烦人的", "讨厌的", "该死的"),
    # or the sound it makes (round 12): 这叮铃铃的闹钟给关一下
    *("叮铃铃的", "叮叮叮的", "滴滴滴的", "嘀嘀嘀的", "响个不停的", "一直响的"),
    *("房间里的", "房间的", "这边的", "这边"),
    # a device pointed at, several of a kind, a courtesy with 您 read as 你 (round 12): 客厅那台空调,
    # 我那几个闹钟, 劳您驾
    *("那台", "这台", "那几个", "我那几个", "劳你驾"),
    # where the alarms are kept, when asked (round 12): 这个音箱上现在有几个闹钟, 这会儿还有没关的灯吗
    *("这个音箱上", "音箱上", "你这儿", "你这里", "这会儿"),
    # all of a kind, the whole home: 把所有的灯都打开, 家里的灯全关了 (an intent with an `all` slot has
    # templates with these words, which win over skipping them)
    *("都", "全", "全部", "全都", "所有", "所有的", "家里的", "家里", "全家的", "全屋的", "全屋"),
    # the same, said with 统统 / 一律 and the whole place inside and out (round 12): 全家上下的灯统统打开
    *("统统", "通通", "一律", "全家上下的", "全家上下", "屋里屋外的", "屋里屋外", "里里外外的"),
)
_EN_PHRASES = (
    *("can we", "could we", "shall we"),
    *("could you", "can you", "would you", "will you", "would you mind", "i want you to", "i'd like you to"),
    *("i need you to", "i'd love you to", "i'd love it if you could", "i'd like it if you could"),
    *(
        "for me",
        "for us",
        "you know",
        "i mean",
        "kindly",
        "could you please",
        "can you please",
        "go ahead and",
    ),
    *("in here", "over here", "in this room", "right now", "real quick", "for a sec", "thank you", "i guess"),
    *("do me a favor and", "be a dear and", "sort of", "kind of", "no wait"),
    # courtesy said in full: "would you be so kind as to remind me ...", "... if you don't mind"
    *("would you be so kind as to", "be so kind as to", "if you don't mind", "if you wouldn't mind"),
    *("do me a favour and", "do you think you could", "is there any chance you could", "if you could"),
    *(
        "would it be possible to",
        "is it possible to",
        "would you be able to",
        "could you possibly",
        "you can",
    ),
    # how long or how much, beside the command: "pause it for a second", "stop the music completely"
    *("for a second", "for a moment", "for a bit", "completely", "altogether", "entirely", "for good"),
    # when, said with a question: "what alarms do I have at the moment", "is the tv currently on"
    *("at the moment", "currently", "by any chance", "at all", "at this point", "at the minute"),
    # a question wrapped in "tell me": "can you tell me what alarms I've got" ("can you", then "tell me": one
    # phrase for both would hide "tell me" from the templates that have it, "could you tell me the time")
    *("tell me", "let me know", "i wonder", "i was wondering"),
    *("i'd like to know", "i want to know", "i need to know", "i wanna know"),
    *("any idea", "do you know", "do you happen to know", "got any idea"),
    *("every", "any", "in the house", "in the flat", "in the apartment", "in the whole house"),
    "around the house",
    # slang said as two or three words: "no cap set a timer for 5 mins", "for real turn it down"
    *("no cap", "for real", "low key", "high key", "not going to lie", "to be honest", "real talk"),
    # 你告诉我 / 你帮我 as a Chinese speaker says them in English (round 13, dev10): "… cold or not cold, you
    # tell me", "… I don't need, you help me cancel it"; a question left open with "or nah"
    *("you tell me", "you help me", "you help me to", "or nah"),
    # a question left open at its end: "is it gonna be cold in boston this weekend or", "... or not"
    *("or not", "or what", "or something", "or whatever", "or anything"),
    # round 16 (dev11): regional and old-fashioned courtesies ("would you ever …", "would you be a love
    # and …", "would you be so good as to …", "i'd be grateful if you'd …", "might you …", "thank you ever so
    # much"), tags said last ("I'm awake so I am", "… would y'all", "… do you reckon"), a question's "at
    # present", all of them ("every last one of them"), where ("on there"), for whom ("for them")
    *("would you ever", "would you be a love and", "be a love and", "be a pet and", "be a darling and"),
    *("would you be kind enough to", "be kind enough to", "would you be so good as to", "be so good as to"),
    *("would you be ever so kind as to", "be ever so kind as to", "ever so kind as to", "ever so"),
    *("i'd be grateful if you'd", "i'd be grateful if you would", "i'd be grateful if you could"),
    *("i would be grateful if you could", "sorry to trouble you", "sorry to bother you", "might you"),
    *("thank you ever so much", "thanks ever so much", "you may", "if you please", "would y'all"),
    *("y'all can", "can y'all", "could y'all", "go on and", "i'd like for you to", "might could"),
    *("no worries", "excuse me", "nae bother", "no bother", "wakey wakey", "rise and shine"),
    *("so i am", "so it is", "so we are", "so i do", "at present", "on there", "on the dot"),
    *("do you reckon", "you reckon", "y'all reckon", "reckon you could", "do you reckon you could"),
    *("you reckon you could", "every last one of them", "every last one", "every single one"),
    *("for them", "for him", "for her", "for the kids", "sweet as", "lord have mercy", "oh dear", "dear me"),
    # how long, said without "for" ("pause that a wee minute", "hold the music a moment")
    *("a minute", "a moment", "a second", "a wee minute", "a wee moment", "a wee second", "a wee while"),
    *("that's grand", "that's lovely", "that'd be grand", "there's a good lad", "good lad", "good girl"),
)
_OPENINGS: Mapping[str, tuple[tuple[str, ...], ...]] = {
    # a question wrapped in "look up": 帮我瞅一眼杭州后天天气咋样, 帮我看看现在几点钟; a command after "wait":
    # 等一下暂停 (no comma, as a recognizer prints it), 稍等，先把灯关了
    "zh": tuple(
        tuple(phrase)
        for phrase in (
            *("看一眼", "看一下", "看看", "查一下", "查查", "查看", "瞧一下", "看下", "查下"),
            # asked to be read out first (round 12): 给我念一下几点了, 念念今天几号
            *("念一下", "念念", "读一下", "报一下"),
            *("等一下", "等等", "等一等", "稍等", "稍等一下", "慢着", "停停", "哎等等"),
            # ting addressed before the command (round 14): 你把灯关了, 你暂停, 你计时五分钟 (first only:
            # 提醒我给你充电 keeps its message; a template with 你 wins: 你会干什么)
            "你",
        )
    ),
    # "wait a sec stop the music", "one sec, turn off the lights", "hang on what time is it" (sec is read
    # as second: colloquial.py)
    "en": tuple(
        tuple(phrase.split())
        for phrase in (
            *("wait", "wait a second", "wait a minute", "hold on", "hang on"),
            *("hold on a second", "hang on a second", "one second", "just a second"),
            # a question announced first: "hey quick question, will it be freezing tonight"
            *("quick question", "a quick question", "question for you", "random question", "one question"),
            # a wish before the thing and its state (round 11): "i'd like the kitchen lights off", "can i have
            # the tv on", "i need the volume at 20"; only first, so "remind me i need milk" keeps its message
            *("i'd like", "i would like", "i want", "i need", "i'd love", "can i have", "can i get"),
            *("could i have", "could i get", "can we have", "can we get", "how about"),
            # 帮我 as a Chinese speaker says it in English: "help me set an alarm for 7", "help me to open the
            # bedroom light", "can you help me cancel the timer" (a template with "help me" wins: system.help)
            *("help me", "help me to", "please help me", "help us", "help us to"),
            # a request said as a reminder to ting or with "can't you" (round 13): "can't you turn it down",
            # "don't forget to wake me at 7", "make sure you turn the heater off" (not "let's", "you should",
            # "time to": "let's play twenty questions" is no song; not "why don't you": leaving one pair out,
            # "why don't you talk?" was read by the second pass as "talk" louder)
            *("can't you", "couldn't you", "don't forget to", "remember to", "make sure to"),
            *("make sure you", "be sure to"),
            # round 16 (dev11): a regional opener ("listen ting, volume to 40", "sure look, forget it", "go on
            # and clear them", "i reckon i need another quarter of an hour", "right so ...")
            *("listen", "look", "sure look", "go on", "go on and", "right so", "i reckon", "reckon", "shoot"),
            # an afterthought (round 18): "oh, and remind me at 5 to ...", "also, turn the fan off"
            *("and", "oh and", "and also", "oh also", "also", "one more thing", "oh one more thing"),
        )
    ),
}
"""Phrases skipped like fillers only among the sentence's opening fillers: 十分钟后提醒我看一下锅 keeps its
message 看一下锅, "remind me to wait for the plumber" its "wait"."""
FILLER_PHRASES: Mapping[str, tuple[tuple[str, ...], ...]] = {
    "zh": tuple(tuple(phrase) for phrase in _ZH_PHRASES),
    "en": tuple(tuple(phrase.split()) for phrase in _EN_PHRASES),
}
"""Polite, hesitant, possessive and "here" phrases skipped like fillers, at the cost of one filler each."""
_PHRASES_BY_FIRST: Mapping[str, Mapping[str, tuple[tuple[str, ...], ...]]] = {
    lang: {
        first: tuple(phrase for phrase in phrases if phrase[0] == first) for first in {p[0] for p in phrases}
    }
    for lang, phrases in FILLER_PHRASES.items()
}
"""The phrases by their first token: a parse looks up the phrases that can start at each token."""
FILLER_PENALTY = 0.1
MAX_STUTTER_TOKENS = 4
"""A run of up to this many tokens said twice (把……把, "the uh the", 帮我……帮我) may be skipped once."""
CLAUSE_MARKS = frozenset("，,。.!！?？;；:：")
"""Marks that end a clause: a command said with a side remark (太吵了，小点声) is found in its clause."""
CLAUSE_PENALTY = 0.1
"""Confidence lost for each clause left out of the match."""


WILDCARD_EDGES: Mapping[str, frozenset[str]] = {
    "zh": frozenset("吧啊呀呢嘛哦呃嗯额"),
    # a name may be a person's way of being addressed ("play hey dude", "play soul bro")
    "en": FILLERS["en"]
    - {"now", "again", "here", "right", "well", "yes", "hi", "our", "dude", "bro"}
    # who is spoken to may be a song's own word ("play hello", "dear prudence", "love story")
    - {"dear", "darling", "buddy", "pal", "sweetheart", "hon", "babe"}
    | {"there"},  # "put on some folk music there" names no artist "folk music there"
}
"""Words a wildcard slot (song, message, label, city) may not begin or end with (``MatchContext``)."""
WILDCARD_ENDS: Mapping[str, frozenset[str]] = {
    # a final particle of the request, not of the song (round 14): 放王菲的红豆呗, 播放林俊杰的江南哈 (only
    # last: 哈利波特 begins with one)
    "zh": frozenset("呗哈嘞喽啦"),
    "en": frozenset(
        # "some" / "any" want a noun after them ("put on some, like, children's songs": no song "some")
        {"the", "a", "an", "to", "for", "of", "on", "at", "in", "with", "and", "my", "that", "or"}
        | {"some", "any"}
    ),
}
"""Words a wildcard slot may not end with."""
WILDCARD_END_PHRASES: Mapping[str, frozenset[tuple[str, str]]] = {
    "en": frozenset(
        (phrase[0], phrase[1]) for phrase in FILLER_PHRASES["en"] if len(phrase) == 2 and phrase[0] != "can"
    ),
    # Chinese: only courtesies said last (songs end with 好了, 一下, 那个 ...)
    "zh": frozenset((phrase[0], phrase[1]) for phrase in ("谢谢", "好吗", "行吗", "成吗", "多谢")),
}
"""Two-word filler phrases a wildcard slot may not end with ("play some taylor swift for me", 放周杰伦的歌
谢谢)."""
_SPLIT_WORDS_ZH = (
    *("播报", "播出", "放弃", "放心", "放假", "放学", "放松", "放下", "放进", "放在", "放不", "放得"),
    *("听说", "听见", "听懂", "听到", "听不", "听得", "来不", "来得", "来到", "来自", "来段"),
)
SPLIT_WORDS: Mapping[str, frozenset[tuple[str, str]]] = {
    "zh": frozenset((word[0], word[1]) for word in _SPLIT_WORDS_ZH),
}
"""Words that begin with a play verb (播, 放, 听, 来) but mean something else: a wildcard slot right after
the verb may not begin with the word's second character (播报一下今天的新闻 is no song, nor 放不下烤箱)."""
NAME_PREFIXES: Mapping[str, tuple[tuple[str, ...], ...]] = {
    "zh": ((), ("我家",), ("家里",)),
    "en": ((), ("the",), ("my",), ("our",)),
}
"""What may stand before a registry name that a wildcard must not swallow."""


def skip_costs(tokens: Sequence[str], lang: str) -> list[int | None]:
    """Per token: None when no skip may start there, else how many tokens a skip passes (a whole phrase).

    A stutter (a run repeated right after itself, perhaps with one filler between) is skipped as one
    filler, so "把……把厨房的灯打开" reads as "把厨房的灯打开".
    """
    return list(_skip_costs(tuple(tokens), lang))


@lru_cache(maxsize=256)
def _skip_costs(tokens: tuple[str, ...], lang: str) -> tuple[int | None, ...]:
    """``skip_costs``, remembered: a parse asks it of the same clauses again (each pass of the matcher, and
    the second pass)."""
    fillers = FILLERS.get(lang, frozenset())
    costs: list[int | None] = [1 if token in fillers else None for token in tokens]
    by_first = _PHRASES_BY_FIRST.get(lang, {})
    for start, token in enumerate(tokens):
        for phrase in by_first.get(token, ()):
            if tuple(tokens[start : start + len(phrase)]) == phrase:
                costs[start] = max(costs[start] or 0, len(phrase))
    for at in _aspects_before_a_length(tokens, lang):
        costs[at] = None
    position = 0
    openings = _OPENINGS_BY_FIRST.get(lang, {})
    while position < len(tokens):
        for phrase in openings.get(tokens[position], ()):
            if tuple(tokens[position : position + len(phrase)]) == phrase:
                costs[position] = max(costs[position] or 0, len(phrase))
        if costs[position] is None:
            break
        position += costs[position] or 1
    _edges_skipped(tokens, lang, costs)
    count = len(tokens)
    for start in range(count):
        for length in range(1, min(MAX_STUTTER_TOKENS, count - start) + 1):
            for gap in (0, 1):
                again = start + length + gap
                if gap and (again > count or tokens[start + length] not in fillers):
                    continue
                # the first word said again, asked before any slice is made (at every token, 8 times)
                if (
                    again < count
                    and tokens[again] == tokens[start]
                    and tokens[again : again + length] == tokens[start : start + length]
                ):
                    costs[start] = max(costs[start] or 0, length + gap)
    return tuple(costs)


def _edges_skipped(tokens: tuple[str, ...], lang: str, costs: list[int | None]) -> None:
    """``EDGE_FILLERS`` among the fillers that begin or end ``tokens`` made skippable (in place)."""
    edges = EDGE_FILLERS.get(lang, frozenset())
    if not edges:
        return
    position = 0
    while position < len(tokens) and (costs[position] is not None or tokens[position] in edges):
        costs[position] = costs[position] or 1
        position += costs[position] or 1
    position = len(tokens) - 1
    while position >= 0 and (costs[position] is not None or tokens[position] in edges):
        costs[position] = costs[position] or 1
        position -= 1


_OPENINGS_BY_FIRST: Mapping[str, Mapping[str, tuple[tuple[str, ...], ...]]] = {
    lang: {first: tuple(p for p in phrases if p[0] == first) for first in {p[0] for p in phrases}}
    for lang, phrases in _OPENINGS.items()
}
"""The openings by their first word (looked up once per leading token)."""


_ASPECTS: Mapping[str, frozenset[str]] = {"zh": frozenset("了")}
"""Aspect words that are fillers elsewhere but never before a length: 等了二十分钟, 晚了五分钟, 排队排了半个
钟头 tell how long something took, so a timer or snooze template must not read them with the 了 left out."""
_AFTER_A_LENGTH = frozenset("后之以再")
"""What follows a length said as when (…了十分钟后再叫我: the 了 ends what came before, may be skipped)."""


def _aspects_before_a_length(tokens: tuple[str, ...], lang: str) -> Iterator[int]:
    """Where an aspect word is said right before a length of time that is not a "when" (… 后)."""
    aspects = _ASPECTS.get(lang, frozenset())
    for at, token in enumerate(tokens):
        if token in aspects and how_long(tokens, at + 1, lang):
            yield at


def how_long(tokens: Sequence[str], start: int, lang: str) -> bool:
    """A length of time that is not a "when" (… 后) is said from ``start``: how long something took
    (等了二十分钟), when said after an aspect word."""
    ends = [end for end, _ in duration_readings(tokens, start, lang)]
    return bool(ends) and not any(end < len(tokens) and tokens[end] in _AFTER_A_LENGTH for end in ends)


_GREETINGS = frozenset({"嘿", "嗨", "喂", "hey", "hi", "ok", "okay", "yo"})
_OTHER_ASSISTANTS = (
    *("google", "alexa", "siri", "cortana", "bixby"),
    *("小爱同学", "小爱", "天猫精灵", "小度小度", "小度", "小艺小艺", "小艺"),
)
OTHER_ASSISTANTS: tuple[tuple[str, ...], ...] = tuple(
    tuple(name.split()) if name.isascii() else tuple(name) for name in _OTHER_ASSISTANTS
)
"""Names of other assistants, as tokens: a sentence that begins by calling one ("Hey Google, play my
voicemail", 小爱同学，打开空调) is said to that assistant, not to ting, and is refused whatever follows."""


def addressed_elsewhere(tokens: Sequence[str]) -> bool:
    """The sentence begins with another assistant's name (after leading fillers and greetings: "hey
    google", "um alexa", 嘿，小爱)."""
    start = 0
    skippable = _GREETINGS | FILLERS["zh"] | FILLERS["en"]
    while start < len(tokens) and tokens[start] in skippable:
        start += 1
    rest = tuple(tokens[start:])
    return any(rest[: len(name)] == name for name in OTHER_ASSISTANTS)
