"""Where a sentence's clauses begin, and in which order runs of them are tried: a mark (，,。?!), a
conjunction ("because", 所以) or a run-on the clause rules know (``conjunctions``), with clauses of
fillers only joined to their neighbours. Shared by the recognizer's reading of side clauses and by the
pronoun reading of ``antecedents`` (a thing named in one clause, "it" in a later one)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ting.nlu.fillers import CLAUSE_MARKS, how_long, skip_costs
from ting.nlu.normalize import Token
from ting.nlu.questions import second_question


def clause_starts(text: str, spans: Sequence[tuple[int, int]]) -> list[int]:
    """Indexes of the tokens (given by their character spans in ``text``) that begin a clause, 0 first."""
    starts = [0] if spans else []
    for index in range(1, len(spans)):
        between = text[spans[index - 1][1] : spans[index][0]]
        if any(char in CLAUSE_MARKS for char in between) and not _only_ellipsis(between):
            starts.append(index)
    return starts


_ZH_WHEN = ("的", "时", "候")
_CONJUNCTIONS: Mapping[str, Mapping[tuple[str, ...], bool]] = {
    # words that join a command and its reason when no mark is printed; True: what follows is the reason
    "en": {
        **{(word,): True for word in ("because", "cause", "cuz", "coz", "since", "while")},
        ("so", "that"): True,
        # run on without a mark, as recognizers print it: "open the curtains let some sun in", "turn that
        # alarm off its going off" (tried only when the whole sentence reads as nothing)
        ("let",): True,
        # but "let me" / "let the music" ask for something: "the call's over, let the music carry on"
        ("let", "me"): False,
        ("let", "us"): False,
        ("let", "the", "music"): False,
        ("let", "the", "song"): False,
        ("its",): True,
        ("it's",): True,
        # what it is for, said after the command: "turn on the tv for the game", "switch the heater on for my
        # shower" (a purpose, never the command itself)
        ("for", "the"): True,
        ("for", "my"): True,
        ("for", "our"): True,
        # for someone of the household: "turn the tv on for grandpa"
        **{("for", who): True for who in ("grandpa", "grandma", "granny", "mom", "mum", "dad", "her", "him")},
        **{("for", who): True for who in ("them", "the", "everyone", "everybody", "dinner", "lunch")},
        # what is about to happen, said after the command (round 12): "shut that alarm up before it wakes the
        # street", "can I have another 8 minutes before it goes off again" (a time no template reads)
        **{("before", who): True for who in ("it", "it's", "its", "the", "they", "he", "she", "everyone")},
        # Irish "sure" before a statement says why (round 17): "play the pogues, sure it's nearly christmas",
        # "turn it up, sure we're all awake now" (an answer "sure" stands alone or first)
        **{("sure", who): True for who in ("it's", "its", "it'll", "we're", "you're", "they're", "i'm")},
        **{("sure", who): True for who in ("that's", "there's", "he's", "she's", "isn't", "wasn't", "we")},
        **{("sure", who): True for who in ("you", "they")},
        ("so",): False,
        ("and", "then"): False,
        # "sorry to bother you but what time is it": what is asked follows
        ("but",): False,
    },
    # 那就: what was said so far is why (奶奶想听邓丽君那就放邓丽君吧)
    "zh": {
        ("因", "为"): True,
        ("免", "得"): True,
        ("省", "得"): True,
        # a when-clause ends at 的时候, the command follows (round 16): 洗澡的时候放点音乐
        _ZH_WHEN: False,
        # otherwise, said after the command (round 16): 空调温度设成二十七度不然睡不着
        ("不", "然"): True,
        ("要", "不", "然"): True,
        ("所", "以"): False,
        ("那", "就"): False,
        # a second command run on, as recognizers print it: 小听把客厅灯打开然后放首歌 (as with marks, the
        # later command is read)
        ("然", "后"): False,
    },
}


@dataclass(frozen=True)
class Conjunction:
    at: int
    """Token index where the conjunction begins (a clause begins there)."""
    length: int
    reason: bool
    """What follows is the reason ("because ...", 因为……), not a command."""
    remark_before: bool = False
    """What comes before is a remark and the command begins here (呃我要洗澡那个热水器开一下: a pause
    before the command): no run of clauses ends here."""


_COMMAND_STARTS: Mapping[str, frozenset[str]] = {
    "en": frozenset({"turn", "switch", "skip", "pause", "dim", "shut", "keep", "stop", "play", "put", "set"})
    # a polite request after a remark: "the kids left the tv on again can you turn it off"
    | {"can", "could"}
    # after a time said as a clause (round 11): "before I go to bed tell me when my alarm is", "once the
    # kids are down show me my alarms"
    | {"tell", "remind", "wake", "show", "give"},
}
_ASKING = frozenset({"can", "could"})
"""Command starts only before "you" ("the timer can go" is no request)."""
"""Words that begin a command run on after a remark without a mark ("this song is terrible skip it")."""
_SUBJECT_STARTS: Mapping[str, frozenset[tuple[str, ...]]] = {
    "en": frozenset(
        {("i'm",), ("im",), ("i'll",), ("i've",)}
        | {("i", word) for word in ("missed", "will", "can't", "cant", "need", "have", "just")}
        # a habit or a feeling: "set an alarm for 6 am i keep oversleeping", "turn it down i cant think"
        | {("i", word) for word in ("keep", "always", "never", "really", "don't", "dont", "think", "want")}
        | {("i", word) for word in ("changed", "wanna")}
        # what the speaker forgot or did not mean (round 12): "whats todays date again i forgot", "cancel i
        # didnt mean to say that"
        | {("i", word) for word in ("forgot", "forget", "didn't", "didnt")}
        # someone else's situation (round 10): "stop the music the baby is asleep" is caught by
        # ``_REMARK_SUBJECTS``; these are subjects said as one word ("turn off the lights everyones gone to
        # bed"). Not "we're": "do you get lonely when we're out" would be the away scene (a scene's words)
        | {(word,) for word in ("they're", "theyre", "everyone's", "everyones", "everybody's")}
        | {(word,) for word in ("nobody's", "somebody's", "someone's", "he's", "she's", "hes", "shes")}
    ),
    # 现在几点了我睡迷糊了, 歌先暂停一下我去拿个快递, 别再放音乐了孩子在睡觉 (after ``_ZH_CLAUSE_ENDS``)
    "zh": frozenset({("我",), ("我", "们"), ("孩", "子"), ("宝", "宝"), ("他",), ("她",)}),
}
"""The speaker's own situation run on after a command of two words or more, without a mark: "go back one
song i missed the chorus", "make it louder i cant hear", "tell me the hour please im running late". A clause
begins there (length 0: "I'm up" may be the command itself), tried only when the whole reads as nothing.
In Mandarin only after a word that ends a clause (``_ZH_CLAUSE_ENDS``): 提醒我去买菜 keeps its 我."""
_ZH_CLAUSE_ENDS = frozenset({"了", "吧", "啊", "呢", "吗", "呀", "啦", "下"})
"""Words a Mandarin clause ends with (a final particle, 一下): a subject after one begins the next clause."""
_ZH_COMMAND_STARTS = frozenset(
    {("别",), ("不", "要"), ("接", "着"), ("继", "续"), ("赶", "紧"), ("快",), ("把",)}
    | {("音", "乐"), ("歌",), ("闹", "钟"), ("闹", "铃"), ("计", "时"), ("声", "音"), ("音", "量")}
    # a verb after the situation said twice over (round 12): 到家啦到家啦开回家模式, 音乐别放了关掉
    | {("开",), ("关",), ("打", "开")}
)
"""A second clause run on after a Mandarin final particle without a mark (round 11): a command said again
(音乐停了吧别放了), or begun by what it acts on after a remark (电话打完了音乐接着放吧)."""
_ZH_ERRANDS = frozenset(
    {("我", "去"), ("我", "先", "去"), ("我", "得", "去"), ("我", "要", "去")}
    # waiting for the speaker (round 16): 音乐先暂停等我去拿个快递
    | {("等", "我")}
)
"""The speaker going to do something, run on after a command of three characters or more whatever ends it
(先把歌暂停我去倒个水): 我去 … never begins a command."""


_SUBJECTS_BY_FIRST: Mapping[str, Mapping[str, tuple[tuple[str, ...], ...]]] = {
    lang: {first: tuple(s for s in subjects if s[0] == first) for first in {s[0] for s in subjects}}
    for lang, subjects in _SUBJECT_STARTS.items()
}
_CONJUNCTIONS_BY_FIRST: Mapping[str, Mapping[str, tuple[tuple[tuple[str, ...], bool], ...]]] = {
    lang: {
        first: tuple(
            (phrase, reason)
            for phrase, reason in sorted(words.items(), key=lambda item: -len(item[0]))
            if phrase[0] == first
        )
        for first in {phrase[0] for phrase in words}
    }
    for lang, words in _CONJUNCTIONS.items()
}
"""The conjunctions by their first word, longest first (looked up once per token, not sorted per token)."""


def conjunctions(tokens: Sequence[str], lang: str, marks: Sequence[int] = ()) -> list[Conjunction]:
    """Conjunctions that begin a clause after the first word ("it's dark in here so turn on the light",
    宝宝睡了所以把音乐关了): a command said with its reason, as a recognizer prints it, without marks; and,
    without a conjunction, a command word after a remark of three words or more (length 0). ``marks``:
    where printed marks begin clauses."""
    found: list[Conjunction] = []
    words = _CONJUNCTIONS_BY_FIRST.get(lang, {})
    starts = _COMMAND_STARTS.get(lang, frozenset())
    subjects = _SUBJECTS_BY_FIRST.get(lang, {})
    marked = frozenset(marks)
    index = 1
    while index < len(tokens):
        for phrase, reason in words.get(tokens[index], ()):
            if tuple(tokens[index : index + len(phrase)]) == phrase:
                # "let me ..." begins the command with its own words ("before I sleep let me hear my alarms")
                kept = not reason and phrase[0] == "let"
                when = phrase == _ZH_WHEN  # 看电影的时候…: what comes before is when, no command
                found.append(Conjunction(index, 0 if kept else len(phrase), reason, remark_before=when))
                index += len(phrase) - 1
                break
        else:
            command = (
                index >= 3
                and tokens[index] in starts
                and tokens[index - 1] not in ("you", "to", "and", "please")
                and (tokens[index] not in _ASKING or tuple(tokens[index + 1 : index + 2]) == ("you",))
            )
            situation = (
                index >= 2
                and tokens[index] in subjects
                and (lang != "zh" or tokens[index - 1] in _ZH_CLAUSE_ENDS)
                and any(tuple(tokens[index : index + len(s)]) == s for s in subjects[tokens[index]])
            )
            english = lang == "en" and (_remark(tokens, index) or second_question(tokens, index))
            # where a mark is, the mark begins the clause
            unmarked = _zh_unmarked(tokens, index, marks) if lang == "zh" and index not in marked else None
            if unmarked is not None:
                found.append(unmarked)
            elif command or situation or english or _zh_run_on(tokens, index, lang):
                found.append(Conjunction(index, 0, False))
        index += 1
    return found


def _zh_run_on(tokens: Sequence[str], index: int, lang: str) -> bool:
    """A Mandarin clause run on at ``index`` without a mark: a command after a final particle, or the
    speaker's errand after a command (``_ZH_COMMAND_STARTS``, ``_ZH_ERRANDS``)."""
    if lang != "zh" or index < 2:
        return False
    # the phrases by their first word: asked at every token of every Mandarin sentence
    word = tokens[index]
    after_particle = tokens[index - 1] in _ZH_CLAUSE_ENDS and tokens[index - 1] != "下"
    starts = _ZH_COMMAND_STARTS_BY_FIRST.get(word, ()) if after_particle else ()
    if starts and any(tuple(tokens[index : index + len(s)]) == s for s in starts):
        return True
    if index < 3 or word not in _ZH_ERRANDS_BY_FIRST:
        return False
    return any(tuple(tokens[index : index + len(errand)]) == errand for errand in _ZH_ERRANDS_BY_FIRST[word])


