"""Regional Mandarin said as its standard form before matching (round 16): the words Cantonese, Wu
(Shanghai), southwestern (Sichuan), Min (Fujian) and northern speakers put into their Mandarin, so every
template of every skill reads 听日深圳会唔会落雨, 而家几点钟, 阿拉屋里的热水器关掉了伐, 你有啥子本事,
计时器仲有几耐, 电视有关吗 without writing them (``colloquial.standard_forms`` applies these tables with its
own).

Only words that mean the standard one wherever a command or a question to ting says them are read by the
tables; a word that is standard Mandarin too in other senses (系 in 系统, 阿拉 in 阿拉伯, 返 in 返回) is read
by its neighbours (``regional_form``). A replacement keeps the heard word's span for every token.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ting.nlu.normalize import Token

WORDS: Mapping[str, tuple[str, ...]] = {
    # Cantonese characters that have no other reading in Mandarin: 冇事 / 冇 = 没有, 闩咗灯 = 关了灯,
    # 睇下 = 看下, 佢 = 它 (what a command points at), 喺 = 在, 揾 = 找, 俾 / 畀 = 给, 啲 = 点 (细声啲),
    # 嚟 = 来, 乜嘢 = 什么东西, 嘅 = 的, 咁 = 这么
    "冇": ("没", "有"),
    "咗": ("了",),
    "嘅": ("的",),
    "睇": ("看",),
    "佢": ("它",),
    "喺": ("在",),
    "揾": ("找",),
    "俾": ("给",),
    "畀": ("给",),
    "啲": ("点",),
    "闩": ("关",),
    "嚟": ("来",),
    "乜": ("什", "么"),
    "嘢": ("东", "西"),
    "咁": ("这", "么"),
    "哋": ("们",),  # 我哋, 佢哋
    "嗌": ("叫",),  # 听朝七点嗌我
    "喇": ("了",),  # 唔使喇, 唔好再放歌喇
    # Wu: 侬 = 你, 覅 = 不要
    "侬": ("你",),
    "覅": ("不", "要"),
    # northeastern 贼 = 很 (贼冷, 贼大声, 闹钟贼吵)
    "贼": ("很",),
    # 拧 turns a knob: 音量往上拧一拧, 拧到六十 (the templates say 调)
    "拧": ("调",),
    # number forms: 廿 / 卅 (twenty, thirty: 空调调到廿六度, 音量卅)
    "廿": ("二", "十"),
    "卅": ("三", "十"),
}
"""Regional character -> its standard form, as tokens."""

PHRASES: Mapping[tuple[str, ...], tuple[str, ...]] = {
    # weather: 落雨 / 落雪 (Cantonese, Wu, Hakka) = 下雨 / 下雪; 冻死了 = 冷死了
    ("落", "雨"): ("下", "雨"),
    ("落", "雪"): ("下", "雪"),
    # all of them said as 统统 / 通通 (round 17): 厨房的电器统统关了 = 厨房的电器都关了
    ("统", "统"): ("都",),
    ("通", "通"): ("都",),
    # the volume said as its slider (round 17): 音量条拉到六十五
    ("音", "量", "条"): ("音", "量"),
    # question words: 啥子 (southwestern), 几多 / 几耐 (Cantonese: how many, how long), 哪能样 / 点样 (Wu,
    # Cantonese: how), 几时 (when), 边度 / 边个 (Cantonese: where, which)
    ("啥", "子"): ("什", "么"),
    ("几", "多"): ("多", "少"),
    ("几", "耐"): ("多", "久"),
    ("哪", "能", "样"): ("怎", "么", "样"),
    ("点", "样"): ("怎", "么", "样"),
    ("几", "时"): ("什", "么", "时", "候"),
    ("边", "度"): ("哪", "里"),
    ("边", "个"): ("哪", "个"),
    ("辰", "光"): ("时", "间"),  # Wu: 啥辰光 = 什么时间
    # now and days: 而家 (Cantonese now), 今朝 / 明朝 (Wu), 听日 / 琴日 / 寻日 (Cantonese)
    ("而", "家"): ("现", "在"),
    ("今", "朝"): ("今", "天"),
    ("明", "朝"): ("明", "天"),
    ("听", "日"): ("明", "天"),
    ("琴", "日"): ("昨", "天"),
    ("寻", "日"): ("昨", "天"),
    # home and work: 返屋企 / 屋企 (Cantonese home), 返工 / 放工 (to / off work)
    ("返", "屋", "企"): ("回", "家"),
    ("屋", "企"): ("家",),
    ("返", "工"): ("上", "班"),
    # Cantonese: 出面 = 外面, 听朝 / 听晚 = 明天早上 / 晚上, 起身 = 起床, 冇嘢 = 没事, 落唔落雨
    ("出", "面"): ("外", "面"),
    ("听", "朝"): ("明", "天", "早", "上"),
    ("听", "晚"): ("明", "天", "晚", "上"),
    ("起", "身"): ("起", "床"),
    ("冇", "嘢"): ("没", "事"),
    ("落", "唔", "落", "雨"): ("下", "不", "下", "雨"),
    ("落", "唔", "落", "雪"): ("下", "不", "下", "雪"),
    ("系", "咪"): ("是", "不", "是"),  # 係咪 (the 係 read simplified): is it …
    ("放", "工"): ("下", "班"),
    # Wu: 阿拉一家门 = 我们一家, 交关 = 很, 拉拢 = 拉上 (curtains), 看片子 = 看电影
    ("一", "家", "门"): ("一", "家"),
    ("交", "关"): ("很",),
    ("拉", "拢"): ("拉", "上"),
    ("拉", "拢", "来"): ("拉", "上"),
    ("片", "子"): ("电", "影"),
    # Cantonese: 唔该 (please / thanks), 唔好 = 不要, 唔使 = 不用, 收声 = be quiet, 等阵 = 等会儿, 啱啱 = 刚刚
    ("唔", "该"): ("麻", "烦"),
    ("唔", "好"): ("不", "要"),
    ("唔", "好", "意", "思"): ("不", "好", "意", "思"),  # sorry, not "don't"
    ("唔", "使"): ("不", "用"),
    ("收", "声"): ("别", "吵"),
    ("等", "阵"): ("等", "会", "儿"),
    ("阵", "间"): ("会", "儿"),
    ("啱", "啱"): ("刚", "刚"),
    # southwestern: 莫得 = 没有, 一哈 = 一下, 晓得 = 知道
    ("莫", "得"): ("没", "有"),
    ("一", "哈"): ("一", "下"),
    ("晓", "得"): ("知", "道"),
    # northern: 倍儿 = 很, 嘎哈 = 干什么
    ("倍", "儿"): ("很",),
    ("嘎", "哈"): ("干", "什", "么"),
    # 调去 (Cantonese 去 = 到 after the verb): 音量调去二十五
    ("调", "去"): ("调", "到"),
}
"""Regional words of several characters -> their standard forms (longest first, with
``colloquial.PHRASES``)."""


_LIGHT_VERBS = frozenset("弄搞整拉")
"""Verbs that say "do" and take their sense from what follows: 弄成一半, 搞小一点, 整到二十五度; 拉 moves a
slider the same way (音量拉到六十五, round 17; 拉开 / 拉上 keep their own sense)."""
_RESULTS = frozenset("到成小大高低暗")
_AFTER_VERB_AWAY = frozenset("关删停撤熄灭拔掐切拉")
"""Verbs after which Wu 脱 / 忒 is 掉 (关脱, 删忒)."""
_AGAIN_VERBS = frozenset("放播开听调拎着")
"""Verbs after which Cantonese 返 says "back / again" (再放返上一首): left out."""
_KEEP_ON = frozenset("放播听唱来整")
_NOT_SHI = (frozenset("关联体派院世直星水谱字母"), frozenset("统列数"))
_NOT_HUI = (frozenset("认知意常见学共标胆赏结"), frozenset("别字"))
_NOT_LENG_BEFORE, _NOT_LENG_AFTER = frozenset("冷解果"), frozenset("结肉品豆疮")
_LOUDNESS = frozenset("声音量太好咁调得较")
_CLAUSE_ENDS = frozenset("吧啊呀呢嘛哦喽啦咯噻撒喇啵㗎")
_TAKES_WHAT = frozenset("做干讲说听看睇玩放整食叫有系是啲")
"""Verbs after which 咩 ending a clause is "what" (你识做咩), not a question's 吗 (今日落雨咩)."""


