"""What form a Mandarin sentence has: a question, a statement, a story about someone: not what it is about.

The statistical second pass weighs words, not the form they are said in, so 明天是我生日 read as a date
question (明天 + 是 are how one asks the date), 你刚才说什么 as "never mind" and 我儿子定了个六点的闹钟 as an
alarm to set. The checks here are by the sentence's form only, each a closed class of Mandarin function
words (question words, the copula, third persons, habit adverbs), not words of any intent, so a new skill
gets them with nothing to write:

- ``states``: a statement (是 / 有 / 会 / 在 as its verb, no question word, no request to tell) is no
  question: an intent asked about (a date, the weather, a state) is not read from it;
- ``asks_why``: a why (not) question (你怎么不说话, 为什么会下雨; round 14) asks for a reason: no intent asked
  about (the time, the weather, what ting can do) is read from it;
- ``wh_question``: every clause asks who / what / how / how much or ends in 吗, and none is a request: a
  command is not read from it (an advice question, 空调开多少度最省电, 音量太大对耳朵有害吗, is no command);
- ``narrates``: every clause tells about someone else (我儿子…, 他…), one's own habit (我一般…, 我每天…) or
  plan (我周五要去厦门出差), what a thing reports (温度计显示…), what already happened (上周五北京下了好大
  的雪) or what will happen (周末会睡到九点): nothing in it is asked of ting;
- ``whenever``: a regularity (灯一开，猫就跑到沙发底下; 每次…就…) is no one-off command, in either pass.

Each was checked against every Mandarin command of the development sets (none of them has the form it
refuses; docs/benchmarks.md). English is not covered here.
"""

from __future__ import annotations

import re

from ting.nlu.normalize import to_simplified

_CLAUSE_BREAK = re.compile(r"[，,。.！!？?；;：:…、\s]+")
_OPENING_FILLERS = re.compile(r"^(?:嗯|呃|哎|诶|唉|啊|哦|喂|嘿|那个|就是|对了|话说|然后)+")

_QUESTION = re.compile(
    r"[吗么嘛呢吧几啥谁哪怎咋]|多少|多久|多长|多大|多高|多冷|多热|什么|如何|没|(.)不\1|不$|还是|是否"
)
"""A question word or particle, a yes-no (A不A) form, 还是 (which of two), a final 不 (出门要带伞不)."""
_ASKS_TO_TELL = re.compile(r"告诉|查|看|瞅|说|报|念|问|知道|列|讲")
"""A request to tell or look up: 告诉我明天的天气 asks without a question word."""
_STATEMENT_VERB = re.compile(r"(?<![还就要不])是|(?<![还所没])有|(?<!一)会(?!儿)|(?<![现正])在")
"""The copula, 有, 会 and 在 as a sentence's verb (not 还是, 还有 / 所有, 一会儿, 现在 / 正在)."""

_WH = re.compile(
    r"(?<!没)什么(?![都也])|啥(?![都也])|谁(?![都也])|哪(?![都也])|几(?![个分天秒次遍首])|多少|为什么|为啥|如何"
    r"|怎么(?!停|不|没|关|又|还|这么|回事)"
)
"""Who / what / which / how much (not 没什么 "nothing", 什么都 / 啥也 "anything", nor a complaint that asks
for the command: 怎么停了, 怎么没声音了)."""
_REQUEST = re.compile(r"能|可以|帮|请|麻烦|把|给我|吧|让|叫我|要|好吗|行吗|成吗")
"""A wh-clause that is also a request (能不能把音量调到多少, 帮我看看几点了)."""
_YES_NO = re.compile(r"(吗|(?<!什)么)$")
"""A clause that ends as a yes-no question (not 什么: 没什么 is "nothing")."""

_SOMEONE_ELSE = re.compile(
    r"^(?:我们?家?的?|咱们?家?的?)?"
    r"(?:儿子|女儿|老婆|老公|媳妇|妈妈?|爸爸?|爷爷|奶奶|姥姥|姥爷|外婆|外公|孩子|宝宝|邻居|同事|朋友|室友"
    r"|老板|老师|他们?|她们?|它们?)(?![的房屋间里卧])"
)
"""A clause whose subject is someone else (我儿子定了…, 邻居家…): a kin or other person, not followed by
的 or a room (孩子房间的灯 is a place)."""
_HABIT = re.compile(r"^我们?(?:一般|平时|通常|经常|总是|老是|每天都?|天天|向来|从来)")
"""One's own habit said of oneself (我一般七点起床)."""
_WILL = re.compile(r"(?<![一开你都不约聚的机])会(?![儿不议])")
"""会 as "will" (周末会睡到九点), not 一会儿, 开会, 你会 (can you), 会不会, 明天的会 (a meeting)."""

