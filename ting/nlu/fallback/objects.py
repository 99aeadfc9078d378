"""What a Mandarin command acts on (after 把) or a question asks about (after 的): the second pass takes only
a thing its intent knows.

The classifier weighs what a sentence says, not what the command is done to, so 帮我把手机调成静音 read as
the volume set to 0 (调成静音 is how one mutes ting) and 把车里的空调打开 as the home's air conditioners (空调
and 打开 are home.turn_on's words; 车里, in the car, nobody's). The templates read the thing after 把 as one
of their names, kinds or words, never as words they do not know; the second pass does the same: the first
word of the 把 object (its first two characters, unless it is a pronoun or one character before the verb)
must be said by the intent's training (templates and examples), where the household's names are
placeholders (把{device}打开). Only the first word: what follows may be said many ways
(把现在有的闹钟都报给我听听). The same for the thing a question asks about, said between 的 and the
question (我明天的日程有哪些: a schedule is no alarm; 香港的面积有多大: an area is no weather).
"""

from __future__ import annotations

from collections.abc import Sequence

from ting.nlu.fallback.featurize import features

_BA = frozenset("把将")
_VERBS = frozenset("调开关打设放播停暂拉合换切删取定弄给改升降加减静变去")
"""The first character of the verbs Mandarin commands put after their 把 object (关, 打开, 调到, 设成, 静音
…): a one-character object before one (把灯打开) has no word to check. A closed class of the skills'
command verbs, not any intent's nouns."""
_POINTING = frozenset("它他她这那你我")
"""An object said as a pronoun or by pointing (把它, 把这个): named elsewhere, so nothing to check."""
_QUESTIONS = ("有哪些", "有什么", "是什么", "是多少", "有多", "多少", "怎么样", "咋样", "如何")
"""Question words after the thing asked about (…的日程有哪些, …的面积有多大)."""


def object_pairs(said: Sequence[str], lang: str) -> list[str]:
    """The word-pair feature of the 把 object's first word (把车里的空调: 车|里), and those from the last 的
    to a question word after it (的日程有哪些: 的|日, 日|程), or none."""
    if lang != "zh":
        return []
    return [*_acted_on(said), *_asked_about(said)]


def _asked_about(said: Sequence[str]) -> list[str]:
    text = "".join(token if len(token) == 1 else "@" for token in said)  # one character per token
    asked = min((at for at in (text.find(word) for word in _QUESTIONS) if at > 0), default=-1)
    if asked < 0:
        return []
    owner = text.rfind("的", 0, asked)
    if owner < 0 or asked - owner < 2:
        return []
    return [feature for feature in features(said[owner:asked], "zh") if feature.startswith("b:")][1:-1]


def _acted_on(said: Sequence[str]) -> list[str]:
    start = next((at for at, token in enumerate(said) if token in _BA), None)
    if start is None or start + 2 >= len(said) or said[start + 1] in _POINTING:
        return []  # 先把它取消吧: the thing was named before, and what it is the earlier clause says
    first = said[start + 1 : start + 3]
    if any(token in _VERBS for token in first):
        return []  # 把灯打开: a one-character thing, the verb after it
    return [f"b:{first[0]}|{first[1]}"]


_WHEN = (("的", "时", "候"), ("时", "候"), ("那", "会", "儿"))
_WHEN_REACH = 0
"""Tokens a slot may end before 的时候 and still be what the when-clause is about (看电影的时候; not
卧室空调我走的时候有没有关, where the device is the question's and 我走 the when-clause's)."""


def in_a_when_clause(said: Sequence[str], end: int) -> bool:
    """A slot ending at ``end`` is what a when-clause says (看电影的时候别吃太多爆米花: 看电影 is when, not a
    scene to start): the time of something else, not what is asked."""
    return any(
        tuple(said[at : at + len(words)]) == words
        for at in range(end, min(end + _WHEN_REACH, len(said)) + 1)
        for words in _WHEN
    )