def ends_clause(tokens: Sequence[Token], index: int) -> bool:
    """``tokens[index]`` ends its clause: the sentence ends, a final particle follows, or a mark (which is no
    token) was printed after it (a gap between the spans of two Chinese characters)."""
    if index + 1 >= len(tokens):
        return True
    after = tokens[index + 1]
    return after.text in _CLAUSE_ENDS or after.start > tokens[index].end


def _again(tokens: Sequence[Token], index: int) -> bool:
    """一遍 / 一次 follows ``tokens[index]``."""
    return index + 2 < len(tokens) and tokens[index + 2].text in {"遍", "次"}


def regional_form(tokens: Sequence[Token], index: int) -> tuple[str, ...] | None:
    """A regional word read by its neighbours, as its standard form's tokens, or None:

    - 咩 ending a clause asks like 吗 (Cantonese: 今日落雨咩), after a verb or elsewhere is 什么 (你识做咩);
    - 唔 before a word is 不 (会唔会, 要唔要); said alone it is a hesitation, left as it is;
    - 系 (the simplified 係) is 是, not in 系统 / 关系 / 联系 …; 识 is 会 (你识做乜嘢), not in 认识 / 知识;
    - 阿拉 is 我们 (Wu), not in 阿拉伯;
    - 弄 / 搞 / 整 / 拉 before a result (到, 成, 小, 大, 高, 低, 暗) is 调, before 亮 it is 点 (整亮 = 点亮);
      搞 elsewhere is 弄 (搞错了); 整 after 接着 / 继续 or before 一遍 / 一次 is 放 (接着整, 再整一遍);
    - 脱 / 忒 after a verb that puts a thing away is 掉 (Wu: 关脱伐); 忒 elsewhere is 太 (northern);
    - 返 after a verb says "again" (再放返上一首: left out), before anything else but 回 it is 回;
    - 接到 / 接住 before a play verb is 接着 (接到放, 接住放); 暂停住 is 暂停下 (停住 is a template's);
    - 细 about loudness is 小 (声音太细, 细声点); 冻 is 冷 (好冻啊), not in 冷冻 / 冻肉;
    - 仲 is 还 (仲有几耐), not in 仲裁 / 仲夏;
    - 来的 ending a question is 来着 (今天是礼拜几来的).
    """
    text = tokens[index].text
    before = tokens[index - 1].text if index else None
    after = tokens[index + 1].text if index + 1 < len(tokens) else None
    if text == "咩":
        asks = index and ends_clause(tokens, index) and before not in _TAKES_WHAT
        return ("吗",) if asks else ("什", "么")
    if text == "唔" and not ends_clause(tokens, index):
        return ("不",)
    if text == "系" and before not in _NOT_SHI[0] and after not in _NOT_SHI[1]:
        return ("是",)
    if text == "识" and before not in _NOT_HUI[0] and after not in _NOT_HUI[1]:
        return ("会",)
    if text == "阿" and after == "拉" and (index + 2 >= len(tokens) or tokens[index + 2].text != "伯"):
        return ("我",)
    if text == "拉" and before == "阿" and after != "伯" and (index < 2 or tokens[index - 2].text != "把"):
        return ("们",)
    if text in _LIGHT_VERBS and after in _RESULTS:
        return ("调",)
    if text in _LIGHT_VERBS and after == "亮":
        return ("点",)
    if text == "搞":
        return ("弄",)
    if text == "整" and (before in {"着", "续"} or (after == "一" and _again(tokens, index))):
        return ("放",)
    if text in {"脱", "忒"} and before in _AFTER_VERB_AWAY:
        return ("掉",)
    if text == "忒":
        return ("太",)
    if text == "返" and before in _AGAIN_VERBS:
        return ()
    if text == "返" and after != "回":
        return ("回",)
    if text in {"到", "住"} and before == "接" and after in _KEEP_ON:
        return ("着",)
    if text == "住" and before == "停" and index >= 2 and tokens[index - 2].text == "暂":
        return ("下",)
    if text == "细" and (before in _LOUDNESS or after in {"声", "点", "一"}):
        return ("小",)
    if text == "冻" and before not in _NOT_LENG_BEFORE and after not in _NOT_LENG_AFTER:
        return ("冷",)
    if text == "仲" and after not in {"裁", "夏", "秋", "春", "冬", "介"}:
        return ("还",)
    if text == "的" and before == "来" and ends_clause(tokens, index):
        return ("着",)
    return _cantonese(tokens, index, before, after)


