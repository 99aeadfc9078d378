"""Template language, tokenizer, numbers and slot lists, on small hand-made sentence sets."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from ting.errors import NluError
from ting.nlu import IntentRecognizer, load_household, normalize_text, tokenize
from ting.nlu.language import detect_language
from ting.nlu.lists import MatchContext, build_list
from ting.nlu.numbers import parse_chinese_number, parse_english_number
from ting.nlu.sentences import parse_sentences
from ting.nlu.templates import compile_template, required_choices

SHANGHAI = ZoneInfo("Asia/Shanghai")

HOUSEHOLD = load_household(None)


def make(intents: dict[str, list[object]], lang: str = "en", **extra: object) -> IntentRecognizer:
    return IntentRecognizer([parse_sentences({"intents": intents, **extra}, lang)], HOUSEHOLD)


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("把 客厅 的 灯 打开", ["把", "客", "厅", "的", "灯", "打", "开"]),
        ("把客厅的灯打开", ["把", "客", "厅", "的", "灯", "打", "开"]),
        ("Turn on the Kitchen-Light, please!", ["turn", "on", "the", "kitchen", "light", "please"]),
        ("I’m home", ["i'm", "home"]),
        ("调到26.5度", ["调", "到", "26.5", "度"]),
        ("２４度", ["24", "度"]),
        ("亮度20%", ["亮", "度", "20", "%"]),
        ("客厅AC", ["客", "厅", "ac"]),
        ("，。！？", []),
    ],
)
def test_tokenize(text: str, tokens: list[str]) -> None:
    assert [token.text for token in tokenize(text)] == tokens


def test_token_spans_point_into_the_original_text() -> None:
    text = "Turn ON the Ｋitchen light"
    assert [text[token.start : token.end] for token in tokenize(text)] == [
        "Turn",
        "ON",
        "the",
        "Ｋitchen",
        "light",
    ]


def test_normalize_text() -> None:
    assert normalize_text("  Ｈello，  World！ 26.5度 ") == "hello world 26.5度"


@pytest.mark.parametrize(("text", "lang"), [("hello", "en"), ("打开灯", "zh"), ("打开 TV", "zh"), ("", "en")])
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize(
    ("text", "value"),
    [("二十六", 26), ("两", 2), ("五十", 50), ("十五", 15), ("一百", 100), ("两百五", 250), ("一百零五", 105),
     ("三点五", 3.5), ("一万二千", 12000), ("百", None), ("二十二十", None)],
)  # fmt: skip
def test_chinese_numbers(text: str, value: float | None) -> None:
    assert parse_chinese_number(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("twenty five", 25),
        ("ten", 10),
        ("a hundred", 100),
        ("one hundred and ten", 110),
        ("five twenty", None),
    ],
)
def test_english_numbers(text: str, value: float | None) -> None:
    assert parse_english_number(text.split()) == value


def test_range_list_accepts_digits_words_and_percent() -> None:
    brightness = build_list("brightness", {"range": {"from": 0, "to": 100, "percent": True}})
    context = MatchContext(now=datetime(2025, 1, 1, tzinfo=SHANGHAI), lang="zh")
    assert next((m.end, m.value) for m in brightness.match(["百", "分", "之", "二", "十"], 0, context)) == (
        5,
        20,
    )
    assert (2, 20) in [(m.end, m.value) for m in brightness.match(["20", "%"], 0, context)]
    assert list(brightness.match(["120"], 0, context)) == []


def test_alternatives_optionals_and_rules() -> None:
    recognizer = make(
        {"demo.go": ["<please>(go|run) [to the] {area}"]}, expansion_rules={"please": "[please|kindly]"}
    )
    for text in ("go kitchen", "please run to the kitchen", "kindly go to the study"):
        result = recognizer.recognize(text)
        assert result is not None and result.intent_name == "demo.go", text
    assert recognizer.recognize("go to the") is None


def test_named_list_slot_and_value_list() -> None:
    recognizer = make(
        {"demo.color": ["make it {color:shade}"]},
        lists={"color": {"values": ["red", {"in": "sky blue", "out": "blue"}, {"in": "红色", "out": "red"}]}},
    )
    result = recognizer.recognize("make it sky blue")
    assert result is not None
    assert result.slot_values() == {"shade": "blue"}
    assert (result.slots[0].raw_value, result.slots[0].start, result.slots[0].end) == ("sky blue", 8, 16)


def test_wildcard_takes_the_rest_and_loses_to_literal_templates() -> None:
    recognizer = make(
        {"demo.play": ["play {song}"], "demo.jazz": ["play jazz"]},
        lists={"song": {"wildcard": True}},
    )
    result = recognizer.recognize("play Blue in Green")
    assert result is not None and result.slot_values() == {"song": "Blue in Green"}
    jazz = recognizer.recognize("play jazz")
    assert jazz is not None and jazz.intent_name == "demo.jazz"


def test_fixed_slots_and_intent_filter() -> None:
    recognizer = make(
        {"demo.a": [{"sentences": ["lights out"], "slots": {"domain": "light"}}], "demo.b": ["lights out"]}
    )
    result = recognizer.recognize("lights out")
    assert (
        result is not None and result.intent_name == "demo.a" and result.slot_values() == {"domain": "light"}
    )
    filtered = recognizer.recognize("lights out", intent_filter=["demo.b"])
    assert filtered is not None and filtered.intent_name == "demo.b"
    assert recognizer.recognize("lights out", intent_filter=["demo.c"]) is None


def test_filler_words_cost_confidence() -> None:
    recognizer = make({"demo.go": ["go home"]})
    result = recognizer.recognize("please go home")
    assert result is not None and result.confidence == pytest.approx(0.9)
    strict = IntentRecognizer([parse_sentences({"intents": {"demo.go": ["go home"]}}, "en")], HOUSEHOLD,
                              confidence_threshold=0.95)  # fmt: skip
    assert strict.recognize("please go home") is None
    assert strict.recognize("go home") is not None


def test_many_optionals_do_not_explode() -> None:
    template = " ".join(f"[w{i}|x{i}|y{i}]" for i in range(30)) + " end"
    recognizer = make({"demo.long": [template]})
    assert recognizer.recognize("w3 x7 y29 end") is not None


@pytest.mark.parametrize(
    "template", ["(a|b", "a]", "{x", "[a]", "<nope>", "{bad name}", "", "turn on {nosuchlist}", "(a|[b])"]
)
def test_malformed_template_raises(template: str) -> None:
    with pytest.raises(NluError):
        make({"demo.bad": [template]})


def test_rule_cycle_and_bad_lists_raise() -> None:
    with pytest.raises(NluError, match="itself"):
        make({"demo.x": ["<a>"]}, expansion_rules={"a": "x <a>"})
    with pytest.raises(NluError, match="list size"):
        make({"demo.x": ["{size}"]}, lists={"size": {"range": {"from": 1}}})
    with pytest.raises(NluError, match="list size"):
        make({"demo.x": ["{size}"]}, lists={"size": {"colors": ["red"]}})


def test_sentence_file_shape_errors() -> None:
    with pytest.raises(NluError):
        parse_sentences({"intents": {"demo.x": "not a list"}}, "en")
    with pytest.raises(NluError):
        parse_sentences({"language": "zh", "intents": {}}, "en")
    with pytest.raises(NluError):
        parse_sentences({"intents": {}, "unknown": 1}, "en")


def test_compile_template_rejects_empty_match() -> None:
    with pytest.raises(NluError, match="empty"):
        compile_template("[a|b]")


def test_required_choices_name_the_words_a_match_needs_one_of() -> None:
    rules = {"cancel": "(cancel|delete [it]|turn off)"}
    choices = required_choices(compile_template("[please] <cancel> the (alarm|timer) {time}", rules))
    # of an option's words, the fewest and first in order stand for it ("turn off": "off")
    assert choices == {
        frozenset({"cancel", "delete", "off"}),
        frozenset({"the"}),
        frozenset({"alarm", "timer"}),
    }
    # an optional part, or an option that is only a slot, needs no word
    assert required_choices(compile_template("[please] ({song}|music)")) == frozenset()