def _by_first(phrases: frozenset[tuple[str, ...]]) -> Mapping[str, tuple[tuple[str, ...], ...]]:
    return {first: tuple(phrase for phrase in phrases if phrase[0] == first) for first, *_ in phrases}


_ZH_COMMAND_STARTS_BY_FIRST = _by_first(_ZH_COMMAND_STARTS)
_ZH_ERRANDS_BY_FIRST = _by_first(_ZH_ERRANDS)


_ZH_FINALS = (_ZH_CLAUSE_ENDS - {"下"}) | frozenset("喽嘛哈呗咯嘞噻撒啰") | frozenset("伐咩")
"""Final particles after which a clause may begin with no mark (太吵了小点声, 再让我睡十分钟嘛求你了; the
regional questions' 伐 and 咩, round 17: 今天交关冷伐卧室空调帮我开起来)."""
_ZH_DAY_STARTS = frozenset(tuple(said) for said in ("每天", "每日", "每个", "每周", "每逢", "天天", "工作日"))
"""A recurrence that begins a command run on after a remark with no mark (round 17: 最近老迟到每个工作日早上
七点二十叫我, 最近总睡过头每天早上七点叫我). Not a single day: after a city it is the day asked about there
(帮我查一下杭州明天会不会下雨 is one clause), and a clause begun there would drop the city."""
_ZH_DAY_STARTS_FIRST = frozenset(said[0] for said in _ZH_DAY_STARTS)
_ZH_DAY_HOLDERS = frozenset("的到等在从是个这那上下每我他她们你把给叫让零一二三四五六七八九十两几半")
"""Words before a day that hold it in their own clause (定个明天的闹钟, 提醒我明天, 到周五, 七点明天 …)."""
_ZH_PURPOSES = frozenset("晒暖凉歇躺玩吃喝洗读写练聊逛透提")
"""Verbs said doubled after a command for what it is for (窗帘拉开晒晒太阳, 把窗帘打开透透气, round 17;
提提神, round 18): a reason clause begins there, never the command. Not 看 / 听: 帮我看看天气 looks
something up, 放首歌听听 asks for the song."""
_ZH_PURPOSES_TWO = frozenset({("放", "松"), ("休", "息"), ("活", "动"), ("解", "闷"), ("醒", "神")})
"""Two-character verbs said doubled (ABAB) for the same (来点爵士放松放松, round 18)."""
_ZH_PURPOSE_NOT_AFTER = frozenset("我你他她们再在要去想来先也还就又都能会可得")
"""Before a doubled verb, a subject or an adverb makes it the clause's own verb (我再躺躺), not a purpose."""
_ZH_REACHED = frozenset("迟收想看听找遇碰感得达做办")
"""Before 到, a verb 到 completes (老迟到, 收到, 想到): a remark ends there, not "until"."""
_ZH_GOES_ON = frozenset("才还也又却的")
"""Adverbs that carry a sentence on after 了 (我回来了才发现……), and 的 after a verb with 了 that describes
a thing (取消了的航班能退钱吗, round 16): no new clause begins with them."""
_ZH_SOUNDS = frozenset("呃嗯")
"""Pauses left out of the tokens before the clauses are read (``colloquial.HESITATIONS``)."""
_ZH_PAUSES = frozenset("呃嗯额哎诶唉")
"""A pause said inside a sentence (有点热呃空调调到二十二度吧): the command often begins after it."""
_ZH_THAT_ONE = frozenset("这那哪的点半刻分秒才天号早晚前后")
"""Before 那个 that is "that one" (六点那个闹钟, 刚才那个, 你设的那个), not a pause."""
_ZH_OBJECT_TAKERS = frozenset("给帮叫让替跟和对为请带催等求教问被把陪是醒诉知喊送吵你")
"""Last characters of words whose object 我 is (给我, 提醒我, 告诉我): 我 after them begins no clause."""
_ZH_WHEN_ENDS = frozenset("点天号早晚午上前后候")
"""Last characters of a time or day said before its subject (昨天七点我就起床了, 明天早上我……): one clause,
not two (a length is a command's end: 计时一个半小时我在炖汤)."""
_ZH_OPINIONS = (("觉", "得"), ("感", "觉"), ("认", "为"))
"""我觉得 after a clause judges it (这个空调开二十六度我觉得刚好 is no command): no clause begins there."""
_ZH_KIN = tuple(tuple(said) for said in ("孩子", "宝宝", "奶奶", "爷爷", "老伴", "妈妈", "爸爸", "小朋友"))
"""Someone of the household whose situation is told after the command (麻烦小声一点孩子在睡觉)."""
_ZH_KIN_FIRST = frozenset(said[0] for said in _ZH_KIN)
_ZH_TELLERS = frozenset("我他她谁们把")
"""A subject (or another 把) just before 把: a story told (我昨天把灯关了), not a command begun there."""