_MEASURES = frozenset("个首部盏只架")
_STILL_ON = frozenset("开关亮烧吹锁")
"""Verbs after which Cantonese 住 says a state that lasts (仲开住咩 = 还开着吗)."""
_MO_CANTONESE = frozenset("响嘈吵放开关郁")
"""Verbs Cantonese 咪 (= 别) is said before (咪响啦)."""
_AWAY_AFTER_MAI = frozenset("闩关熄收锁")


def _cantonese(
    tokens: Sequence[Token], index: int, before: str | None, after: str | None
) -> tuple[str, ...] | None:
    """Cantonese said in Mandarin, by its neighbours:

    - 住 after 开 / 关 / 亮 … is 着 (仲开住咩); 咪 before a verb is 别 (咪响啦);
    - a measure word after 咗 / 埋 points at the thing (闩咗个电视, 闩埋个电视): left out;
    - 埋 after a verb that puts away is 掉 (闩埋个电视); 熄 is 关 (熄灯), not in 熄灭 / 熄火;
    - 未 ending a question after 了 is 没有 (开咗未);
    - 校 before 个 / 闹 / 好 sets (校个闹钟), not 学校;
    - 较 before 大 / 小 / 高 / 低 adjusts (较细声啲), not 比较.
    """
    text = tokens[index].text
    if text == "住" and before in _STILL_ON:
        return ("着",)
    if text == "咪" and after in _MO_CANTONESE:
        return ("别",)
    if text in _MEASURES and before in {"咗", "埋"}:
        return ()
    if text == "埋" and before in _AWAY_AFTER_MAI:
        return ("掉",)
    if text == "熄" and after not in {"灭", "火"}:
        return ("关",)
    if text == "未" and before in {"咗", "了"} and ends_clause(tokens, index):
        return ("没", "有")
    if text == "校" and after in {"个", "闹", "好", "一"}:
        return ("定",)
    if text == "较" and before != "比" and after in {"大", "小", "细", "高", "低", "到"}:
        return ("调",)
    return _tenths(tokens, index)