_PAST = re.compile(
    r"^(?:我们?|咱们?)?(?:昨天|前天|昨晚|昨儿|前几天|上周|上个?星期|上个?礼拜|上个?月|去年|那天)"
    r"[^，,]*?(?:了(?!$|的)|过(?!的))"
)
"""What already happened (上周五北京下了好大的雪, 昨天我睡了十个小时): a day before today first, then a
verb with 了 and more after it, or 过, and no question (昨天的闹钟删了 ends in 了: a command about
yesterday's; 前天放过的那首歌再放一遍 says which song; 昨天下雨了吗 asks)."""
_PLAN = re.compile(r"^(?:我们?|咱们?)[^，,要得]{0,10}(?:要去|要到|要飞|要出差|打算|准备去|得去)")
"""One's own plan said of oneself (我周五要去厦门出差三天, 我明天早上八点要去机场接人; round 14): told, not
asked of ting (我明天要去机场，六点叫我 asks in its second clause)."""
_REPORTED = re.compile(r"显示|写着|据说|听说|预报说|新闻说")
"""What something or someone reports (温度计显示屋里才十八度, 天气预报说明天降温; round 14): told."""
_ASKS_OF_TING = re.compile(r"吧$|帮我|给我|请|麻烦|你")
"""A clause that turns to ting (你, 帮我, a final 吧) tells no story, whoever it is about."""
_WHENEVER = re.compile(r"一[^个点会下些半分刻首遍段直共起样切]{1,3}[，,]?[^，,。！!？?；;]*就|每次|每回|只要")
"""X一…就… (as soon as), 每次 / 每回 / 只要 (every time, as long as): a regularity, not a command."""


def _clauses(text: str) -> list[str]:
    """The sentence's clauses, each without its opening fillers; clauses of fillers alone left out."""
    parts = (_OPENING_FILLERS.sub("", part) for part in _CLAUSE_BREAK.split(to_simplified(text)))
    return [part for part in parts if part]


def asks(text: str) -> bool:
    """``text`` has a question form (a question word or particle, A不A, 还是)."""
    return _QUESTION.search(to_simplified(text)) is not None


def states(text: str) -> bool:
    """``text`` is a statement: 是 / 有 / 会 / 在 as its verb, and it neither asks nor asks to be told."""
    simple = to_simplified(text)
    return (
        _STATEMENT_VERB.search(simple) is not None
        and _QUESTION.search(simple) is None
        and _ASKS_TO_TELL.search(simple) is None
    )


_WHY = re.compile(r"为什么|为啥|干嘛不|怎么不|怎么没|咋不|咋没")
"""Why, or why not (你怎么不说话, 为什么会下雨): asks for a reason, which no question ting answers does."""


def asks_why(text: str) -> bool:
    """``text`` asks why (or why not), and asks nothing to be done (帮我 / 能 / 把 …; 说 may be what it is
    about: 你怎么不说话)."""
    simple = to_simplified(text)
    return _WHY.search(simple) is not None and _REQUEST.search(simple) is None


def wh_question(text: str) -> bool:
    """Every clause of ``text`` asks who / what / how (much), or ends in 吗, and none is also a request
    (音量太大对耳朵有害吗 is no command to turn it down; 能把音量调小吗, 暂停一下好吗 are)."""
    clauses = _clauses(text)
    return bool(clauses) and all(
        (_WH.search(part) or _YES_NO.search(part)) and not _REQUEST.search(part) for part in clauses
    )


def narrates(text: str) -> bool:
    """Every clause of ``text`` tells about someone else, one's habit or what will happen."""
    clauses = _clauses(text)
    return bool(clauses) and all(_narration(part) for part in clauses)


def _narration(clause: str) -> bool:
    if _ASKS_OF_TING.search(clause):
        return False  # 奶奶想听邓丽君那就放邓丽君吧: told, then asked, without a mark between
    if any(form.search(clause) for form in (_SOMEONE_ELSE, _HABIT, _PLAN, _REPORTED)):
        return True
    if _PAST.search(clause) and _QUESTION.search(clause) is None:
        return True
    return _WILL.search(clause) is not None and _QUESTION.search(clause) is None


def whenever(text: str) -> bool:
    """``text`` says what happens whenever something does (一…就…, 每次, 只要)."""
    return _WHENEVER.search(to_simplified(text)) is not None