def _zh_unmarked(tokens: Sequence[str], index: int, marks: Sequence[int]) -> Conjunction | None:
    """A Mandarin clause begun at ``index`` with no mark printed, as recognizers print it (小听把客厅灯
    打开然后放首歌; ``marks``: where printed marks begin clauses): after a final particle (太吵了小点声); at
    a pause (呃, 那个) that ends a remark before the command; at 我 or one of the household after a command
    (先暂停我接个电话, 小声一点孩子在睡觉); at 把 beginning a command after a remark (这屋黑乎乎的把灯给开了).
    None: no such clause. Each rule looks first at the word or the one before (most words begin none)."""
    if index < 2:
        return None
    word, before = tokens[index], tokens[index - 1]
    yixia = before == "下" and tokens[index - 2] == "一"
    if (yixia or before in _ZH_FINALS) and word not in _ZH_CLAUSE_ENDS and word not in _ZH_GOES_ON:
        # a bare verb after 了 is said of what the clause before named (闹钟不用响了取消), 响一下闹钟吧
        # goes on with its object after 一下 (暂停一下有人敲门 does not), 等了你二十分钟 with how long it took
        left = min((at for at in marks if at > index), default=len(tokens)) - index
        took = before == "了" and any(how_long(tokens, at, "zh") for at in (index, index + 1))
        if left >= (4 if yixia else 3) and not took:
            return Conjunction(index, 0, False)
    said_that = (
        word == "那" and tuple(tokens[index + 1 : index + 2]) == ("个",) and before not in _ZH_THAT_ONE
    )
    if (word in _ZH_PAUSES or said_that) and before not in _ZH_PAUSES:
        return Conjunction(index, 0, False, remark_before=True)
    if word == "我" or word in _ZH_KIN_FIRST:
        subject = (
            tuple(tokens[index + 1 : index + 3]) not in _ZH_OPINIONS
            if word == "我"
            else any(tuple(tokens[index : index + len(said)]) == said for said in _ZH_KIN)
        )
        when = before in _ZH_WHEN_ENDS and tuple(tokens[index - 2 : index]) != (
            "一",
            "点",
        )  # 小一点: a little
        if subject and index >= 3 and before not in _ZH_OBJECT_TAKERS and not when:
            return Conjunction(index, 0, False)
    doubled = tuple(tokens[index + 1 : index + 2]) == (word,) and before != word
    if word in _ZH_PURPOSES and index >= 3 and doubled and before not in _ZH_PURPOSE_NOT_AFTER:
        return Conjunction(index, 0, True)
    pair = tuple(tokens[index : index + 2])
    doubled_pair = tuple(tokens[index + 2 : index + 4]) == pair
    if pair in _ZH_PURPOSES_TWO and index >= 3 and doubled_pair and before not in _ZH_PURPOSE_NOT_AFTER:
        return Conjunction(index, 0, True)
    held = before in _ZH_DAY_HOLDERS and not (before == "到" and tokens[index - 2] in _ZH_REACHED)
    recurs = word in _ZH_DAY_STARTS_FIRST and index >= 3 and not held and not before.isdigit()
    if recurs and any(tuple(tokens[index : index + len(said)]) == said for said in _ZH_DAY_STARTS):
        return Conjunction(index, 0, False, remark_before=True)
    if word == "把" and not set(tokens[max(0, index - 4) : index]) & _ZH_TELLERS:
        return Conjunction(index, 0, False, remark_before=True)
    return None


