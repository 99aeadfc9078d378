"""The matcher's walk: found once per state and position (``Walk.complete``) it reads every input exactly as
the step-by-step walk (``stepwise_walk.StepwiseWalk``) does, and an input that reads in very many ways no
longer takes as many steps. The sound-alike pass's counted walk: test_counted_walk.py."""

from __future__ import annotations

import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from ting.nlu import matcher, tokenize
from ting.nlu.clauses import clauses
from ting.nlu.fillers import skip_costs
from ting.nlu.language import _CJK_RANGES, is_cjk
from ting.nlu.lists import MatchContext
from ting.nlu.matcher import Budget, TemplateIndex
from ting.nlu.template_graph import State, Terminal, mark_needs
from ting.nlu.template_graph import compile_template as compile_template_graph
from ting.nlu.template_pass import TemplatePass
from ting.nlu.templates import SlotRef, compile_template

from .stepwise_walk import StepwiseWalk

NOW = datetime(2026, 11, 24, 9, 15, tzinfo=ZoneInfo("Asia/Shanghai"))
SENTENCES = {
    "zh": (
        "唉我躺下才想起来，客厅那个吊灯好像还亮着，你帮我关一下吧",
        "哎呀这首歌听了一整天了，烦死了，都给我停了吧，不听了",
        "麻烦帮我把热水器打开，等下要洗澡",
        "你帮我关一下吧",
        "卧室灯亮度调到百分之二十",
        "呃，我在烤蛋糕，那个，你给我计个四十五分钟的时吧",
        "周一到周五早上七点都叫我起床",
        "播放周杰伦的晴天",
        "客厅等打开",
    ),
    "en": (
        "okay so everyone's coming over tonight and it's getting dark so just turn on all the lights",
        "set an alarm for Mondays and Thursdays at 6 am",
        "can you please please turn the the kitchen light on for me please",
        "remind me at 10 pm to switch off the water heater",
        "play some taylor swift for me",
        "turn on the bedrom light",
    ),
}


@pytest.mark.parametrize("fuzzy", [False, True])
@pytest.mark.parametrize(("lang", "text"), [(lang, t) for lang, each in SENTENCES.items() for t in each])
def test_the_walk_once_per_state_reads_as_the_step_by_step_walk(
    template_indexes: tuple[TemplatePass, dict[str, TemplateIndex]],
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    text: str,
    fuzzy: bool,
) -> None:
    """Every reading of every intent, the whole sentence and each run of its clauses: the same candidates
    (slots, literals, skips, rank), in the same order. A budget no input exhausts: every reading is
    found."""
    templates, indexes = template_indexes
    tokens = tokenize(text)
    parts = clauses(text, tokens, lang)
    spans = [(0, len(tokens))] + [(parts.starts[first], parts.ends[last]) for _, first, last in parts.runs()]
    for begin, end in spans:
        texts = tuple(token.text for token in tokens[begin:end])
        context = templates.context(lang, NOW, fuzzy=fuzzy, breaks=frozenset(parts.marks[1:]))
        costs = skip_costs(texts, lang)
        once = indexes[lang].readings(texts, context, skip_costs=costs)
        budget = Budget(10**9)
        with monkeypatch.context() as patched:
            patched.setattr(matcher, "Walk", StepwiseWalk)
            stepwise = indexes[lang].readings(texts, context, skip_costs=costs, budget=budget)
        assert budget.visits > 0
        assert once == stepwise, texts


def _resolve(ref: SlotRef) -> object:
    raise AssertionError(f"no slot in these templates: {ref}")


def test_an_input_read_in_millions_of_ways_is_walked_once_per_state_and_position() -> None:
    """Twelve "please" against twenty-four optional ones: C(24, 12) = 2.7 million ways to place them (the
    step-by-step walk re-walks each, and a million steps do not finish it); once per state and position,
    a few hundred."""
    index = TemplateIndex()
    index.add(compile_template("[please] " * 24 + "stop"), _resolve, Terminal("stop", 0))  # type: ignore[arg-type]
    texts = ("please",) * 12 + ("stop",)
    context = MatchContext(now=NOW, lang="en")
    budget = Budget(10**6)
    index.readings(texts, context, budget=budget)
    assert budget.visits == 0  # out of steps
    started = time.perf_counter()
    (found,) = index.readings(texts, context)
    assert time.perf_counter() - started < 1.0  # ~1 ms
    assert (found.terminal.intent, found.literals, found.skipped) == ("stop", 13, 0)


@pytest.mark.parametrize(
    "code",
    [
        *(0, 0x41, 0x33FF, 0x3400, 0x4DBF, 0x4DC0, 0x4DFF, 0x4E00, 0x5BA2, 0x9FFF, 0xA000, 0xF8FF, 0xF900),
        *(0xFAFF, 0xFB00, 0xFF10, 0x1FFFF, 0x20000, 0x2A6D6, 0x2FA1F, 0x2FA20, 0x10FFFF),
    ],
)
def test_is_cjk_keeps_its_ranges(code: int) -> None:
    """The comparisons written out answer as the table of ranges does, at each of its edges."""
    assert is_cjk(chr(code)) == any(low <= code <= high for low, high in _CJK_RANGES)


@pytest.mark.parametrize(
    ("template", "needs"),
    [
        ("set the alarm to ten", {"set", "the", "alarm", "to", "ten"}),
        ("[please] stop [now]", {"stop"}),
        ("(turn|switch) it off", {"it", "off"}),
        ("(turn it off|off)", {"off"}),
        ("[please] (stop|halt) [now]", set()),
    ],
)
def test_a_template_start_needs_the_words_every_reading_says(template: str, needs: set[str]) -> None:
    """What a state needs is what every way on from it reads: the walk leaves a state whose needed word
    is not said in the rest of the input without walking into it."""
    start = State()
    compile_template_graph(compile_template(template), start, _resolve).end = Terminal("x", 0)  # type: ignore[arg-type]
    mark_needs(start, {})
    assert set(start.needs) == needs
