"""The sound-alike pass's counted walk (``Walk.reach`` and ``Walk.bounded``) takes the steps the step-by-step
walk took and finds what it found, for every budget: where the steps run out decides what the pass reads, so a
faster walk must run out at the same step (``stepwise_walk.StepwiseWalk`` is that walk as it was)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from ting.nlu import IntentRecognizer, matcher, template_pass, tokenize
from ting.nlu.clauses import clauses
from ting.nlu.fillers import skip_costs
from ting.nlu.lists import MatchContext
from ting.nlu.matcher import Budget, Candidate, TemplateIndex
from ting.nlu.phonetic import Homophones
from ting.nlu.template_graph import Terminal
from ting.nlu.template_pass import TemplatePass
from ting.nlu.templates import SlotRef, compile_template

from .stepwise_walk import StepwiseWalk

NOW = datetime(2026, 11, 24, 9, 15, tzinfo=ZoneInfo("Asia/Shanghai"))
SENTENCES = {
    "zh": (
        "打开握式灯",
        "把台登打开",
        "暂挺",
        "关影模式",
        "客厅等打开",
        "今天我很开心",
        "麻烦帮我把热水气打开，等下要洗澡",
        "唉我躺下才想起来，客厅那个掉灯好像还亮着，你帮我关一下吧",
        "呃，我在烤蛋糕，那个，你给我计个四十五分中的时吧",
        "哎呀这首鸽听了一整天了，烦死了，都给我停了吧，不听了",
    ),
    "en": (
        "turn on the kitchin light",
        "play some tailer swift for me",
        "I like turtles",
        "can you please please turn the the kitchin light on for me please",
        "okay so everyone's coming over tonite and it's getting dark so just turn on all the lites",
    ),
}
CASES = [(lang, text) for lang, each in SENTENCES.items() for text in each]


def _both(
    index: TemplateIndex,
    texts: tuple[str, ...],
    context: MatchContext,
    costs: list[int | None] | None,
    steps: int,
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[tuple[tuple[Candidate, ...], int], tuple[tuple[Candidate, ...], int]]:
    """(readings, steps left) of the step-by-step walk and of the counted one, each with ``steps``."""
    with monkeypatch.context() as patched:
        patched.setattr(matcher, "Walk", StepwiseWalk)
        before = Budget(steps)
        stepwise = index.readings(texts, context, skip_costs=costs, budget=before)
    after = Budget(steps)
    counted = index.readings(texts, context, skip_costs=costs, budget=after)
    return (stepwise, before.visits), (counted, after.visits)


def _budgets(steps: int) -> list[int]:
    """Some forty budgets from none to one more than the walk takes, and each one about where it ends."""
    return sorted({*range(0, steps, max(1, steps // 40)), steps - 1, steps, steps + 1} - {-1})


@pytest.mark.parametrize(("lang", "text"), CASES)
def test_the_counted_walk_runs_out_where_the_step_by_step_walk_did(
    template_indexes: tuple[TemplatePass, dict[str, TemplateIndex]],
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    text: str,
) -> None:
    """The whole sentence and each run of its clauses, heard with sound-alikes, at every budget: the same
    candidates in the same order, and the same steps left."""
    templates, indexes = template_indexes
    index = indexes[lang]
    sounds = Homophones(index.vocabulary, index.names)
    tokens = tokenize(text)
    parts = clauses(text, tokens, lang)
    spans = [(0, len(tokens))] + [(parts.starts[first], parts.ends[last]) for _, first, last in parts.runs()]
    walked = 0
    for begin, end in spans:
        texts = tuple(token.text for token in tokens[begin:end])
        alikes = sounds.alternatives(texts)
        context = templates.context(
            lang, NOW, fuzzy=True, homophones=alikes, breaks=frozenset(parts.marks[1:])
        )
        costs = skip_costs(texts, lang)
        (_, left), _ = _both(index, texts, context, costs, 10**9, monkeypatch)
        steps = 10**9 - left
        walked += steps
        for budget in _budgets(steps):
            stepwise, counted = _both(index, texts, context, costs, budget, monkeypatch)
            assert counted == stepwise, (texts, budget)
    assert walked > 0


def _resolve(ref: SlotRef) -> object:
    raise AssertionError(f"no slot in these templates: {ref}")


@pytest.mark.parametrize("steps", [0, 1, 2, 24, 25, 26, 300, 4000, 20_000])
def test_a_walk_that_runs_out_deep_in_many_readings_finds_what_the_step_by_step_walk_found(
    monkeypatch: pytest.MonkeyPatch, steps: int
) -> None:
    """Twelve "please" against twenty-four optional ones (2.7 million readings): the budget runs out far
    inside, where the counted walk goes state by state again to the step the step-by-step walk stopped at."""
    index = TemplateIndex()
    index.add(compile_template("[please] " * 24 + "stop"), _resolve, Terminal("stop", 0))  # type: ignore[arg-type]
    texts = ("please",) * 12 + ("stop",)
    context = MatchContext(now=NOW, lang="en")
    stepwise, counted = _both(index, texts, context, None, steps, monkeypatch)
    assert counted == stepwise
    assert counted[1] == 0  # out of steps


@pytest.mark.parametrize("steps", [0, 30, 120, 500, 1500, template_pass.PHONETIC_VISITS])
@pytest.mark.parametrize(("lang", "text"), CASES)
def test_the_sound_alike_pass_reads_as_with_the_step_by_step_walk(
    catalog_recognizer: IntentRecognizer,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    text: str,
    steps: int,
) -> None:
    """Whole sentences through the recognizer (the budget shared by every clause run and language the pass
    reads), with the pass's budget at ``steps``."""
    monkeypatch.setattr(template_pass, "PHONETIC_VISITS", steps)
    with monkeypatch.context() as patched:
        patched.setattr(matcher, "Walk", StepwiseWalk)
        stepwise = catalog_recognizer.recognize(text, lang=lang, now=NOW, statistical=False)
    counted = catalog_recognizer.recognize(text, lang=lang, now=NOW, statistical=False)
    assert counted == stepwise