_REMARK_SUBJECTS = frozenset({"the", "my", "our", "his", "her", "this", "your", "that"})
_REMARK_VERBS = frozenset(
    {"is", "are", "was", "were", "keeps", "has", "just", "wants", "needs", "won't", "can't", "cant", "isn't"}
    # what has just happened (round 17): "what time is it my phone died", "go back a track that last one was
    # class", "turn it down the baby woke up"
    | {"died", "broke", "woke", "fell", "went", "came", "arrived", "finished", "stopped", "rang"}
)


def _remark(tokens: Sequence[str], index: int) -> bool:
    """A remark about someone or something run on after a command of two words or more: a determiner, one or
    two words and a verb ("stop the music the baby is asleep", "next track this one's boring", "pause it my
    mum is calling"); a clause begins at the determiner (length 0), tried only when the whole reads as
    nothing."""
    if index < 2 or tokens[index] not in _REMARK_SUBJECTS:
        return False
    subject = tokens[index + 1 : index + 3]
    verbs = tokens[index + 2 : index + 4]
    return any(word.endswith("'s") for word in subject) or any(word in _REMARK_VERBS for word in verbs)


def _only_ellipsis(between: str) -> bool:
    """An ellipsis ("……", "...") is hesitation inside a clause, not the end of one."""
    marks = [char for char in between if not char.isspace()]
    return (all(char in "…." for char in marks) and "…" in marks) or marks == [".", ".", "."]