_TENTHS = {digit: digit for digit in "一二三四五六七八九"} | {"两": "二"}
_TO_A_VALUE = frozenset("到成为在是开调留剩")


def _tenths(tokens: Sequence[Token], index: int) -> tuple[str, ...] | None:
    """X成 after a verb's 到 / 成 … is X tenths (调到两成, 亮度开到七成, 十成 = all): 百分之X十, as the
    templates read a percentage; 成 after anything else (成功, 八成是) is left as it is."""
    text = tokens[index].text
    if text in _TENTHS or text == "十":
        said = index and tokens[index - 1].text in _TO_A_VALUE
        if said and index + 1 < len(tokens) and tokens[index + 1].text == "成":
            return ("百", "分", "之", "一", "百") if text == "十" else ("百", "分", "之", _TENTHS[text])
    if text == "成" and index >= 2 and tokens[index - 2].text in _TO_A_VALUE:
        tenths = tokens[index - 1].text
        if tenths in _TENTHS:
            return ("十",)
        if tenths == "十":
            return ()
    return None


_DONE_VERBS = frozenset("关开设定拉放删调按熄灭锁打撤取")
"""Verbs that Min and southern speakers say after 有 for a thing done (我有设闹钟吗, 台灯有关吗)."""
_DONE_RESULTS = frozenset("开掉好上起下消")
_NOT_DONE_BEFORE = frozenset("没还都所只也有是就才又哪")
"""Before 有 that says "there is" or asks 有没有 (还有开着的灯吗, 有没有定好): no done marker."""
_NOT_DONE_AFTER = frozenset("着的得到成关")
_COMPARED = frozenset("跟和与同")
"""跟 / 和 … before 有关 asks whether things are related (这跟天气有关吗), not whether a thing is off."""


def done_with_you(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """有 before a verb said for a thing done, as Min (Fujian, Taiwan) and southern speakers say it in
    Mandarin (我有设闹钟吗, 电视有关吗, 窗帘有拉开吗): read as the verb with 了 (我设了闹钟吗, 电视关了吗).
    Not after 没 / 还 / 都 … (有没有, 还有开着的灯吗), nor before a verb said with 着 / 的 / 得 (有开着的吗,
    有关的新闻), nor 有关 after 跟 / 和 (这跟天气有关吗)."""
    if not any(token.text == "有" for token in tokens):
        return tokens
    out: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        end = _done_verb_end(tokens, index) if token.text == "有" else None
        if end is None:
            out.append(token)
            index += 1
            continue
        out.extend(tokens[index + 1 : end])
        if end >= len(tokens) or tokens[end].text not in {"了", "过"}:
            out.append(Token("了", tokens[end - 1].start, tokens[end - 1].end))
        index = end
    return tuple(out)


def _done_verb_end(tokens: tuple[Token, ...], index: int) -> int | None:
    """Where the verb (and its result: 拉开, 关掉, 取消) after 有 at ``index`` ends, or None when this 有 is
    no done marker."""
    if index + 1 >= len(tokens) or (index and tokens[index - 1].text in _NOT_DONE_BEFORE):
        return None
    verb = tokens[index + 1].text
    if verb not in _DONE_VERBS:
        return None
    if verb == "关" and any(token.text in _COMPARED for token in tokens[:index]):
        return None
    end = index + 2
    if verb in {"打", "取"}:  # 打开, 取消: the verb is only the two together
        if end >= len(tokens) or tokens[end].text != {"打": "开", "取": "消"}[verb]:
            return None
        end += 1
    elif end < len(tokens) and tokens[end].text in _DONE_RESULTS and tokens[end].text != verb:
        end += 1
    if end < len(tokens) and tokens[end].text in _NOT_DONE_AFTER:
        return None
    return end