def merge_filler_clauses(starts: list[int], costs: Sequence[int | None]) -> list[int]:
    """Clause starts without those around a clause of fillers only (嗯，那个，…): leaving such a clause out
    costs what skipping its words costs, so trying the clauses without it would only repeat the work."""
    if len(starts) < 2:
        return starts
    ends = [*starts[1:], len(costs)]
    kept = list(starts)
    for start, end in zip(starts, ends, strict=True):
        position = start
        while position < end and costs[position] is not None:
            position += costs[position] or 1
        if position < end:
            continue  # a word that is not a filler
        if end < len(costs) and end in kept:
            kept.remove(end)  # joined to the clause after it
        elif start in kept and start != 0:
            kept.remove(start)  # the last clause: joined to the one before
    return kept


@dataclass(frozen=True)
class Clauses:
    marks: tuple[int, ...]
    """Token indexes after a printed clause mark (0 first): a wildcard never runs across them."""
    joins: dict[int, Conjunction]
    """Conjunctions and run-on starts by the token index they begin at."""
    starts: tuple[int, ...]
    """Where each clause begins (marks and joins, without clauses of fillers only)."""
    length: int
    """Tokens in the sentence."""

    @property
    def ends(self) -> tuple[int, ...]:
        """Where each clause ends (the next one's start; the last ends with the sentence)."""
        return (*self.starts[1:], self.length)

    def runs(self, *, latest_first: bool = False) -> list[tuple[int, int, int]]:
        """Runs of consecutive clauses shorter than the sentence as ``(left out, first, last)``, fewest left
        out first (each left out costs ``CLAUSE_PENALTY``, so a run that leaves out more cannot beat a reading
        already found); of equal counts, in the written order, or the latest first (``latest_first``)."""
        count = len(self.starts)
        return sorted(
            ((count - (last - first + 1), first, last) for first in range(count)
             for last in range(first, count) if last - first + 1 < count),
            key=(lambda run: (run[0], -run[2])) if latest_first else (lambda run: run[0]),
        )  # fmt: skip


def clauses(text: str, tokens: Sequence[Token], lang: str) -> Clauses:
    """The clauses of ``tokens`` (spans into ``text``) in ``lang``."""
    texts = [token.text for token in tokens]
    marks = clause_starts(text, [(token.start, token.end) for token in tokens])
    joins = {join.at: join for join in conjunctions(texts, lang, marks)}
    if lang == "zh" and not _ZH_SOUNDS.isdisjoint(
        text
    ):  # 呃 / 嗯 are left out of the tokens: found between them
        gaps = ((at, text[tokens[at - 1].end : tokens[at].start]) for at in range(2, len(tokens)))
        paused = [at for at, gap in gaps if at not in marks and not _ZH_SOUNDS.isdisjoint(gap)]
        joins = {**{at: Conjunction(at, 0, False, remark_before=True) for at in paused}, **joins}
    starts = merge_filler_clauses(sorted({*marks, *joins}), skip_costs(texts, lang))
    return Clauses(tuple(marks), joins, tuple(starts), len(tokens))
